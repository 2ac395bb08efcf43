import type { Redis } from "@govconnect/redis";
import { newTypedCode, normaliseTypedCode } from "./codes.ts";
import { hashLinkToken } from "./link-tokens.ts";

/** Codes outlive a restart for a week at most; each start while no admin exists prints a new one. */
const CODE_TTL_SECONDS = 7 * 24 * 60 * 60;

/** The one-time codes that guard "create the administrator account" on a fresh install. */
export interface SetupCodes {
  /** A new code (60 random bits, `XXXX-XXXX-XXXX`). Every instance's codes work until setup is done. */
  issue(): Promise<string>;
  matches(code: string): Promise<boolean>;
  /** Setup is done: no code works any more. */
  clear(): Promise<void>;
}

export function createSetupCodes(redis: Redis, keyPrefix: string): SetupCodes {
  const key = `${keyPrefix}:setup-codes`;
  return {
    async issue() {
      const code = newTypedCode();
      await redis
        .multi()
        .sadd(key, hashLinkToken(normaliseTypedCode(code)))
        .expire(key, CODE_TTL_SECONDS)
        .exec();
      return code;
    },
    async matches(code) {
      return (await redis.sismember(key, hashLinkToken(normaliseTypedCode(code)))) === 1;
    },
    async clear() {
      await redis.del(key);
    },
  };
}
