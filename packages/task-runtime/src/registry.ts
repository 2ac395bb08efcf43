import { alertProcessing } from "./handlers/alert-processing.job.ts";
import { appointmentBooking } from "./handlers/appointment-booking.job.ts";
import { collectMetrics } from "./handlers/collect-metrics.job.ts";
import type { TaskProcessors } from "./handlers/context.ts";
import { emailNotification } from "./handlers/email-notification.job.ts";
import { passwordReset } from "./handlers/password-reset.job.ts";
import { userLogin } from "./handlers/user-login.job.ts";
import { userRegistration } from "./handlers/user-registration.job.ts";

/** Every task type's handler: what a GovConnect worker runs. A type without one does not compile. */
export const taskHandlers = {
  user_login: userLogin,
  user_registration: userRegistration,
  collect_metrics: collectMetrics,
  appointment_booking: appointmentBooking,
  alert_processing: alertProcessing,
  email_notification: emailNotification,
  password_reset: passwordReset,
} as const satisfies Required<TaskProcessors>;
