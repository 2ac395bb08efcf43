import type { AlertType, UserRole } from "./enums.ts";
import { ALERT_TYPES, USER_ROLES } from "./enums.ts";

/** Who is acting: the signed-in user, as their session says. */
export interface Actor {
  readonly userId: string;
  readonly role: UserRole;
}

/** Each role as people read it (the dashboard, invitation emails). */
export const ROLE_LABELS: Readonly<Record<UserRole, string>> = {
  user: "Citizen",
  healthcare_admin: "Healthcare staff",
  agriculture_admin: "Agriculture staff",
  admin: "Administrator",
};

/** Roles that run the healthcare service: manage hospitals, see and move every appointment. */
export const HEALTHCARE_STAFF: readonly UserRole[] = ["healthcare_admin", "admin"];

export const isHealthcareStaff = (actor: Pick<Actor, "role">) => HEALTHCARE_STAFF.includes(actor.role);

/** Who may raise and handle alerts of a type: admins any, a sector's admins their sector's. */
export function mayManageAlerts(actor: Pick<Actor, "role">, type: AlertType): boolean {
  if (actor.role === "admin") return true;
  if (type === "Healthcare") return actor.role === "healthcare_admin";
  if (type === "Agriculture") return actor.role === "agriculture_admin";
  return false;
}

/** The roles that may raise at least one type of alert: admins, and sector admins for their sector. */
export const ALERT_MANAGERS: readonly UserRole[] = USER_ROLES.filter((role) =>
  ALERT_TYPES.some((type) => mayManageAlerts({ role }, type)),
);

/**
 * Roles that see other people's data or change what everyone sees: a password alone is not
 * enough for them (NIST 800-63B AAL2). Without a second factor they may sign in only to set one up.
 */
export const SECOND_FACTOR_ROLES: readonly UserRole[] = ["healthcare_admin", "agriculture_admin", "admin"];

export const needsSecondFactor = (actor: Pick<Actor, "role">) => SECOND_FACTOR_ROLES.includes(actor.role);
