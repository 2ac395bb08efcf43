import type { RouterInputs } from "@govconnect/router";

/** A procedure by its dotted path, e.g. `"appointments.book"`. */
export type ProcedurePath = {
  [Router in keyof RouterInputs]: `${Router & string}.${keyof RouterInputs[Router] & string}`;
}[keyof RouterInputs];

/** Where a REST request's procedure input comes from. */
export type InputSource =
  | { readonly from: "none" }
  | { readonly from: "body"; readonly rename?: Readonly<Record<string, string>> }
  | { readonly from: "query"; readonly numeric?: readonly string[]; readonly only?: readonly string[] }
  | { readonly from: "params" }
  /** Path parameters and the body's keys, side by side (`PUT /api/appointments/{id}` + `{status}`). */
  | { readonly from: "params+body" }
  /** Path parameters, and the whole body under one key (`PUT /api/healthcare/hospitals/{id}` → `changes`). */
  | { readonly from: "params+bodyAs"; readonly key: string };

export interface RestRoute {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  /** Fastify's form: `/api/tasks/:taskId`. */
  readonly url: string;
  readonly procedure: ProcedurePath;
  readonly input: InputSource;
  /** The success status (the seed's contract: 201 for register, 202 for task submit…). */
  readonly status?: number;
  readonly summary: string;
  readonly tag: "Auth" | "Tasks" | "Hospitals" | "Appointments" | "Alerts" | "Dashboard" | "Admin" | "Health";
  /** Answers 409 when the write conflicts with what exists. */
  readonly conflicts?: string;
  /** A request body to show in the documentation (and to call it with in the contract test). */
  readonly example?: unknown;
}

/**
 * Every REST route: the one list both the HTTP server (`registerRestRoutes`) and the OpenAPI
 * document (`buildOpenApiDocument`) are made from, so neither can drift from the other. Each is a
 * thin adapter over a tRPC procedure: the same validation, auth, rate limits and errors. Who may
 * call a route is the procedure's own `meta.access`, set by the builder that enforces it.
 */
export const REST_ROUTES: readonly RestRoute[] = [
  {
    method: "POST",
    url: "/api/auth/register",
    procedure: "auth.register",
    input: { from: "body" },
    status: 201,
    summary: "Create a citizen account (and sign in)",
    tag: "Auth",
    conflicts: "The username or email is taken",
    example: { username: "ada_l", password: "a long passphrase", fullName: "Ada Lovelace", email: "ada@example.gov" },
  },
  {
    method: "POST",
    url: "/api/auth/login",
    procedure: "auth.login",
    input: { from: "body" },
    summary: "Sign in: a JWT, also set as the httpOnly access_token cookie",
    tag: "Auth",
    example: { username: "ada_l", password: "a long passphrase" },
  },
  {
    method: "GET",
    url: "/api/auth/verify",
    procedure: "auth.verify",
    input: { from: "none" },
    summary: "Whether the token or cookie is a live session",
    tag: "Auth",
  },
  {
    method: "POST",
    url: "/api/auth/logout",
    procedure: "auth.logout",
    input: { from: "none" },
    summary: "End the session everywhere and clear the cookie",
    tag: "Auth",
  },
  {
    method: "GET",
    url: "/api/auth/me",
    procedure: "auth.me",
    input: { from: "none" },
    summary: "The signed-in account",
    tag: "Auth",
  },
  {
    method: "PUT",
    url: "/api/auth/me",
    procedure: "auth.updateMe",
    // The original clients send snake_case names; the procedure refuses any other unknown key.
    input: {
      from: "body",
      rename: { full_name: "fullName", password: "newPassword", current_password: "currentPassword" },
    },
    summary: "Change the account (email and password need the current password)",
    tag: "Auth",
    conflicts: "The email is taken",
    example: { fullName: "Ada King" },
  },
  {
    method: "POST",
    url: "/api/auth/email/verify",
    procedure: "auth.confirmEmail",
    input: { from: "body" },
    summary: "Confirm an email address with the token from the emailed link",
    tag: "Auth",
    conflicts: "Another account confirmed the address first",
    example: { token: "the-token-from-the-link-after-token=" },
  },
  {
    method: "POST",
    url: "/api/auth/email/resend",
    procedure: "auth.resendConfirmation",
    input: { from: "none" },
    summary: "Send a new confirmation link to the address waiting to be confirmed",
    tag: "Auth",
  },
  {
    method: "POST",
    url: "/api/auth/password/forgot",
    procedure: "auth.forgotPassword",
    input: { from: "body" },
    status: 202,
    summary: "Email a password reset link (the same answer whether or not the account exists)",
    tag: "Auth",
    example: { email: "ada@example.gov" },
  },
  {
    method: "POST",
    url: "/api/auth/password/reset",
    procedure: "auth.resetPassword",
    input: { from: "body" },
    summary: "Choose a new password with the token from the reset link; every session ends",
    tag: "Auth",
    example: { token: "the-token-from-the-link-after-token=", password: "a new long passphrase" },
  },
  {
    method: "POST",
    url: "/api/auth/invitations/accept",
    procedure: "auth.acceptInvitation",
    input: { from: "body" },
    status: 201,
    summary: "Accept an invitation: an account with the invited role",
    tag: "Auth",
    conflicts: "The username is taken, or the address already has an account",
    example: { token: "the-token-from-the-link-after-token=", username: "nurse_joy", password: "a long passphrase" },
  },
  {
    method: "GET",
    url: "/api/auth/sessions",
    procedure: "auth.sessions",
    input: { from: "none" },
    summary: "Your signed-in devices, most recently used first",
    tag: "Auth",
  },
  {
    method: "DELETE",
    url: "/api/auth/sessions",
    procedure: "auth.endOtherSessions",
    input: { from: "none" },
    summary: "Sign out every other device",
    tag: "Auth",
  },
  {
    method: "DELETE",
    url: "/api/auth/sessions/:id",
    procedure: "auth.endSession",
    input: { from: "params" },
    summary: "Sign out one of your devices",
    tag: "Auth",
  },
  {
    method: "GET",
    url: "/api/setup",
    procedure: "auth.setupStatus",
    input: { from: "none" },
    summary: "Whether this install still needs its first administrator",
    tag: "Auth",
  },
  {
    method: "POST",
    url: "/api/setup",
    procedure: "auth.setup",
    input: { from: "body" },
    status: 201,
    summary: "Create the first administrator with the setup code from the server's start-up output",
    tag: "Auth",
    conflicts: "The service already has an administrator",
    example: {
      code: "ABCD-EFGH-JKMN",
      username: "chief_admin",
      fullName: "Chief Administrator",
      email: "admin@example.gov",
      password: "a long passphrase",
    },
  },
  {
    method: "GET",
    url: "/api/admin/users",
    procedure: "users.list",
    input: { from: "query", numeric: ["limit"] },
    summary: "Find accounts by name, username or email; filter by role and state",
    tag: "Admin",
  },
  {
    method: "GET",
    url: "/api/admin/users/:id",
    procedure: "users.get",
    input: { from: "params" },
    summary: "One account",
    tag: "Admin",
  },
  {
    method: "PUT",
    url: "/api/admin/users/:id",
    procedure: "users.update",
    input: { from: "params+body" },
    summary: "Change an account's role, or deactivate or reactivate it",
    tag: "Admin",
    conflicts: "It is the last active administrator",
    example: { role: "healthcare_admin" },
  },
  {
    method: "POST",
    url: "/api/admin/invitations",
    procedure: "users.invite",
    input: { from: "body" },
    status: 201,
    summary: "Invite someone to an account with a role (emails a link)",
    tag: "Admin",
    conflicts: "An account already uses the address",
    example: { email: "nurse.joy@example.gov", fullName: "Joy Nurse", role: "healthcare_admin" },
  },
  {
    method: "GET",
    url: "/api/admin/invitations",
    procedure: "users.invitations",
    input: { from: "none" },
    summary: "Invitations not accepted yet",
    tag: "Admin",
  },
  {
    method: "DELETE",
    url: "/api/admin/invitations/:id",
    procedure: "users.revokeInvitation",
    input: { from: "params" },
    summary: "Withdraw an invitation",
    tag: "Admin",
  },
  {
    method: "POST",
    url: "/api/tasks/submit",
    procedure: "tasks.submit",
    input: { from: "body" },
    status: 202,
    summary: "Queue a background task",
    tag: "Tasks",
    example: {
      taskType: "alert_processing",
      data: { type: "System", severity: "LOW", message: "Disk 80% full" },
      priority: 5,
    },
  },
  {
    method: "GET",
    url: "/api/tasks/:taskId",
    procedure: "tasks.byId",
    input: { from: "params" },
    summary: "A task's status, result and history (yours; admins: any)",
    tag: "Tasks",
  },
  {
    method: "GET",
    url: "/api/admin/emails",
    procedure: "emails.list",
    input: { from: "query", numeric: ["limit"] },
    summary: "The email delivery log",
    tag: "Admin",
  },
  {
    method: "POST",
    url: "/api/admin/emails/:id/resend",
    procedure: "emails.resend",
    input: { from: "params" },
    summary: "Send a failed email again",
    tag: "Admin",
  },
  {
    method: "GET",
    url: "/api/healthcare/hospitals",
    procedure: "hospitals.list",
    input: { from: "query" },
    summary: "Active hospitals, by name",
    tag: "Hospitals",
  },
  {
    method: "GET",
    url: "/api/healthcare/hospitals/:id",
    procedure: "hospitals.byId",
    input: { from: "params" },
    summary: "One hospital",
    tag: "Hospitals",
  },
  {
    method: "POST",
    url: "/api/healthcare/hospitals",
    procedure: "hospitals.create",
    input: { from: "body" },
    status: 201,
    summary: "Add a hospital",
    tag: "Hospitals",
    conflicts: "The hospitalId code is taken",
    example: {
      hospitalId: "HOSP900",
      name: "Riverside Hospital",
      city: "Pune",
      state: "Maharashtra",
      type: "government",
      phone: "+91 20 2612 0000",
      email: "desk@riverside.example",
      departments: ["Cardiology", "Pediatrics"],
      totalBeds: 120,
      icuBeds: 12,
      emergencyBeds: 10,
    },
  },
  {
    method: "PUT",
    url: "/api/healthcare/hospitals/:id",
    procedure: "hospitals.update",
    input: { from: "params+bodyAs", key: "changes" },
    summary: "Change a hospital (only the fields given)",
    tag: "Hospitals",
    example: { totalBeds: 140 },
  },
  {
    method: "DELETE",
    url: "/api/healthcare/hospitals/:id",
    procedure: "hospitals.deactivate",
    input: { from: "params" },
    summary: "Deactivate a hospital (its appointments stay)",
    tag: "Hospitals",
  },
  {
    method: "POST",
    url: "/api/appointments",
    procedure: "appointments.book",
    input: { from: "body" },
    status: 201,
    summary: "Book an appointment for yourself",
    tag: "Appointments",
    conflicts: "This time slot is already booked",
    example: {
      patientName: "Ada Lovelace",
      patientPhone: "+91 98765 43210",
      hospitalId: "5b1e6a8e-0b4e-4d55-9a51-8c1d7e0f2a31",
      department: "Cardiology",
      appointmentDate: "2026-12-03",
      appointmentTime: "09:30",
      symptoms: "Chest pain on exertion",
    },
  },
  {
    method: "GET",
    url: "/api/appointments",
    procedure: "appointments.list",
    input: { from: "query", numeric: ["limit"] },
    summary: "Every appointment, filtered",
    tag: "Appointments",
  },
  {
    method: "GET",
    url: "/api/appointments/my",
    procedure: "appointments.mine",
    // The original client sends `?email=`; it is ignored: "mine" is always the signed-in user's.
    input: { from: "query", numeric: ["limit"], only: ["limit", "cursor"] },
    summary: "Your appointments, newest booking first",
    tag: "Appointments",
  },
  {
    method: "GET",
    url: "/api/appointments/slots",
    procedure: "appointments.takenSlots",
    input: { from: "query" },
    summary: "Times already booked at a hospital's department on a day",
    tag: "Appointments",
  },
  {
    method: "PUT",
    url: "/api/appointments/:id",
    procedure: "appointments.updateStatus",
    input: { from: "params+body" },
    summary: "Move an appointment along its statuses (staff; the patient may cancel)",
    tag: "Appointments",
    conflicts: "The transition is not allowed from the current status",
    example: { status: "confirmed" },
  },
  {
    method: "GET",
    url: "/api/appointments/:id/history",
    procedure: "appointments.history",
    input: { from: "params" },
    summary: "An appointment's audit trail",
    tag: "Appointments",
  },
  {
    method: "GET",
    url: "/api/alerts",
    procedure: "alerts.list",
    input: { from: "query", numeric: ["limit"] },
    summary: "Alerts (open ones by default)",
    tag: "Alerts",
  },
  {
    method: "POST",
    url: "/api/alerts",
    procedure: "alerts.create",
    input: { from: "body" },
    status: 201,
    summary: "Raise an alert (admins; sector admins for their sector)",
    tag: "Alerts",
    example: { type: "Infrastructure", severity: "HIGH", message: "Bridge sensor 7 offline" },
  },
  {
    method: "POST",
    url: "/api/alerts/:id/acknowledge",
    procedure: "alerts.acknowledge",
    input: { from: "params" },
    summary: "Acknowledge an alert",
    tag: "Alerts",
    conflicts: "The alert is resolved",
  },
  {
    method: "POST",
    url: "/api/alerts/:id/resolve",
    procedure: "alerts.resolve",
    input: { from: "params" },
    summary: "Resolve an alert",
    tag: "Alerts",
    conflicts: "The alert is resolved",
  },
  {
    method: "DELETE",
    url: "/api/alerts/:id",
    procedure: "alerts.resolve",
    input: { from: "params" },
    summary: "Deactivate (resolve) an alert — the original system's name for it",
    tag: "Alerts",
    conflicts: "The alert is resolved",
  },
  {
    method: "GET",
    url: "/api/dashboard/metrics",
    procedure: "dashboard.metrics",
    input: { from: "none" },
    summary: "The dashboard's figures, computed from stored data",
    tag: "Dashboard",
  },
  {
    method: "GET",
    url: "/api/dashboard/series",
    procedure: "dashboard.series",
    input: { from: "query" },
    summary: "One metric over time, for charts",
    tag: "Dashboard",
  },
];
