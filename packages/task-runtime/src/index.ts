export type { TaskContext, TaskProcessor, TaskProcessors } from "./handlers/context.ts";
export type { TaskMetrics } from "./prometheus.ts";
export { taskHandlers } from "./registry.ts";
export { recoverStrandedTasks, relayQueuedTasks, STRANDED_AFTER_MS } from "./relay.ts";
export type { Schedule } from "./schedules.ts";
export { metricsSchedule, startConfiguredWorkers, startGovConnectWorkers } from "./start.ts";
export { startWorkerRuntime, type WorkerRuntime, type WorkerRuntimeOptions } from "./worker-runtime.ts";
