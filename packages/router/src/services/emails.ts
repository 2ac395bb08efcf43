import type { Database, EmailOutboxRow } from "@govconnect/db";
import { emailOutbox, users } from "@govconnect/db";
import { olderThan } from "@govconnect/domain";
import type { TaskProducer } from "@govconnect/jobs";
import { insertTask, PRIORITY } from "@govconnect/jobs";
import { and, desc, eq, sql } from "drizzle-orm";
import { AppError } from "../errors.ts";

export interface EmailLogEntry {
  readonly id: string;
  readonly template: string;
  readonly recipient: string;
  readonly status: EmailOutboxRow["status"];
  readonly attempts: number;
  readonly lastError: string | null;
  readonly transport: string | null;
  readonly providerMessageId: string | null;
  readonly subject: string | null;
  readonly createdAt: string;
  readonly sentAt: string | null;
}

function toEntry(row: EmailOutboxRow): EmailLogEntry {
  return {
    id: row.id,
    template: row.template,
    recipient: row.recipient,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    transport: row.transport,
    providerMessageId: row.providerMessageId,
    subject: row.subject,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}

/** The delivery log, newest first, optionally by status; keyset pages. */
export async function listEmails(
  db: Database,
  input: {
    readonly limit: number;
    readonly status?: EmailOutboxRow["status"] | undefined;
    readonly before?: string | undefined;
  },
) {
  const before = input.before ? await cursorRow(db, input.before) : undefined;
  const rows = await db
    .select()
    .from(emailOutbox)
    .where(
      and(
        input.status ? eq(emailOutbox.status, input.status) : undefined,
        olderThan(emailOutbox.createdAt, emailOutbox.id, before),
      ),
    )
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return { emails: page.map(toEntry), nextBefore: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null };
}

async function cursorRow(db: Database, id: string): Promise<EmailOutboxRow> {
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id)).limit(1);
  if (!row) throw new AppError("BAD_REQUEST", "before must be the id of an email in the log", { field: "before" });
  return row;
}

/**
 * Sends a failed email again: back to `queued` with a new email_notification task, both in one
 * transaction. Only failed emails: a queued one is on its way, a sent one must not go twice.
 */
export async function resendEmail(db: Database, producer: TaskProducer, id: string): Promise<EmailLogEntry> {
  const written = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(emailOutbox)
      .set({ status: "queued", lastError: null })
      .where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, "failed")))
      .returning();
    if (!row) {
      const [existing] = await tx.select().from(emailOutbox).where(eq(emailOutbox.id, id)).limit(1);
      if (!existing) throw new AppError("NOT_FOUND", "Email not found");
      throw new AppError("CONFLICT", `Only a failed email can be sent again; this one is ${existing.status}`);
    }
    const task = await insertTask(tx, {
      type: "email_notification",
      payload: { outboxId: row.id },
      priority: PRIORITY.most,
      ownerId: null,
    });
    return { row, task };
  });
  await producer.dispatch(written.task);
  return toEntry(written.row);
}

/**
 * The development outbox: emails the `outbox` transport "sent", rendered, newest first — to the
 * caller's own address (admins: everyone's). Nothing leaves the machine with that transport, so
 * this is where people read what GovConnect would have sent them.
 */
export async function listOutbox(db: Database, viewer: { userId: string; role: string }, limit: number) {
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, viewer.userId)).limit(1);
  if (!user) return [];
  const rows = await db
    .select()
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.transport, "outbox"),
        eq(emailOutbox.status, "sent"),
        viewer.role === "admin" ? undefined : sql`lower(${emailOutbox.recipient}) = lower(${user.email})`,
      ),
    )
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(limit);
  return rows.map((row) => ({
    id: row.id,
    template: row.template,
    recipient: row.recipient,
    subject: row.subject ?? "",
    html: row.html ?? "",
    text: row.text ?? "",
    sentAt: row.sentAt?.toISOString() ?? row.createdAt.toISOString(),
  }));
}
