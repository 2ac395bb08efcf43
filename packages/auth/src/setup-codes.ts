import { randomInt } from "node:crypto";
import type { Redis } from "@govconnect/redis";
import { hashLinkToken } from "./link-tokens.ts";

// Crockford's base32 without I, L, O, U: nothing to misread when typing it from a terminal.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const GROUPS = 3;
const GROUP_LENGTH = 4;
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

/** How people may type it: any case, with or without the dashes and spaces. */
export const normaliseSetupCode = (code: string) => code.toUpperCase().replace(/[\s-]/g, "");

export function createSetupCodes(redis: Redis, keyPrefix: string): SetupCodes {
  const key = `${keyPrefix}:setup-codes`;
  return {
    async issue() {
      const raw = Array.from({ length: GROUPS * GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
      await redis.multi().sadd(key, hashLinkToken(raw)).expire(key, CODE_TTL_SECONDS).exec();
      return raw.match(new RegExp(`.{${GROUP_LENGTH}}`, "g"))?.join("-") ?? raw;
    },
    async matches(code) {
      return (await redis.sismember(key, hashLinkToken(normaliseSetupCode(code)))) === 1;
    },
    async clear() {
      await redis.del(key);
    },
  };
}
