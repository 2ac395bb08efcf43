import { collectMetrics } from "./collect-metrics.job.ts";
import type { TaskProcessors } from "./context.ts";
import { userLogin } from "./user-login.job.ts";
import { userRegistration } from "./user-registration.job.ts";

/**
 * The task types this release can process. `appointment_booking`, `alert_processing` and
 * `email_notification` arrive with the appointments and email domains; until then the API
 * refuses them (501) rather than queueing work nobody can do.
 */
export const taskProcessors: TaskProcessors = {
  user_login: userLogin,
  user_registration: userRegistration,
  collect_metrics: collectMetrics,
};

export type { TaskContext, TaskProcessor, TaskProcessors } from "./context.ts";
