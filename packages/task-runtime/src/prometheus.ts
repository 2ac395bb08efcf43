import type { Registry } from "prom-client";
import { Counter, Gauge, Histogram } from "prom-client";

/** Upper bounds (seconds) of the processing-time histogram's buckets. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Where the task runner counts each attempt it finished, and how long the attempt took. */
export interface TaskMetrics {
  record(type: string, outcome: "processed" | "failed", seconds: number): void;
}

/**
 * Registers what a worker process has done on `registry`: jobs processed and failed per task type,
 * and processing time as a histogram. Queue depth is read from Redis (`queueDepth`) when scraped,
 * so a scrape fails while Redis is away rather than report stale numbers.
 */
export function registerWorkerMetrics(
  registry: Registry,
  queueDepth: () => Promise<Readonly<Record<string, number>>>,
): TaskMetrics {
  const processed = new Counter({
    name: "govconnect_jobs_processed_total",
    help: "Tasks this worker finished successfully.",
    labelNames: ["type"] as const,
    registers: [registry],
  });
  const failed = new Counter({
    name: "govconnect_jobs_failed_total",
    help: "Task attempts that failed in this worker (retried or final).",
    labelNames: ["type"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "govconnect_job_duration_seconds",
    help: "Time from picking a task up to finishing it.",
    labelNames: ["type"] as const,
    buckets: BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: "govconnect_queue_jobs",
    help: "Jobs in the tasks queue by state, across all workers.",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      const depth = await queueDepth();
      // Exactly the states Redis reported in this scrape, none left over from an earlier one.
      this.reset();
      for (const [state, jobs] of Object.entries(depth)) this.set({ state }, jobs);
    },
  });
  return {
    record(type, outcome, seconds) {
      (outcome === "processed" ? processed : failed).inc({ type });
      duration.observe({ type }, seconds);
    },
  };
}
