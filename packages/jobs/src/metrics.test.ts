import { describe, expect, it } from "vitest";
import { WorkerMetrics } from "./metrics.ts";

describe("WorkerMetrics", () => {
  it("renders counters, a cumulative histogram and queue depth in Prometheus text format", () => {
    const metrics = new WorkerMetrics();
    metrics.record("collect_metrics", "processed", 0.004);
    metrics.record("collect_metrics", "processed", 0.2);
    metrics.record("collect_metrics", "failed", 3);
    const text = metrics.render({ waiting: 4, active: 1 });
    expect(text).toContain('govconnect_jobs_processed_total{type="collect_metrics"} 2');
    expect(text).toContain('govconnect_jobs_failed_total{type="collect_metrics"} 1');
    expect(text).toContain('govconnect_job_duration_seconds_bucket{type="collect_metrics",le="0.005"} 1');
    expect(text).toContain('govconnect_job_duration_seconds_bucket{type="collect_metrics",le="0.25"} 2');
    expect(text).toContain('govconnect_job_duration_seconds_bucket{type="collect_metrics",le="5"} 3');
    expect(text).toContain('govconnect_job_duration_seconds_bucket{type="collect_metrics",le="+Inf"} 3');
    expect(text).toContain('govconnect_job_duration_seconds_count{type="collect_metrics"} 3');
    expect(text).toContain('govconnect_queue_jobs{state="waiting"} 4');
    expect(text.endsWith("\n")).toBe(true);
  });
});
