import type { Database } from "@govconnect/db";
import type { Mailer } from "@govconnect/emails";
import type { Logger } from "@govconnect/runtime";
import type { Job } from "bullmq";
import { UnrecoverableError } from "bullmq";
import type { WorkerMetrics } from "./metrics.ts";
import type { TaskContext, TaskProcessor, TaskProcessors } from "./processors/context.ts";
import type { TaskJobData } from "./producer.ts";
import { loadTask, transitionTask } from "./task-store.ts";
import type { TaskPayload, TaskStatusEvent, TaskType } from "./tasks.ts";
import { TASK_TYPES, taskPayloads } from "./tasks.ts";

const isTaskType = (type: string): type is TaskType => (TASK_TYPES as readonly string[]).includes(type);

/** Re-validates the stored payload with its type's schema and hands it to that type's processor. */
async function runProcessor<T extends TaskType>(
  type: T,
  processors: TaskProcessors,
  rawPayload: unknown,
  context: TaskContext,
): Promise<unknown> {
  const processor: TaskProcessor<T> | undefined = processors[type];
  if (!processor) throw new UnrecoverableError(`no processor for task type "${type}" in this worker`);
  const payload = taskPayloads[type].safeParse(rawPayload);
  if (!payload.success) throw new UnrecoverableError(`stored payload is invalid: ${payload.error.message}`);
  // The schema parsed is taskPayloads[T], so this is TaskPayload<T>; TypeScript cannot correlate the two.
  return processor(payload.data as TaskPayload<T>, context);
}

/**
 * Runs one task job: `processing` → the processor → `processed` (with its result), or back to
 * `queued` for a retry, or `failed` with the reason when retrying cannot help. Every change is
 * stored with the task and published.
 */
export function createTaskRunner(options: {
  readonly db: Database;
  readonly logger: Logger;
  readonly processors: TaskProcessors;
  readonly publish: (event: TaskStatusEvent) => Promise<void>;
  readonly metrics?: WorkerMetrics;
  readonly mailer: Mailer;
  readonly dispatch: TaskContext["dispatch"];
}) {
  const publish = (event: TaskStatusEvent) =>
    options.publish(event).catch((error: unknown) => options.logger.warn({ err: error }, "status not published"));

  return async (job: Job<TaskJobData>): Promise<unknown> => {
    const attempt = job.attemptsMade + 1;
    const log = options.logger.child({ jobId: job.id, taskId: job.data.taskId, type: job.name, attempt });
    const started = performance.now();
    const task = await loadTask(options.db, job.data.taskId);
    if (!task) throw new UnrecoverableError(`task ${job.data.taskId} does not exist`);
    // At-least-once delivery: a task that already finished is not run again.
    if (task.status === "processed") return task.result;
    if (task.status === "failed") throw new UnrecoverableError(task.error ?? "task already failed");
    if (task.status === "cancelled") return { cancelled: true };

    await publish(await transitionTask(options.db, task, { status: "processing", attempt }));
    try {
      if (!isTaskType(task.type)) throw new UnrecoverableError(`unknown task type "${task.type}"`);
      const result = await runProcessor(task.type, options.processors, task.payload, {
        db: options.db,
        task,
        attempt,
        logger: log,
        mailer: options.mailer,
        dispatch: options.dispatch,
      });
      await publish(await transitionTask(options.db, task, { status: "processed", attempt, result }));
      const durationMs = performance.now() - started;
      options.metrics?.record(task.type, "processed", durationMs / 1000);
      log.info({ durationMs: Math.round(durationMs) }, "task processed");
      return result;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const final = error instanceof UnrecoverableError || attempt >= (job.opts.attempts ?? 1);
      await publish(
        await transitionTask(options.db, task, {
          status: final ? "failed" : "queued",
          attempt,
          error: reason,
          detail: final ? reason : `attempt ${attempt} failed, retrying: ${reason}`,
        }),
      );
      const durationMs = performance.now() - started;
      options.metrics?.record(task.type, "failed", durationMs / 1000);
      log.warn({ err: error, durationMs: Math.round(durationMs), final }, "task failed");
      throw error;
    }
  };
}
