import type { Database } from "@govconnect/db";
import type { TaskJobData, TaskStatusEvent } from "@govconnect/jobs";
import { loadTask, transitionTask } from "@govconnect/jobs";
import type { Job } from "bullmq";

const FINAL_STATUSES: readonly string[] = ["processed", "failed", "cancelled"];

/**
 * Records, on its task, a job that BullMQ failed for good without the task runner recording it.
 * A job whose worker died mid-run more than `maxStalledCount` times is failed by BullMQ without
 * being run again (so a job that crashes every worker cannot take them all down), and an error
 * before the runner's own bookkeeping can use up the attempts. Without this the task would stay
 * `processing` or `queued` for good: accepted, and lost. Returns the event to publish, or nothing
 * when the job will run again or its task is already final.
 */
export async function failAbandonedTask(
  db: Database,
  job: Job<TaskJobData>,
  error: Error,
): Promise<TaskStatusEvent | undefined> {
  // BullMQ sets finishedOn only when it fails the job for good; otherwise the job runs again.
  if (job.finishedOn === undefined) return undefined;
  const task = await loadTask(db, job.data.taskId);
  if (!task || FINAL_STATUSES.includes(task.status)) return undefined;
  const reason = /stalled/.test(error.message)
    ? `its worker stopped while running it too many times, so it is not run again (${error.message})`
    : error.message;
  return transitionTask(db, task, { status: "failed", attempt: task.attempts, error: reason, detail: reason });
}
