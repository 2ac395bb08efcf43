import { openTestDatabase } from "@govconnect/db/testing";
import type { Redis } from "@govconnect/redis";
import { createRedis } from "@govconnect/redis";
import { startRedis } from "@govconnect/testing";
import { testDatabaseTarget, testRedisUrl } from "@govconnect/testing/inject";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../context.ts";
import { createCaller } from "../root.ts";

const logger = pino({ level: "silent" });

describe("health.check", () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let redis: Redis;

  beforeAll(async () => {
    database = await openTestDatabase(testDatabaseTarget());
    redis = createRedis(testRedisUrl(), "client", "test");
    await redis.connect();
  });
  afterAll(async () => {
    redis.disconnect();
    await database.close();
  });

  it("reports healthy with the seed's shape when Redis and the database answer", async () => {
    const caller = createCaller(createContext({ database, redis, logger }, "req-1"));
    const report = await caller.health.check();
    expect(report).toMatchObject({
      status: "healthy",
      service: "GovConnect Backend",
      features: ["authentication", "rate_limiting", "task_scheduling", "redis_cache", "email_notifications"],
      checks: { redis: { status: "up" }, database: { status: "up", kind: testDatabaseTarget().kind } },
    });
  });

  it("reports which dependency is down", async () => {
    const server = await startRedis();
    const doomed = createRedis(server.url, "client", "test-doomed");
    doomed.on("error", () => undefined);
    await doomed.connect();
    await server.stop();
    const caller = createCaller(createContext({ database, redis: doomed, logger }, "req-2"));
    const report = await caller.health.check();
    expect(report.status).toBe("unhealthy");
    expect(report.checks.redis).toMatchObject({ status: "down", error: "unreachable" });
    expect(report.checks.database.status).toBe("up");
    doomed.disconnect();
  });

  it("rejects input it does not take", async () => {
    const caller = createCaller(createContext({ database, redis, logger }, "req-3"));
    // @ts-expect-error health.check takes no input
    await expect(caller.health.check({ extra: true })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
