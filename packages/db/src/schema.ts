import { sql } from "drizzle-orm";
import {
  bigserial,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const USER_ROLES = ["user", "healthcare_admin", "agriculture_admin", "admin"] as const;
export type UserRole = (typeof USER_ROLES)[number];

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
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // Usernames and emails are unique regardless of case: "Alice" must not shadow "alice".
  (table) => [
    uniqueIndex("users_username_lower_key").on(sql`lower(${table.username})`),
    uniqueIndex("users_email_lower_key").on(sql`lower(${table.email})`),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export const TASK_STATUSES = ["queued", "processing", "processed", "failed"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
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

export const EMAIL_STATUSES = ["queued", "sent", "failed"] as const;
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
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (table) => [index("email_outbox_created_idx").on(table.createdAt.desc())],
);

export type EmailOutboxRow = typeof emailOutbox.$inferSelect;
