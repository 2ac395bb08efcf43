import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { TaskType } from "@govconnect/contracts";
import type { TaskEventBus } from "@govconnect/jobs";
import type { Redis } from "@govconnect/redis";
import { closeRedis, createRedis } from "@govconnect/redis";
import type { Logger } from "@govconnect/runtime";

/** The Redis channel an API instance announces a dashboard-relevant change on. */
export const dashboardChannel = (prefix: string) => `${prefix}:dashboard-changed`;

/** Tasks whose completion changes what the dashboard shows. */
const DASHBOARD_TASKS: ReadonlySet<string> = new Set<TaskType>([
  "collect_metrics",
  "appointment_booking",
  "alert_processing",
]);

/** Changes closer together than this reach a subscriber as one. */
const COALESCE_MS = 250;

export interface DashboardFeed {
  /** Rises with every change seen (here or announced by another instance): cached figures older than it are stale. */
  readonly version: number;
  /** Tells every API instance the dashboard's data changed (after a committed write). Never throws. */
  changed(reason: string): Promise<void>;
  /**
   * Yields after each change (bursts coalesced) from this call until `signal` aborts: an
   * appointment, alert or hospital written by any API instance, or a dashboard task processed.
   */
  subscribe(signal: AbortSignal): AsyncIterable<string>;
  /** Ends every open subscription (at shutdown). */
  endStreams(): void;
  close(): Promise<void>;
}

/**
 * One Redis subscription per API process on the dashboard channel, plus the task events it
 * already receives, fanned out to every live `dashboard.onMetrics` stream of the process.
 */
export async function createDashboardFeed(options: {
  readonly redisUrl: string;
  /** The fail-fast client connection, for publishing. */
  readonly redis: Redis;
  readonly prefix: string;
  readonly taskEvents: TaskEventBus;
  readonly logger: Logger;
}): Promise<DashboardFeed> {
  const channel = dashboardChannel(options.prefix);
  const closing = new AbortController();
  const listeners = new Set<(reason: string) => void>();
  // Announcements carry their sender, which already noticed its own change.
  const origin = randomUUID();
  let version = 0;
  const notify = (reason: string) => {
    version += 1;
    for (const listener of listeners) listener(reason);
  };

  const subscriber = createRedis(options.redisUrl, "worker", "dashboard-feed");
  subscriber.on("error", (error) => options.logger.warn({ err: error }, "dashboard feed subscription error"));
  subscriber.on("message", (_channel: string, message: string) => {
    const [sender, reason = ""] = message.split(" ", 2);
    if (sender !== origin) notify(reason.slice(0, 100));
  });
  await subscriber.connect();
  await subscriber.subscribe(channel);

  void (async () => {
    for await (const event of options.taskEvents.subscribe(closing.signal)) {
      if (event.status === "processed" && DASHBOARD_TASKS.has(event.type)) notify(event.type);
    }
  })().catch((error: unknown) => options.logger.warn({ err: error }, "dashboard feed lost task events"));

  return {
    get version() {
      return version;
    },
    async changed(reason) {
      notify(reason);
      await options.redis.publish(channel, `${origin} ${reason}`).catch((error: unknown) => {
        options.logger.warn(
          { err: error, reason },
          "dashboard change not announced; live views catch up on the next one",
        );
      });
    },
    subscribe(signal) {
      const stop = AbortSignal.any([signal, closing.signal]);
      let pending: string | null = null;
      let wake: (() => void) | null = null;
      const listener = (reason: string) => {
        pending = reason;
        wake?.();
      };
      // Listening starts now, before the caller's first read: nothing in between is missed.
      listeners.add(listener);
      return (async function* () {
        try {
          while (!stop.aborted) {
            if (pending === null) {
              await new Promise<void>((resolve) => {
                wake = resolve;
                stop.addEventListener("abort", () => resolve(), { once: true });
              });
              wake = null;
              continue;
            }
            await sleep(COALESCE_MS, undefined, { signal: stop }).catch(() => undefined);
            if (stop.aborted) break;
            const reason: string = pending;
            pending = null;
            yield reason;
          }
        } finally {
          listeners.delete(listener);
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
