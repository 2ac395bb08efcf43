import type { Auth } from "@govconnect/auth";
import { AppError } from "@govconnect/contracts";
import type { Database } from "@govconnect/db";
import { users } from "@govconnect/db";
import type { WrittenTask } from "@govconnect/jobs";
import { eq } from "drizzle-orm";
import { auditedBy, writeAudit } from "../audit/audit.ts";
import type { SessionActor } from "../shared/actor.ts";
import type { Dispatch } from "../shared/dispatch.ts";
import { requestEmailChange } from "./email-confirmation.ts";
import type { ProfileChanges, PublicUser } from "./schema.ts";
import { checkPassword } from "./sign-in.ts";
import {
  accountConflict,
  currentUser,
  endSessions,
  isSameAddress,
  toPublicUser,
  writePasswordChangedNotice,
} from "./users.ts";

/**
 * Changes name, email or password. Email and password changes need the current password (the
 * session alone may be a borrowed laptop). A new email is only asked for: a link goes to it, and
 * the current address stays in use until it is opened. A new password ends every other session
 * and is told to the account's address.
 */
export async function updateProfile(
  db: Database,
  auth: Auth,
  dispatch: Dispatch,
  actor: SessionActor,
  changes: ProfileChanges,
): Promise<PublicUser> {
  const { client } = actor;
  const user = await currentUser(db, actor);
  const newEmail = changes.email !== undefined && !isSameAddress(changes.email, user.email) ? changes.email : undefined;
  const sensitive = changes.newPassword !== undefined || newEmail !== undefined;
  if (sensitive) {
    if (!changes.currentPassword) {
      throw new AppError("BAD_REQUEST", "Enter your current password to change your email or password", {
        field: "currentPassword",
      });
    }
    // Guarded like sign-in: a borrowed session must not become a password-guessing oracle.
    if (!(await checkPassword(auth, user.username, client.ip, changes.currentPassword, user.passwordHash)).valid) {
      throw new AppError("FORBIDDEN", "The current password is not correct", { field: "currentPassword" });
    }
  }
  const values: Partial<typeof users.$inferInsert> = { updatedAt: new Date() };
  if (changes.fullName !== undefined) values.fullName = changes.fullName;
  // The same address (in any case): a correction of how it is written, not a new address; and
  // asking for the current address again withdraws a change waiting for confirmation.
  if (changes.email !== undefined && newEmail === undefined) {
    values.email = changes.email;
    values.pendingEmail = null;
  }
  if (changes.newPassword !== undefined)
    values.passwordHash = await auth.passwords.hash(changes.newPassword, client.ip);
  const endOtherSessions = () => endSessions(auth, user.id, "your other", actor.sessionId);
  // Before the change, so a Redis failure leaves the old password (and the caller can retry)
  // rather than a new password with the old sessions alive...
  if (changes.newPassword !== undefined) await endOtherSessions();
  const { updated, followUps } = await db
    .transaction(async (tx) => {
      const [row] = await tx.update(users).set(values).where(eq(users.id, user.id)).returning();
      if (!row) throw new AppError("UNAUTHORIZED", "Your account no longer exists");
      const followUps: WrittenTask[] = [];
      if (changes.newPassword !== undefined) {
        await writeAudit(tx, {
          action: "password.changed",
          ...auditedBy(actor),
          target: { type: "user", id: user.id },
        });
        const notice = await writePasswordChangedNotice(
          tx,
          row,
          "account",
          `password-changed/${user.id}/${crypto.randomUUID()}`,
        );
        if (notice) followUps.push(notice);
      }
      if (newEmail === undefined) return { updated: row, followUps };
      const change = await requestEmailChange(tx, auth, row, newEmail);
      if (change.sendTask) followUps.push(change.sendTask);
      return { updated: change.user, followUps };
    })
    .catch((error: unknown) => {
      throw accountConflict(error) ?? error;
    });
  // ...and after it, for a sign-in that checked the old password while this one was running.
  if (changes.newPassword !== undefined) await endOtherSessions();
  for (const task of followUps) await dispatch(task);
  return toPublicUser(updated);
}
