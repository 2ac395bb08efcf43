import type { Auth } from "@govconnect/auth";
import type { Actor } from "@govconnect/contracts";
import { AppError } from "@govconnect/contracts";
import type { Database, User } from "@govconnect/db";
import { users } from "@govconnect/db";
import type { Executor, WrittenTask } from "@govconnect/jobs";
import { writeOutboxEmail } from "@govconnect/jobs";
import type { AnyColumn, SQL } from "drizzle-orm";
import { and, eq, isNotNull, ne, sql } from "drizzle-orm";
import type { PublicUser } from "./schema.ts";

export function toPublicUser(user: User): PublicUser {
  return {
    id: user.id,
    username: user.username,
    fullName: user.fullName,
    email: user.email,
    role: user.role,
    emailVerified: user.emailVerifiedAt !== null,
    pendingEmail: user.pendingEmail,
  };
}

/** Addresses are the same whatever their case: in SQL, and between two strings. */
export const sameAddress = (column: AnyColumn | SQL, address: string) => sql`lower(${column}) = lower(${address})`;
export const isSameAddress = (a: string, b: string | null | undefined) => b?.toLowerCase() === a.toLowerCase();

/** Tells the account that its password changed (to its confirmed address, when sent). */
export async function writePasswordChangedNotice(
  tx: Executor,
  account: User,
  via: "reset" | "account",
  dedupeKey: string,
): Promise<WrittenTask | undefined> {
  const notice = await writeOutboxEmail(tx, {
    dedupeKey,
    template: "password_changed",
    toAccount: true,
    recipient: account.email,
    userId: account.id,
    props: { fullName: account.fullName, username: account.username, changedAt: new Date().toISOString(), via },
  });
  return notice?.sendTask;
}

/** Whether another account already confirmed `address` (confirmed addresses are unique). */
export async function confirmedElsewhere(db: Executor, address: string, exceptUserId?: string): Promise<boolean> {
  const [holder] = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        sameAddress(users.email, address),
        isNotNull(users.emailVerifiedAt),
        exceptUserId ? ne(users.id, exceptUserId) : undefined,
      ),
    )
    .limit(1);
  return holder !== undefined;
}

/** `ada@example.gov` → `a***@example.gov`: enough to recognise, not to harvest. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${address[0]}***${address.slice(at)}`;
}

export const byUsername = (username: string) => sql`lower(${users.username}) = lower(${username})`;

/** The caller's account row. */
export async function currentUser(db: Database, actor: Actor): Promise<User> {
  const [user] = await db.select().from(users).where(eq(users.id, actor.userId)).limit(1);
  // The account was removed while the session lived: the session is over.
  if (!user) throw new AppError("UNAUTHORIZED", "Your account no longer exists");
  // Deactivation ends every session; this catches one that began while it was being done.
  if (user.deactivatedAt) throw new AppError("UNAUTHORIZED", ACCOUNT_DEACTIVATED);
  return user;
}

/**
 * Ends a user's sessions (all but `exceptJti`) on every instance. Redis away: "try again" (503),
 * with `whose` saying whose sessions could not be ended.
 */
export async function endSessions(
  auth: Auth,
  userId: string,
  whose: "your other" | "your" | "the user's",
  exceptJti?: string,
): Promise<void> {
  await auth.sessions.revokeAllForUser(userId, exceptJti).catch((error: unknown) => {
    throw new AppError("SERVICE_UNAVAILABLE", `Could not end ${whose} sessions: try again in a few seconds`, {
      cause: error,
      retryAfterSeconds: 5,
    });
  });
}

export const ACCOUNT_DEACTIVATED =
  "This account has been deactivated: ask the service's administrators if you think this is a mistake";

const UNIQUE_VIOLATION = "23505";

/** Drizzle wraps the driver's error; PostgreSQL and PGlite both put the constraint name on it. */
function violatedConstraint(error: unknown): string | undefined {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const { code, constraint } = current as { code?: string; constraint?: string };
    if (code === UNIQUE_VIOLATION) return constraint ?? "";
  }
  return undefined;
}

/** The 409 a write that hit the username or email uniqueness deserves, or undefined for other errors. */
export function accountConflict(error: unknown): AppError | undefined {
  const constraint = violatedConstraint(error);
  if (constraint === undefined) return undefined;
  return constraint.includes("email")
    ? new AppError("CONFLICT", "An account with that email address already exists", { field: "email" })
    : new AppError("CONFLICT", "That username is taken: choose another", { field: "username" });
}
