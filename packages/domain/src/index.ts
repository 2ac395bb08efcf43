export { getUser, listUsers, updateUser } from "./accounts/admin-users.ts";
export {
  confirmEmail,
  resendEmailConfirmation,
  writeEmailConfirmation,
} from "./accounts/email-confirmation.ts";
export {
  acceptInvitation,
  describeInvitation,
  INVITATION_VALID_DAYS,
  inviteUser,
  listOpenInvitations,
  revokeInvitation,
} from "./accounts/invitations.ts";
export { LINK_VALID_MINUTES } from "./accounts/links.ts";
export { endMyOtherSessions, endMySession, listMySessions, signOut } from "./accounts/my-sessions.ts";
export {
  PASSWORD_RESET_ACCEPTED,
  requestPasswordReset,
  resetPassword,
  sendPasswordResetLinks,
} from "./accounts/password-reset.ts";
export { updateProfile } from "./accounts/profile.ts";
export {
  createAccount,
  registerUser,
} from "./accounts/register.ts";
export {
  type AdminUserChanges,
  type AdminUserView,
  acceptInvitationInput,
  adminUserChanges,
  adminUserView,
  confirmEmailInput,
  emailSchema,
  forgotPasswordInput,
  fullNameSchema,
  type InvitationView,
  invitationInput,
  invitationView,
  type LoginInput,
  linkToken,
  loginInput,
  type ProfileChanges,
  type PublicUser,
  publicUser,
  type Registration,
  registerInput,
  resetPasswordInput,
  type SessionView,
  seedUser,
  sessionIdInput,
  sessionView,
  setupInput,
  USER_STATES,
  updateProfileInput,
  userIdInput,
  userListInput,
  usernameSchema,
} from "./accounts/schema.ts";
export { createFirstAdmin, setupNeeded } from "./accounts/setup.ts";
export {
  finishSignIn,
  type SecondFactorNeeded,
  type SignedIn,
  type SignInOutcome,
  signIn,
} from "./accounts/sign-in.ts";
export { currentUser, toPublicUser } from "./accounts/users.ts";
export {
  ALERT_SORTS,
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
} from "./alerts/alerts.ts";
export { bookAppointment, SLOT_TAKEN } from "./appointments/book.ts";
export { hospitalAddressLine } from "./appointments/email-details.ts";
export {
  APPOINTMENT_CSV_COLUMNS,
  appointmentHistory,
  exportAppointmentQueueCsv,
  getAppointment,
  listAllAppointments,
  listAppointmentQueue,
  listMyAppointments,
  listMyBookings,
  takenSlots,
} from "./appointments/queries.ts";
export {
  type AllAppointmentsInput,
  APPOINTMENT_QUEUE_SORTS,
  APPOINTMENT_QUEUE_VIEWS,
  type AppointmentQueueFilter,
  type AppointmentQueueInput,
  type AppointmentView,
  allAppointmentsInput,
  appointmentNumberedPage,
  appointmentQueueFilter,
  appointmentQueueInput,
  appointmentReference,
  appointmentView,
  type ChangeStatusInput,
  changeStatusInput,
  MY_BOOKING_VIEWS,
  type MyAppointmentsInput,
  type MyBookingsInput,
  myAppointmentsInput,
  myBookingsInput,
  type TakenSlotsInput,
  takenSlotsInput,
} from "./appointments/schema.ts";
export { COMPLETED_TOO_EARLY, changeAppointmentStatus } from "./appointments/status.ts";
export {
  AUDIT_CSV_COLUMNS,
  type AuditEntry,
  auditedBy,
  csvField,
  exportAuditCsv,
  listAudit,
  listSecurityEvents,
  writeAudit,
} from "./audit/audit.ts";
export {
  type AuditEventView,
  type AuditFilter,
  auditEventView,
  auditFilter,
  auditListInput,
  securityEventsInput,
} from "./audit/schema.ts";
export { listEmails, listOutbox } from "./email-log/queries.ts";
export { resendEmail } from "./email-log/resend.ts";
export {
  type EmailLogEntry,
  type EmailLogInput,
  emailLogEntry,
  emailLogInput,
  emailLogPage,
  type OutboxEmailView,
  outboxEmail,
  outboxInput,
} from "./email-log/schema.ts";
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
} from "./hospitals/hospitals.ts";
export {
  computeDashboardMetrics,
  createDashboardMetricsCache,
  type DashboardMetrics,
  type DashboardMetricsCache,
  dashboardMetrics,
  healthcareSnapshotTask,
  MAX_SERIES_POINTS,
  metricSeries,
  SAMPLED_METRICS,
  SNAPSHOT_METRICS,
  seriesInput,
} from "./metrics/metrics.ts";
export {
  beginEnrolment,
  confirmEnrolment,
  regenerateRecoveryCodes,
  removeSecondFactor,
  resetSecondFactor,
  type SecondFactorMethod,
  secondFactorStatusOf,
} from "./second-factor/factors.ts";
export {
  codeInput,
  enrolmentView,
  finishSignInInput,
  recoveryCodesView,
  secondFactorCode,
  secondFactorStatus,
} from "./second-factor/schema.ts";
export type { AuditedActor, ClientInfo, SessionActor } from "./shared/actor.ts";
export type { Dispatch } from "./shared/dispatch.ts";
export {
  type Cursor,
  decodeCursor,
  encodeCursor,
  isUuid,
  olderThan,
  type Page,
  pageInput,
  toPage,
} from "./shared/pagination.ts";
export { listOwnTasks, taskDetails, taskEventsAfter, toTaskView, visibleTask } from "./tasks/queries.ts";
export {
  type TaskDetail,
  type TaskListInput,
  type TaskView,
  taskDetail,
  taskListInput,
  taskView,
} from "./tasks/schema.ts";
export { submitTask } from "./tasks/submit.ts";
