import { z } from "zod";
import type { Actor } from "../roles.ts";
import { alertProcessingTask } from "./alert-processing.ts";
import { appointmentBookingTask } from "./appointment-booking.ts";
import { collectMetricsTask } from "./collect-metrics.ts";
import type { Refusal, TaskDefinition } from "./define.ts";
import { emailNotificationTask } from "./email-notification.ts";
import { isSystemOnlyTask, MAX_DELAY_DAYS, PRIORITY, systemOnlyMessage } from "./limits.ts";
import { passwordResetTask } from "./password-reset.ts";
import { userLoginTask } from "./user-login.ts";
import { userRegistrationTask } from "./user-registration.ts";

/**
 * Every task type, by its identifier (the original system's). Adding a type is a definition file
 * and a line here, plus its handler in `@govconnect/task-runtime`; every table below follows.
 */
export const TASKS = {
  user_login: userLoginTask,
  user_registration: userRegistrationTask,
  collect_metrics: collectMetricsTask,
  appointment_booking: appointmentBookingTask,
  alert_processing: alertProcessingTask,
  email_notification: emailNotificationTask,
  password_reset: passwordResetTask,
} as const satisfies { [T in string]: TaskDefinition<T, z.ZodType> };

export type TaskType = keyof typeof TASKS;
/** The registry's keys, in its order (a tuple, as `z.enum` wants). */
export const TASK_TYPES = Object.keys(TASKS) as [TaskType, ...TaskType[]];

type Payloads = { readonly [T in TaskType]: (typeof TASKS)[T]["payload"] };
/** One payload schema per task type: the API validates submissions with it, the worker the stored payload. */
export const taskPayloads = Object.fromEntries(TASK_TYPES.map((type) => [type, TASKS[type].payload])) as Payloads;
export type TaskPayload<T extends TaskType> = z.infer<Payloads[T]>;

/** Retries per task type (see `TaskDefinition.retries`). */
export const TASK_RETRIES = Object.fromEntries(TASK_TYPES.map((type) => [type, TASKS[type].retries])) as Record<
  TaskType,
  TaskDefinition<TaskType, z.ZodType>["retries"]
>;

const priorityMessage = `priority must be an integer from ${PRIORITY.most} (most urgent) to ${PRIORITY.least}`;
const priority = z
  .number({ error: priorityMessage })
  .int({ error: priorityMessage })
  .min(PRIORITY.most, { error: priorityMessage })
  .max(PRIORITY.least, { error: priorityMessage })
  .default(PRIORITY.default);

// The widest bounds, for everyone; a citizen's are narrower (`taskLimits`, checked by the domain).
const runAt = z.iso
  .datetime({ offset: true, error: "runAt must be an ISO 8601 date-time, e.g. 2026-12-01T09:00:00Z" })
  .refine((value) => new Date(value).getTime() <= Date.now() + MAX_DELAY_DAYS * 86_400_000, {
    error: `runAt must be within ${MAX_DELAY_DAYS} days`,
  })
  .optional();

const submission = <T extends TaskType>(type: T) => {
  const schema = z.strictObject({ taskType: z.literal(type), data: taskPayloads[type], priority, runAt });
  // The API's documentation (OpenAPI, generated from this schema) says which types nobody may submit.
  return isSystemOnlyTask(type)
    ? schema.meta({ description: `System only: ${systemOnlyMessage(type)}.` })
    : schema.meta({ description: TASKS[type].description });
};
type Submission = { [T in TaskType]: ReturnType<typeof submission<T>> }[TaskType];

/**
 * `POST /api/tasks/submit`: `{taskType, data, priority?, runAt?}`. The `data` schema follows the
 * task type, so a payload error names its field (`data.samples.0.value`).
 */
export const submitTaskInput = z.discriminatedUnion(
  "taskType",
  // `map` cannot keep each element's own type: the mapped type above restores it.
  TASK_TYPES.map((type) => submission(type)) as [Submission, ...Submission[]],
  { error: `taskType must be one of ${TASK_TYPES.join(", ")}` },
);
export type SubmitTaskInput = z.infer<typeof submitTaskInput>;

/**
 * Why `actor` may not submit `input`, or null when they may: nobody submits a system-only type
 * (`SYSTEM_ONLY_TASKS`); admins may submit every other type, others what the type's `maySubmit`
 * allows. (How urgent and how far ahead a role may plan is the domain's check: `taskLimits`.)
 */
export function submissionRefusal(actor: Actor, input: SubmitTaskInput): Refusal | null {
  if (isSystemOnlyTask(input.taskType)) return { message: systemOnlyMessage(input.taskType), field: "taskType" };
  if (actor.role === "admin") return null;
  const definition: TaskDefinition<TaskType, z.ZodType> = TASKS[input.taskType];
  return definition.maySubmit
    ? definition.maySubmit(actor, input.data)
    : { message: `Only administrators may submit ${input.taskType} tasks` };
}

export { SECTORS, type Sector } from "./collect-metrics.ts";
export { defineTask, type Refusal, type TaskDefinition } from "./define.ts";
export {
  CITIZEN_TASK_LIMITS,
  isSystemOnlyTask,
  MAX_DELAY_DAYS,
  PRIORITY,
  STAFF_TASK_LIMITS,
  SYSTEM_ONLY_TASK_TYPES,
  SYSTEM_ONLY_TASKS,
  type SystemOnlyTaskType,
  systemOnlyMessage,
  type TaskLimits,
  taskLimits,
} from "./limits.ts";
