/**
 * Socket errors of a connection that could not be made or was cut: the server is away (restart,
 * failover, network), not the query at fault.
 */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * SQLSTATEs that mean "the server cannot serve you right now": class 08 (connection exception),
 * 57P01–57P03 (administrator shutdown, crash shutdown, starting up / shutting down) and 53300 (too
 * many connections).
 */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;

/** node-postgres reports a dropped or never-made connection with these messages and no code. */
const CONNECTION_MESSAGES = ["Connection terminated", "timeout exceeded when trying to connect", "is not queryable"];

function unavailableHere(error: object): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  const message = error instanceof Error ? error.message : "";
  return CONNECTION_MESSAGES.some((text) => message.includes(text));
}

/**
 * True when `error` (or what it wraps: Drizzle's `DrizzleQueryError`, an `AppError`'s cause, an
 * `AggregateError` of connection attempts) says the database server is unreachable or restarting —
 * a fault that heals by itself, so callers answer 503 or retry later instead of failing for good.
 * A query's own error (a constraint, a syntax error) is not one.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0 && seen.size < 20) {
    const current = pending.shift();
    if (typeof current !== "object" || current === null || seen.has(current)) continue;
    seen.add(current);
    if (unavailableHere(current)) return true;
    pending.push((current as { cause?: unknown }).cause);
    if (current instanceof AggregateError) pending.push(...current.errors);
  }
  return false;
}
