import { createRequire } from "node:module";
import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 8;
/** Long passphrases are welcome (they are pre-hashed, so bcrypt's 72-byte limit does not cut them). */
export const PASSWORD_MAX_LENGTH = 128;

let common: ReadonlySet<string> | undefined;

/**
 * The ~18,000 most common passwords of 8+ characters (the zxcvbn-ts list, from real breaches):
 * OWASP ASVS 5 asks for at least the top 3,000 that meet the policy. Loaded on first use.
 */
function commonPasswords(): ReadonlySet<string> {
  if (!common) {
    const require = createRequire(import.meta.url);
    const { dictionary } = require("@zxcvbn-ts/language-common") as {
      dictionary: Record<"passwords-common", readonly string[]>;
    };
    common = new Set(dictionary["passwords-common"].filter((p) => p.length >= PASSWORD_MIN_LENGTH));
  }
  return common;
}

/** Compared case-insensitively: "Password1" is as guessable as "password1". */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.normalize("NFKC").toLowerCase());
}

/** Characters as a person counts them (code points), not UTF-16 units. */
const length = (value: string) => [...value].length;

/** A new password (registration, change): the policy, with a message that says what to fix. */
export const newPasswordSchema = z
  .string({ error: "Password is required" })
  .refine((value) => length(value) >= PASSWORD_MIN_LENGTH, {
    error: `Password must be at least ${PASSWORD_MIN_LENGTH} characters`,
    abort: true,
  })
  .refine((value) => length(value) <= PASSWORD_MAX_LENGTH, {
    error: `Password must be at most ${PASSWORD_MAX_LENGTH} characters`,
    abort: true,
  })
  .refine((value) => !isCommonPassword(value), {
    error: "This password is one of the most common passwords and easy to guess: choose another",
  });

/** A password being checked at sign-in: only bounded, never judged (old accounts may predate the policy). */
export const passwordInputSchema = z
  .string({ error: "Password is required" })
  .min(1, { error: "Password is required" })
  .refine((value) => length(value) <= PASSWORD_MAX_LENGTH, {
    error: `Password must be at most ${PASSWORD_MAX_LENGTH} characters`,
  });
