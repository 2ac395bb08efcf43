import type { TaskPayload, TaskType } from "@govconnect/contracts";
import { TASK_TYPES, taskPayloads } from "@govconnect/contracts";
import type { Database } from "@govconnect/db";
import { isDatabaseUnavailable } from "@govconnect/db";
import type { Mailer } from "@govconnect/emails";
import type { TaskJobData, TaskStatusEvent } from "@govconnect/jobs";
import { loadTask, transitionTask } from "@govconnect/jobs";
import type { Logger } from "@govconnect/runtime";
import { withTimeout } from "@govconnect/runtime";
import type { Job } from "bullmq";
import { DelayedError, UnrecoverableError } from "bullmq";
import { sql } from "drizzle-orm";
import type { TaskContext, TaskProcessor, TaskProcessors } from "./handlers/context.ts";
import type { TaskMetrics } from "./prometheus.ts";

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

/** The first wait before a job whose database was away runs again; it doubles up to the cap. */
const DATABASE_WAIT_MS = 1_000;
const DATABASE_WAIT_CAP_MS = 30_000;

/** The job failed because the database is away, not because of the task: nothing of it was recorded. */
class DatabaseAwayError extends Error {
  override readonly name = "DatabaseAwayError";
}

/** True when `error` came from the database being unreachable and it still does not answer. */
async function databaseAway(db: Database, error: unknown): Promise<boolean> {
  if (error instanceof DatabaseAwayError) return true;
  if (!isDatabaseUnavailable(error)) return false;
  // A connection error may also come from elsewhere (the email provider's socket); and a database
  // that is back already can take the normal retry, which records itself.
  return withTimeout(db.execute(sql`select 1`), 2_000, "PostgreSQL").then(
    () => false,
    () => true,
  );
}

/**
 * Runs one task job: `processing` → the processor → `processed` (with its result), or back to
 * `queued` for a retry, or `failed` with the reason when retrying cannot help. Every change is
 * stored with the task and published.
 *
 * While the database is away (a restart, a failover) a job can neither run nor record its
 * failure, and retrying it on its own budget would exhaust that budget within seconds and leave
 * its row `queued` or `processing` for ever. So such a job is put back, delayed, without spending
 * an attempt (BullMQ `moveToDelayed` + `DelayedError`), until the database answers again.
 */
export function createTaskRunner(options: {
  readonly db: Database;
  readonly logger: Logger;
  readonly processors: TaskProcessors;
  readonly publish: (event: TaskStatusEvent) => Promise<void>;
  readonly metrics?: TaskMetrics;
  readonly mailer: Mailer;
  readonly dispatch: TaskContext["dispatch"];
}) {
  const publish = (event: TaskStatusEvent) =>
    options.publish(event).catch((error: unknown) => options.logger.warn({ err: error }, "status not published"));

  const runJob = async (job: Job<TaskJobData>): Promise<unknown> => {
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
      // Recording "retrying" or "failed" would fail too; and the attempt is not the task's fault.
      if (await databaseAway(options.db, error))
        throw new DatabaseAwayError("the database is unavailable", { cause: error });
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

  return async (job: Job<TaskJobData>, token?: string): Promise<unknown> => {
    try {
      return await runJob(job);
    } catch (error) {
      // Without a lock token (a direct call, not BullMQ's worker) the job cannot be put back.
      if (token === undefined || !(await databaseAway(options.db, error))) throw error;
      // Starts that did not count as attempts so far: the wait doubles with each.
      const waits = Math.max(0, job.attemptsStarted - job.attemptsMade - 1);
      const ceiling = Math.min(DATABASE_WAIT_CAP_MS, DATABASE_WAIT_MS * 2 ** Math.min(waits, 10));
      const delayMs = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
      options.logger.warn(
        { jobId: job.id, taskId: job.data.taskId, delayMs, err: error },
        "database unavailable: task put back without spending an attempt",
      );
      await job.moveToDelayed(Date.now() + delayMs, token);
      throw new DelayedError();
    }
  };
}
