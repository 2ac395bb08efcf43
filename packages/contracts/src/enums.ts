/**
 * The value sets GovConnect's records are made of. The database's enums are built from these
 * (`@govconnect/db`'s schema), and clients (the typed client, the dashboard) read the same lists.
 */

export const USER_ROLES = ["user", "healthcare_admin", "agriculture_admin", "admin"] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** `cancelled`: withdrawn before it ran (an appointment reminder whose appointment was cancelled). */
export const TASK_STATUSES = ["queued", "processing", "processed", "failed", "cancelled"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** `cancelled`: no longer to be sent (a reminder for an appointment that was cancelled). */
export const EMAIL_STATUSES = ["queued", "sent", "failed", "cancelled"] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export const HOSPITAL_TYPES = ["government", "private"] as const;
export type HospitalType = (typeof HOSPITAL_TYPES)[number];

export const APPOINTMENT_STATUSES = ["scheduled", "confirmed", "cancelled", "completed"] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const ALERT_TYPES = ["Healthcare", "Agriculture", "Infrastructure", "System"] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

/** Most severe first. */
export const ALERT_SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_STATUSES = ["active", "acknowledged", "resolved"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
