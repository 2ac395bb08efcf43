import { TASK_STATUSES } from "@govconnect/db";
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
  appointment_booking: z.strictObject({
    appointmentId: z.uuid({ error: "appointmentId must be an appointment id" }),
  }),
  alert_processing: z.strictObject({
    type: z.enum(["Healthcare", "Agriculture", "Infrastructure", "System"]),
    severity: z.enum(["CRITICAL", "HIGH", "MEDIUM", "LOW"]),
    message: z.string().trim().min(1).max(1000),
    source: z.string().trim().min(1).max(120),
  }),
  email_notification: z.strictObject({
    outboxId: z.uuid({ error: "outboxId must be an email outbox id" }),
  }),
} as const satisfies Record<TaskType, z.ZodType>;

export type TaskPayload<T extends TaskType> = z.infer<(typeof taskPayloads)[T]>;

/** 1 is the most urgent, 10 the least (BullMQ's order). */
export const PRIORITY = { most: 1, least: 10, default: 5 } as const;

/** Retries per task type: exponential backoff with jitter, so a crowd of failures does not retry in step. */
export const TASK_RETRIES: Record<TaskType, { readonly attempts: number; readonly delayMs: number }> = {
  user_login: { attempts: 5, delayMs: 1_000 },
  user_registration: { attempts: 8, delayMs: 2_000 },
  collect_metrics: { attempts: 3, delayMs: 5_000 },
  appointment_booking: { attempts: 5, delayMs: 2_000 },
  alert_processing: { attempts: 5, delayMs: 1_000 },
  email_notification: { attempts: 8, delayMs: 5_000 },
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
