import type { Auth } from "@govconnect/auth";
import { AppError, PRIORITY } from "@govconnect/contracts";
import type { Database, User } from "@govconnect/db";
import { users } from "@govconnect/db";
import type { Executor, WrittenTask } from "@govconnect/jobs";
import { insertTask, writeOutboxEmail } from "@govconnect/jobs";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { writeAudit } from "../audit/audit.ts";
import type { ClientInfo } from "../shared/actor.ts";
import type { Dispatch } from "../shared/dispatch.ts";
import {
  LINK_VALID_MINUTES,
  newLink,
  retireLinks,
  spendAllowance,
  spendLink,
  spendLinkAttempt,
  storeLink,
  usableLink,
} from "./links.ts";
import { confirmedElsewhere, endSessions, isSameAddress, sameAddress, writePasswordChangedNotice } from "./users.ts";

/** What "forgot password" answers, whether or not an account uses the address. */
export const PASSWORD_RESET_ACCEPTED =
  "If an account uses that address, we have sent it a link to choose a new password. Check your email.";

/** At most this many accounts get a link for one address (only unconfirmed holders can be several). */
const MAX_ACCOUNTS_PER_ADDRESS = 5;

/**
 * "Forgot password": limited per address and per IP, then the same work whatever the address —
 * one `password_reset` task — so neither the answer nor its timing says whether an account exists.
 */
export async function requestPasswordReset(
  db: Database,
  auth: Auth,
  dispatch: Dispatch,
  email: string,
  client: Pick<ClientInfo, "ip">,
): Promise<{ readonly message: string }> {
  await spendAllowance(
    auth,
    "password-forgot-ip",
    client.ip,
    "Too many password resets were asked for from your network",
  );
  await spendAllowance(auth, "password-forgot-address", email, "Too many password resets were asked for this address");
  const written = await db.transaction((tx) =>
    insertTask(tx, { type: "password_reset", payload: { email }, priority: PRIORITY.most, ownerId: null }),
  );
  await dispatch(written);
  return { message: PASSWORD_RESET_ACCEPTED };
}

/**
 * The `password_reset` task: each active account that uses the address gets a link (its older
 * links stop working). A confirmed holder is the owner; only without one do unconfirmed holders
 * get links. A re-run of the task sends nothing twice.
 */
export async function sendPasswordResetLinks(db: Database, dispatch: Dispatch, email: string, taskId: string) {
  const holders = await db
    .select()
    .from(users)
    .where(and(sameAddress(users.email, email), isNull(users.deactivatedAt)))
    .orderBy(sql`${users.emailVerifiedAt} is null`, desc(users.createdAt))
    .limit(MAX_ACCOUNTS_PER_ADDRESS);
  const owner = holders.find((holder) => holder.emailVerifiedAt);
  const recipients = owner ? [owner] : holders;
  const sent: WrittenTask[] = [];
  for (const user of recipients) {
    const sendTask = await db.transaction(async (tx) => {
      const link = newLink("password_reset");
      const written = await writeOutboxEmail(tx, {
        dedupeKey: `password-reset/${taskId}/${user.id}`,
        template: "password_reset",
        recipient: user.email,
        toAccount: false,
        userId: user.id,
        props: {
          fullName: user.fullName,
          username: user.username,
          token: link.token,
          validForMinutes: LINK_VALID_MINUTES.password_reset,
        },
      });
      if (!written) return undefined;
      await retireLinks(tx, "password_reset", user.id);
      await storeLink(tx, link, user.id, user.email);
      return written.sendTask;
    });
    if (sendTask) sent.push(sendTask);
  }
  for (const task of sent) await dispatch(task);
  return { accounts: recipients.length, emailsWritten: sent.length };
}

/**
 * Sets a new password from a reset link: the link is spent, every session of the account ends
 * (on every instance), and the account is told. Opening the link also proves the address it was
 * sent to, so an unconfirmed address that still is the account's becomes confirmed.
 */
export async function resetPassword(
  db: Database,
  auth: Auth,
  dispatch: Dispatch,
  input: { readonly token: string; readonly password: string },
  client: ClientInfo,
): Promise<{ readonly message: string }> {
  await spendLinkAttempt(auth, client.ip);
  // Checked before bcrypt, so a bad link costs no hashing; spent below, in the transaction.
  const link = await usableLink(db, "password_reset", input.token);
  const passwordHash = await auth.passwords.hash(input.password, client.ip);
  const endAllSessions = () => endSessions(auth, link.userId, "your");
  // Before the change, so a Redis failure leaves the old password and an unspent link (retry works)...
  await endAllSessions();
  const notice = await db.transaction(async (tx) => {
    const spent = await spendLink(tx, "password_reset", input.token);
    const [account] = await tx.select().from(users).where(eq(users.id, spent.userId)).for("update");
    if (!account) throw new AppError("NOT_FOUND", "The account this link was for no longer exists");
    if (account.deactivatedAt) {
      throw new AppError("FORBIDDEN", "This account has been deactivated: its password cannot be reset");
    }
    await tx.update(users).set({ passwordHash, updatedAt: sql`now()` }).where(eq(users.id, account.id));
    await confirmIfStillTheirs(tx, account, spent.email);
    await retireLinks(tx, "password_reset", account.id);
    await writeAudit(tx, { action: "password.reset", actorId: null, client, target: { type: "user", id: account.id } });
    return writePasswordChangedNotice(tx, account, "reset", `password-changed/${spent.id}`);
  });
  // ...and after it, for a sign-in that checked the old password meanwhile.
  await endAllSessions();
  if (notice) await dispatch(notice);
  return { message: "Your password has been changed. Sign in with your new password." };
}

/** The reset link reached `address`: if it still is the account's and nobody else confirmed it, it is confirmed. */
async function confirmIfStillTheirs(tx: Executor, account: User, address: string | null): Promise<void> {
  if (account.emailVerifiedAt || !address || !isSameAddress(address, account.email)) return;
  if (await confirmedElsewhere(tx, address, account.id)) return;
  await tx.update(users).set({ emailVerifiedAt: sql`now()` }).where(eq(users.id, account.id));
}
