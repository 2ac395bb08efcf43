import type { Actor } from "@govconnect/contracts";
import { AppError } from "@govconnect/contracts";
import type { Database, Task } from "@govconnect/db";
import { taskEvents, tasks } from "@govconnect/db";
import type { TaskStatusEvent } from "@govconnect/jobs";
import { toStatusEvent } from "@govconnect/jobs";
import { and, asc, desc, eq, gt, inArray } from "drizzle-orm";
import { decodeCursor, isUuid, olderThan, toPage } from "../shared/pagination.ts";
import type { TaskDetail, TaskListInput, TaskView } from "./schema.ts";

/** The task when the caller may see it (theirs, or any for admins); otherwise "not found", as for a missing one. */
export async function visibleTask(db: Database, actor: Actor, taskId: string): Promise<Task> {
  const notFound = new AppError("NOT_FOUND", "Task not found");
  if (!isUuid(taskId)) throw notFound;
  const [task] = await db.select().from(tasks).where(eq(tasks.id, taskId)).limit(1);
  if (!task) throw notFound;
  if (actor.role !== "admin" && task.ownerId !== actor.userId) throw notFound;
  return task;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toTaskView(task: Task): TaskView {
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

export async function taskDetails(db: Database, task: Task): Promise<TaskDetail> {
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
export async function listOwnTasks(db: Database, actor: Actor, input: TaskListInput) {
  const after = decodeCursor(input.cursor);
  const rows = await db
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.ownerId, actor.userId),
        input.types ? inArray(tasks.type, input.types) : undefined,
        olderThan(tasks.createdAt, tasks.id, after),
      ),
    )
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
