import { createHash } from "node:crypto";
import type { Database } from "@govconnect/db";
import { tasks } from "@govconnect/db";
import type { NewTask, TaskProducer } from "@govconnect/jobs";
import { QUEUES } from "@govconnect/jobs";
import type { Redis } from "@govconnect/redis";
import type { Logger } from "@govconnect/runtime";
import { Queue, Worker } from "bullmq";
import { eq } from "drizzle-orm";

/** A task written every `everyMs` (0 turns the schedule off), whichever worker process runs the tick. */
export interface Schedule {
  /** Stable name: BullMQ keeps one scheduler per id, however many workers upsert it. */
  readonly id: string;
  readonly everyMs: number;
  /** The task to write at the tick that happened at `at`. */
  readonly task: (at: Date) => Promise<NewTask>;
}

interface ScheduleTick {
  readonly scheduleId: string;
}

/**
 * The id of the task a tick writes, the same however often the tick runs: a tick runs again when
 * its worker died or Redis failed after the task was written, and must not write a second task
 * (whose effects — metric samples — would be stored twice). A name-based UUID (RFC 9562 v8 layout)
 * of the deployment's prefix and the tick's BullMQ job id.
 */
export function tickTaskId(prefix: string, tickJobId: string): string {
  const hex = createHash("sha256").update(`${prefix}/${tickJobId}`).digest("hex");
  const variant = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Upserts each schedule as a BullMQ job scheduler on the schedules queue and runs its ticks: a
 * tick writes the schedule's task through the producer, so it is recorded, retried and visible
 * like any other task. Every worker process upserts the same schedulers; BullMQ hands each tick
 * to one of them.
 */
export async function startSchedules(options: {
  readonly schedules: readonly Schedule[];
  readonly connection: Redis;
  readonly prefix: string;
  readonly producer: TaskProducer;
  readonly db: Database;
  readonly logger: Logger;
}): Promise<{ isRunning(): boolean; close(force?: boolean): Promise<void> }> {
  if (options.schedules.length === 0) return { isRunning: () => true, close: async () => undefined };
  const byId = new Map(options.schedules.map((schedule) => [schedule.id, schedule]));
  const queue = new Queue<ScheduleTick>(QUEUES.schedules, { connection: options.connection, prefix: options.prefix });
  queue.on("error", (error) => options.logger.warn({ err: error }, "schedules queue error"));
  for (const schedule of options.schedules) {
    if (schedule.everyMs > 0) {
      await queue.upsertJobScheduler(
        schedule.id,
        { every: schedule.everyMs },
        { name: schedule.id, data: { scheduleId: schedule.id }, opts: { removeOnComplete: 100, removeOnFail: 500 } },
      );
      options.logger.info({ schedule: schedule.id, everyMs: schedule.everyMs }, "schedule active");
    } else {
      await queue.removeJobScheduler(schedule.id);
      options.logger.info({ schedule: schedule.id }, "schedule off");
    }
  }
  const worker = new Worker<ScheduleTick>(
    QUEUES.schedules,
    async (job) => {
      const schedule = byId.get(job.data.scheduleId);
      // Another deployment's schedule on a shared prefix, or one this release dropped.
      if (!schedule) return { skipped: `unknown schedule ${job.data.scheduleId}` };
      const id = tickTaskId(options.prefix, job.id ?? `${job.data.scheduleId}:${job.timestamp}`);
      const [written] = await options.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.id, id));
      // Written by an earlier run of this tick; the relay queues it if that run died before queueing.
      if (written) return { taskId: id, repeated: true };
      const task = await options.producer.submit({ ...(await schedule.task(new Date(job.timestamp))), id });
      return { taskId: task.id };
    },
    { connection: options.connection, prefix: options.prefix, concurrency: 1 },
  );
  worker.on("error", (error) => options.logger.error({ err: error }, "schedules worker error"));
  worker.on("failed", (job, error) =>
    options.logger.warn({ err: error, schedule: job?.data.scheduleId }, "schedule tick failed"),
  );
  await worker.waitUntilReady();
  return {
    isRunning: () => worker.isRunning(),
    close: async (force = false) => {
      await worker.close(force);
      if (!force) await queue.close();
    },
  };
}
