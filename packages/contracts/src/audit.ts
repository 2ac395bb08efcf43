/**
 * Every event the audit log records, and how a person reads it. The domain writes them, the
 * API filters by them and the dashboard labels them from this one list.
 */
export const AUDIT_ACTIONS = {
  "sign_in.succeeded": "Signed in",
  "sign_in.failed": "Sign-in failed",
  "sign_in.locked": "Sign-in locked after repeated failures",
  sign_out: "Signed out",
  "second_factor.enrolled": "Two-step verification turned on",
  "second_factor.removed": "Two-step verification turned off",
  "second_factor.reset": "Two-step verification reset by an administrator",
  "second_factor.recovery_codes_regenerated": "New recovery codes made",
  "second_factor.recovery_code_used": "Signed in with a recovery code",
  "password.reset": "Password reset from an emailed link",
  "password.changed": "Password changed",
  "email.changed": "Email address changed",
  "sessions.ended": "Signed out other devices",
  "invitation.sent": "Invitation sent",
  "invitation.revoked": "Invitation withdrawn",
  "invitation.accepted": "Invitation accepted",
  "user.role_changed": "Role changed",
  "user.deactivated": "Account deactivated",
  "user.reactivated": "Account reactivated",
  "appointment.status_changed": "Appointment status changed",
  "alert.raised": "Alert raised",
  "alert.acknowledged": "Alert acknowledged",
  "alert.resolved": "Alert resolved",
  "hospital.created": "Hospital added",
  "hospital.changed": "Hospital changed",
  "email.resent": "Email sent again",
  "task.submitted": "Task submitted by staff",
  "setup.completed": "First administrator created",
} as const satisfies Record<string, string>;
export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as AuditAction[];

/** The events an account's owner sees on My account: what happened to their own sign-in and security. */
export const SECURITY_EVENT_ACTIONS: readonly AuditAction[] = [
  "sign_in.succeeded",
  "sign_in.failed",
  "sign_in.locked",
  "second_factor.enrolled",
  "second_factor.removed",
  "second_factor.reset",
  "second_factor.recovery_codes_regenerated",
  "second_factor.recovery_code_used",
  "password.reset",
  "password.changed",
  "email.changed",
  "sessions.ended",
];

/** What an audit event is about. */
export const AUDIT_TARGET_TYPES = ["user", "invitation", "appointment", "alert", "hospital", "email", "task"] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];
