import type { TaskType } from "@govconnect/contracts";
import { TASK_RETRIES } from "@govconnect/contracts";
import type { Database, Task } from "@govconnect/db";
import { tasks } from "@govconnect/db";
import type { Redis } from "@govconnect/redis";
import type { Logger } from "@govconnect/runtime";
import type { Job } from "bullmq";
import { Queue } from "bullmq";
import { and, eq, isNull } from "drizzle-orm";
import { QUEUES } from "./queues.ts";
import { taskBackoff } from "./retry.ts";
import type { TaskStatusEvent } from "./task-status.ts";
import { taskStatusChannel } from "./task-status.ts";
import type { NewTask, WrittenTask } from "./task-store.ts";
import { insertTask } from "./task-store.ts";

/** What BullMQ carries: only the task's id; the payload stays in the database row. */
export interface TaskJobData {
  readonly taskId: string;
}

/** Finished jobs are kept for a day (at most 1,000), failed ones a week: the `tasks` table is the record. */
const RETENTION = {
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5_000 },
} as const;

export interface TaskProducer {
  /** Writes the task and queues it. The task is accepted once written: if Redis fails now, the relay queues it later. */
  submit(task: NewTask): Promise<Task>;
  /**
   * Brings the queue and live subscribers in line with a task written inside a business
   * transaction, once it has committed: queues a `queued` task ({@link insertTask}), takes a
   * withdrawn one's job off the queue ({@link withdrawTask}), and announces the status. Never
   * throws: what Redis misses, the relay queues, and a leftover job skips its cancelled task.
   */
  dispatch(written: WrittenTask): Promise<void>;
  /** Queues an already-written task; idempotent (the BullMQ job id is the task id). */
  enqueue(task: Task): Promise<void>;
  /** The task's BullMQ job, or undefined when the queue does not have it (any more). */
  job(taskId: string): Promise<Job<TaskJobData> | undefined>;
  /** How many jobs the queue holds in each state. */
  depth(): Promise<Record<string, number>>;
  /** Tells every API instance about a status change (for live subscriptions). */
  publish(event: TaskStatusEvent): Promise<void>;
  close(): Promise<void>;
}

export function createTaskProducer(options: {
  readonly db: Database;
  /** A fail-fast client connection: producing must not hang while Redis is away. */
  readonly redis: Redis;
  readonly prefix: string;
  readonly logger: Logger;
}): TaskProducer {
  const queue = new Queue<TaskJobData>(QUEUES.tasks, { connection: options.redis, prefix: options.prefix });
  queue.on("error", (error) => options.logger.warn({ err: error }, "task queue error"));
  const channel = taskStatusChannel(options.prefix);

  const enqueue = async (task: Task) => {
    const retry = TASK_RETRIES[task.type as TaskType];
    await queue.add(
      task.type,
      { taskId: task.id },
      {
        jobId: task.id,
        priority: task.priority,
        attempts: retry.attempts,
        // Capped exponential backoff with jitter, run by the worker runtime (see retry.ts).
        backoff: taskBackoff(retry.delayMs),
        ...(task.runAt ? { delay: Math.max(0, task.runAt.getTime() - Date.now()) } : {}),
        ...RETENTION,
      },
    );
    // Recorded so the relay only looks at tasks BullMQ never got (not at long-delayed ones it has).
    await options.db
      .update(tasks)
      .set({ enqueuedAt: new Date() })
      .where(and(eq(tasks.id, task.id), isNull(tasks.enqueuedAt)));
  };
  const publish = async (event: TaskStatusEvent) => {
    await options.redis.publish(channel, JSON.stringify(event));
  };

  const dispatch = async ({ task, event }: WrittenTask) => {
    if (task.status === "queued") {
      await enqueue(task).catch((error: unknown) => {
        options.logger.warn(
          { err: error, taskId: task.id },
          "task written but not queued yet; the relay will queue it",
        );
      });
    } else if (task.status === "cancelled") {
      await queue.remove(task.id).catch((error: unknown) => {
        options.logger.warn({ err: error, taskId: task.id }, "withdrawn task's job not removed; it will skip itself");
      });
    }
    await publish(event).catch(() => undefined);
  };

  return {
    async submit(task) {
      const written = await insertTask(options.db, task);
      await dispatch(written);
      return written.task;
    },
    dispatch,
    enqueue,
    publish,
    job: async (taskId) => (await queue.getJob(taskId)) ?? undefined,
    depth: () => queue.getJobCounts("waiting", "prioritized", "active", "delayed", "completed", "failed"),
    close: () => queue.close(),
  };
}
