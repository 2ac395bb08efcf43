export { startConfiguredWorkers } from "./configured-workers.ts";
export { type OutboxEmail, writeOutboxEmail } from "./email-outbox.ts";
export { baseTaskProcessors, type TaskContext, type TaskProcessor, type TaskProcessors } from "./processors/index.ts";
export { createTaskProducer, type TaskJobData, type TaskProducer } from "./producer.ts";
export { QUEUES, type QueueName } from "./queues.ts";
export { recoverStrandedTasks, relayQueuedTasks, STRANDED_AFTER_MS } from "./relay.ts";
export type { Schedule } from "./schedules.ts";
export { createTaskEventBus, type TaskEventBus } from "./task-events.ts";
export {
  type TaskStatusEvent,
  taskStatusChannel,
  taskStatusEventSchema,
} from "./task-status.ts";
export {
  type Executor,
  insertTask,
  loadTask,
  type NewTask,
  recordTaskDone,
  toStatusEvent,
  transitionTask,
  type WrittenTask,
  withdrawTask,
} from "./task-store.ts";
export { startWorkerRuntime, type WorkerRuntime, type WorkerRuntimeOptions } from "./worker-runtime.ts";
