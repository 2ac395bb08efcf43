import { TASK_STATUSES, TASK_TYPES } from "@govconnect/contracts";
import { z } from "zod";
import { pageInput } from "../shared/pagination.ts";

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
export type TaskView = z.infer<typeof taskView>;

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
export type TaskDetail = z.infer<typeof taskDetail>;

export const taskListInput = z.strictObject({
  ...pageInput,
  /** Only tasks of these types (a person's own requests, without the system's bookkeeping). */
  types: z
    .array(z.enum(TASK_TYPES, { error: `types must hold task types: ${TASK_TYPES.join(", ")}` }))
    .min(1, { error: "types must name at least one task type" })
    .max(TASK_TYPES.length)
    .optional(),
});
export type TaskListInput = z.infer<typeof taskListInput>;
