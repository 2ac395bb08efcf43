import { TASK_STATUSES } from "@govconnect/db";
import { pageInput } from "@govconnect/domain";
import type { TaskType } from "@govconnect/jobs";
import { PRIORITY, TASK_TYPES, taskPayloads } from "@govconnect/jobs";
import { z } from "zod";

const priority = z
  .number({ error: `priority must be an integer from ${PRIORITY.most} (most urgent) to ${PRIORITY.least}` })
  .int({ error: `priority must be an integer from ${PRIORITY.most} (most urgent) to ${PRIORITY.least}` })
  .min(PRIORITY.most, { error: `priority must be an integer from ${PRIORITY.most} (most urgent) to ${PRIORITY.least}` })
  .max(PRIORITY.least, {
    error: `priority must be an integer from ${PRIORITY.most} (most urgent) to ${PRIORITY.least}`,
  })
  .default(PRIORITY.default);

const MAX_DELAY_DAYS = 366;
const runAt = z.iso
  .datetime({ offset: true, error: "runAt must be an ISO 8601 date-time, e.g. 2026-12-01T09:00:00Z" })
  .refine((value) => new Date(value).getTime() <= Date.now() + MAX_DELAY_DAYS * 86_400_000, {
    error: `runAt must be within ${MAX_DELAY_DAYS} days`,
  })
  .optional();

function submission<T extends TaskType>(type: T) {
  return z.strictObject({ taskType: z.literal(type), data: taskPayloads[type], priority, runAt });
}

/**
 * `POST /api/tasks/submit`: `{taskType, data, priority?, runAt?}`. The `data` schema follows the
 * task type, so a payload error names its field (`data.samples.0.value`).
 */
export const submitTaskInput = z.discriminatedUnion(
  "taskType",
  [
    submission("user_login"),
    submission("user_registration"),
    submission("collect_metrics"),
    submission("appointment_booking"),
    submission("alert_processing"),
    submission("email_notification"),
  ],
  { error: `taskType must be one of ${TASK_TYPES.join(", ")}` },
);
export type SubmitTaskInput = z.infer<typeof submitTaskInput>;

export const taskView = z.object({
  id: z.uuid(),
  type: z.string(),
  priority: z.number().int(),
  status: z.enum(TASK_STATUSES),
  data: z.unknown(),
  attempts: z.number().int(),
  ownerId: z.uuid().nullable(),
  runAt: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});

/** The seed's `GET /api/tasks/{id}`: `{status, task, result, timestamp}`, plus the status history. */
export const taskDetail = z.object({
  status: z.enum(TASK_STATUSES),
  task: taskView,
  result: z.unknown(),
  timestamp: z.string(),
  history: z.array(
    z.object({
      status: z.enum(TASK_STATUSES),
      attempt: z.number().int(),
      at: z.string(),
      detail: z.string().nullable(),
    }),
  ),
});

export const taskListInput = z.strictObject(pageInput);
