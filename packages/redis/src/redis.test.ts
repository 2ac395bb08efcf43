import { freePort, startRedis } from "@govconnect/testing";
import { testRedisUrl } from "@govconnect/testing/inject";
import { describe, expect, it } from "vitest";
import {
  assertRedisReady,
  closeRedis,
  createRedis,
  pingRedis,
  RedisUnavailableError,
  reconnectDelay,
} from "./redis.ts";

describe("assertRedisReady", () => {
  it("passes for a reachable Redis with noeviction", async () => {
    await expect(assertRedisReady(testRedisUrl())).resolves.toBeUndefined();
  });

  it("fails fast with one line naming the URL and the fix when nothing listens", async () => {
    const url = `redis://:s3cret@127.0.0.1:${await freePort()}`;
    const error = await assertRedisReady(url, 2_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    const message = (error as Error).message;
    expect(message).toMatch(
      /^Redis is not reachable at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ \(.*ECONNREFUSED.*\)\. Start Redis/,
    );
    expect(message).toContain("REDIS_URL");
    expect(message).not.toContain("s3cret");
    expect(message).not.toContain("\n");
  });

  it("refuses a Redis that may evict queued jobs", async () => {
    const server = await startRedis();
    const admin = createRedis(server.url, "client", "test-admin");
    try {
      await admin.connect();
      await admin.config("SET", "maxmemory-policy", "allkeys-lru");
      await expect(assertRedisReady(server.url)).rejects.toThrow(/maxmemory-policy allkeys-lru.*noeviction/);
    } finally {
      await closeRedis(admin);
      await server.stop();
    }
  });
});

describe("client connections", () => {
  it("fail at once while Redis is down instead of queueing commands", async () => {
    const server = await startRedis();
    const client = createRedis(server.url, "client", "test-client");
    client.on("error", () => undefined);
    try {
      await client.connect();
      await pingRedis(client);
      await server.stop();
      // Rejected by the client at once ("Stream isn't writeable"), not by the 60 s deadline given here.
      await expect(pingRedis(client, 60_000)).rejects.toThrow(/writeable|closed|Connection/);
    } finally {
      client.disconnect();
    }
  });
});

describe("helpers", () => {
  it("backs off exponentially with jitter, capped at 2 s", () => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const delay = reconnectDelay(attempt);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(2_000);
    }
    expect(reconnectDelay(20)).toBeGreaterThanOrEqual(1_000);
  });
});
