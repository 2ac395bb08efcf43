import { alertReport } from "../alerts.ts";
import { mayManageAlerts } from "../roles.ts";
import { defineTask } from "./define.ts";

export const alertProcessingTask = defineTask({
  type: "alert_processing",
  description: "Report an alert: repeats of an open one are folded into it (admins)",
  payload: alertReport,
  retries: { attempts: 5, delayMs: 1_000 },
  maySubmit: (actor, report) =>
    mayManageAlerts(actor, report.type)
      ? null
      : { message: `You cannot raise ${report.type} alerts`, field: "data.type" },
});
