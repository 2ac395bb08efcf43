import { metricSamples } from "@govconnect/db";
import type { TaskProcessor } from "./context.ts";

/**
 * Stores metric samples for the dashboard. A sample without a time takes the task's creation
 * time (not "now"), so a re-run inserts nothing new.
 */
export const collectMetrics: TaskProcessor<"collect_metrics"> = async (payload, { db, task }) => {
  const inserted = await db
    .insert(metricSamples)
    .values(
      payload.samples.map((sample) => ({
        taskId: task.id,
        sector: payload.sector,
        metric: sample.metric,
        value: sample.value,
        at: sample.at ? new Date(sample.at) : task.createdAt,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: metricSamples.id });
  return { sector: payload.sector, stored: inserted.length, received: payload.samples.length };
};
