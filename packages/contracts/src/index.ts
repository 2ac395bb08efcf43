// The enums, roles, dates and appointment-status modules hold no zod: the dashboard imports them,
// and with "sideEffects": false its bundle takes only what it uses.
export { ACCOUNT_PAGES, type AccountPage, accountLink } from "./account-links.ts";
export { type AlertReport, alertReport } from "./alerts.ts";
export { APPOINTMENT_TRANSITIONS, STATUS_REASON_MAX_LENGTH } from "./appointment-status.ts";
export { type AppointmentRequest, appointmentRequest } from "./appointments.ts";
export {
  AUDIT_ACTION_NAMES,
  AUDIT_ACTIONS,
  AUDIT_TARGET_TYPES,
  type AuditAction,
  type AuditTargetType,
  SECURITY_EVENT_ACTIONS,
} from "./audit.ts";
export {
  APPOINTMENT_MINUTES,
  bookableTimes,
  bookingWindow,
  CLINIC_TIMES,
  MAX_BOOKING_DAYS_AHEAD,
  MAX_OPEN_BOOKINGS_PER_CITIZEN,
  openBookingsCapMessage,
} from "./booking.ts";
export { addDays, localDate, localInstant, localTime } from "./dates.ts";
export { describeDevice } from "./devices.ts";
export * from "./enums.ts";
export { APP_ERROR_KINDS, AppError, type AppErrorCode, type AppErrorOptions } from "./errors.ts";
export { personName, singleLineName } from "./fields.ts";
export { USERNAME_CHARACTERS, usernameKey } from "./identity.ts";
export { type MetricDefinition, metricDefinition, SECTOR_METRICS } from "./metric-definitions.ts";
export {
  type Actor,
  ALERT_MANAGERS,
  HEALTHCARE_STAFF,
  isHealthcareStaff,
  mayManageAlerts,
  needsSecondFactor,
  ROLE_LABELS,
  SECOND_FACTOR_ROLES,
} from "./roles.ts";
export {
  CITIZEN_TASK_LIMITS,
  defineTask,
  isSystemOnlyTask,
  MAX_DELAY_DAYS,
  PRIORITY,
  type Refusal,
  SECTORS,
  type Sector,
  STAFF_TASK_LIMITS,
  type SubmitTaskInput,
  SYSTEM_ONLY_TASK_TYPES,
  SYSTEM_ONLY_TASKS,
  type SystemOnlyTaskType,
  submissionRefusal,
  submitTaskInput,
  systemOnlyMessage,
  TASK_RETRIES,
  TASK_TYPES,
  TASKS,
  type TaskDefinition,
  type TaskLimits,
  type TaskPayload,
  type TaskType,
  taskLimits,
  taskPayloads,
} from "./tasks/index.ts";
