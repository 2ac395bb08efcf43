import type { Database, Task, TaskEvent, TaskStatus } from "@govconnect/db";
import { taskEvents, tasks } from "@govconnect/db";
import { eq } from "drizzle-orm";
import type { TaskStatusEvent, TaskType } from "./tasks.ts";

/** A transaction or the database: task rows can be written inside the business write that implies them. */
export type Executor = Pick<Database, "insert" | "update" | "select">;

export interface NewTask {
  readonly type: TaskType;
  readonly payload: unknown;
  readonly priority: number;
  readonly ownerId: string | null;
  readonly runAt?: Date | undefined;
}

/** Writes the task row and its `queued` event; the caller enqueues it once the transaction commits. */
export async function insertTask(db: Executor, task: NewTask): Promise<{ task: Task; event: TaskStatusEvent }> {
  const [row] = await db
    .insert(tasks)
    .values({
      type: task.type,
      payload: task.payload,
      priority: task.priority,
      ownerId: task.ownerId,
      runAt: task.runAt ?? null,
    })
    .returning();
  if (!row) throw new Error("task insert returned no row");
  const event = await recordEvent(db, row, "queued", 0, null);
  return { task: row, event };
}

async function recordEvent(
  db: Executor,
  task: Task,
  status: TaskStatus,
  attempt: number,
  detail: string | null,
): Promise<TaskStatusEvent> {
  const [event] = await db.insert(taskEvents).values({ taskId: task.id, status, attempt, detail }).returning();
  if (!event) throw new Error("task event insert returned no row");
  return toStatusEvent(task, event);
}

/** A recorded status change as subscribers receive it (published live, or read back to catch up). */
export function toStatusEvent(task: Task, event: TaskEvent): TaskStatusEvent {
  return {
    taskId: task.id,
    ownerId: task.ownerId,
    type: task.type,
    status: event.status,
    attempt: event.attempt,
    at: event.at.toISOString(),
    eventId: event.id,
  };
}

export async function loadTask(db: Executor, taskId: string): Promise<Task | undefined> {
  const [row] = await db.select().from(tasks).where(eq(tasks.id, taskId)).limit(1);
  return row;
}

export interface Transition {
  readonly status: TaskStatus;
  readonly attempt: number;
  readonly result?: unknown;
  readonly error?: string | null;
  readonly detail?: string | null;
}

/** Moves a task to a new status, recording it in its history; returns the event to publish. */
export async function transitionTask(db: Database, task: Task, change: Transition): Promise<TaskStatusEvent> {
  const now = new Date();
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(tasks)
      .set({
        status: change.status,
        attempts: change.attempt,
        updatedAt: now,
        ...(change.status === "processing" ? { startedAt: now, error: null } : {}),
        ...(change.status === "processed" ? { result: change.result ?? null, finishedAt: now, error: null } : {}),
        ...(change.status === "failed" ? { error: change.error ?? "failed", finishedAt: now } : {}),
        ...(change.status === "queued" && change.error ? { error: change.error } : {}),
      })
      .where(eq(tasks.id, task.id))
      .returning();
    return recordEvent(tx, updated ?? task, change.status, change.attempt, change.detail ?? change.error ?? null);
  });
}
