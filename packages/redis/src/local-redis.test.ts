// `npm start`'s own Redis (scripts/local-redis.mjs): a generated password, kept and reused, never
// on redis-server's command line; and what it does with a Redis already on its port.
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@govconnect/testing";
import { afterAll, describe, expect, it } from "vitest";
import { ensureLocalRedis, isManagedRedisUrl, redisCommands } from "../../../scripts/local-redis.mjs";
import { closeRedis, createRedis } from "./redis.ts";

const root = mkdtempSync(join(tmpdir(), "govconnect-local-redis-"));
const children: ChildProcess[] = [];
afterAll(async () => {
  await Promise.all(children.map(stop));
  rmSync(root, { recursive: true, force: true });
});

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** A passwordless redis-server, as an older `npm start` (or the distribution's service) runs one. */
async function passwordlessRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--save", ""],
    {
      stdio: "ignore",
    },
  );
  children.push(child);
  while ((await redisCommands("127.0.0.1", port, [["PING"]]))?.[0] !== "PONG")
    await new Promise((r) => setTimeout(r, 50));
  return child;
}

const mode = (file: string) => statSync(file).mode & 0o777;

describe("npm start's own Redis", () => {
  it("is only for a local URL without credentials; any other REDIS_URL is used as written", () => {
    expect(isManagedRedisUrl("redis://127.0.0.1:6379")).toBe(true);
    expect(isManagedRedisUrl("redis://localhost:6380/1")).toBe(true);
    expect(isManagedRedisUrl("redis://:pw@127.0.0.1:6379")).toBe(false);
    expect(isManagedRedisUrl("redis://app:pw@127.0.0.1:6379")).toBe(false);
    expect(isManagedRedisUrl("rediss://127.0.0.1:6379")).toBe(false);
    expect(isManagedRedisUrl("redis://redis.internal:6379")).toBe(false);
  });

  it("gets a generated password, kept 0600 in the data dir and reused, and not on its command line", async () => {
    const port = await freePort();
    const dir = join(root, "fresh", "redis");
    const redisUrl = `redis://127.0.0.1:${port}`;
    const first = await ensureLocalRedis({ redisUrl, dir });
    if (first.child) children.push(first.child);
    expect(first.child?.pid).toBeGreaterThan(0);
    const password = readFileSync(join(dir, "password"), "utf8").trim();
    expect(password).toMatch(/^[\w-]{43}$/);
    expect(mode(join(dir, "password"))).toBe(0o600);
    expect(mode(join(dir, "redis.conf"))).toBe(0o600);
    expect(first.url).toBe(`redis://default:${password}@127.0.0.1:${port}`);
    expect(first.detail).not.toContain(password);
    expect(readFileSync(`/proc/${first.child?.pid}/cmdline`, "utf8")).not.toContain(password);

    // Without the password it answers nothing; with it, it works.
    expect(await redisCommands("127.0.0.1", port, [["PING"]])).toEqual([{ error: expect.stringMatching(/^NOAUTH/) }]);
    const client = createRedis(first.url, "client", "local-redis-test");
    await client.connect();
    await client.set("kept", "yes");
    await closeRedis(client);

    // Still running (a second `npm start`): reused as it is.
    const again = await ensureLocalRedis({ redisUrl, dir });
    expect(again.child).toBeUndefined();
    expect(again.url).toBe(first.url);

    // Stopped and started again: the same password, so the same data dir keeps working.
    await stop(first.child as ChildProcess);
    const restarted = await ensureLocalRedis({ redisUrl, dir });
    if (restarted.child) children.push(restarted.child);
    expect(restarted.child).toBeDefined();
    expect(restarted.url).toBe(first.url);
    const reader = createRedis(restarted.url, "client", "local-redis-test");
    await reader.connect();
    expect(await reader.get("kept")).toBe("yes");
    await closeRedis(reader);
    await stop(restarted.child as ChildProcess);
  });

  it("restarts an older npm start's passwordless Redis (same data dir) with the password, keeping its data", async () => {
    const port = await freePort();
    const dir = join(root, "older", "redis");
    mkdirSync(dir, { recursive: true });
    const old = await passwordlessRedis(port, dir);
    expect(await redisCommands("127.0.0.1", port, [["SET", "queued", "task-1"]])).toEqual(["OK"]);
    const now = await ensureLocalRedis({ redisUrl: `redis://127.0.0.1:${port}`, dir });
    if (now.child) children.push(now.child);
    expect(old.exitCode ?? old.signalCode).not.toBeNull();
    expect(now.child).toBeDefined();
    expect(now.url).toBe(`redis://default:${readFileSync(join(dir, "password"), "utf8").trim()}@127.0.0.1:${port}`);
    expect(await redisCommands("127.0.0.1", port, [["GET", "queued"]])).toEqual([
      { error: expect.stringMatching(/^NOAUTH/) },
    ]);
    const client = createRedis(now.url, "client", "local-redis-test");
    await client.connect();
    expect(await client.get("queued")).toBe("task-1");
    await closeRedis(client);
    await stop(now.child as ChildProcess);
  });

  it("uses someone else's passwordless Redis as it is, with a warning; refuses one with another password", async () => {
    const port = await freePort();
    const foreign = join(root, "foreign");
    mkdirSync(foreign, { recursive: true });
    const other = await passwordlessRedis(port, foreign);
    const dir = join(root, "mine", "redis");
    const used = await ensureLocalRedis({ redisUrl: `redis://127.0.0.1:${port}`, dir });
    expect(used.child).toBeUndefined();
    expect(used.url).toBe(`redis://127.0.0.1:${port}`);
    expect(used.warning).toMatch(/has no password/);
    expect(other.exitCode).toBeNull();

    expect(await redisCommands("127.0.0.1", port, [["CONFIG", "SET", "requirepass", "someone-elses"]])).toEqual(["OK"]);
    await expect(ensureLocalRedis({ redisUrl: `redis://127.0.0.1:${port}`, dir })).rejects.toThrow(
      /wants a password other than the one in .*password: put its password in REDIS_URL/,
    );
    await stop(other);
  });
});
