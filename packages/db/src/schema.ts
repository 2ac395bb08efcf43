import {
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  ALERT_TYPES,
  APPOINTMENT_STATUSES,
  EMAIL_STATUSES,
  HOSPITAL_TYPES,
  TASK_STATUSES,
  USER_ROLES,
} from "@govconnect/contracts";
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const userRole = pgEnum("user_role", USER_ROLES);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    username: text("username").notNull(),
    email: text("email").notNull(),
    fullName: text("full_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: userRole("role").notNull().default("user"),
    /** Set by the `user_registration` task once onboarding is done. */
    onboardedAt: timestamp("onboarded_at", { withTimezone: true }),
    /**
     * When the owner of `email` proved it by opening a link sent to it; null until then. Only a
     * confirmed address is unique and receives the account's emails (apart from the link itself).
     */
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
    /** An address asked for but not confirmed yet: `email` stays in use until it is. */
    pendingEmail: text("pending_email"),
    /** Set by an admin: the account cannot sign in, and its sessions were ended. */
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // Usernames and confirmed emails are unique regardless of case: "Alice" must not shadow "alice".
  // An unconfirmed address is not unique, so nobody can hold another person's address hostage
  // by signing up with it: whoever confirms it first owns it.
  (table) => [
    uniqueIndex("users_username_lower_key").on(sql`lower(${table.username})`),
    uniqueIndex("users_confirmed_email_lower_key")
      .on(sql`lower(${table.email})`)
      .where(sql`${table.emailVerifiedAt} is not null`),
    index("users_email_lower_idx").on(sql`lower(${table.email})`),
    index("users_created_idx").on(table.createdAt.desc(), table.id.desc()),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export const accountTokenPurpose = pgEnum("account_token_purpose", ["email_verification", "password_reset"]);

/**
 * Single-use links sent by email. Only a SHA-256 of the token is stored: a copy of this table
 * opens nothing. A token is spent by setting `used_at`, in the same statement that checks it.
 */
export const accountTokens = pgTable(
  "account_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tokenHash: text("token_hash").notNull().unique(),
    purpose: accountTokenPurpose("purpose").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** For `email_verification`: the address the link proves. */
    email: text("email"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("account_tokens_user_idx").on(table.userId, table.purpose)],
);
export type AccountToken = typeof accountTokens.$inferSelect;

/** An admin's invitation to a staff account: accepted once, by whoever holds the emailed link. */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tokenHash: text("token_hash").notNull().unique(),
    email: text("email").notNull(),
    fullName: text("full_name").notNull(),
    role: userRole("role").notNull(),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedUserId: uuid("accepted_user_id").references(() => users.id, { onDelete: "set null" }),
    /** Replaced by a newer invitation to the same address, or withdrawn. */
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    index("invitations_open_email_idx")
      .on(sql`lower(${table.email})`)
      .where(sql`${table.acceptedAt} is null and ${table.revokedAt} is null`),
  ],
);
export type Invitation = typeof invitations.$inferSelect;

export const taskStatus = pgEnum("task_status", TASK_STATUSES);

/**
 * Every background task, written before it is queued (the outbox of DESIGN §4) and updated by the
 * worker, so status and result outlive BullMQ's retention. The BullMQ job id is this row's id.
 */
export const tasks = pgTable(
  "tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    type: text("type").notNull(),
    priority: integer("priority").notNull(),
    status: taskStatus("status").notNull().default("queued"),
    payload: jsonb("payload").notNull(),
    result: jsonb("result"),
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    /** Who submitted it; null for the system's own tasks (schedules). */
    ownerId: uuid("owner_id").references(() => users.id, { onDelete: "set null" }),
    runAt: timestamp("run_at", { withTimezone: true }),
    /** When BullMQ accepted the job; null until then, which is what the relay looks for. */
    enqueuedAt: timestamp("enqueued_at", { withTimezone: true }),
    // Milliseconds, like JavaScript dates: list cursors carry it exactly.
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (table) => [
    // "My tasks, newest first" pages through this index.
    index("tasks_owner_created_idx").on(table.ownerId, table.createdAt.desc(), table.id.desc()),
    // The relay looks for queued rows that never reached BullMQ.
    index("tasks_unqueued_idx")
      .on(table.createdAt)
      .where(sql`${table.status} = 'queued' and ${table.enqueuedAt} is null`),
  ],
);

/** Each status a task went through, with when and why. */
export const taskEvents = pgTable(
  "task_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    taskId: uuid("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    status: taskStatus("status").notNull(),
    attempt: integer("attempt").notNull(),
    detail: text("detail"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("task_events_task_idx").on(table.taskId, table.id)],
);

/**
 * An account's TOTP second factor. `confirmedAt` null: enrolment begun, not yet confirmed by a
 * first code (and not yet asked for at sign-in). `lastStep` is the newest time step accepted:
 * a code is never accepted twice, nor one older than it.
 */
export const secondFactors = pgTable("second_factors", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  /** Sealed (AES-256-GCM) under the servers' key; never the bare secret. */
  sealedSecret: text("sealed_secret").notNull(),
  confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
  lastStep: bigint("last_step", { mode: "number" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Single-use recovery codes, stored as hashes; a used one keeps its row with `usedAt`. */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("recovery_codes_user_code_key").on(table.userId, table.codeHash)],
);

/** The devices an account has signed in from (a device cookie's hash, or its user agent's). */
export const knownDevices = pgTable(
  "known_devices",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    deviceHash: text("device_hash").notNull(),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.deviceHash] })],
);

/**
 * Every security and privileged event, append-only: the database refuses UPDATE, DELETE and
 * TRUNCATE (migration 0006's triggers). No foreign keys: a row outlives what it names.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    /** Who acted; null for someone not signed in (a failed sign-in, a reset link). */
    actorId: uuid("actor_id"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    requestId: text("request_id"),
    /** What changed, small; never a secret, token or password. */
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (table) => [
    index("audit_events_at_idx").on(table.at.desc(), table.id.desc()),
    index("audit_events_actor_idx").on(table.actorId, table.id.desc()),
    index("audit_events_target_idx").on(table.targetType, table.targetId, table.id.desc()),
    index("audit_events_action_idx").on(table.action, table.id.desc()),
  ],
);

/** `user_login` tasks record each sign-in here, once per task (a re-run changes nothing). */
export const loginEvents = pgTable(
  "login_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    taskId: uuid("task_id").notNull().unique(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    ip: text("ip").notNull(),
    userAgent: text("user_agent"),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (table) => [index("login_events_user_idx").on(table.userId, table.at.desc())],
);

/** Metric samples (`collect_metrics`) that the dashboard's figures are computed from. */
export const metricSamples = pgTable(
  "metric_samples",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    taskId: uuid("task_id").notNull(),
    sector: text("sector").notNull(),
    metric: text("metric").notNull(),
    value: doublePrecision("value").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (table) => [
    // One sample per metric per task: a re-run of the task inserts nothing new.
    uniqueIndex("metric_samples_task_metric_key").on(table.taskId, table.sector, table.metric, table.at),
    index("metric_samples_series_idx").on(table.sector, table.metric, table.at.desc()),
  ],
);

export type Task = typeof tasks.$inferSelect;
export type TaskEvent = typeof taskEvents.$inferSelect;

export const emailStatus = pgEnum("email_status", EMAIL_STATUSES);

/**
 * Every email GovConnect sends, written in the transaction of the event that causes it and sent
 * by an `email_notification` task: the delivery log, and (dev outbox) the rendered message.
 */
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** One email per cause (`welcome/<user id>`): a re-run of the cause writes nothing new. */
    dedupeKey: text("dedupe_key").notNull().unique(),
    template: text("template").notNull(),
    recipient: text("recipient").notNull(),
    props: jsonb("props").notNull(),
    status: emailStatus("status").notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    transport: text("transport"),
    providerMessageId: text("provider_message_id"),
    subject: text("subject"),
    html: text("html"),
    text: text("text"),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    /**
     * Addressed to the account `user_id`, not to `recipient`: the sender reads the account's
     * confirmed address when it sends (and records it in `recipient`), so a changed address is
     * followed and an unconfirmed one gets nothing. False for emails to one address on purpose
     * (a confirmation link, a notice to the old address, an invitation).
     */
    toAccount: boolean("to_account").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (table) => [
    index("email_outbox_created_idx").on(table.createdAt.desc()),
    // "My outbox": an account's emails, newest first.
    index("email_outbox_user_created_idx").on(table.userId, table.createdAt.desc(), table.id.desc()),
  ],
);

export type EmailOutboxRow = typeof emailOutbox.$inferSelect;

export const hospitalType = pgEnum("hospital_type", HOSPITAL_TYPES);

export const hospitals = pgTable(
  "hospitals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The public code the original system showed (`HOSP001`). */
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    city: text("city").notNull(),
    state: text("state").notNull(),
    type: hospitalType("type").notNull(),
    address: text("address").notNull().default(""),
    phone: text("phone").notNull(),
    email: text("email").notNull(),
    departments: text("departments").array().notNull(),
    facilities: text("facilities").array().notNull().default(sql`'{}'::text[]`),
    totalBeds: integer("total_beds").notNull(),
    icuBeds: integer("icu_beds").notNull(),
    emergencyBeds: integer("emergency_beds").notNull(),
    /** Deactivated hospitals keep their history but take no bookings and leave the lists. */
    isActive: boolean("is_active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("hospitals_active_name_idx").on(table.isActive, table.name)],
);
export type Hospital = typeof hospitals.$inferSelect;

export const appointmentStatus = pgEnum("appointment_status", APPOINTMENT_STATUSES);

export const appointments = pgTable(
  "appointments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    hospitalId: uuid("hospital_id")
      .notNull()
      .references(() => hospitals.id),
    department: text("department").notNull(),
    doctorName: text("doctor_name"),
    patientName: text("patient_name").notNull(),
    patientEmail: text("patient_email").notNull(),
    patientPhone: text("patient_phone").notNull(),
    appointmentDate: date("appointment_date", { mode: "string" }).notNull(),
    /** "HH:MM", 24-hour, in the service's time zone. */
    appointmentTime: text("appointment_time").notNull(),
    symptoms: text("symptoms"),
    status: appointmentStatus("status").notNull().default("scheduled"),
    bookedBy: uuid("booked_by").references(() => users.id, { onDelete: "set null" }),
    /** The `appointment_booking` task that made it, so a re-run of that task books nothing twice. */
    bookingTaskId: uuid("booking_task_id").unique(),
    /** The pending reminder's task, to withdraw it when the appointment no longer takes place. */
    reminderTaskId: uuid("reminder_task_id"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // The slot rule lives in the database, so concurrent bookings cannot both win it.
    uniqueIndex("appointments_slot_key")
      .on(table.hospitalId, table.department, table.appointmentDate, table.appointmentTime)
      .where(sql`${table.status} <> 'cancelled'`),
    index("appointments_booked_by_idx").on(table.bookedBy, table.createdAt.desc(), table.id.desc()),
    index("appointments_date_idx").on(table.appointmentDate, table.status),
    index("appointments_created_idx").on(table.createdAt.desc(), table.id.desc()),
    // The staff work queue's default order: by appointment time.
    index("appointments_time_idx").on(table.appointmentDate, table.appointmentTime, table.id),
  ],
);
export type Appointment = typeof appointments.$inferSelect;

/** The audit trail of appointment statuses: who moved it, when, from what, to what. */
export const appointmentEvents = pgTable(
  "appointment_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    appointmentId: uuid("appointment_id")
      .notNull()
      .references(() => appointments.id, { onDelete: "cascade" }),
    fromStatus: appointmentStatus("from_status"),
    toStatus: appointmentStatus("to_status").notNull(),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    /** Why, when the person who made the change said (a cancellation's optional reason). */
    reason: text("reason"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("appointment_events_appointment_idx").on(table.appointmentId, table.id)],
);
export type AppointmentEvent = typeof appointmentEvents.$inferSelect;

export const alertType = pgEnum("alert_type", ALERT_TYPES);
export const alertSeverity = pgEnum("alert_severity", ALERT_SEVERITIES);
export const alertStatus = pgEnum("alert_status", ALERT_STATUSES);

export const alerts = pgTable(
  "alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    type: alertType("type").notNull(),
    severity: alertSeverity("severity").notNull(),
    /** The severity first reported: `severity` is more severe when repeats escalated it. */
    raisedSeverity: alertSeverity("raised_severity"),
    message: text("message").notNull(),
    source: text("source").notNull(),
    status: alertStatus("status").notNull().default("active"),
    /** What makes two reports "the same alert": type, source and normalised message. */
    fingerprint: text("fingerprint").notNull(),
    occurrences: integer("occurrences").notNull().default(1),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    acknowledgedBy: uuid("acknowledged_by").references(() => users.id, { onDelete: "set null" }),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    resolvedBy: uuid("resolved_by").references(() => users.id, { onDelete: "set null" }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // At most one open alert per fingerprint: repeats are folded into it, whoever reports them.
    uniqueIndex("alerts_open_fingerprint_key").on(table.fingerprint).where(sql`${table.status} <> 'resolved'`),
    index("alerts_status_severity_idx").on(table.status, table.severity),
    index("alerts_created_idx").on(table.createdAt.desc(), table.id.desc()),
  ],
);
export type Alert = typeof alerts.$inferSelect;

/**
 * Each report folded into an alert, once: the `alert_processing` task's id (or a fresh id for an
 * admin's report), so a re-run of the task counts nothing twice.
 */
export const alertReports = pgTable("alert_reports", {
  reportId: uuid("report_id").primaryKey(),
  alertId: uuid("alert_id")
    .notNull()
    .references(() => alerts.id, { onDelete: "cascade" }),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
});

export {
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  ALERT_TYPES,
  type AlertSeverity,
  type AlertStatus,
  type AlertType,
  APPOINTMENT_STATUSES,
  type AppointmentStatus,
  EMAIL_STATUSES,
  type EmailStatus,
  HOSPITAL_TYPES,
  type HospitalType,
  TASK_STATUSES,
  type TaskStatus,
  USER_ROLES,
  type UserRole,
} from "@govconnect/contracts";
