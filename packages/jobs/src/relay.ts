import type { Database } from "@govconnect/db";
import { tasks } from "@govconnect/db";
import type { Logger } from "@govconnect/runtime";
import { and, asc, eq, isNull, lt } from "drizzle-orm";
import type { TaskProducer } from "./producer.ts";

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
