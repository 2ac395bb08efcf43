import type { Actor } from "@govconnect/contracts";
import { AppError } from "@govconnect/contracts";
import type { Database, User } from "@govconnect/db";
import { users } from "@govconnect/db";
import { eq, sql } from "drizzle-orm";
import type { PublicUser } from "./schema.ts";

export function toPublicUser(user: User): PublicUser {
  return { id: user.id, username: user.username, fullName: user.fullName, email: user.email, role: user.role };
}

export const byUsername = (username: string) => sql`lower(${users.username}) = lower(${username})`;

/** The caller's account row. */
export async function currentUser(db: Database, actor: Actor): Promise<User> {
  const [user] = await db.select().from(users).where(eq(users.id, actor.userId)).limit(1);
  // The account was removed while the session lived: the session is over.
  if (!user) throw new AppError("UNAUTHORIZED", "Your account no longer exists");
  return user;
}

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
