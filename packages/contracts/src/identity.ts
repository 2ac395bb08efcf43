/** What a username may be made of (registration's rule): ASCII letters, digits, _ . and -. */
export const USERNAME_CHARACTERS = /^[A-Za-z0-9_.-]+$/;

/**
 * The one form of a typed username that every comparison uses — the sign-in lookup, the sign-in
 * lock's key and (through `lower()` on ASCII, which it equals) the unique index: NFKC first, so
 * full-width "ｄｅｍｏ" is "demo", then lower case, on ASCII alone. Null when anything but ASCII is
 * left ("İ", "ß", a combining mark): sign-up allows no such username, so nothing is looked up.
 * Before this, JavaScript turned "İ" into "i̇" for the lock while the database matched it to "i",
 * and each spelling got a fresh lock (security review L2). ASCII punctuation outside the sign-up
 * rule stays possible: an account made by the CLI or an import may have it, and both sides agree
 * on the lower case of ASCII.
 */
export function usernameKey(typed: string): string | null {
  const normal = typed.normalize("NFKC").trim();
  return /^[\x20-\x7E]+$/.test(normal) ? normal.toLowerCase() : null;
}
