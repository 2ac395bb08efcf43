import type { Database } from "@govconnect/db";
import type { Mailer } from "@govconnect/emails";
import type { TaskJobData } from "@govconnect/jobs";
import { createTaskProducer, DEFAULT_RETRY_MAX_DELAY_MS, QUEUES, retryDelayMs } from "@govconnect/jobs";
import { closeRedis, createRedis } from "@govconnect/redis";
import type { Logger } from "@govconnect/runtime";
import { Worker } from "bullmq";
import { Registry } from "prom-client";
import { failAbandonedTask } from "./abandoned-task.ts";
import type { TaskProcessors } from "./handlers/context.ts";
import { registerWorkerMetrics } from "./prometheus.ts";
import { recoverStrandedTasks, relayQueuedTasks } from "./relay.ts";
import type { Schedule } from "./schedules.ts";
import { startSchedules } from "./schedules.ts";
import { createTaskRunner } from "./task-runner.ts";

export interface WorkerRuntimeOptions {
  readonly redisUrl: string;
  /** BullMQ key prefix (`QUEUE_PREFIX`); every process of one deployment must agree on it. */
  readonly prefix: string;
  readonly concurrency: number;
  readonly db: Database;
  readonly logger: Logger;
  /** How long a job's lock lasts; a worker that dies mid-job has its jobs picked up after this. */
  readonly lockMs?: number;
  /** The longest wait between two retries of a task (TASK_RETRY_MAX_DELAY_MS; 5 min by default). */
  readonly retryMaxDelayMs?: number;
  /** How often tasks written but never queued (Redis was away) are queued again. */
  readonly relayIntervalMs?: number;
  /** How often tasks whose job the queue lost are looked for (recoverStrandedTasks). */
  readonly recoveryIntervalMs?: number;
  /** What each task type does; a type without one fails its tasks as "no processor". */
  readonly processors: TaskProcessors;
  /** Tasks written on a fixed interval (BullMQ job schedulers), e.g. metric snapshots. */
  readonly schedules?: readonly Schedule[];
  /** Sends `email_notification` tasks' emails (the configured transport). */
  readonly mailer: Mailer;
}

export interface WorkerRuntime {
  /** True while every worker is running (the worker process's readiness). */
  isRunning(): boolean;
  /**
   * This runtime's Prometheus metrics (jobs processed/failed, processing time, queue depth):
   * `metrics()` renders a scrape's text (it rejects while Redis is away), `contentType` its header.
   */
  readonly prometheus: Registry;
  /** Lets in-flight jobs finish, then stops the workers and closes their connection. */
  close(): Promise<void>;
}

/**
 * Starts the task worker (a BullMQ Worker on the tasks queue, with a patient Redis connection)
 * and the relay that queues tasks whose enqueue failed. Any number of these may run, in one or
 * many processes: BullMQ hands each job to one of them, and recovers jobs a dead one held.
 */
export async function startWorkerRuntime(options: WorkerRuntimeOptions): Promise<WorkerRuntime> {
  const connection = createRedis(options.redisUrl, "worker", "worker");
  connection.on("error", (error) => options.logger.warn({ err: error }, "worker Redis connection error"));
  const producer = createTaskProducer({
    db: options.db,
    redis: connection,
    prefix: options.prefix,
    logger: options.logger,
  });
  const lockMs = options.lockMs ?? 30_000;
  // Its own registry, not prom-client's global one: a process can hold several runtimes (tests,
  // the API with its embedded worker), and each reports only its own work.
  const prometheus = new Registry();
  const metrics = registerWorkerMetrics(prometheus, () => producer.depth());
  const log = options.logger.child({ queue: QUEUES.tasks });
  const worker = new Worker<TaskJobData>(
    QUEUES.tasks,
    createTaskRunner({
      db: options.db,
      logger: log,
      processors: options.processors,
      publish: producer.publish,
      metrics,
      mailer: options.mailer,
      dispatch: producer.dispatch,
    }),
    {
      connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      lockDuration: lockMs,
      stalledInterval: lockMs,
      maxStalledCount: 2,
      settings: {
        // Our jobs' backoff type (retry.ts): BullMQ's own exponential one has no cap and no Retry-After.
        backoffStrategy: (attemptsMade, _type, error, job) => {
          const backoff = job?.opts.backoff;
          const delayMs = typeof backoff === "object" ? (backoff.delay ?? 1_000) : (backoff ?? 1_000);
          const jitter = typeof backoff === "object" ? backoff.jitter : undefined;
          return retryDelayMs(
            attemptsMade,
            { delayMs, jitter, maxDelayMs: options.retryMaxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS },
            error,
          );
        },
      },
    },
  );
  worker.on("error", (error) => log.error({ err: error }, "worker error"));
  worker.on("stalled", (jobId) => log.warn({ jobId }, "job stalled (its worker died?); it runs again"));
  // A job BullMQ fails without running it (stalled too often) never reaches the runner's bookkeeping.
  worker.on("failed", (job, error) => {
    if (!job) return;
    failAbandonedTask(options.db, job, error)
      .then((event) => {
        if (!event) return;
        log.error({ jobId: job.id, taskId: job.data.taskId, err: error }, "task failed outside the runner");
        return producer.publish(event);
      })
      .catch((failure: unknown) => log.error({ err: failure, jobId: job.id }, "could not record a failed job's task"));
  });
  await worker.waitUntilReady();

  const schedules = await startSchedules({
    schedules: options.schedules ?? [],
    connection,
    prefix: options.prefix,
    producer,
    db: options.db,
    logger: options.logger,
  });

  const relay = setInterval(() => {
    relayQueuedTasks(options.db, producer, log).catch((error: unknown) =>
      log.warn({ err: error }, "relay of unqueued tasks failed; retrying next round"),
    );
  }, options.relayIntervalMs ?? 5_000);
  relay.unref();
  const recovery = setInterval(() => {
    recoverStrandedTasks(options.db, producer, log)
      .then((events) => Promise.all(events.map((event) => producer.publish(event))))
      .catch((error: unknown) => log.warn({ err: error }, "recovery of stranded tasks failed; retrying next round"));
  }, options.recoveryIntervalMs ?? 60_000);
  recovery.unref();

  options.logger.info({ queue: QUEUES.tasks, concurrency: options.concurrency }, "workers started");
  return {
    isRunning: () => worker.isRunning() && schedules.isRunning(),
    prometheus,
    close: async () => {
      clearInterval(relay);
      clearInterval(recovery);
      if (connection.status !== "ready") {
        // Redis is away, so nothing in flight can be acknowledged; waiting would hang until the
        // shutdown deadline. Jobs left active are recovered as stalled when a worker runs again.
        connection.disconnect();
        await Promise.all([worker.close(true), schedules.close(true)]);
        return;
      }
      await Promise.all([worker.close(), schedules.close()]);
      await producer.close();
      await closeRedis(connection);
    },
  };
}
