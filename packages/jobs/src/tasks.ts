import { ALERT_SEVERITIES, ALERT_TYPES, TASK_STATUSES } from "@govconnect/db/enums";
import { z } from "zod";

/** The original system's task identifiers. */
export const TASK_TYPES = [
  "user_login",
  "user_registration",
  "collect_metrics",
  "appointment_booking",
  "alert_processing",
  "email_notification",
] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const SECTORS = ["healthcare", "agriculture", "infrastructure"] as const;
export type Sector = (typeof SECTORS)[number];

const trimmed = (field: string, max: number) =>
  z
    .string({ error: `${field} must be text` })
    .trim()
    .min(1, { error: `${field} is required` })
    .max(max, { error: `${field} must be at most ${max} characters` });

/** 7 to 15 digits, optionally with a leading + and spaces, dashes, dots or brackets between them. */
const PHONE = /^\+?[0-9][0-9 ().-]{5,22}[0-9]$/;

/**
 * An appointment request: `POST /api/appointments`'s body (the original system's field names)
 * and the `appointment_booking` task's payload. Whether the date is still ahead, the hospital
 * exists and the slot is free is the appointments domain's check, at booking time.
 */
export const appointmentRequest = z.strictObject({
  patientName: trimmed("patientName", 120),
  /** The account's own email when omitted; another address is refused (you book for yourself). */
  patientEmail: z.email({ error: "patientEmail must be an email address" }).max(254).optional(),
  patientPhone: z
    .string({ error: "patientPhone must be text" })
    .trim()
    .regex(PHONE, { error: "patientPhone must be a phone number of 7 to 15 digits, e.g. +91 98765 43210" })
    .refine((phone) => phone.replace(/\D/g, "").length >= 7 && phone.replace(/\D/g, "").length <= 15, {
      error: "patientPhone must be a phone number of 7 to 15 digits, e.g. +91 98765 43210",
    }),
  hospitalId: z.uuid({ error: "hospitalId must be the id of a hospital from GET /api/healthcare/hospitals" }),
  department: trimmed("department", 80),
  appointmentDate: z.iso.date({ error: "appointmentDate must be a date as YYYY-MM-DD" }),
  appointmentTime: z
    .string({ error: "appointmentTime must be a time as HH:MM" })
    .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { error: "appointmentTime must be a time as HH:MM (24-hour)" }),
  doctorName: trimmed("doctorName", 120).optional(),
  symptoms: z.string().trim().max(2000, { error: "symptoms must be at most 2000 characters" }).optional(),
});
export type AppointmentRequest = z.infer<typeof appointmentRequest>;

/** A report of something wrong: an admin's alert, or the `alert_processing` task's payload. */
export const alertReport = z.strictObject({
  type: z.enum(ALERT_TYPES, { error: `type must be one of ${ALERT_TYPES.join(", ")}` }),
  severity: z.enum(ALERT_SEVERITIES, { error: `severity must be one of ${ALERT_SEVERITIES.join(", ")}` }),
  message: trimmed("message", 1000),
  source: trimmed("source", 120).optional(),
});
export type AlertReport = z.infer<typeof alertReport>;

/**
 * One payload schema per task type: the API validates submissions with it and the worker parses
 * the stored payload with it again before running. Payloads are JSON (ISO dates) and carry ids,
 * never secrets or whole records.
 */
export const taskPayloads = {
  user_login: z.strictObject({
    userId: z.uuid({ error: "userId must be a user id" }),
    ip: z.string().min(1).max(64),
    userAgent: z.string().max(512).optional(),
    at: z.iso.datetime({ error: "at must be an ISO 8601 date-time" }),
  }),
  user_registration: z.strictObject({
    userId: z.uuid({ error: "userId must be a user id" }),
  }),
  collect_metrics: z.strictObject({
    sector: z.enum(SECTORS, { error: `sector must be one of ${SECTORS.join(", ")}` }),
    samples: z
      .array(
        z.strictObject({
          metric: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, {
            error: "metric must be a name like availableBeds (letters, digits, _)",
          }),
          value: z.number({ error: "value must be a number" }).finite({ error: "value must be a finite number" }),
          at: z.iso.datetime({ error: "at must be an ISO 8601 date-time" }).optional(),
        }),
      )
      .min(1, { error: "samples must hold at least one sample" })
      .max(100, { error: "samples may hold at most 100 samples" }),
  }),
  appointment_booking: appointmentRequest,
  alert_processing: alertReport,
  email_notification: z.strictObject({
    outboxId: z.uuid({ error: "outboxId must be an email outbox id" }),
  }),
} as const satisfies Record<TaskType, z.ZodType>;

export type TaskPayload<T extends TaskType> = z.infer<(typeof taskPayloads)[T]>;

/** 1 is the most urgent, 10 the least (BullMQ's order). */
export const PRIORITY = { most: 1, least: 10, default: 5 } as const;

/**
 * Retries per task type: exponential backoff from `delayMs`, capped (TASK_RETRY_MAX_DELAY_MS, 5 min
 * by default) and with jitter, so a crowd of failures does not retry in step (see retry.ts).
 * Emails get a long budget: a provider failing 40 % of calls still loses one email in 10⁸
 * (0.4^20), and 20 attempts with waits of up to 5 minutes ride out 35 to 70 minutes of outage.
 */
export const TASK_RETRIES: Record<TaskType, { readonly attempts: number; readonly delayMs: number }> = {
  user_login: { attempts: 5, delayMs: 1_000 },
  user_registration: { attempts: 8, delayMs: 2_000 },
  collect_metrics: { attempts: 3, delayMs: 5_000 },
  appointment_booking: { attempts: 5, delayMs: 2_000 },
  alert_processing: { attempts: 5, delayMs: 1_000 },
  email_notification: { attempts: 20, delayMs: 5_000 },
};

/** One status change of a task, as published to every API instance (Redis pub/sub). */
export const taskStatusEventSchema = z.object({
  taskId: z.uuid(),
  ownerId: z.uuid().nullable(),
  type: z.string(),
  status: z.enum(TASK_STATUSES),
  attempt: z.number().int(),
  at: z.iso.datetime(),
  /** The task_events row id: increasing, so a subscriber can resume after it. */
  eventId: z.number().int(),
});
export type TaskStatusEvent = z.infer<typeof taskStatusEventSchema>;

/** The Redis channel status changes are published on (the deployment's prefix keeps them apart). */
export const taskStatusChannel = (prefix: string) => `${prefix}:task-status`;
