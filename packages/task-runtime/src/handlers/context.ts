import type { TaskPayload, TaskType } from "@govconnect/contracts";
import type { Database, Task } from "@govconnect/db";
import type { Mailer } from "@govconnect/emails";
import type { WrittenTask } from "@govconnect/jobs";
import type { Logger } from "@govconnect/runtime";

/** What a task processor gets: its validated payload, the task row, and the database. */
export interface TaskContext {
  readonly db: Database;
  readonly task: Task;
  readonly attempt: number;
  readonly logger: Logger;
  readonly mailer: Mailer;
  /** Queues follow-up tasks a processor wrote in its own transaction, once it has committed. */
  readonly dispatch: (written: WrittenTask) => Promise<void>;
}

/**
 * Does one task type's work and returns its result (stored as the task's `result`). Runs at least
 * once, so it must be idempotent: a re-run after a crash must change nothing twice.
 */
export type TaskProcessor<T extends TaskType> = (payload: TaskPayload<T>, context: TaskContext) => Promise<unknown>;

export type TaskProcessors = { readonly [T in TaskType]?: TaskProcessor<T> };
