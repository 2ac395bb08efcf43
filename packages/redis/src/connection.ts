import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import type { ConnectionOptions } from "node:tls";
import { redactUrl } from "@govconnect/runtime";
import type { RedisOptions } from "ioredis";

/**
 * The one query parameter a `REDIS_URL` may carry: the PEM file of the CA (or bundle) that signed
 * the server's certificate, for `rediss://` servers whose certificate the system's trust store
 * does not cover, e.g. `rediss://app:pw@redis.internal:6380/0?tls_ca_file=/etc/govconnect/redis-ca.pem`.
 * It travels inside the URL because the URL is the one thing every connection is made from (API,
 * workers, BullMQ, pub/sub, rate limits), so none of them can be opened without it.
 */
export const TLS_CA_FILE_PARAM = "tls_ca_file";

/** The URL was not a Redis URL we can connect with; the message says what to change. */
export class RedisUrlError extends Error {
  override readonly name = "RedisUrlError";
  /** Safe to show as is: it never holds the password. */
  readonly expose = true;
}

/** The URL as it may be shown: password replaced by `***`, no query (the CA path is said apart). */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.search = "";
    return redactUrl(parsed.toString());
  } catch {
    return "(unparseable URL)";
  }
}

/** Every secret a URL holds (for scrubbing messages that might echo them). */
export function redisUrlSecrets(url: string): string[] {
  try {
    const parsed = new URL(url);
    return parsed.password ? [...new Set([parsed.password, safeDecode(parsed.password)])] : [];
  } catch {
    return [];
  }
}

/** `text` with every secret of `url` replaced by `***`. */
export function scrubSecrets(text: string, url: string): string {
  let scrubbed = text;
  for (const secret of redisUrlSecrets(url)) scrubbed = scrubbed.replaceAll(secret, "***");
  return scrubbed;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Where and how to connect, from a `redis://` or `rediss://` URL — the only place GovConnect reads
 * one: host and port; `user:password@` (an ACL user; the password alone authenticates as
 * `default`), percent-decoded; `/db`; and for `rediss://`, TLS with the certificate always verified
 * (against the system's CAs, or the `tls_ca_file` one) and checked against the host name.
 */
export function redisConnectionOptions(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisUrlError("REDIS_URL must be a URL like redis://user:password@127.0.0.1:6379 (it is not a URL)");
  }
  const shown = describeRedisUrl(url);
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    throw new RedisUrlError(`REDIS_URL ${shown} must start with redis:// or rediss:// (TLS)`);
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1") || "127.0.0.1";
  const port = parsed.port ? Number(parsed.port) : 6379;
  const username = parsed.username ? safeDecode(parsed.username) : undefined;
  const password = parsed.password ? safeDecode(parsed.password) : undefined;
  if (username !== undefined && password === undefined) {
    throw new RedisUrlError(
      `REDIS_URL ${shown} names the user ${username} without a password: write redis://${username}:PASSWORD@…`,
    );
  }
  const path = parsed.pathname.replace(/^\//, "");
  if (path !== "" && !/^\d{1,2}$/.test(path)) {
    throw new RedisUrlError(`REDIS_URL ${shown} has the path /${path}: only a database number (e.g. /0) may follow`);
  }
  const unknown = [...parsed.searchParams.keys()].filter((key) => key !== TLS_CA_FILE_PARAM);
  if (unknown.length > 0) {
    throw new RedisUrlError(
      `REDIS_URL ${shown} has the parameter ${unknown.join(", ")}: the only one understood is ${TLS_CA_FILE_PARAM}`,
    );
  }
  const caFile = parsed.searchParams.get(TLS_CA_FILE_PARAM) ?? undefined;
  if (caFile !== undefined && parsed.protocol !== "rediss:") {
    throw new RedisUrlError(
      `REDIS_URL ${shown} sets ${TLS_CA_FILE_PARAM} but is not TLS: write rediss:// to connect with TLS`,
    );
  }
  const options: RedisOptions = {
    host,
    port,
    db: path === "" ? 0 : Number(path),
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
  };
  if (parsed.protocol === "rediss:") options.tls = tlsOptions(host, caFile, shown);
  return options;
}

/** Verification is never turned off: there is deliberately no option for it. */
function tlsOptions(host: string, caFile: string | undefined, shown: string): ConnectionOptions {
  const tls: ConnectionOptions = {
    rejectUnauthorized: true,
    // SNI and the name checked against the certificate; an IP address is checked as itself (no SNI).
    ...(isIP(host) === 0 ? { servername: host } : {}),
  };
  if (caFile === undefined || caFile === "") return tls;
  try {
    return { ...tls, ca: readFileSync(caFile) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new RedisUrlError(
      `The CA file ${caFile} (${TLS_CA_FILE_PARAM} of REDIS_URL ${shown}) cannot be read (${code}): check the path and its permissions`,
    );
  }
}
