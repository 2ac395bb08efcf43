/** What a username may be made of (registration's rule): ASCII letters, digits, _ . and -. */
export const USERNAME_CHARACTERS = /^[A-Za-z0-9_.-]+$/;

/**
 * The one form of a typed username that every comparison uses — the sign-in lookup, the sign-in
 * lock's key and (through `lower()` on ASCII, which it equals) the unique index: NFKC first, so
 * full-width "ｄｅｍｏ" is "demo", then ASCII lower case. Null when what is left is not a possible
 * username ("İ", "ß", a combining mark): no account has it, so nothing is looked up. Before this,
 * JavaScript turned "İ" into "i̇" for the lock while the database matched it to "i", and each
 * spelling got a fresh lock (security review L2).
 */
export function usernameKey(typed: string): string | null {
  const normal = typed.normalize("NFKC").trim();
  return USERNAME_CHARACTERS.test(normal) ? normal.toLowerCase() : null;
}
