import type { UserRole } from "@govconnect/contracts";
import type { Page } from "./route.ts";

export interface NavItem {
  readonly page: Page;
  readonly label: string;
}

/**
 * Each role's navigation, its home first: only what the role may do. The server checks every
 * call anyway; this is so nobody is offered a page that would only refuse them.
 */
export const NAV: Readonly<Record<UserRole, readonly NavItem[]>> = {
  user: [
    { page: "appointments", label: "My appointments" },
    { page: "book", label: "Book an appointment" },
    { page: "requests", label: "Track my requests" },
    // alerts.list is open to every signed-in user: public alerts are for citizens too.
    { page: "alerts", label: "Alerts" },
    { page: "account", label: "My account" },
  ],
  healthcare_admin: [
    { page: "work-queue", label: "Work queue" },
    { page: "sector", label: "Healthcare figures" },
    { page: "overview", label: "Overview" },
    { page: "alerts", label: "Alerts" },
    { page: "account", label: "My account" },
  ],
  agriculture_admin: [
    { page: "sector", label: "Agriculture figures" },
    { page: "overview", label: "Overview" },
    { page: "alerts", label: "Alerts" },
    { page: "account", label: "My account" },
  ],
  admin: [
    { page: "overview", label: "Overview" },
    { page: "alerts", label: "Alerts" },
    { page: "users", label: "Users" },
    { page: "admin", label: "Email log" },
    { page: "audit", label: "Audit log" },
    { page: "work-queue", label: "Work queue" },
    { page: "developer", label: "Developer" },
    { page: "account", label: "My account" },
  ],
};

/** Pages a role opens from inside its own pages (not in its navigation). */
const INNER: Readonly<Record<UserRole, readonly Page[]>> = {
  user: ["booked", "appointment"],
  healthcare_admin: ["appointment"],
  agriculture_admin: [],
  admin: ["appointment"],
};

/**
 * Pages any signed-in user may open by address: the dev outbox (emailed links are followed
 * through it in development and tests), the voluntary two-step set-up, the first-run page (it says
 * setup is done), the service status and the pages emailed links open.
 */
const ANYONE: readonly Page[] = [
  "outbox",
  "two-step-setup",
  "setup",
  "status",
  "verify-email",
  "reset-password",
  "forgot-password",
  "accept-invitation",
];

/** Where sign-in leads: never worth staying on once signed in. */
export const SIGNED_OUT_PAGES: readonly Page[] = ["signin", "register"];

export const homeOf = (role: UserRole): Page => NAV[role][0]?.page ?? "account";

export const mayOpen = (role: UserRole, page: Page): boolean =>
  NAV[role].some((item) => item.page === page) || INNER[role].includes(page) || ANYONE.includes(page);

/** Each page's name, for the document's title ("Book an appointment – GovConnect"). */
export const PAGE_TITLES: Readonly<Record<Page, string>> = {
  appointments: "My appointments",
  book: "Book an appointment",
  booked: "Appointment booked",
  appointment: "Your appointment",
  requests: "Track my requests",
  "work-queue": "Work queue",
  // The page names its sector itself ("Agriculture figures"): this is for the moment before it knows.
  sector: "Sector figures",
  overview: "Overview",
  alerts: "Alerts",
  admin: "Email log",
  users: "Users",
  audit: "Audit log",
  developer: "Developer",
  outbox: "Dev outbox",
  signin: "Sign in",
  register: "Create an account",
  status: "Service status",
  "two-step-setup": "Set up two-step verification",
  account: "My account",
  setup: "Set up GovConnect",
  "verify-email": "Confirm your email address",
  "reset-password": "Choose a new password",
  "forgot-password": "Forgot your password?",
  "accept-invitation": "Accept your invitation",
};
