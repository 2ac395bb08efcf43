import { AppError } from "@govconnect/contracts";

export interface HashingQueueOptions {
  /** Hashes run at once (each takes a libuv thread for the whole bcrypt). */
  readonly concurrency: number;
  /** The longest a hash waits for its turn before the caller is told to come back (503). */
  readonly maxWaitMs: number;
  /** The most that may wait at once; past it a hash is refused at once. */
  readonly maxWaiting: number;
  /**
   * The most one owner (an IP) may have running and waiting at once: one address cannot fill the
   * queue and turn everyone else's sign-in into a 503.
   */
  readonly maxPerOwner: number;
}

/** What a caller hears when the hashing queue is full or its wait ran out. */
export const HASHING_BUSY_MESSAGE = "Sign-in and sign-up are busy right now: try again in a few seconds";
const RETRY_AFTER_SECONDS = 2;

const busy = () =>
  new AppError("SERVICE_UNAVAILABLE", HASHING_BUSY_MESSAGE, { retryAfterSeconds: RETRY_AFTER_SECONDS });

/**
 * A bounded queue in front of bcrypt. Without it every request that hashes waits its turn on
 * libuv's few threads for as long as it takes, so 40 anonymous sign-ups stalled everyone's
 * sign-in for 10 s (security review M2); with it a hash waits at most `maxWaitMs`, and the caller
 * is answered 503 with Retry-After instead of a hang.
 */
export function createHashingQueue(options: HashingQueueOptions) {
  let running = 0;
  const waiting: Array<() => void> = [];
  /** Hashes held (running or waiting) per owner; an owner leaves the map with its last one. */
  const held = new Map<string, number>();
  const release = () => {
    running--;
    const next = waiting.shift();
    if (next) next();
  };
  const take = (owner: string | undefined) => {
    if (owner !== undefined) held.set(owner, (held.get(owner) ?? 0) + 1);
  };
  const give = (owner: string | undefined) => {
    if (owner === undefined) return;
    const left = (held.get(owner) ?? 1) - 1;
    if (left > 0) held.set(owner, left);
    else held.delete(owner);
  };
  const queued = <T>(job: () => Promise<T>): Promise<T> => {
    if (running < options.concurrency) {
      running++;
      return job().finally(release);
    }
    if (waiting.length >= options.maxWaiting) return Promise.reject(busy());
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        clearTimeout(timer);
        running++;
        job().then(resolve, reject).finally(release);
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(start), 1);
        reject(busy());
      }, options.maxWaitMs);
      waiting.push(start);
    });
  };
  return {
    /** Runs `job` in turn; `owner` (the caller's IP) is held to its share of the queue. */
    run<T>(job: () => Promise<T>, owner?: string): Promise<T> {
      if (owner !== undefined && (held.get(owner) ?? 0) >= options.maxPerOwner) return Promise.reject(busy());
      take(owner);
      return queued(job).finally(() => give(owner));
    },
    /** Hashes running and waiting now (for tests and the health of the queue). */
    get load() {
      return { running, waiting: waiting.length };
    },
  };
}

export type HashingQueue = ReturnType<typeof createHashingQueue>;
