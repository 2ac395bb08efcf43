export { QUEUES, type QueueName } from "./queues.ts";
export {
  type Processor,
  type ProcessorRegistry,
  startWorkerRuntime,
  type WorkerRuntime,
  type WorkerRuntimeOptions,
} from "./worker-runtime.ts";
