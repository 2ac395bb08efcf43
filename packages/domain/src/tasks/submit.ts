import type { Actor, Refusal, SubmitTaskInput } from "@govconnect/contracts";
import { AppError, PRIORITY, submissionRefusal, taskLimits } from "@govconnect/contracts";
import type { Database } from "@govconnect/db";
import type { NewTask } from "@govconnect/jobs";
import { insertTask } from "@govconnect/jobs";
import { auditedBy, writeAudit } from "../audit/audit.ts";
import type { AuditedActor } from "../shared/actor.ts";
import type { Dispatch } from "../shared/dispatch.ts";

const DAY_MS = 86_400_000;

/**
 * How urgent and how far ahead the caller may ask for (security review I7): a citizen from the
 * normal priority down and at most a week ahead, staff and administrators the whole range
 * (`taskLimits`). The system's own tasks do not come through here.
 */
export function limitsRefusal(
  actor: Pick<Actor, "role">,
  input: Pick<SubmitTaskInput, "priority" | "runAt">,
  now = new Date(),
): Refusal | null {
  const limits = taskLimits(actor.role);
  const priority = input.priority ?? PRIORITY.default;
  if (priority < limits.mostUrgent || priority > limits.leastUrgent) {
    const kept =
      limits.mostUrgent > PRIORITY.most ? ` (${PRIORITY.most} to ${limits.mostUrgent - 1} are kept for staff)` : "";
    return {
      message: `priority must be from ${limits.mostUrgent} to ${limits.leastUrgent} for your tasks${kept}`,
      field: "priority",
    };
  }
  if (input.runAt && new Date(input.runAt).getTime() > now.getTime() + limits.maxDelayDays * DAY_MS) {
    return { message: `runAt must be within ${limits.maxDelayDays} days for your tasks`, field: "runAt" };
  }
  return null;
}

/**
 * `POST /api/tasks/submit`: checks who may submit what (the type's definition says; system-only
 * types nobody), how urgent and how far ahead (the caller's role says), writes the
 * task and queues it. The task is accepted once written: if Redis fails now, the relay queues it.
 * A task submitted by staff is a privileged action: the audit log records it in the same
 * transaction (a citizen's submit stays one insert).
 */
export async function submitTask(db: Database, dispatch: Dispatch, actor: AuditedActor, input: SubmitTaskInput) {
  const refusal = submissionRefusal(actor, input) ?? limitsRefusal(actor, input);
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
