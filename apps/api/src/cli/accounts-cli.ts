import { createPasswordHasher, newPasswordSchema } from "@govconnect/auth";
import type { Config } from "@govconnect/config";
import { USER_ROLES } from "@govconnect/contracts";
import type { DatabaseHandle } from "@govconnect/db";
import { createDatabase, DataDirInUseError } from "@govconnect/db";
import type { PublicUser } from "@govconnect/domain";
import { createAccount as createAccountRow, emailSchema, fullNameSchema, usernameSchema } from "@govconnect/domain";
import { asTRPCError, describeError } from "@govconnect/router";
import { z } from "zod";

export const newAccountSchema = z.object({
  username: usernameSchema,
  email: emailSchema,
  fullName: fullNameSchema,
  password: newPasswordSchema,
  role: z.string().pipe(z.enum(USER_ROLES, { error: `Role must be one of ${USER_ROLES.join(", ")}` })),
});
export type NewAccount = z.input<typeof newAccountSchema>;

/** A command-line failure: printed as one line, exit code 1. */
export class CliError extends Error {
  override readonly name = "CliError";
}

/** Creates one account of any role, with the API's own validation and password policy. */
export async function createAccount(
  database: DatabaseHandle,
  config: Config,
  account: NewAccount,
): Promise<PublicUser> {
  const parsed = newAccountSchema.safeParse(account);
  if (!parsed.success) {
    throw new CliError(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "));
  }
  const { role, ...registration } = parsed.data;
  try {
    return await createAccountRow(database.db, createPasswordHasher(config.auth.bcryptCost), registration, role);
  } catch (error) {
    const described = describeError(asTRPCError(error));
    if (described.internal) throw error;
    throw new CliError(described.message);
  }
}

/** Opens the configured database (migrating it), runs `work`, and always closes it. */
export async function withDatabase<T>(config: Config, work: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = await createDatabase(config.database).catch((error: unknown) => {
    if (!(error instanceof DataDirInUseError)) throw error;
    // PGlite is one process's alone: say so, and how to get the account without stopping anything.
    throw new CliError(
      `the embedded database in ${error.dataDir} is open in the running GovConnect (process ${error.pid}), ` +
        "and only one process can open it. Either stop GovConnect and run this again, or make the account " +
        "from the dashboard: an administrator invites it under Admin → Users (a fresh install with no " +
        "administrator shows a setup page, with the setup code printed in GovConnect's start-up output).",
    );
  });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}
