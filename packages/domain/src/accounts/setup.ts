import type { Auth } from "@govconnect/auth";
import { AppError } from "@govconnect/contracts";
import type { Database } from "@govconnect/db";
import { users } from "@govconnect/db";
import type { Executor } from "@govconnect/jobs";
import { eq, sql } from "drizzle-orm";
import { writeAudit } from "../audit/audit.ts";
import type { ClientInfo } from "../shared/actor.ts";
import { spendAllowance } from "./links.ts";
import { insertAccount } from "./register.ts";
import type { PublicUser, SetupRequest } from "./schema.ts";
import { accountConflict, toPublicUser } from "./users.ts";

/** Whether the service still needs its first administrator (a fresh install). */
export async function setupNeeded(db: Executor): Promise<boolean> {
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.role, "admin")).limit(1);
  return admin === undefined;
}

/** Any fixed 64-bit number: first-run setups take turns on it. */
const SETUP_LOCK_ID = 7_314_002_612n;

/**
 * Creates the first administrator, once: only while no admin exists, and only with a setup code
 * the server printed at start (so someone else on the network cannot take the service first).
 */
export async function createFirstAdmin(
  db: Database,
  auth: Auth,
  request: SetupRequest,
  client: ClientInfo,
): Promise<PublicUser> {
  await spendAllowance(auth, "setup-attempt-ip", client.ip, "Too many setup codes were tried from your network");
  if (!(await setupNeeded(db))) throw new AppError("CONFLICT", "This service already has an administrator: sign in");
  if (!(await auth.setupCodes.matches(request.code))) {
    throw new AppError("FORBIDDEN", "That setup code is not right: copy it from the server's start-up output", {
      field: "code",
    });
  }
  const passwordHash = await auth.passwords.hash(request.password, client.ip);
  const admin = await db
    .transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK_ID.toString()})`);
      if (!(await setupNeeded(tx)))
        throw new AppError("CONFLICT", "This service already has an administrator: sign in");
      // The person at the server's console vouches for the address, as the CLI's operator does.
      const account = await insertAccount(tx, request, passwordHash, "admin", { email: true, onboarded: true });
      await writeAudit(tx, {
        action: "setup.completed",
        actorId: account.id,
        client,
        target: { type: "user", id: account.id },
        details: { username: account.username },
      });
      return account;
    })
    .catch((error: unknown) => {
      throw accountConflict(error) ?? error;
    });
  await auth.setupCodes.clear().catch(() => {
    // Harmless: with an admin in place, setupNeeded() refuses every later code anyway.
  });
  return toPublicUser(admin);
}
