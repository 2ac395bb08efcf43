import type { WrittenTask } from "@govconnect/jobs";

/**
 * Queues what a committed transaction wrote (the producer's `dispatch`). Every write that implies
 * a task writes the task row in its own transaction and calls this after the commit; what Redis
 * misses then, the relay queues.
 */
export type Dispatch = (written: WrittenTask) => Promise<void>;
