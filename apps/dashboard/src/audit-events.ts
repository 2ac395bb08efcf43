import type { AuditTargetType } from "@govconnect/contracts";
import { AUDIT_ACTIONS, describeDevice, ROLE_LABELS, USER_ROLES } from "@govconnect/contracts";
import type { RouterOutputs } from "@govconnect/router";
import type { Format } from "./format.ts";

/** One entry of the audit log (or of an account's own security activity). */
export type AuditEvent = RouterOutputs["audit"]["list"]["items"][number];

/** What an event can be about, in words (the audit log's "What it was about" filter). */
export const TARGET_LABELS: Record<AuditTargetType, string> = {
  user: "An account",
  invitation: "An invitation",
  appointment: "An appointment",
  alert: "An alert",
  hospital: "A hospital",
  email: "An email",
  task: "A task",
};

const TARGET_NOUNS: Record<AuditTargetType, string> = {
  user: "Account",
  invitation: "Invitation",
  appointment: "Appointment",
  alert: "Alert",
  hospital: "Hospital",
  email: "Email",
  task: "Task",
};

/** What happened, in words. */
export const eventLabel = (event: Pick<AuditEvent, "action">): string => AUDIT_ACTIONS[event.action];

/** The short reference patients quote for an appointment (`APT-1A2B3C4D`), as the appointment pages show it. */
const appointmentReference = (id: string) => `APT-${id.slice(0, 8).toUpperCase()}`;

/** What the event was about: "Account demo_health", "Appointment APT-1A2B3C4D", "Alert", or null. */
export function eventTarget(event: Pick<AuditEvent, "target">): string | null {
  const { target } = event;
  if (!target) return null;
  const name = target.label ?? (target.type === "appointment" ? appointmentReference(target.id) : null);
  return name ? `${TARGET_NOUNS[target.type]} ${name}` : TARGET_NOUNS[target.type];
}

const REASONS: Record<string, string> = {
  password: "wrong password",
  code: "wrong code",
  deactivated: "account deactivated",
};
const METHODS: Record<string, string> = {
  totp: "with a code from the app",
  recovery_code: "with a recovery code",
};

const isRole = (value: string): value is keyof typeof ROLE_LABELS => (USER_ROLES as readonly string[]).includes(value);
const plain = (value: unknown): string | null => {
  if (typeof value !== "string") return null;
  return isRole(value) ? ROLE_LABELS[value] : value.replaceAll("_", " ");
};

/** The event's details in a few words ("from scheduled to confirmed", "wrong code"), or null. */
export function eventDetails(event: Pick<AuditEvent, "details">): string | null {
  const details = event.details;
  const parts: string[] = [];
  const from = plain(details.from);
  const to = plain(details.to);
  if (from && to) parts.push(`from ${from} to ${to}`);
  else if (from) parts.push(`was ${from}`);
  if (typeof details.reason === "string") parts.push(REASONS[details.reason] ?? details.reason);
  if (typeof details.method === "string" && METHODS[details.method]) parts.push(METHODS[details.method] ?? "");
  if (typeof details.username === "string" && typeof details.reason === "string") {
    parts.push(`username tried: ${details.username}`);
  }
  if (typeof details.count === "number") parts.push(`${details.count} device${details.count === 1 ? "" : "s"}`);
  return parts.length > 0 ? parts.join(", ") : null;
}

/** The device, in words ("Chrome on Linux"). */
export const eventDevice = (event: Pick<AuditEvent, "userAgent">): string =>
  event.userAgent ? describeDevice(event.userAgent) : "Unknown device";

/** When, in the reader's own time. */
/** When an event happened, in the deployment's locale and zone. */
export const eventTime = (event: Pick<AuditEvent, "at">, format: Format): string => format.dateTime(event.at);
