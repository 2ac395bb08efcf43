import { redactUrl, withTimeout } from "@govconnect/runtime";
import type { RedisOptions } from "ioredis";
import { Redis } from "ioredis";

/**
 * `client`: the API's connection. Commands fail at once while Redis is down, so a request answers
 * 503 instead of hanging. `worker`: BullMQ workers and subscribers, which wait for Redis to return.
 */
export type RedisRole = "client" | "worker";

/** Reconnect with capped exponential backoff and jitter, forever: Redis restarts must heal by themselves. */
export function reconnectDelay(attempt: number): number {
  const capped = Math.min(2_000, 50 * 2 ** Math.min(attempt, 10));
  return Math.round(capped / 2 + Math.random() * (capped / 2));
}

export function redisOptions(role: RedisRole, name: string): RedisOptions {
  return {
    lazyConnect: true,
    connectionName: `govconnect:${name}`,
    connectTimeout: 5_000,
    retryStrategy: reconnectDelay,
    ...(role === "worker"
      ? { maxRetriesPerRequest: null, enableOfflineQueue: true }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 2_000 }),
  };
}

/** A new, not yet connected, Redis connection for `role`. Call `connect()` (or let BullMQ) to open it. */
export function createRedis(url: string, role: RedisRole, name: string): Redis {
  return new Redis(url, redisOptions(role, name));
}

/** Redis cannot serve GovConnect; `message` is one line that says why and how to fix it. */
export class RedisUnavailableError extends Error {
  override readonly name = "RedisUnavailableError";
  /** Safe to show as is: it names the problem and the fix, without secrets. */
  readonly expose = true;
}

/**
 * The start-up check: Redis answers, and keeps queued jobs (`maxmemory-policy noeviction`, since
 * any eviction policy may silently delete them). Gives up after `timeoutMs` instead of hanging.
 */
export async function assertRedisReady(url: string, timeoutMs = 5_000): Promise<void> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    connectionName: "govconnect:startup-check",
  });
  // The socket's own error (e.g. "connect ECONNREFUSED") says more than connect()'s "Connection is closed."
  let socketError: Error | undefined;
  probe.on("error", (error: Error) => {
    socketError ??= error;
  });
  try {
    try {
      await probe.connect();
      await probe.ping();
    } catch (error) {
      const reason = (socketError ?? (error instanceof Error ? error : new Error(String(error)))).message;
      throw new RedisUnavailableError(
        `Redis is not reachable at ${redactUrl(url)} (${reason}). ` +
          "Start Redis (`npm start` starts one; or `sudo apt-get install redis-server`) or set REDIS_URL to yours.",
      );
    }
    const policy = await maxmemoryPolicy(probe);
    if (policy !== undefined && policy !== "noeviction") {
      throw new RedisUnavailableError(
        `Redis at ${redactUrl(url)} has maxmemory-policy ${policy}, which can silently drop queued tasks. ` +
          "Set `maxmemory-policy noeviction` in redis.conf (or `CONFIG SET maxmemory-policy noeviction`).",
      );
    }
  } finally {
    probe.disconnect();
  }
}

/** `undefined` when the server does not allow CONFIG (some managed services); then we cannot check. */
async function maxmemoryPolicy(redis: Redis): Promise<string | undefined> {
  try {
    const reply = (await redis.config("GET", "maxmemory-policy")) as unknown;
    return Array.isArray(reply) && typeof reply[1] === "string" ? reply[1] : undefined;
  } catch {
    return undefined;
  }
}

/** Pings with a deadline; used by health checks. */
export async function pingRedis(redis: Redis, timeoutMs = 1_000): Promise<void> {
  await withTimeout(redis.ping(), timeoutMs, "Redis");
}

/** Closes politely (QUIT) when connected, and drops the socket otherwise, so shutdown never waits on a dead server. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === "ready") {
    await redis.quit().catch(() => redis.disconnect());
  } else {
    redis.disconnect();
  }
}
