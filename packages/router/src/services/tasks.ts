import type { AuthenticatedSession } from "@govconnect/auth";
import type { Database, Task } from "@govconnect/db";
import { taskEvents, tasks } from "@govconnect/db";
import { decodeCursor, isUuid, mayManageAlerts, olderThan, toPage } from "@govconnect/domain";
import type { TaskProducer, TaskStatusEvent } from "@govconnect/jobs";
import { toStatusEvent } from "@govconnect/jobs";
import { and, asc, desc, eq, gt } from "drizzle-orm";
import type { z } from "zod";
import { AppError } from "../errors.ts";
import type { SubmitTaskInput, taskDetail, taskView } from "../schemas/tasks.ts";

const ADMIN = "admin";

/** Who may submit what. Sector admins feed their sector's metrics; account tasks are about oneself. */
function assertMaySubmit(session: AuthenticatedSession, input: SubmitTaskInput): void {
  const { role, userId } = session.record;
  if (role === ADMIN) return;
  switch (input.taskType) {
    case "user_login":
    case "user_registration":
      if (input.data.userId !== userId) {
        throw new AppError("FORBIDDEN", `${input.taskType} tasks can only be submitted for your own account`, {
          field: "data.userId",
        });
      }
      return;
    case "collect_metrics":
      if (role !== `${input.data.sector}_admin`) {
        throw new AppError(
          "FORBIDDEN",
          `Only ${input.data.sector} administrators may submit ${input.data.sector} metrics`,
        );
      }
      return;
    case "appointment_booking":
      // Anyone signed in books for themself: the booking takes the owner's account.
      return;
    case "alert_processing":
      if (!mayManageAlerts(session.record, input.data.type)) {
        throw new AppError("FORBIDDEN", `You cannot raise ${input.data.type} alerts`, { field: "data.type" });
      }
      return;
    default:
      throw new AppError("FORBIDDEN", `Only administrators may submit ${input.taskType} tasks`);
  }
}

export async function submitTask(producer: TaskProducer, session: AuthenticatedSession, input: SubmitTaskInput) {
  assertMaySubmit(session, input);
  const task = await producer.submit({
    type: input.taskType,
    payload: input.data,
    priority: input.priority,
    ownerId: session.record.userId,
    runAt: input.runAt ? new Date(input.runAt) : undefined,
  });
  return { message: "Task submitted successfully" as const, taskId: task.id, status: "queued" as const };
}

/** The task when the caller may see it (theirs, or any for admins); otherwise "not found", as for a missing one. */
export async function visibleTask(db: Database, session: AuthenticatedSession, taskId: string): Promise<Task> {
  const notFound = new AppError("NOT_FOUND", "Task not found");
  if (!isUuid(taskId)) throw notFound;
  const [task] = await db.select().from(tasks).where(eq(tasks.id, taskId)).limit(1);
  if (!task) throw notFound;
  if (session.record.role !== ADMIN && task.ownerId !== session.record.userId) throw notFound;
  return task;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toTaskView(task: Task): z.infer<typeof taskView> {
  return {
    id: task.id,
    type: task.type,
    priority: task.priority,
    status: task.status,
    data: task.payload,
    attempts: task.attempts,
    ownerId: task.ownerId,
    runAt: iso(task.runAt),
    createdAt: task.createdAt.toISOString(),
    startedAt: iso(task.startedAt),
    finishedAt: iso(task.finishedAt),
    error: task.error,
  };
}

export async function taskDetails(db: Database, task: Task): Promise<z.infer<typeof taskDetail>> {
  const events = await db.select().from(taskEvents).where(eq(taskEvents.taskId, task.id)).orderBy(asc(taskEvents.id));
  return {
    status: task.status,
    task: toTaskView(task),
    result: task.result ?? null,
    timestamp: task.updatedAt.toISOString(),
    history: events.map((event) => ({
      status: event.status,
      attempt: event.attempt,
      at: event.at.toISOString(),
      detail: event.detail,
    })),
  };
}

/** The caller's own tasks, newest first, a page at a time (keyset pagination: stable under inserts). */
export async function listOwnTasks(
  db: Database,
  session: AuthenticatedSession,
  input: { limit: number; cursor?: string | undefined },
) {
  const after = decodeCursor(input.cursor);
  const rows = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.ownerId, session.record.userId), olderThan(tasks.createdAt, tasks.id, after)))
    .orderBy(desc(tasks.createdAt), desc(tasks.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, toTaskView);
}

/** A task's recorded status changes after `afterEventId`, as subscription events. */
export async function taskEventsAfter(db: Database, task: Task, afterEventId: number): Promise<TaskStatusEvent[]> {
  const events = await db
    .select()
    .from(taskEvents)
    .where(and(eq(taskEvents.taskId, task.id), gt(taskEvents.id, afterEventId)))
    .orderBy(asc(taskEvents.id));
  return events.map((event) => toStatusEvent(task, event));
}
