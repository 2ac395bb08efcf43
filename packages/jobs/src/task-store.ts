import type { TaskPayload, TaskType } from "@govconnect/contracts";
import type { Database, Task, TaskEvent, TaskStatus } from "@govconnect/db";
import { taskEvents, tasks } from "@govconnect/db";
import { and, eq } from "drizzle-orm";
import type { TaskStatusEvent } from "./task-status.ts";

/** A transaction or the database: task rows can be written inside the business write that implies them. */
export type Executor = Pick<Database, "insert" | "update" | "select">;

interface TaskOf<T extends TaskType> {
  /** A chosen id, for a task that must be written at most once (a schedule's tick); random otherwise. */
  readonly id?: string | undefined;
  readonly type: T;
  readonly payload: TaskPayload<T>;
  readonly priority: number;
  readonly ownerId: string | null;
  readonly runAt?: Date | undefined;
}

/** A task to write, its payload checked against its type's definition at compile time. */
export type NewTask = { [T in TaskType]: TaskOf<T> }[TaskType];

/** A task done synchronously inside the transaction that did it: its id and result are known. */
export type DoneTask = {
  [T in TaskType]: Omit<TaskOf<T>, "runAt"> & { readonly id: string; readonly result: unknown };
}[TaskType];

/** A task row and the status event its write produced, to queue and announce after the commit. */
export interface WrittenTask {
  readonly task: Task;
  readonly event: TaskStatusEvent;
}

/** Writes the task row and its `queued` event; the caller enqueues it once the transaction commits. */
export async function insertTask(db: Executor, task: NewTask): Promise<WrittenTask> {
  const [row] = await db
    .insert(tasks)
    .values({
      ...(task.id ? { id: task.id } : {}),
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

/**
 * Records a task that was done synchronously, inside the transaction that did it (a booking made
 * by the API): it is `processed` from the start, with its result, and never queued.
 */
export async function recordTaskDone(db: Executor, task: DoneTask): Promise<WrittenTask> {
  const now = new Date();
  const [row] = await db
    .insert(tasks)
    .values({
      id: task.id,
      type: task.type,
      payload: task.payload,
      priority: task.priority,
      ownerId: task.ownerId,
      status: "processed",
      result: task.result,
      attempts: 1,
      startedAt: now,
      finishedAt: now,
    })
    .returning();
  if (!row) throw new Error("task insert returned no row");
  return { task: row, event: await recordEvent(db, row, "processed", 1, "done by the API") };
}

/**
 * Withdraws a task that has not started (a reminder whose appointment was cancelled): it becomes
 * `cancelled` with the reason. Returns nothing when the task already ran or was withdrawn.
 */
export async function withdrawTask(db: Executor, taskId: string, reason: string): Promise<WrittenTask | undefined> {
  const [row] = await db
    .update(tasks)
    .set({ status: "cancelled", error: reason, finishedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(tasks.id, taskId), eq(tasks.status, "queued")))
    .returning();
  if (!row) return undefined;
  return { task: row, event: await recordEvent(db, row, "cancelled", row.attempts, reason) };
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
        ...(change.status === "cancelled" ? { error: change.error ?? "cancelled", finishedAt: now } : {}),
        ...(change.status === "queued" && change.error ? { error: change.error } : {}),
      })
      .where(eq(tasks.id, task.id))
      .returning();
    return recordEvent(tx, updated ?? task, change.status, change.attempt, change.detail ?? change.error ?? null);
  });
}
