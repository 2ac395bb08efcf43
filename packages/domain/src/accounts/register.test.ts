import { createPasswordHasher } from "@govconnect/auth";
import type { DatabaseHandle } from "@govconnect/db";
import { tasks, users } from "@govconnect/db";
import { openTestDatabase } from "@govconnect/db/testing";
import { testDatabaseTarget } from "@govconnect/testing/inject";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordingDispatch } from "../testing.ts";
import { registerUser } from "./register.ts";

describe("registerUser and its follow-up task", () => {
  let database: DatabaseHandle;
  const passwords = createPasswordHasher(4);
  beforeAll(async () => {
    database = await openTestDatabase(testDatabaseTarget());
  });
  afterAll(() => database.close());

  const registration = (username: string) => ({
    username,
    password: "a fine passphrase",
    fullName: "New Person",
    email: `${username}@example.gov`,
  });

  it("writes the user_registration task in the same transaction as the account, and dispatches it after", async () => {
    const recorder = recordingDispatch();
    const user = await registerUser(database.db, passwords, recorder.dispatch, registration("onboard_me"), {
      ip: "127.0.0.1",
    });
    const written = await database.db.select().from(tasks).where(eq(tasks.ownerId, user.id));
    expect(written.map((task) => [task.type, task.payload])).toEqual([["user_registration", { userId: user.id }]]);
    expect(recorder.written.map(({ task }) => task.id)).toEqual(written.map((task) => task.id));
  });

  it("creates no account when its follow-up task cannot be written (both or neither)", async () => {
    // The database itself refuses the task row, inside the sign-up's transaction.
    const db = database.db;
    await db.execute(sql`
      CREATE FUNCTION refuse_registration_task() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'disk full'; END $$`);
    await db.execute(sql`
      CREATE TRIGGER refuse_registration_task BEFORE INSERT ON tasks FOR EACH ROW
      WHEN (NEW.type = 'user_registration') EXECUTE FUNCTION refuse_registration_task()`);
    const recorder = recordingDispatch();
    try {
      await expect(
        registerUser(db, passwords, recorder.dispatch, registration("half_made"), { ip: "127.0.0.1" }),
      ).rejects.toThrow();
    } finally {
      await db.execute(sql`DROP TRIGGER refuse_registration_task ON tasks`);
      await db.execute(sql`DROP FUNCTION refuse_registration_task()`);
    }
    expect(await db.select().from(users).where(eq(users.username, "half_made"))).toEqual([]);
    expect(recorder.written).toEqual([]);
  });
});
