import type { Config } from "@govconnect/config";
import type { Database } from "@govconnect/db";
import { healthcareSnapshotTask } from "@govconnect/domain";
import { createMailer } from "@govconnect/emails";
import type { Logger } from "@govconnect/runtime";
import { taskHandlers } from "./registry.ts";
import type { Schedule } from "./schedules.ts";
import type { WorkerRuntime, WorkerRuntimeOptions } from "./worker-runtime.ts";
import { startWorkerRuntime } from "./worker-runtime.ts";

/** `collect_metrics` on a schedule: the healthcare figures sampled every `everyMs` (0: off). */
export function metricsSchedule(db: Database, everyMs: number): Schedule {
  return { id: "collect_metrics:healthcare", everyMs, task: (at) => healthcareSnapshotTask(db, at) };
}

/** GovConnect's workers as a process runs them from its configuration: every task type, and the schedules. */
export function startGovConnectWorkers(config: Config, db: Database, logger: Logger): Promise<WorkerRuntime> {
  return startConfiguredWorkers(config, db, logger, {
    processors: taskHandlers,
    schedules: [metricsSchedule(db, config.worker.metricsIntervalSeconds * 1000)],
  });
}

/**
 * The workers as a process runs them from its configuration (the worker app, or the API with the
 * embedded database): the configured mail transport, concurrency, lock and queue prefix. Closing
 * the runtime closes the mailer too.
 */
export async function startConfiguredWorkers(
  config: Config,
  db: Database,
  logger: Logger,
  work: Pick<WorkerRuntimeOptions, "processors" | "schedules">,
): Promise<WorkerRuntime> {
  const mailer = createMailer(config.mail);
  const runtime = await startWorkerRuntime({
    redisUrl: config.redis.url,
    prefix: config.redis.queuePrefix,
    concurrency: config.worker.concurrency,
    lockMs: config.worker.lockMs,
    retryMaxDelayMs: config.worker.retryMaxDelayMs,
    db,
    mailer,
    logger,
    ...work,
  }).catch(async (error: unknown) => {
    await mailer.close();
    throw error;
  });
  return {
    ...runtime,
    close: async () => {
      await runtime.close();
      await mailer.close();
    },
  };
}
