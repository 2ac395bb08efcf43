export { type Actor, HEALTHCARE_STAFF, isHealthcareStaff, mayManageAlerts } from "./actor.ts";
export {
  type AlertView,
  alertFingerprint,
  alertListInput,
  alertView,
  createAlert,
  ESCALATE_EVERY,
  escalated,
  handleAlert,
  listAlerts,
  type ReportOutcome,
  reportAlert,
  toAlertView,
} from "./alerts.ts";
export {
  APPOINTMENT_TRANSITIONS,
  type AppointmentView,
  allAppointmentsInput,
  appointmentHistory,
  appointmentReference,
  appointmentView,
  bookAppointment,
  changeAppointmentStatus,
  changeStatusInput,
  type Dispatch,
  listAllAppointments,
  listMyAppointments,
  myAppointmentsInput,
  SLOT_TAKEN,
  takenSlots,
  takenSlotsInput,
} from "./appointments.ts";
export { addDays, localDate, localInstant } from "./clock.ts";
export { createDashboardFeed, type DashboardFeed, dashboardChannel } from "./dashboard-feed.ts";
export {
  type CreateHospitalInput,
  createHospital,
  createHospitalInput,
  deactivateHospital,
  getHospital,
  type HospitalView,
  hospitalListInput,
  hospitalView,
  listHospitals,
  type UpdateHospitalInput,
  updateHospital,
  updateHospitalInput,
} from "./hospitals.ts";
export {
  computeDashboardMetrics,
  currentDashboardMetrics,
  type DashboardMetrics,
  dashboardMetrics,
  healthcareSnapshotTask,
  MAX_SERIES_POINTS,
  metricSeries,
  SAMPLED_METRICS,
  SNAPSHOT_METRICS,
  seriesInput,
} from "./metrics.ts";
export {
  type Cursor,
  decodeCursor,
  encodeCursor,
  isUuid,
  olderThan,
  type Page,
  pageInput,
  toPage,
} from "./pagination.ts";
export { alertProcessing, appointmentBooking, taskProcessors } from "./processors.ts";
export { metricsSchedule, startGovConnectWorkers } from "./workers.ts";
