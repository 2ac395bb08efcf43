export { type AlertReport, alertReport } from "./alerts.ts";
export { APPOINTMENT_TRANSITIONS, type AppointmentRequest, appointmentRequest } from "./appointments.ts";
export { addDays, localDate, localInstant } from "./dates.ts";
export * from "./enums.ts";
export { APP_ERROR_KINDS, AppError, type AppErrorCode, type AppErrorOptions } from "./errors.ts";
export { type Actor, ALERT_MANAGERS, HEALTHCARE_STAFF, isHealthcareStaff, mayManageAlerts } from "./roles.ts";
export {
  defineTask,
  PRIORITY,
  type Refusal,
  SECTORS,
  type Sector,
  type SubmitTaskInput,
  submissionRefusal,
  submitTaskInput,
  TASK_RETRIES,
  TASK_TYPES,
  TASKS,
  type TaskDefinition,
  type TaskPayload,
  type TaskType,
  taskPayloads,
} from "./tasks/index.ts";
