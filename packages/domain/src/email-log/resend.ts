import { AppError, PRIORITY } from "@govconnect/contracts";
import type { Database } from "@govconnect/db";
import { emailOutbox } from "@govconnect/db";
import { insertTask } from "@govconnect/jobs";
import { and, eq } from "drizzle-orm";
import { auditedBy, writeAudit } from "../audit/audit.ts";
import type { AuditedActor } from "../shared/actor.ts";
import type { Dispatch } from "../shared/dispatch.ts";
import { toEmailLogEntry } from "./queries.ts";
import type { EmailLogEntry } from "./schema.ts";

/**
 * Sends a failed email again: back to `queued` with a new email_notification task, both in one
 * transaction. Only failed emails: a queued one is on its way, a sent one must not go twice.
 */
export async function resendEmail(
  db: Database,
  dispatch: Dispatch,
  actor: AuditedActor,
  id: string,
): Promise<EmailLogEntry> {
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
    await writeAudit(tx, {
      action: "email.resent",
      ...auditedBy(actor),
      target: { type: "email", id: row.id },
      details: { template: row.template },
    });
    return { row, task };
  });
  await dispatch(written.task);
  return toEmailLogEntry(written.row);
}
