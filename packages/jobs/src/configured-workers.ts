import type { Config } from "@govconnect/config";
import type { Database } from "@govconnect/db";
import { createMailer } from "@govconnect/emails";
import type { Logger } from "@govconnect/runtime";
import type { WorkerRuntime, WorkerRuntimeOptions } from "./worker-runtime.ts";
import { startWorkerRuntime } from "./worker-runtime.ts";

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
