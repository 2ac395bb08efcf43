import { closeRedis, createRedis } from "@govconnect/redis";
import type { Logger } from "@govconnect/runtime";
import type { Job } from "bullmq";
import { UnrecoverableError, Worker } from "bullmq";
import type { QueueName } from "./queues.ts";
import { QUEUES } from "./queues.ts";

/** Handles one job name; what it returns is the job's result. */
export type Processor = (job: Job) => Promise<unknown>;

/** Which processor handles which job name, per queue. The task-queue issue fills it in. */
export type ProcessorRegistry = { readonly [Q in QueueName]?: Readonly<Record<string, Processor>> };

export interface WorkerRuntimeOptions {
  readonly redisUrl: string;
  /** BullMQ key prefix (`QUEUE_PREFIX`); every process of one deployment must agree on it. */
  readonly prefix: string;
  readonly concurrency: number;
  readonly logger: Logger;
  readonly processors: ProcessorRegistry;
}

export interface WorkerRuntime {
  /** True while every worker is running (the worker process's readiness). */
  isRunning(): boolean;
  /** Lets in-flight jobs finish, then stops the workers and closes their connection. */
  close(): Promise<void>;
}

function dispatch(queue: QueueName, processors: ProcessorRegistry): Processor {
  const byName = processors[queue] ?? {};
  return async (job) => {
    const processor = byName[job.name];
    // Retrying cannot help a job nobody can process: fail it at once, visibly.
    if (!processor) throw new UnrecoverableError(`no processor for job "${job.name}" on queue "${queue}"`);
    return processor(job);
  };
}

/** Starts one BullMQ worker per queue, sharing one patient Redis connection. */
export async function startWorkerRuntime(options: WorkerRuntimeOptions): Promise<WorkerRuntime> {
  const connection = createRedis(options.redisUrl, "worker", "worker");
  connection.on("error", (error) => options.logger.warn({ err: error }, "worker Redis connection error"));
  const workers = Object.values(QUEUES).map((queue) => {
    const log = options.logger.child({ queue });
    const worker = new Worker(queue, dispatch(queue, options.processors), {
      connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
    });
    worker.on("error", (error) => log.error({ err: error }, "worker error"));
    worker.on("failed", (job, error) =>
      log.warn({ err: error, jobId: job?.id, job: job?.name, attempts: job?.attemptsMade }, "job failed"),
    );
    return worker;
  });
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  options.logger.info({ queues: Object.values(QUEUES), concurrency: options.concurrency }, "workers started");
  return {
    isRunning: () => workers.every((worker) => worker.isRunning()),
    close: async () => {
      if (connection.status !== "ready") {
        // Redis is away, so nothing in flight can be acknowledged; waiting would hang until the
        // shutdown deadline. Jobs left active are recovered as stalled when a worker runs again.
        connection.disconnect();
        await Promise.all(workers.map((worker) => worker.close(true)));
        return;
      }
      await Promise.all(workers.map((worker) => worker.close()));
      await closeRedis(connection);
    },
  };
}
