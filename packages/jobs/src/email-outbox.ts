import { PRIORITY } from "@govconnect/contracts";
import { emailOutbox } from "@govconnect/db";
import type { TemplateName, TemplateProps } from "@govconnect/emails";
import type { Executor, WrittenTask } from "./task-store.ts";
import { insertTask } from "./task-store.ts";

export interface OutboxEmail<T extends TemplateName> {
  /** One email per cause (`welcome/<user id>`): writing the same key again writes nothing. */
  readonly dedupeKey: string;
  readonly template: T;
  readonly props: TemplateProps<T>;
  /** The address now; for an email `toAccount`, what the log shows until the sender reads the current one. */
  readonly recipient: string;
  readonly userId: string | null;
  /**
   * True for an email about the account `userId` (an appointment's): it goes to the account's
   * confirmed address when it is sent, or nowhere if it has none. False for an email meant for
   * `recipient` itself: a confirmation link, a notice to an old address, an invitation.
   */
  readonly toAccount: boolean;
  /** Send it later (a reminder); now when absent. */
  readonly sendAt?: Date;
}

/**
 * Writes an email to the outbox and the `email_notification` task that sends it, inside the
 * caller's transaction: the email is accepted exactly when the event that causes it commits.
 * Returns nothing when the key was written before; else the email's id and the task to dispatch.
 */
export async function writeOutboxEmail<T extends TemplateName>(
  tx: Executor,
  email: OutboxEmail<T>,
): Promise<{ readonly emailId: string; readonly sendTask: WrittenTask } | undefined> {
  const [row] = await tx
    .insert(emailOutbox)
    .values({
      dedupeKey: email.dedupeKey,
      template: email.template,
      recipient: email.recipient,
      props: email.props,
      userId: email.userId,
      toAccount: email.toAccount,
    })
    .onConflictDoNothing({ target: emailOutbox.dedupeKey })
    .returning({ id: emailOutbox.id });
  if (!row) return undefined;
  const sendTask = await insertTask(tx, {
    type: "email_notification",
    payload: { outboxId: row.id },
    priority: PRIORITY.default,
    ownerId: email.userId,
    runAt: email.sendAt,
  });
  return { emailId: row.id, sendTask };
}
