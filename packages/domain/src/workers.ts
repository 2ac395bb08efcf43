import type { Config } from "@govconnect/config";
import type { Database } from "@govconnect/db";
import type { Schedule, WorkerRuntime } from "@govconnect/jobs";
import { startConfiguredWorkers } from "@govconnect/jobs";
import type { Logger } from "@govconnect/runtime";
import { healthcareSnapshotTask } from "./metrics/metrics.ts";
import { taskProcessors } from "./processors.ts";

/** `collect_metrics` on a schedule: the healthcare figures sampled every `everyMs` (0: off). */
export function metricsSchedule(db: Database, everyMs: number): Schedule {
  return { id: "collect_metrics:healthcare", everyMs, task: (at) => healthcareSnapshotTask(db, at) };
}

/** GovConnect's workers as a process runs them from its configuration: every task type, and the schedules. */
export function startGovConnectWorkers(config: Config, db: Database, logger: Logger): Promise<WorkerRuntime> {
  return startConfiguredWorkers(config, db, logger, {
    processors: taskProcessors,
    schedules: [metricsSchedule(db, config.worker.metricsIntervalSeconds * 1000)],
  });
}
