import { withTimeout } from "@govconnect/runtime";
import type { RedisOptions } from "ioredis";
import { Redis } from "ioredis";
import { describeRedisUrl, redisConnectionOptions, scrubSecrets } from "./connection.ts";

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

/**
 * A new, not yet connected, Redis connection for `role`. Call `connect()` (or let BullMQ) to open it.
 * Every GovConnect connection is made here, so each one gets the URL's credentials and TLS
 * ({@link redisConnectionOptions}); BullMQ's own connections are `duplicate()`s and keep them.
 */
export function createRedis(url: string, role: RedisRole, name: string): Redis {
  return new Redis({ ...redisConnectionOptions(url), ...redisOptions(role, name) });
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
  const shown = describeRedisUrl(url);
  const probe = new Redis({
    ...redisConnectionOptions(url),
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
      throw startupError(shown, url, socketError ?? (error instanceof Error ? error : new Error(String(error))));
    }
    const policy = await maxmemoryPolicy(probe);
    if (policy !== undefined && policy !== "noeviction") {
      throw new RedisUnavailableError(
        `Redis at ${shown} has maxmemory-policy ${policy}, which can silently drop queued tasks. ` +
          "Set `maxmemory-policy noeviction` in redis.conf (or `CONFIG SET maxmemory-policy noeviction`).",
      );
    }
  } finally {
    probe.disconnect();
  }
}

/** Node's codes for a certificate that does not check out (chain, name, dates). */
const CERTIFICATE_CODES =
  /^(UNABLE_TO_|SELF_SIGNED_CERT|DEPTH_ZERO_SELF_SIGNED_CERT|CERT_|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH|INVALID_CA|INVALID_PURPOSE)/;

/** One line for why the start-up check could not talk to Redis, and what to change; never a password. */
function startupError(shown: string, url: string, error: Error): RedisUnavailableError {
  const reason = scrubSecrets(error.message.split("\n")[0] ?? "", url);
  const code = (error as NodeJS.ErrnoException).code ?? "";
  if (/^(WRONGPASS|NOAUTH)\b|invalid password|invalid username-password/i.test(reason)) {
    return new RedisUnavailableError(
      `Redis at ${shown} refused the credentials (${reason}): check the user and password in REDIS_URL ` +
        "(redis://user:password@host:port, percent-encoded).",
    );
  }
  if (/^NOPERM\b/.test(reason)) {
    return new RedisUnavailableError(
      `Redis at ${shown} accepted the credentials but the user may not run what GovConnect needs (${reason}): ` +
        "grant it `~* &* +@all` (or at least its keys, channels and the commands BullMQ uses).",
    );
  }
  if (CERTIFICATE_CODES.test(code)) {
    return new RedisUnavailableError(
      `Redis at ${shown} presented a TLS certificate that could not be verified (${code}: ${reason}): ` +
        "set tls_ca_file in REDIS_URL to the CA that signed it (rediss://…?tls_ca_file=/path/ca.pem), " +
        "or fix the server's certificate; verification is never turned off.",
    );
  }
  // A TLS-only server drops a plain connection at once; a plain one cannot finish a TLS handshake.
  const tlsHint =
    !shown.startsWith("rediss:") && /ECONNRESET|Connection is closed/.test(reason)
      ? " If that server only speaks TLS, write rediss:// in REDIS_URL."
      : "";
  return new RedisUnavailableError(
    `Redis is not reachable at ${shown} (${reason}).${tlsHint} ` +
      "Start Redis (`npm start` starts one; or `sudo apt-get install redis-server`) or set REDIS_URL to yours.",
  );
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
