import { SendError } from "@govconnect/emails";
import type { BackoffOptions } from "bullmq";

/** The backoff type our jobs are queued with; the worker runtime implements it ({@link retryDelayMs}). */
export const TASK_BACKOFF = "capped-exponential";

/** The longest wait between two retries unless configured (TASK_RETRY_MAX_DELAY_MS). */
export const DEFAULT_RETRY_MAX_DELAY_MS = 5 * 60_000;

/** A provider's Retry-After is honoured up to this; a longer one (a daily quota) waits this long and asks again. */
const MAX_RETRY_AFTER_MS = 60 * 60_000;

/** The job options of a task type's backoff: its first retry's delay, and half of each wait random. */
export function taskBackoff(delayMs: number): BackoffOptions {
  return { type: TASK_BACKOFF, delay: delayMs, jitter: 0.5 };
}

/**
 * The wait before retry `attemptsMade` (1 after the first failure): the first delay doubled per
 * attempt, capped at `maxDelayMs` — plain exponential backoff would wait hours by the tenth retry,
 * so a long retry budget (email) would stop retrying in practice — with the upper half random so
 * a crowd of failures does not retry in step. A provider that said when to come back (a 429's
 * Retry-After) is not asked sooner.
 */
export function retryDelayMs(
  attemptsMade: number,
  options: { readonly delayMs: number; readonly jitter?: number; readonly maxDelayMs: number },
  error?: unknown,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attemptsMade - 1, 0), 30);
  const ceiling = Math.min(options.delayMs * 2 ** exponent, options.maxDelayMs);
  const jitter = Math.min(Math.max(options.jitter ?? 0.5, 0), 1);
  const delay = Math.floor(ceiling * (1 - jitter) + random() * ceiling * jitter);
  const asked = error instanceof SendError ? error.retryAfterMs : undefined;
  return asked === undefined ? delay : Math.max(delay, Math.min(asked, MAX_RETRY_AFTER_MS));
}
