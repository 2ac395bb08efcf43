export { type OutboxEmail, writeOutboxEmail } from "./email-outbox.ts";
export { createTaskProducer, type TaskJobData, type TaskProducer } from "./producer.ts";
export { QUEUES, type QueueName } from "./queues.ts";
export { DEFAULT_RETRY_MAX_DELAY_MS, retryDelayMs } from "./retry.ts";
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
