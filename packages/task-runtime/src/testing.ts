import { collectMetrics } from "./handlers/collect-metrics.job.ts";
import { emailNotification } from "./handlers/email-notification.job.ts";
import { userLogin } from "./handlers/user-login.job.ts";
import { userRegistration } from "./handlers/user-registration.job.ts";

/** The handlers that need no domain tables beyond accounts (appointment_booking stays unhandled). */
export const baseTaskProcessors = {
  user_login: userLogin,
  user_registration: userRegistration,
  collect_metrics: collectMetrics,
  email_notification: emailNotification,
};
