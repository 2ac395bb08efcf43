import type { Auth } from "@govconnect/auth";
import { AppError } from "@govconnect/contracts";
import type { Database, User } from "@govconnect/db";
import { users } from "@govconnect/db";
import { eq } from "drizzle-orm";
import type { SessionActor } from "../shared/actor.ts";
import type { ClientInfo, ProfileChanges, PublicUser } from "./schema.ts";
import { checkPassword } from "./sign-in.ts";
import { accountConflict, currentUser, toPublicUser } from "./users.ts";

/**
 * Changes name, email or password. Email and password changes need the current password (the
 * session alone may be a borrowed laptop); a new password ends every other session.
 */
export async function updateProfile(
  db: Database,
  auth: Auth,
  actor: SessionActor,
  changes: ProfileChanges,
  client: Pick<ClientInfo, "ip">,
): Promise<PublicUser> {
  const user = await currentUser(db, actor);
  const sensitive = changes.newPassword !== undefined || (changes.email !== undefined && changes.email !== user.email);
  if (sensitive) {
    if (!changes.currentPassword) {
      throw new AppError("BAD_REQUEST", "Enter your current password to change your email or password", {
        field: "currentPassword",
      });
    }
    // Guarded like sign-in: a borrowed session must not become a password-guessing oracle.
    if (!(await checkPassword(auth, user.username, client.ip, changes.currentPassword, user.passwordHash))) {
      throw new AppError("FORBIDDEN", "The current password is not correct", { field: "currentPassword" });
    }
  }
  const values: Partial<typeof users.$inferInsert> = { updatedAt: new Date() };
  if (changes.fullName !== undefined) values.fullName = changes.fullName;
  if (changes.email !== undefined) values.email = changes.email;
  if (changes.newPassword !== undefined) values.passwordHash = await auth.passwords.hash(changes.newPassword);
  const endOtherSessions = () =>
    auth.sessions.revokeAllForUser(user.id, actor.sessionId).catch((error: unknown) => {
      throw new AppError("SERVICE_UNAVAILABLE", "Could not end your other sessions: try again in a few seconds", {
        cause: error,
        retryAfterSeconds: 5,
      });
    });
  // Before the change, so a Redis failure leaves the old password (and the caller can retry)
  // rather than a new password with the old sessions alive...
  if (changes.newPassword !== undefined) await endOtherSessions();
  let updated: User | undefined;
  try {
    [updated] = await db.update(users).set(values).where(eq(users.id, user.id)).returning();
  } catch (error) {
    throw accountConflict(error) ?? error;
  }
  if (!updated) throw new AppError("UNAUTHORIZED", "Your account no longer exists");
  // ...and after it, for a sign-in that checked the old password while this one was running.
  if (changes.newPassword !== undefined) await endOtherSessions();
  return toPublicUser(updated);
}
