// Who may ask what of the task queue. No zod here: the dashboard's task form reads these facts.
import type { UserRole } from "../enums.ts";
import type { TaskType } from "./index.ts";

/** 1 is the most urgent, 10 the least (BullMQ's order). */
export const PRIORITY = { most: 1, least: 10, default: 5 } as const;

/** The furthest ahead anyone (staff, the system) may plan a task with `runAt`. */
export const MAX_DELAY_DAYS = 366;

/** The priorities a role may give its tasks (from `mostUrgent` to `leastUrgent`) and how far ahead it may plan them. */
export interface TaskLimits {
  readonly mostUrgent: number;
  readonly leastUrgent: number;
  readonly maxDelayDays: number;
}

/**
 * A citizen's tasks run at the normal priority or below, and at most a week ahead: the urgent end
 * of the queue is kept for staff and the system (a password reset link is sent at priority 1),
 * and a task planned a year ahead would sit in Redis and the database for that year (security
 * review I7).
 */
export const CITIZEN_TASK_LIMITS: TaskLimits = {
  mostUrgent: PRIORITY.default,
  leastUrgent: PRIORITY.least,
  maxDelayDays: 7,
};

/** Staff and administrators: the whole range. */
export const STAFF_TASK_LIMITS: TaskLimits = {
  mostUrgent: PRIORITY.most,
  leastUrgent: PRIORITY.least,
  maxDelayDays: MAX_DELAY_DAYS,
};

/** The limits of the tasks `role` submits. */
export const taskLimits = (role: UserRole): TaskLimits => (role === "user" ? CITIZEN_TASK_LIMITS : STAFF_TASK_LIMITS);

/**
 * Task types only the system writes, each with why (completing "<type> tasks …"): nobody submits
 * them through `POST /api/tasks/submit` or `tasks.submit`, administrators included (security review L7).
 *
 * - `user_login`: its rows are the sign-in audit record; a submitted one would plant a "sign-in"
 *   from any IP at any time.
 * - `password_reset`: `POST /api/auth/password/forgot` writes it behind its throttle and answers
 *   the same whether or not an account uses the address; a submitted one would mail reset links
 *   to any address around both.
 *
 * The other types stay submittable, by their definition's `maySubmit`: `user_registration` (one's
 * own account; a re-run writes nothing twice), `appointment_booking` (for oneself, under the
 * booking cap), `collect_metrics` (a sector's admins), `alert_processing` (alert managers) and
 * `email_notification` (admins: sends a queued outbox email again; a sent one is never re-sent).
 */
export const SYSTEM_ONLY_TASKS = {
  user_login: "are recorded by the system when someone signs in",
  password_reset: "are written by the system when someone asks for a reset link (POST /api/auth/password/forgot)",
} as const satisfies Partial<Record<TaskType, string>>;

export type SystemOnlyTaskType = keyof typeof SYSTEM_ONLY_TASKS;

export const SYSTEM_ONLY_TASK_TYPES = Object.keys(SYSTEM_ONLY_TASKS) as SystemOnlyTaskType[];

export const isSystemOnlyTask = (type: string): type is SystemOnlyTaskType => Object.hasOwn(SYSTEM_ONLY_TASKS, type);

/** Why nobody may submit a task of a system-only type: the API's message. */
export const systemOnlyMessage = (type: SystemOnlyTaskType) =>
  `${type} tasks ${SYSTEM_ONLY_TASKS[type]}; they cannot be submitted`;
