import type { Database, EmailOutboxRow } from "@govconnect/db";
import { emailOutbox, users } from "@govconnect/db";
import { LINK_TEMPLATES, SendError, TemplateError } from "@govconnect/emails";
import { UnrecoverableError } from "bullmq";
import { eq, sql } from "drizzle-orm";
import type { TaskProcessor } from "./context.ts";

/**
 * Renders and sends one outbox email. Already sent: nothing happens (at-least-once delivery of
 * the job). The provider gets the idempotency key `email/<outbox id>`, so a worker that dies
 * after sending but before recording it does not send twice (Resend). A permanent failure marks
 * the email failed and stops retrying; a temporary one is recorded and retried with backoff.
 */
export const emailNotification: TaskProcessor<"email_notification"> = async (payload, { db, mailer, attempt }) => {
  const [email] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, payload.outboxId)).limit(1);
  if (!email) throw new UnrecoverableError(`email ${payload.outboxId} does not exist`);
  if (email.status === "sent") return { outboxId: email.id, status: "sent", alreadySent: true };
  // Withdrawn while it waited (the reminder of a cancelled appointment): nothing to send.
  if (email.status === "cancelled") return { outboxId: email.id, status: "cancelled" };

  const to = await currentRecipient(db, email);
  if (!to.address) {
    await db
      .update(emailOutbox)
      .set({ status: "cancelled", attempts: attempt, lastError: to.reason })
      .where(eq(emailOutbox.id, email.id));
    return { outboxId: email.id, status: "cancelled", reason: to.reason };
  }

  try {
    const sent = await mailer.send({ id: email.id, template: email.template, props: email.props, to: to.address });
    await db
      .update(emailOutbox)
      .set({
        status: "sent",
        recipient: to.address,
        attempts: attempt,
        lastError: null,
        transport: sent.transport,
        providerMessageId: sent.messageId,
        subject: sent.subject,
        sentAt: sql`now()`,
        // A single-use link that left the machine is the recipient's alone: no copy stays here.
        // (The dev outbox is the mailbox itself, so there the rendered email stays readable.)
        ...(sent.transport !== "outbox" && LINK_TEMPLATES.has(email.template)
          ? { props: { withheld: "a single-use link, kept only by its recipient" }, html: null, text: null }
          : { html: sent.html, text: sent.text }),
      })
      .where(eq(emailOutbox.id, email.id));
    return { outboxId: email.id, status: "sent", transport: sent.transport, messageId: sent.messageId };
  } catch (error) {
    const permanent = error instanceof TemplateError || (error instanceof SendError && error.permanent);
    const reason = error instanceof Error ? error.message : String(error);
    await db
      .update(emailOutbox)
      .set({ attempts: attempt, lastError: reason, ...(permanent ? { status: "failed" as const } : {}) })
      .where(eq(emailOutbox.id, email.id));
    throw permanent ? new UnrecoverableError(reason) : error;
  }
};

/**
 * Where the email goes now: its own recipient, or, for an email about an account, the account's
 * confirmed address at this moment (so a changed address is followed, and an address nobody
 * confirmed receives nothing about the account).
 */
async function currentRecipient(
  db: Database,
  email: EmailOutboxRow,
): Promise<
  { readonly address: string; readonly reason?: undefined } | { readonly address?: undefined; readonly reason: string }
> {
  if (!email.toAccount) return { address: email.recipient };
  if (!email.userId) return { reason: "the account it was about no longer exists" };
  const [account] = await db
    .select({ email: users.email, verifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.id, email.userId))
    .limit(1);
  if (!account) return { reason: "the account it was about no longer exists" };
  if (!account.verifiedAt) return { reason: "the account has no confirmed email address" };
  return { address: account.email };
}
