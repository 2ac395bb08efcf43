import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { TaskType } from "@govconnect/contracts";
import type { TaskEventBus } from "@govconnect/jobs";
import type { Redis } from "@govconnect/redis";
import { createChannel, createFanOut } from "@govconnect/redis";
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

/** On the wire `<origin> <reason>`: the sending instance ignores its own, having noticed it already. */
interface Announcement {
  readonly origin: string;
  readonly reason: string;
}
const encode = ({ origin, reason }: Announcement) => `${origin} ${reason}`;
const decode = (message: string): Announcement => {
  const [origin = "", reason = ""] = message.split(" ", 2);
  return { origin, reason: reason.slice(0, 100) };
};

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
 * The dashboard channel plus the task events this process already receives, merged into one
 * stream of changes for every live `dashboard.onMetrics` stream of the process.
 */
export async function createDashboardFeed(options: {
  readonly redisUrl: string;
  /** The fail-fast client connection, for publishing. */
  readonly redis: Redis;
  readonly prefix: string;
  readonly taskEvents: TaskEventBus;
  readonly logger: Logger;
}): Promise<DashboardFeed> {
  const name = dashboardChannel(options.prefix);
  const origin = randomUUID();
  const closing = new AbortController();
  const changes = createFanOut<string>();
  let version = 0;
  // The version rises before any subscriber hears of the change, so none recomputes stale figures.
  const notify = (reason: string) => {
    version += 1;
    changes.emit(reason);
  };

  const announcements = await createChannel({
    url: options.redisUrl,
    name,
    decode,
    logger: options.logger,
    label: "dashboard-feed",
  });
  void (async () => {
    for await (const announcement of announcements.subscribe(closing.signal)) {
      if (announcement.origin !== origin) notify(announcement.reason);
    }
  })().catch((error: unknown) => options.logger.warn({ err: error }, "dashboard feed lost announcements"));
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
      await options.redis.publish(name, encode({ origin, reason })).catch((error: unknown) => {
        options.logger.warn(
          { err: error, reason },
          "dashboard change not announced; live views catch up on the next one",
        );
      });
    },
    subscribe(signal) {
      const ended = new AbortController();
      const stop = AbortSignal.any([signal, ended.signal]);
      // Listening starts now, before the caller's first read: nothing in between is missed.
      const source = changes.subscribe(stop)[Symbol.asyncIterator]();
      return (async function* () {
        try {
          let next = source.next();
          for (let first = await next; !first.done; first = await next) {
            let reason = first.value;
            // What arrives within COALESCE_MS of a change joins it (so do changes queued while the caller was busy).
            const windowOver = sleep(COALESCE_MS, undefined, { signal: stop }).catch(() => undefined);
            for (;;) {
              next = source.next();
              const more = await Promise.race([next, windowOver]);
              if (more === undefined) break;
              if (more.done) return;
              reason = more.value;
            }
            if (stop.aborted) return;
            yield reason;
          }
        } finally {
          // Also ends the read still pending on `source`.
          ended.abort();
        }
      })();
    },
    endStreams: () => changes.endStreams(),
    close: async () => {
      changes.endStreams();
      closing.abort();
      await announcements.close();
    },
  };
}
