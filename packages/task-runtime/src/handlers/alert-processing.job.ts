import { reportAlert } from "@govconnect/domain";
import type { TaskProcessor } from "./context.ts";

/** Classifies (fingerprints), de-duplicates, escalates and stores a reported alert. */
export const alertProcessing: TaskProcessor<"alert_processing"> = async (payload, { db, task, logger }) => {
  const outcome = await reportAlert(db, payload, {
    reportId: task.id,
    createdBy: task.ownerId,
    defaultSource: "alert_processing",
  });
  if (outcome.escalated || (!outcome.repeated && outcome.alert.severity === "CRITICAL")) {
    logger.warn({ alertId: outcome.alert.id, severity: outcome.alert.severity }, "alert needs attention");
  }
  return {
    alertId: outcome.alert.id,
    severity: outcome.alert.severity,
    occurrences: outcome.alert.occurrences,
    repeated: outcome.repeated,
    escalated: outcome.escalated,
  };
};
