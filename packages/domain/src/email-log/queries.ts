import type { Actor } from "@govconnect/contracts";
import { AppError } from "@govconnect/contracts";
import type { Database, EmailOutboxRow } from "@govconnect/db";
import { emailOutbox } from "@govconnect/db";
import { and, desc, eq, ilike, or } from "drizzle-orm";
import { containsPattern, olderThan } from "../shared/pagination.ts";
import type { EmailLogEntry, EmailLogInput, OutboxEmailView } from "./schema.ts";

export function toEmailLogEntry(row: EmailOutboxRow): EmailLogEntry {
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
export async function listEmails(db: Database, input: EmailLogInput) {
  const before = input.before ? await cursorRow(db, input.before) : undefined;
  const rows = await db
    .select()
    .from(emailOutbox)
    .where(
      and(
        input.status ? eq(emailOutbox.status, input.status) : undefined,
        input.search
          ? or(
              ilike(emailOutbox.recipient, containsPattern(input.search)),
              ilike(emailOutbox.subject, containsPattern(input.search)),
            )
          : undefined,
        olderThan(emailOutbox.createdAt, emailOutbox.id, before),
      ),
    )
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return {
    emails: page.map(toEmailLogEntry),
    nextBefore: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

async function cursorRow(db: Database, id: string): Promise<EmailOutboxRow> {
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id)).limit(1);
  if (!row) throw new AppError("BAD_REQUEST", "before must be the id of an email in the log", { field: "before" });
  return row;
}

/**
 * The development outbox: emails the `outbox` transport "sent", rendered, newest first — those
 * about the caller's own account (admins: everyone's). Nothing leaves the machine with that
 * transport, so this is where people read what GovConnect would have sent them. Selected by
 * account, never by address: whoever holds an address later reads nothing sent before.
 */
export async function listOutbox(db: Database, viewer: Actor, limit: number): Promise<OutboxEmailView[]> {
  const rows = await db
    .select()
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.transport, "outbox"),
        eq(emailOutbox.status, "sent"),
        viewer.role === "admin" ? undefined : eq(emailOutbox.userId, viewer.userId),
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
