import { tasks, users } from "@govconnect/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../context.ts";
import { createCaller } from "../root.ts";
import { openTestDeps, recordResponse } from "../testing.ts";

describe("auth.register and its follow-up task", () => {
  let t: Awaited<ReturnType<typeof openTestDeps>>;
  beforeAll(async () => {
    t = await openTestDeps();
  });
  afterAll(() => t.close());

  const registration = (username: string) => ({
    username,
    password: "a fine passphrase",
    fullName: "New Person",
    email: `${username}@example.gov`,
  });

  it("writes the user_registration task in the same transaction as the account", async () => {
    await (await t.call()).auth.register(registration("onboard_me"));
    const [user] = await t.deps.database.db.select().from(users).where(eq(users.username, "onboard_me"));
    const written = await t.deps.database.db
      .select()
      .from(tasks)
      .where(eq(tasks.ownerId, user?.id ?? ""));
    expect(written.map((task) => [task.type, task.payload])).toEqual([["user_registration", { userId: user?.id }]]);
  });

  it("creates no account when its follow-up task cannot be written (both or neither)", async () => {
    const failing = {
      ...t.deps,
      events: {
        ...t.deps.events,
        registered: async () => {
          throw new Error("disk full");
        },
      },
    };
    const context = await createContext(
      failing,
      { requestId: "r", ip: "127.0.0.1", userAgent: undefined, token: undefined },
      recordResponse(),
    );
    await expect(createCaller(context).auth.register(registration("half_made"))).rejects.toMatchObject({
      code: "INTERNAL_SERVER_ERROR",
    });
    expect(await t.deps.database.db.select().from(users).where(eq(users.username, "half_made"))).toEqual([]);
  });
});
