import { TASK_STATUSES } from "@govconnect/contracts";
import { z } from "zod";

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
