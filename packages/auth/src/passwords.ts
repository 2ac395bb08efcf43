import { createHmac, randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import bcrypt from "bcrypt";
import type { HashingQueueOptions } from "./hashing-queue.ts";
import { createHashingQueue } from "./hashing-queue.ts";

/**
 * Stored hashes look like `bcrypt-hmac-sha256$<bcrypt hash>`. bcrypt reads only the first 72
 * bytes of its input, which would let a 73-byte password match its 72-byte prefix; so the
 * password (NFKC-normalised) goes through HMAC-SHA256 first, and bcrypt hashes the base64 digest
 * (44 bytes, no NUL). The key is fixed and public: it separates this use of SHA-256, it is not a
 * pepper.
 */
const SCHEME = "bcrypt-hmac-sha256$";
const PREHASH_KEY = "govconnect/password/v1";

function prehash(password: string): string {
  return createHmac("sha256", PREHASH_KEY).update(password.normalize("NFKC"), "utf8").digest("base64");
}

export interface PasswordHasher {
  readonly cost: number;
  /** `owner`, in each method: the caller's IP, held to its share of the hashing queue. */
  hash(password: string, owner?: string): Promise<string>;
  /** Constant-time comparison (bcrypt); false for a hash of another scheme. */
  verify(password: string, stored: string, owner?: string): Promise<boolean>;
  /**
   * Spends the same time as {@link verify} against a hash nobody has, so an unknown username
   * answers as slowly as a wrong password and timing reveals no accounts.
   */
  verifyNobody(password: string, owner?: string): Promise<false>;
}

/**
 * The default bound on hashing: as many at once as the machine has cores (at most libuv's 4
 * threads, which file and DNS work share); a wait of at most 8 s, under the 10 s after which an
 * idle socket is cut (a burst of ten sign-ins at cost 12 on a busy 2-core machine waited 5 s in
 * the e2e suite, so 3 s refused real people); at most 64 waiting, past which a flood is refused at
 * once instead of queueing everyone behind it; and a quarter of that per address, so one address
 * cannot take the queue from everyone else (an office of people signing in at nine still fits).
 */
export const DEFAULT_HASHING: HashingQueueOptions = {
  concurrency: Math.max(1, Math.min(4, availableParallelism())),
  maxWaitMs: 8_000,
  maxWaiting: 64,
  maxPerOwner: 16,
};

/**
 * bcrypt (native, on libuv's thread pool: never blocks the event loop) at `cost`, each hash and
 * comparison through one bounded queue (`hashing`): past its wait, 503 with Retry-After.
 */
export function createPasswordHasher(cost: number, hashing: HashingQueueOptions = DEFAULT_HASHING): PasswordHasher {
  const queue = createHashingQueue(hashing);
  let dummy: Promise<string> | undefined;
  const hash = async (password: string, owner?: string) =>
    `${SCHEME}${await queue.run(() => bcrypt.hash(prehash(password), cost), owner)}`;
  const verify = async (password: string, stored: string, owner?: string) =>
    stored.startsWith(SCHEME) && queue.run(() => bcrypt.compare(prehash(password), stored.slice(SCHEME.length)), owner);
  return {
    cost,
    hash,
    verify,
    async verifyNobody(password, owner) {
      dummy ??= hash(randomBytes(32).toString("base64"));
      await verify(password, await dummy, owner);
      return false;
    },
  };
}
