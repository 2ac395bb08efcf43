import { randomInt } from "node:crypto";

// Crockford's base32 without I, L, O, U: nothing to misread when copying it from a screen or paper.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const GROUPS = 3;
const GROUP_LENGTH = 4;

/** A code people type: 60 random bits as `XXXX-XXXX-XXXX` (setup codes, recovery codes). */
export function newTypedCode(): string {
  const raw = Array.from({ length: GROUPS * GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return raw.match(new RegExp(`.{${GROUP_LENGTH}}`, "g"))?.join("-") ?? raw;
}

/** How people may type it: any case, with or without the dashes and spaces. */
export const normaliseTypedCode = (code: string) => code.toUpperCase().replace(/[\s-]/g, "");
