/** Upper bounds (seconds) of the processing-time histogram's buckets. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * What a worker process has done, in Prometheus' text format: jobs processed and failed per
 * task type, and processing time as a histogram. Queue depth is read from Redis when scraped.
 */
export class WorkerMetrics {
  private readonly processed = new Map<string, number>();
  private readonly failed = new Map<string, number>();
  private readonly bucketCounts = new Map<string, number[]>();
  private readonly sums = new Map<string, number>();

  record(type: string, outcome: "processed" | "failed", seconds: number): void {
    const counter = outcome === "processed" ? this.processed : this.failed;
    counter.set(type, (counter.get(type) ?? 0) + 1);
    const buckets = this.bucketCounts.get(type) ?? BUCKETS.map(() => 0);
    BUCKETS.forEach((bound, index) => {
      if (seconds <= bound) buckets[index] = (buckets[index] ?? 0) + 1;
    });
    this.bucketCounts.set(type, buckets);
    this.sums.set(type, (this.sums.get(type) ?? 0) + seconds);
  }

  render(queueDepth: Readonly<Record<string, number>>): string {
    const lines: string[] = [];
    const label = (type: string) => `type="${type.replace(/["\\\n]/g, "")}"`;
    lines.push("# HELP govconnect_jobs_processed_total Tasks this worker finished successfully.");
    lines.push("# TYPE govconnect_jobs_processed_total counter");
    for (const [type, n] of this.processed) lines.push(`govconnect_jobs_processed_total{${label(type)}} ${n}`);
    lines.push("# HELP govconnect_jobs_failed_total Task attempts that failed in this worker (retried or final).");
    lines.push("# TYPE govconnect_jobs_failed_total counter");
    for (const [type, n] of this.failed) lines.push(`govconnect_jobs_failed_total{${label(type)}} ${n}`);
    lines.push("# HELP govconnect_job_duration_seconds Time from picking a task up to finishing it.");
    lines.push("# TYPE govconnect_job_duration_seconds histogram");
    for (const [type, buckets] of this.bucketCounts) {
      const total = (this.processed.get(type) ?? 0) + (this.failed.get(type) ?? 0);
      BUCKETS.forEach((bound, index) => {
        lines.push(`govconnect_job_duration_seconds_bucket{${label(type)},le="${bound}"} ${buckets[index] ?? 0}`);
      });
      lines.push(`govconnect_job_duration_seconds_bucket{${label(type)},le="+Inf"} ${total}`);
      lines.push(`govconnect_job_duration_seconds_sum{${label(type)}} ${this.sums.get(type) ?? 0}`);
      lines.push(`govconnect_job_duration_seconds_count{${label(type)}} ${total}`);
    }
    lines.push("# HELP govconnect_queue_jobs Jobs in the tasks queue by state, across all workers.");
    lines.push("# TYPE govconnect_queue_jobs gauge");
    for (const [state, n] of Object.entries(queueDepth)) lines.push(`govconnect_queue_jobs{state="${state}"} ${n}`);
    return `${lines.join("\n")}\n`;
  }
}
