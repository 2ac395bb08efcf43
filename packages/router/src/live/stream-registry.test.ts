import { createSessionStore } from "@govconnect/auth";
import type { Redis } from "@govconnect/redis";
import { closeRedis, createRedis } from "@govconnect/redis";
import { eventually } from "@govconnect/testing";
import { testRedisUrl } from "@govconnect/testing/inject";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AppError } from "../errors.ts";
import type { LiveStreamOwner } from "./stream-registry.ts";
import { createLiveStreams } from "./stream-registry.ts";

const logger = pino({ level: "silent" });
const inADay = () => new Date(Date.now() + 24 * 3600 * 1000);
const record = (userId: string) => ({
  userId,
  username: userId,
  role: "user" as const,
  createdAt: new Date().toISOString(),
});

/** The error `open` threw, or a failure when it admitted the stream. */
function refusal(open: () => unknown): AppError {
  try {
    open();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the stream was admitted");
}

describe("the live stream registry", () => {
  let redis: Redis;
  let sessions: ReturnType<typeof createSessionStore>;
  beforeAll(async () => {
    redis = createRedis(testRedisUrl(), "client", "stream-registry-test");
    await redis.connect();
    sessions = createSessionStore(redis, {
      keyPrefix: `test-streams-${Date.now()}-${Math.random().toString(36).slice(2)}`,
      idleSeconds: 3600,
    });
  });
  afterAll(() => closeRedis(redis));

  it("activeOf tells which sessions are live, in one call", async () => {
    for (const jti of ["s-a", "s-b"]) await sessions.create(jti, record("u-active"), inADay());
    expect([...(await sessions.activeOf(["s-a", "s-gone", "s-b"]))].sort()).toEqual(["s-a", "s-b"]);
    await sessions.revoke("s-b");
    expect([...(await sessions.activeOf(["s-a", "s-b"]))]).toEqual(["s-a"]);
    expect((await sessions.activeOf([])).size).toBe(0);
  });

  it("admits at most perUser streams per account and perIp per address, and a released slot is free again", () => {
    const streams = createLiveStreams({ sessions, limits: { perUser: 2, perIp: 3 }, logger, checkIntervalMs: 60_000 });
    const ann = (ip = "10.0.0.1"): LiveStreamOwner => ({ userId: "ann", ip, sessionId: "ann-1" });
    const first = streams.open(ann());
    streams.open(ann());
    const overUser = refusal(() => streams.open(ann("10.0.0.2")));
    expect(overUser.code).toBe("TOO_MANY_REQUESTS");
    expect(overUser.message).toBe(
      "At most 2 live views are open per account: close one (another tab or window) and try again",
    );
    expect(overUser.retryAfterSeconds).toBe(60);

    // Another account on the same address fills the address's third slot; then the address is full.
    streams.open({ userId: "bob", ip: "10.0.0.1", sessionId: "bob-1" });
    const overIp = refusal(() => streams.open({ userId: "cy", ip: "10.0.0.1", sessionId: "cy-1" }));
    expect(overIp.message).toBe("At most 3 live views are open from one network address: close one and try again");
    // From elsewhere, cy is welcome.
    streams.open({ userId: "cy", ip: "10.0.0.9", sessionId: "cy-1" });

    // Released twice (the stream's `finally` and its abort), counted once.
    first.release();
    first.release();
    expect(first.signal.aborted).toBe(true);
    expect(streams.stats().streams).toBe(3);
    streams.open(ann());
    expect(() => streams.open(ann())).toThrow(AppError);
    streams.close();
    expect(streams.stats()).toEqual({ streams: 0, sessions: 0, timer: false });
  });

  it("a client that leaves frees its slot at once, even if its stream is never read", () => {
    const streams = createLiveStreams({ sessions, limits: { perUser: 1, perIp: 10 }, logger, checkIntervalMs: 60_000 });
    const owner = { userId: "dee", ip: "10.0.0.3", sessionId: "dee-1" };
    const client = new AbortController();
    const slot = streams.open(owner, client.signal);
    expect(() => streams.open(owner)).toThrow(AppError);
    client.abort();
    expect(slot.signal.aborted).toBe(true);
    expect(streams.stats().streams).toBe(0);
    const again = streams.open(owner);
    again.release();
    // An already-aborted client is admitted and released at once.
    const gone = new AbortController();
    gone.abort();
    streams.open(owner, gone.signal);
    expect(streams.stats().streams).toBe(0);
    streams.close();
  });

  it("one timer checks every open stream's session; an ended session's streams end, the rest stay", async () => {
    await sessions.create("eve-laptop", record("eve"), inADay());
    await sessions.create("eve-phone", record("eve"), inADay());
    const streams = createLiveStreams({ sessions, limits: { perUser: 10, perIp: 10 }, logger, checkIntervalMs: 100 });
    expect(streams.stats().timer).toBe(false);
    const timers = vi.spyOn(globalThis, "setInterval");
    const laptop = [1, 2, 3].map(() => streams.open({ userId: "eve", ip: "10.0.0.4", sessionId: "eve-laptop" }));
    const phone = streams.open({ userId: "eve", ip: "10.0.0.5", sessionId: "eve-phone" });
    expect(streams.stats()).toEqual({ streams: 4, sessions: 2, timer: true });
    // Four streams, one timer, and it does not keep the process alive.
    expect(timers).toHaveBeenCalledTimes(1);
    const [timer] = timers.mock.results;
    expect((timer?.value as NodeJS.Timeout | undefined)?.hasRef()).toBe(false);
    timers.mockRestore();

    await sessions.revoke("eve-laptop");
    await eventually("the logged-out session's streams to end", () => laptop.every((slot) => slot.signal.aborted));
    expect(streams.stats()).toEqual({ streams: 1, sessions: 1, timer: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(phone.signal.aborted).toBe(false);

    // The last stream gone, the timer stops.
    phone.release();
    expect(streams.stats()).toEqual({ streams: 0, sessions: 0, timer: false });
    streams.close();
  });

  it("keeps the streams while Redis is away, and refuses new ones after close()", async () => {
    const away = createRedis(testRedisUrl(), "client", "stream-registry-away");
    await away.connect();
    const store = createSessionStore(away, { keyPrefix: `test-away-${Date.now()}`, idleSeconds: 3600 });
    await store.create("fay-1", record("fay"), inADay());
    let checks = 0;
    const streams = createLiveStreams({
      sessions: {
        activeOf: (jtis) => {
          checks += 1;
          return store.activeOf(jtis);
        },
      },
      limits: { perUser: 10, perIp: 10 },
      logger,
      checkIntervalMs: 100,
    });
    const slot = streams.open({ userId: "fay", ip: "10.0.0.6", sessionId: "fay-1" });
    await eventually("a first check", () => checks >= 1);
    away.disconnect(); // fail-fast client: every check now fails at once
    const failedFrom = checks;
    await eventually("checks while Redis is away", () => checks >= failedFrom + 3);
    expect(slot.signal.aborted).toBe(false);

    streams.close();
    expect(slot.signal.aborted).toBe(true);
    expect(refusal(() => streams.open({ userId: "fay", ip: "10.0.0.6", sessionId: "fay-1" })).code).toBe(
      "SERVICE_UNAVAILABLE",
    );
  });
});
