import type { Channel } from "@govconnect/redis";
import { createChannel } from "@govconnect/redis";
import type { Logger } from "@govconnect/runtime";
import type { TaskStatusEvent } from "./task-status.ts";
import { taskStatusChannel, taskStatusEventSchema } from "./task-status.ts";

/** Every task status change published by any worker or API instance (see `TaskProducer.publish`). */
export type TaskEventBus = Channel<TaskStatusEvent>;

/** The API process's one subscription to task status changes, for its live streams. */
export function createTaskEventBus(options: {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly logger: Logger;
}): Promise<TaskEventBus> {
  return createChannel({
    url: options.redisUrl,
    name: taskStatusChannel(options.prefix),
    decode: (message) => taskStatusEventSchema.parse(JSON.parse(message)),
    logger: options.logger,
    label: "task-events",
  });
}
