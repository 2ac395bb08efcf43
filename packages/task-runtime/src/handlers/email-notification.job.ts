import { emailOutbox } from "@govconnect/db";
import { SendError, TemplateError } from "@govconnect/emails";
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

  try {
    const sent = await mailer.send({ id: email.id, template: email.template, props: email.props, to: email.recipient });
    await db
      .update(emailOutbox)
      .set({
        status: "sent",
        attempts: attempt,
        lastError: null,
        transport: sent.transport,
        providerMessageId: sent.messageId,
        subject: sent.subject,
        html: sent.html,
        text: sent.text,
        sentAt: sql`now()`,
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
