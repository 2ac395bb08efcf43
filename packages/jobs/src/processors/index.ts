import { collectMetrics } from "./collect-metrics.job.ts";
import type { TaskProcessors } from "./context.ts";
import { emailNotification } from "./email-notification.job.ts";
import { userLogin } from "./user-login.job.ts";
import { userRegistration } from "./user-registration.job.ts";

/**
 * The task types this release can process. `appointment_booking` and `alert_processing` arrive
 * with the appointments and alerts domain; until then the API refuses them (501) rather than
 * queueing work nobody can do.
 */
export const taskProcessors: TaskProcessors = {
  user_login: userLogin,
  user_registration: userRegistration,
  collect_metrics: collectMetrics,
  email_notification: emailNotification,
};

export type { TaskContext, TaskProcessor, TaskProcessors } from "./context.ts";
