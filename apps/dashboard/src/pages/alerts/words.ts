import type { AlertSeverity, AlertStatus } from "@govconnect/contracts";

/** Each severity in words, as the Alerts page, its filters and the Overview's counts all say it. */
export const SEVERITY_LABEL: Readonly<Record<AlertSeverity, string>> = {
  CRITICAL: "Critical",
  HIGH: "High",
  MEDIUM: "Medium",
  LOW: "Low",
};

/** One word for one state: an alert is Open until someone acknowledges it, then Resolved. */
export const ALERT_STATUS_LABEL: Readonly<Record<AlertStatus, string>> = {
  active: "Open",
  acknowledged: "Acknowledged",
  resolved: "Resolved",
};

/** The badge colour of a state (an open alert wants attention; a resolved one is good news). */
export const ALERT_STATUS_TONE: Readonly<Record<AlertStatus, string>> = {
  active: "open",
  acknowledged: "acknowledged",
  resolved: "resolved",
};

/** The lists the Alerts page shows: the API's `status` filter, in words. */
export const ALERT_VIEWS = {
  open: { label: "Not yet resolved", heading: "Alerts not yet resolved" },
  active: { label: "Open", heading: "Open alerts" },
  acknowledged: { label: "Acknowledged", heading: "Acknowledged alerts" },
  resolved: { label: "Resolved", heading: "Resolved alerts" },
  all: { label: "All", heading: "All alerts" },
} as const;
export type AlertView = keyof typeof ALERT_VIEWS;
