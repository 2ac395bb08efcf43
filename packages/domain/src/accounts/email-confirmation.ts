import type { Auth } from "@govconnect/auth";
import type { Actor } from "@govconnect/contracts";
import { AppError } from "@govconnect/contracts";
import type { Database, User } from "@govconnect/db";
import { users } from "@govconnect/db";
import type { Executor, WrittenTask } from "@govconnect/jobs";
import { writeOutboxEmail } from "@govconnect/jobs";
import { eq, sql } from "drizzle-orm";
import { writeAudit } from "../audit/audit.ts";
import type { ClientInfo } from "../shared/actor.ts";
import type { Dispatch } from "../shared/dispatch.ts";
import { LINK_VALID_MINUTES, newLink, spendAllowance, spendLink, spendLinkAttempt, storeLink } from "./links.ts";
import type { PublicUser } from "./schema.ts";
import { accountConflict, confirmedElsewhere, currentUser, isSameAddress, maskAddress, toPublicUser } from "./users.ts";

export type ConfirmationPurpose = "sign_up" | "email_change";

/**
 * Writes a confirmation link for `address` (its hash stored) and the email that carries it to that
 * address, inside the caller's transaction. `dedupeKey` makes a re-run write nothing twice.
 */
export async function writeEmailConfirmation(
  tx: Executor,
  user: Pick<User, "id">,
  address: string,
  purpose: ConfirmationPurpose,
  dedupeKey: string,
): Promise<WrittenTask | undefined> {
  const link = newLink("email_verification");
  const email = await writeOutboxEmail(tx, {
    dedupeKey,
    template: "email_verification",
    recipient: address,
    toAccount: false,
    userId: user.id,
    props: {
      address,
      token: link.token,
      validForHours: LINK_VALID_MINUTES.email_verification / 60,
      purpose,
    },
  });
  // Written before (a re-run): that email's link stands, and this one is never stored.
  if (!email) return undefined;
  await storeLink(tx, link, user.id, address);
  return email.sendTask;
}

/** A confirmation the account asked for (not sign-up's own): limited per account, a fresh key each time. */
async function writeRequestedConfirmation(
  tx: Executor,
  auth: Auth,
  user: User,
  address: string,
  purpose: ConfirmationPurpose,
): Promise<WrittenTask | undefined> {
  await spendAllowance(auth, "email-confirmation", `user:${user.id}`, "Too many confirmation emails were sent");
  return writeEmailConfirmation(tx, user, address, purpose, `email-confirmation/${user.id}/${crypto.randomUUID()}`);
}

/**
 * Opens a confirmation link: the address it was sent to becomes the account's confirmed address.
 * For an email change, the old address is told (if it was confirmed) and stops receiving the
 * account's emails. A link for an address the account no longer asks for does nothing.
 */
export async function confirmEmail(
  db: Database,
  auth: Auth,
  dispatch: Dispatch,
  token: string,
  client: ClientInfo,
): Promise<PublicUser> {
  await spendLinkAttempt(auth, client.ip);
  const { user, notice } = await db
    .transaction(async (tx) => {
      const link = await spendLink(tx, "email_verification", token);
      const address = link.email ?? "";
      const [account] = await tx.select().from(users).where(eq(users.id, link.userId)).for("update");
      if (!account) throw new AppError("NOT_FOUND", "The account this link was for no longer exists");
      const isCurrent = isSameAddress(address, account.email);
      const isPending = isSameAddress(address, account.pendingEmail);
      if (!isCurrent && !isPending) {
        throw new AppError(
          "BAD_REQUEST",
          "This link is for an address your account no longer asks for: use the link in the newest email",
          { field: "token" },
        );
      }
      if (isCurrent && account.emailVerifiedAt) return { user: account, notice: undefined };
      if (await confirmedElsewhere(tx, address, account.id)) {
        throw new AppError("CONFLICT", "Another account confirmed this address first: choose another address", {
          field: "email",
        });
      }
      const [updated] = await tx
        .update(users)
        .set({ email: address, emailVerifiedAt: sql`now()`, pendingEmail: null, updatedAt: sql`now()` })
        .where(eq(users.id, account.id))
        .returning();
      if (!updated) throw new Error("update returned no row");
      const previous = !isCurrent && account.emailVerifiedAt ? account.email : undefined;
      // A first confirmation is not a change; a move to a new address is (and who opened the link is not known).
      if (!isCurrent) {
        await writeAudit(tx, {
          action: "email.changed",
          actorId: null,
          client,
          target: { type: "user", id: account.id },
          details: { from: maskAddress(account.email), to: maskAddress(address) },
        });
      }
      const notice = previous
        ? await writeOutboxEmail(tx, {
            dedupeKey: `email-changed/${link.id}`,
            template: "email_changed",
            // To the old address on purpose: its owner must hear that the account moved away.
            recipient: previous,
            toAccount: false,
            userId: account.id,
            props: {
              fullName: updated.fullName,
              username: updated.username,
              newAddressHint: maskAddress(address),
              changedAt: new Date().toISOString(),
            },
          })
        : undefined;
      return { user: updated, notice };
    })
    .catch((error: unknown) => {
      throw accountConflict(error) ?? error;
    });
  if (notice) await dispatch(notice.sendTask);
  return toPublicUser(user);
}

/**
 * Asks to move the account to `address`: the current address stays in use until the link sent
 * to the new one is opened. Asking again replaces the address asked for before.
 */
export async function requestEmailChange(
  tx: Executor,
  auth: Auth,
  user: User,
  address: string,
): Promise<{ readonly user: User; readonly sendTask: WrittenTask | undefined }> {
  if (await confirmedElsewhere(tx, address, user.id)) {
    throw new AppError("CONFLICT", "An account with that email address already exists", { field: "email" });
  }
  const [updated] = await tx
    .update(users)
    .set({ pendingEmail: address, updatedAt: sql`now()` })
    .where(eq(users.id, user.id))
    .returning();
  if (!updated) throw new AppError("UNAUTHORIZED", "Your account no longer exists");
  return { user: updated, sendTask: await writeRequestedConfirmation(tx, auth, updated, address, "email_change") };
}

/** Sends a new confirmation link for the address waiting to be confirmed (the pending one first). */
export async function resendEmailConfirmation(
  db: Database,
  auth: Auth,
  dispatch: Dispatch,
  actor: Actor,
): Promise<{ readonly sentTo: string }> {
  const user = await currentUser(db, actor);
  const address = user.pendingEmail ?? (user.emailVerifiedAt ? undefined : user.email);
  if (!address) {
    throw new AppError("BAD_REQUEST", "Your email address is already confirmed: there is nothing to resend");
  }
  const purpose: ConfirmationPurpose = user.pendingEmail ? "email_change" : "sign_up";
  const sendTask = await db.transaction((tx) => writeRequestedConfirmation(tx, auth, user, address, purpose));
  if (sendTask) await dispatch(sendTask);
  return { sentTo: address };
}
