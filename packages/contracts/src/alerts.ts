import { z } from "zod";
import { ALERT_SEVERITIES, ALERT_TYPES } from "./enums.ts";
import { trimmedText } from "./fields.ts";

/** A report of something wrong: an admin's alert, or the `alert_processing` task's payload. */
export const alertReport = z.strictObject({
  type: z.enum(ALERT_TYPES, { error: `type must be one of ${ALERT_TYPES.join(", ")}` }),
  severity: z.enum(ALERT_SEVERITIES, { error: `severity must be one of ${ALERT_SEVERITIES.join(", ")}` }),
  message: trimmedText("message", 1000),
  source: trimmedText("source", 120).optional(),
});
export type AlertReport = z.infer<typeof alertReport>;
