/** Every BullMQ queue GovConnect uses. Producers and workers import names from here, never spell them. */
export const QUEUES = {
  /** The seed's background tasks (`POST /api/tasks/submit`), by priority. */
  tasks: "tasks",
  /** Ticks of the job schedulers; each tick writes a task to the tasks queue. */
  schedules: "schedules",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
