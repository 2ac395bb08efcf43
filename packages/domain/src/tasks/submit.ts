import type { SubmitTaskInput } from "@govconnect/contracts";
import { AppError, submissionRefusal } from "@govconnect/contracts";
import type { Database } from "@govconnect/db";
import type { NewTask } from "@govconnect/jobs";
import { insertTask } from "@govconnect/jobs";
import { auditedBy, writeAudit } from "../audit/audit.ts";
import type { AuditedActor } from "../shared/actor.ts";
import type { Dispatch } from "../shared/dispatch.ts";

/**
 * `POST /api/tasks/submit`: checks who may submit what (the type's definition says), writes the
 * task and queues it. The task is accepted once written: if Redis fails now, the relay queues it.
 * A task submitted by staff is a privileged action: the audit log records it in the same
 * transaction (a citizen's submit stays one insert).
 */
export async function submitTask(db: Database, dispatch: Dispatch, actor: AuditedActor, input: SubmitTaskInput) {
  const refusal = submissionRefusal(actor, input);
  if (refusal) throw new AppError("FORBIDDEN", refusal.message, refusal.field ? { field: refusal.field } : {});
  const task = {
    type: input.taskType,
    payload: input.data,
    priority: input.priority,
    ownerId: actor.userId,
    runAt: input.runAt ? new Date(input.runAt) : undefined,
    // submitTaskInput validated the type and its data together; TypeScript cannot follow the pair
    // through the union, so this is the one place a task's payload type is asserted.
  } as NewTask;
  const written =
    actor.role === "user"
      ? await insertTask(db, task)
      : await db.transaction(async (tx) => {
          const inserted = await insertTask(tx, task);
          await writeAudit(tx, {
            action: "task.submitted",
            ...auditedBy(actor),
            target: { type: "task", id: inserted.task.id },
            details: { taskType: input.taskType, priority: input.priority },
          });
          return inserted;
        });
  await dispatch(written);
  return { message: "Task submitted successfully" as const, taskId: written.task.id, status: "queued" as const };
}
