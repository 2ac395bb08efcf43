import type { Database } from "@govconnect/db";
import { tasks } from "@govconnect/db";
import type { TaskProducer, TaskStatusEvent } from "@govconnect/jobs";
import type { Logger } from "@govconnect/runtime";
import { and, asc, eq, inArray, isNotNull, isNull, lt, or } from "drizzle-orm";
import { failAbandonedTask } from "./abandoned-task.ts";

/** Rows younger than this are still being queued by the API that wrote them. */
const GRACE_MS = 5_000;
const BATCH = 500;

/**
 * Queues tasks that were written but never reached BullMQ (Redis failed between the two): queued
 * rows without `enqueued_at`, oldest first. Adding is idempotent — the job id is the task id — so
 * running this in every worker is safe.
 */
export async function relayQueuedTasks(db: Database, producer: TaskProducer, logger: Logger): Promise<number> {
  const stale = await db
    .select()
    .from(tasks)
    .where(
      and(eq(tasks.status, "queued"), isNull(tasks.enqueuedAt), lt(tasks.createdAt, new Date(Date.now() - GRACE_MS))),
    )
    .orderBy(asc(tasks.createdAt))
    .limit(BATCH);
  for (const task of stale) await producer.enqueue(task);
  if (stale.length > 0) logger.debug({ count: stale.length }, "relayed queued tasks");
  return stale.length;
}

/** A queued or running task unchanged for this long is checked against the queue. */
export const STRANDED_AFTER_MS = 10 * 60_000;

/**
 * Brings back tasks the queue has lost track of: `queued` or `processing` for
 * {@link STRANDED_AFTER_MS} (and due), with a job that Redis no longer has — lost in a crash or a
 * failover before its last writes were persisted or replicated — are queued again (their effects
 * are idempotent); those whose job BullMQ failed for good without the task being told (the worker
 * died in between) are failed with the job's reason. Jobs still waiting, delayed or running are
 * left alone, however old. Safe in every worker at once. Returns the events to publish.
 */
export async function recoverStrandedTasks(
  db: Database,
  producer: TaskProducer,
  logger: Logger,
  now = Date.now(),
): Promise<TaskStatusEvent[]> {
  const before = new Date(now - STRANDED_AFTER_MS);
  const stale = await db
    .select()
    .from(tasks)
    .where(
      and(
        inArray(tasks.status, ["queued", "processing"]),
        isNotNull(tasks.enqueuedAt),
        lt(tasks.updatedAt, before),
        or(isNull(tasks.runAt), lt(tasks.runAt, before)),
      ),
    )
    .orderBy(asc(tasks.updatedAt))
    .limit(BATCH);
  const events: TaskStatusEvent[] = [];
  for (const task of stale) {
    const job = await producer.job(task.id);
    if (!job) {
      logger.warn({ taskId: task.id, status: task.status }, "task's job is gone from Redis: queued again");
      await producer.enqueue(task);
    } else if ((await job.getState()) === "failed") {
      const event = await failAbandonedTask(db, job, new Error(job.failedReason || "its job failed"));
      if (event) events.push(event);
    }
  }
  return events;
}
