import { createTaskEventBus } from "@govconnect/jobs";
import type { Redis } from "@govconnect/redis";
import { closeRedis, createRedis } from "@govconnect/redis";
import { withTimeout } from "@govconnect/runtime";
import { eventually } from "@govconnect/testing";
import { testRedisUrl } from "@govconnect/testing/inject";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DashboardFeed } from "./dashboard-feed.ts";
import { createDashboardFeed } from "./dashboard-feed.ts";

describe("the dashboard feed", () => {
  const prefix = `test-feed-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const logger = pino({ level: "silent" });
  const closers: Array<() => Promise<void>> = [];
  let redis: Redis;
  /** Two API instances on one Redis. */
  let here: DashboardFeed;
  let there: DashboardFeed;
  beforeAll(async () => {
    redis = createRedis(testRedisUrl(), "client", "feed-test");
    await redis.connect();
    const instance = async () => {
      const taskEvents = await createTaskEventBus({ redisUrl: testRedisUrl(), prefix, logger });
      const feed = await createDashboardFeed({ redisUrl: testRedisUrl(), redis, prefix, taskEvents, logger });
      closers.push(
        () => feed.close(),
        () => taskEvents.close(),
      );
      return feed;
    };
    here = await instance();
    there = await instance();
  });
  afterAll(async () => {
    for (const close of closers) await close();
    await closeRedis(redis);
  });

  it("tells every instance, once per burst, and counts its own change once", async () => {
    const stop = new AbortController();
    const local = here.subscribe(stop.signal)[Symbol.asyncIterator]();
    const remote = there.subscribe(stop.signal)[Symbol.asyncIterator]();
    const [hereBefore, thereBefore] = [here.version, there.version];
    await Promise.all([here.changed("alert"), here.changed("hospital")]);
    expect(here.version).toBe(hereBefore + 2);
    expect(await withTimeout(local.next(), 5_000, "the local change")).toEqual({ done: false, value: "hospital" });
    expect(await withTimeout(remote.next(), 5_000, "the announced change")).toMatchObject({ done: false });
    await eventually("the other instance's version", () => there.version === thereBefore + 2);
    // The burst came as one, and this instance's own announcements do not come back to it.
    const pending = local.next();
    expect(await Promise.race([pending, new Promise((resolve) => setTimeout(resolve, 600, "nothing"))])).toBe(
      "nothing",
    );
    expect(here.version).toBe(hereBefore + 2);
    stop.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
  });

  it("endStreams() ends the open subscriptions", async () => {
    const changes = here.subscribe(new AbortController().signal)[Symbol.asyncIterator]();
    const waiting = changes.next();
    here.endStreams();
    expect(await waiting).toEqual({ done: true, value: undefined });
  });
});
