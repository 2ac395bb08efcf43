import { createHash, randomBytes } from "node:crypto";

/** 256 random bits, URL-safe: what an emailed link carries. */
export function newLinkToken(): { readonly token: string; readonly hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashLinkToken(token) };
}

/**
 * What the database stores instead of the token. A fast hash is enough: the token is random, so
 * there is nothing to guess offline, unlike a password.
 */
export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
