// The Redis that `npm start` runs for you (scripts/govconnect.mjs), with a password of its own.
// Standard library only: this runs before the workspace is installed.
//
// The password is generated once, kept in <data dir>/redis/password (mode 0600) and reused, so an
// existing data directory keeps working. It reaches redis-server in a config file (also 0600)
// given as its first argument, never on the command line, where `ps` would show it to every user.

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { Socket } from "node:net";
import { join, resolve } from "node:path";

/** A situation `npm start` cannot sort out by itself; `message` says what to do. */
export class LocalRedisError extends Error {
  name = "LocalRedisError";
}

const LOCAL_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"];

/**
 * Whether `npm start` may run (or reuse) its own Redis for `redisUrl`: a local address and no
 * credentials, as the default `redis://127.0.0.1:6379` (also what .env.example says). A URL with a
 * user or password, or another host, is the user's own Redis and is used exactly as written.
 */
export function isManagedRedisUrl(redisUrl) {
  const url = new URL(redisUrl);
  return url.protocol === "redis:" && LOCAL_HOSTS.includes(url.hostname) && !url.username && !url.password;
}

/** The local Redis's password: read from `dir/password`, or made (32 random bytes, base64url) and kept there, mode 0600. */
export function localRedisPassword(dir) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, "password");
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    const kept = readFileSync(file, "utf8").trim();
    if (kept) return kept;
  }
  const password = randomBytes(32).toString("base64url");
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** `redis-server`'s config file for the local Redis (mode 0600: it holds the password). */
export function writeLocalRedisConfig(dir, port, password) {
  const file = join(dir, "redis.conf");
  const lines = [
    "# Written by `npm start` on every start (scripts/local-redis.mjs); edits are overwritten.",
    `port ${port}`,
    "bind 127.0.0.1",
    `dir ${dir}`,
    // Append-only persistence keeps queued tasks across restarts.
    "appendonly yes",
    'save ""',
    "maxmemory-policy noeviction",
    `logfile ${join(dir, "redis.log")}`,
    `requirepass ${password}`,
    "",
  ];
  writeFileSync(file, lines.join("\n"), { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

/** The RESP encoding of one command. */
function encode(args) {
  return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join("")}`;
}

/**
 * Parses one RESP reply from the start of `text`: `{ value, rest }`, or undefined while incomplete.
 * Errors come back as `{ error: "WRONGPASS …" }`; arrays as arrays.
 */
function parseReply(text) {
  const end = text.indexOf("\r\n");
  if (end < 0) return undefined;
  const head = text.slice(1, end);
  const after = text.slice(end + 2);
  switch (text[0]) {
    case "+":
      return { value: head, rest: after };
    case "-":
      return { value: { error: head }, rest: after };
    case ":":
      return { value: Number(head), rest: after };
    case "$": {
      const length = Number(head);
      if (length < 0) return { value: null, rest: after };
      if (Buffer.byteLength(after) < length + 2) return undefined;
      const bytes = Buffer.from(after);
      return { value: bytes.subarray(0, length).toString(), rest: bytes.subarray(length + 2).toString() };
    }
    case "*": {
      const count = Number(head);
      const items = [];
      let rest = after;
      for (let i = 0; i < count; i++) {
        const item = parseReply(rest);
        if (!item) return undefined;
        items.push(item.value);
        rest = item.rest;
      }
      return { value: items, rest };
    }
    default:
      return { value: { error: `not a Redis reply: ${JSON.stringify(text.slice(0, 20))}` }, rest: "" };
  }
}

/**
 * Sends `commands` (each a list of arguments) on one connection and returns their replies in order; undefined when nothing
 * listens; a reply of `{ error }` for a Redis error. Rejects when what listens is not Redis.
 */
export function redisCommands(host, port, commands, timeoutMs = 2_000) {
  return new Promise((done, failed) => {
    const socket = new Socket();
    const replies = [];
    let buffer = "";
    let connected = false;
    const finish = (result) => {
      socket.destroy();
      done(result);
    };
    socket.setTimeout(timeoutMs);
    socket.once("timeout", () => {
      socket.destroy();
      if (connected) failed(new LocalRedisError(`${host}:${port} accepts connections but does not answer as Redis`));
      else done(undefined);
    });
    socket.once("error", () => (connected ? finish(replies) : done(undefined)));
    socket.once("close", () => done(replies));
    socket.once("connect", () => {
      connected = true;
      socket.write(commands.map(encode).join(""));
    });
    socket.on("data", (chunk) => {
      buffer += chunk.toString();
      for (let reply = parseReply(buffer); reply; reply = parseReply(buffer)) {
        replies.push(reply.value);
        buffer = reply.rest;
        if (replies.length === commands.length) return finish(replies);
      }
    });
    socket.connect(port, host);
  });
}

const isError = (reply) => typeof reply === "object" && reply !== null && "error" in reply;

/**
 * What answers on `host:port`: `absent` (nothing), `ours` (it takes `password`), `open` (no
 * password at all; `dir` is its data directory when it tells), or `locked` (another password).
 */
export async function probeLocalRedis(host, port, password) {
  const first = await redisCommands(host, port, [["PING"]]);
  if (first === undefined) return { state: "absent" };
  const [ping] = first;
  if (ping === "PONG") {
    const replies = await redisCommands(host, port, [["CONFIG", "GET", "dir"]]);
    const reply = replies?.[0];
    const dir = Array.isArray(reply) && typeof reply[1] === "string" ? reply[1] : undefined;
    return { state: "open", dir };
  }
  if (!isError(ping) || !/^NOAUTH\b/.test(ping.error)) {
    throw new LocalRedisError(`something listens on ${host}:${port} that does not answer as Redis`);
  }
  const [auth] = (await redisCommands(host, port, [["AUTH", password]])) ?? [];
  return auth === "OK" ? { state: "ours" } : { state: "locked" };
}

const samePath = (a, b) => {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(check, ms) {
  for (let waited = 0; waited < ms; waited += 100) {
    if (await check()) return true;
    await sleep(100);
  }
  return false;
}

/** The URL the API and workers get: the local Redis with its password (never printed). */
export function localRedisUrl(redisUrl, password) {
  const url = new URL(redisUrl);
  url.username = "default";
  url.password = password;
  return url.toString().replace(/\/$/, "");
}

/**
 * Makes sure a password-protected Redis of ours runs where `redisUrl` (local, no credentials)
 * points, and returns `{ url, detail, child, warning? }`: `url` with the password for the API,
 * `detail` for the progress line (no password), `child` when this call started redis-server (stop
 * it when done). What already answers on that port:
 * - ours (takes our password): reused;
 * - passwordless, with our data directory (an older `npm start`'s Redis): shut down (SHUTDOWN saves
 *   the append-only file) and started again with the password, on the same data, so nothing is
 *   lost and the hole this closes does not stay open;
 * - passwordless and someone else's (e.g. the distribution's redis-server service): used as is
 *   — it is not ours to stop or reconfigure — with a warning that says how to close it;
 * - another password: an error naming the way out.
 */
export async function ensureLocalRedis({ redisUrl, dir, install = () => undefined, binary = "redis-server" }) {
  const url = new URL(redisUrl);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1") || "127.0.0.1";
  const port = Number(url.port || 6379);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const password = localRedisPassword(dir);
  const withPassword = localRedisUrl(redisUrl, password);

  let found = await probeLocalRedis(host, port, password);
  if (found.state === "ours") return { url: withPassword, detail: `using Redis on ${host}:${port} (data in ${dir})` };
  if (found.state === "locked") {
    throw new LocalRedisError(
      `A Redis on ${host}:${port} wants a password other than the one in ${join(dir, "password")}: ` +
        "put its password in REDIS_URL (redis://:PASSWORD@host:port), or stop it so `npm start` can run its own.",
    );
  }
  if (found.state === "open" && found.dir && samePath(found.dir, dir)) {
    // An older `npm start` left its Redis running without a password; it is ours (same data directory).
    await redisCommands(host, port, [["SHUTDOWN"]]).catch(() => undefined);
    if (!(await waitFor(async () => (await probeLocalRedis(host, port, password)).state === "absent", 10_000))) {
      throw new LocalRedisError(`The passwordless Redis on ${host}:${port} (data in ${dir}) did not stop: stop it.`);
    }
    found = { state: "absent" };
  }
  if (found.state === "open") {
    return {
      url: redisUrl,
      detail: `using Redis on ${host}:${port}`,
      warning:
        `The Redis on ${host}:${port} (not started by npm start) has no password: any local process can read and ` +
        "change its sessions and queues. Set `requirepass` and put the password in REDIS_URL, or stop it so " +
        "`npm start` runs its own with a generated password.",
    };
  }

  install();
  // Installing the distribution's redis-server may have started its service on this very port.
  const appeared = await probeLocalRedis(host, port, password);
  if (appeared.state !== "absent") return ensureLocalRedis({ redisUrl, dir, binary });
  const config = writeLocalRedisConfig(dir, port, password);
  // Its own process group: Ctrl+C reaches the API first, and Redis is stopped after the API has finished with it.
  const child = spawn(binary, [config], { stdio: "ignore", detached: true });
  const exited = new Promise((r) => child.once("exit", () => r(true)));
  child.once("error", () => undefined);
  const up = await Promise.race([
    waitFor(async () => (await probeLocalRedis(host, port, password)).state === "ours", 10_000),
    exited.then(() => false),
  ]);
  if (!up) {
    child.kill("SIGTERM");
    throw new LocalRedisError(`redis-server did not start on port ${port}; see ${join(dir, "redis.log")}.`);
  }
  return { url: withPassword, detail: `started Redis on ${host}:${port} with a password (data in ${dir})`, child };
}
