import { collectMetrics } from "./collect-metrics.job.ts";
import type { TaskProcessors } from "./context.ts";
import { emailNotification } from "./email-notification.job.ts";
import { userLogin } from "./user-login.job.ts";
import { userRegistration } from "./user-registration.job.ts";

/**
 * The processors of the tasks this package can do by itself. The appointments and alerts tasks
 * are the domain's (`@govconnect/domain` exports the full set a worker runs).
 */
export const baseTaskProcessors = {
  user_login: userLogin,
  user_registration: userRegistration,
  collect_metrics: collectMetrics,
  email_notification: emailNotification,
} as const satisfies TaskProcessors;

export type { TaskContext, TaskProcessor, TaskProcessors } from "./context.ts";
