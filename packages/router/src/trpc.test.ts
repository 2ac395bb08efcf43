import { createAccount } from "@govconnect/domain";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { openTestDeps } from "./testing.ts";
import { createCallerFactory, protectedProcedure, roleProcedure, router } from "./trpc.ts";

/** A router built only for this test, to exercise the procedure builders themselves. */
const testRouter = router({
  whoami: protectedProcedure.input(z.void()).query(({ ctx }) => ctx.session.record.username),
  adminsOnly: roleProcedure("admin")
    .input(z.void())
    .query(() => "secret"),
  healthStaff: roleProcedure("healthcare_admin", "admin")
    .input(z.void())
    .query(() => "records"),
});
const createTestCaller = createCallerFactory(testRouter);

describe("procedure builders", () => {
  let t: Awaited<ReturnType<typeof openTestDeps>>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await openTestDeps();
    for (const role of ["user", "healthcare_admin", "admin"] as const) {
      const username = `${role}_${Date.now()}`.slice(0, 32);
      await createAccount(
        t.deps.database.db,
        t.deps.auth.passwords,
        { username, password: "a fine passphrase", fullName: role, email: `${role}.${Date.now()}@example.gov` },
        role,
      );
      tokens[role] = await t.signIn(username, "a fine passphrase");
    }
  });
  afterAll(() => t.close());

  const as = async (role?: string) => createTestCaller(await t.context(role ? tokens[role] : undefined));

  it("protectedProcedure: UNAUTHORIZED without a session, the session inside", async () => {
    await expect((await as()).whoami()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect((await as("user")).whoami()).resolves.toMatch(/^user_/);
  });

  it("roleProcedure: FORBIDDEN for other roles, allowed for the listed ones", async () => {
    const forbidden = await (await as("user")).adminsOnly().catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(TRPCError);
    expect(forbidden).toMatchObject({ code: "FORBIDDEN", message: "This needs one of these roles: admin" });
    await expect((await as("healthcare_admin")).adminsOnly()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect((await as("admin")).adminsOnly()).resolves.toBe("secret");
    await expect((await as("healthcare_admin")).healthStaff()).resolves.toBe("records");
    await expect((await as()).healthStaff()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
