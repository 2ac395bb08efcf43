import { createRedis } from "@govconnect/redis";
import { startRedis } from "@govconnect/testing";
import { testDatabaseTarget } from "@govconnect/testing/inject";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkHealth, createRecentHealth } from "../health.ts";
import { openTestDeps } from "../testing.ts";

describe("health", () => {
  let t: Awaited<ReturnType<typeof openTestDeps>>;
  beforeAll(async () => {
    t = await openTestDeps();
  });
  afterAll(() => t.close());

  it("health.check reports healthy with the seed's shape when Redis and the database answer", async () => {
    const report = await (await t.call()).health.check();
    expect(report).toMatchObject({
      status: "healthy",
      service: "GovConnect Backend",
      features: ["authentication", "rate_limiting", "task_scheduling", "redis_cache", "email_notifications"],
      checks: { redis: { status: "up" }, database: { status: "up", kind: testDatabaseTarget().kind } },
    });
  });

  it("checkHealth reports which dependency is down", async () => {
    const server = await startRedis();
    const doomed = createRedis(server.url, "client", "test-doomed");
    doomed.on("error", () => undefined);
    await doomed.connect();
    await server.stop();
    const report = await checkHealth({ ...t.deps, redis: doomed });
    expect(report.status).toBe("unhealthy");
    expect(report.checks.redis).toMatchObject({ status: "down", error: "unreachable" });
    expect(report.checks.database.status).toBe("up");
    doomed.disconnect();
  });

  it("the recent-health cache shares a healthy report for a moment, and never an unhealthy one", async () => {
    const first = t.deps.health.report();
    expect(t.deps.health.report()).toBe(first);
    expect((await first).status).toBe("healthy");

    const server = await startRedis();
    const doomed = createRedis(server.url, "client", "test-doomed-2");
    doomed.on("error", () => undefined);
    await doomed.connect();
    await server.stop();
    // Another process's cache, with its Redis down: its own, unhealthy report.
    const other = createRecentHealth({ ...t.deps, redis: doomed });
    const down = other.report();
    expect((await down).status).toBe("unhealthy");
    expect(other.report()).not.toBe(down);
    doomed.disconnect();
  });

  it("health.check rejects input it does not take", async () => {
    const caller = await t.call();
    // @ts-expect-error health.check takes no input
    await expect(caller.health.check({ extra: true })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
