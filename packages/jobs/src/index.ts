export { startConfiguredWorkers } from "./configured-workers.ts";
export { WorkerMetrics } from "./metrics.ts";
export { type TaskContext, type TaskProcessor, type TaskProcessors, taskProcessors } from "./processors/index.ts";
export { createTaskProducer, type TaskJobData, type TaskProducer } from "./producer.ts";
export { QUEUES, type QueueName } from "./queues.ts";
export { relayQueuedTasks } from "./relay.ts";
export { createTaskEventBus, type TaskEventBus } from "./task-events.ts";
export { type Executor, insertTask, loadTask, type NewTask, toStatusEvent, transitionTask } from "./task-store.ts";
export {
  PRIORITY,
  SECTORS,
  TASK_RETRIES,
  TASK_TYPES,
  type TaskPayload,
  type TaskStatusEvent,
  type TaskType,
  taskPayloads,
  taskStatusChannel,
  taskStatusEventSchema,
} from "./tasks.ts";
export { startWorkerRuntime, type WorkerRuntime, type WorkerRuntimeOptions } from "./worker-runtime.ts";
