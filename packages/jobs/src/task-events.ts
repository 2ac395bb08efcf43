import { EventEmitter, on } from "node:events";
import { closeRedis, createRedis } from "@govconnect/redis";
import type { Logger } from "@govconnect/runtime";
import type { TaskStatusEvent } from "./task-status.ts";
import { taskStatusChannel, taskStatusEventSchema } from "./task-status.ts";

export interface TaskEventBus {
  /** Every status change published by any worker from the moment of this call until `signal` aborts. */
  subscribe(signal: AbortSignal): AsyncIterable<TaskStatusEvent>;
  /** Ends every open subscription (at shutdown: a server cannot close while streams are open). */
  endStreams(): void;
  close(): Promise<void>;
}

/**
 * One Redis subscription per API process, fanned out in memory to all its live subscriptions;
 * every API instance has its own, so an event reaches a subscriber whichever instance it is on.
 * The connection is a patient one: after a Redis restart it reconnects and resubscribes.
 */
export async function createTaskEventBus(options: {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly logger: Logger;
}): Promise<TaskEventBus> {
  const channel = taskStatusChannel(options.prefix);
  const emitter = new EventEmitter();
  const closing = new AbortController();
  emitter.setMaxListeners(0);
  const subscriber = createRedis(options.redisUrl, "worker", "task-events");
  subscriber.on("error", (error) => options.logger.warn({ err: error }, "task event subscription error"));
  subscriber.on("message", (_channel: string, message: string) => {
    try {
      const event = taskStatusEventSchema.parse(JSON.parse(message));
      emitter.emit("event", event);
    } catch (error) {
      options.logger.warn({ err: error }, "ignored a malformed task event");
    }
  });
  await subscriber.connect();
  await subscriber.subscribe(channel);

  return {
    subscribe(signal) {
      const stop = AbortSignal.any([signal, closing.signal]);
      // Listening starts here, synchronously: events published while the caller is still busy
      // (backfilling from the database) are buffered, not lost.
      const events = on(emitter, "event", { signal: stop });
      return (async function* () {
        try {
          for await (const [event] of events) yield event as TaskStatusEvent;
        } catch (error) {
          if (!stop.aborted) throw error;
        }
      })();
    },
    endStreams: () => closing.abort(),
    close: async () => {
      closing.abort();
      await closeRedis(subscriber);
    },
  };
}
