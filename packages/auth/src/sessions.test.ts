import { createRedis } from "@govconnect/redis";
import { testRedisUrl } from "@govconnect/testing/inject";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACTION_LIMITS,
  createRateLimits,
  LOGIN_IP_MAX_FAILURES,
  LOGIN_PAIR_BLOCK_SECONDS,
  LOGIN_PAIR_MAX_FAILURES,
} from "./rate-limits.ts";
import { createSessionStore } from "./sessions.ts";
import { createSetupCodes } from "./setup-codes.ts";

const redis = createRedis(testRedisUrl(), "client", "auth-test");
const record = (userId: string) => ({
  userId,
  username: userId,
  role: "user" as const,
  createdAt: new Date().toISOString(),
});
const inADay = () => new Date(Date.now() + 24 * 3600 * 1000);

beforeAll(() => redis.connect());
afterAll(() => redis.quit());

describe("sessions", () => {
  it("slide: each touch restarts the idle timer, and an idle session ends", async () => {
    // Idle timeout 3 s; touches 1 s apart keep it alive well past 3 s; then 4 s of silence ends it.
    const store = createSessionStore(redis, { keyPrefix: `t${Date.now()}`, idleSeconds: 3 });
    await store.create("a", record("u1"), inADay());
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await store.touch("a", "u1", inADay())).toMatchObject({ userId: "u1" });
    }
    expect(await store.isActive("a")).toBe(true);
    await new Promise((r) => setTimeout(r, 4_000));
    expect(await store.touch("a", "u1", inADay())).toBeNull();
    expect(await store.isActive("a")).toBe(false);
  });

  it("never outlive their token", async () => {
    const store = createSessionStore(redis, { keyPrefix: `t${Date.now()}`, idleSeconds: 3600 });
    await store.create("short", record("u1"), new Date(Date.now() + 1_000));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await store.touch("short", "u1", inADay())).toBeNull();
  });

  it("end at logout, and all but the current one on password change", async () => {
    const store = createSessionStore(redis, { keyPrefix: `t${Date.now()}`, idleSeconds: 3600 });
    for (const jti of ["laptop", "phone", "tablet"]) await store.create(jti, record("u2"), inADay());
    await store.create("other-user", record("u3"), inADay());
    await store.revoke("tablet");
    expect(await store.touch("tablet", "u2", inADay())).toBeNull();
    expect(await store.revokeAllForUser("u2", "laptop")).toBe(1);
    expect(await store.touch("phone", "u2", inADay())).toBeNull();
    expect(await store.touch("laptop", "u2", inADay())).not.toBeNull();
    expect(await store.touch("other-user", "u3", inADay())).not.toBeNull();
  });

  it("list a user's live sessions, most recently used first, and forget ended ones", async () => {
    const store = createSessionStore(redis, { keyPrefix: `t${Date.now()}`, idleSeconds: 3600 });
    await store.create("desk", { ...record("u4"), ip: "10.0.0.1", userAgent: "Firefox" }, inADay());
    await store.create("phone", record("u4"), inADay());
    await new Promise((r) => setTimeout(r, 20));
    await store.touch("desk", "u4", inADay());
    const listed = await store.list("u4");
    expect(listed.map((session) => session.id)).toEqual(["desk", "phone"]);
    expect(listed[0]?.record).toMatchObject({ ip: "10.0.0.1", userAgent: "Firefox" });
    expect(listed[0]?.lastUsedAt.getTime()).toBeGreaterThan(listed[1]?.lastUsedAt.getTime() ?? Infinity);
    await store.revoke("phone");
    // A touch of an ended session does not bring it back into the list.
    await store.touch("phone", "u4", inADay());
    expect((await store.list("u4")).map((session) => session.id)).toEqual(["desk"]);
  });

  it("take a new role from the next request on, without ending the session", async () => {
    const store = createSessionStore(redis, { keyPrefix: `t${Date.now()}`, idleSeconds: 3600 });
    await store.create("s1", record("u5"), inADay());
    await store.create("s2", record("u5"), inADay());
    await store.setRole("u5", "healthcare_admin");
    expect(await store.touch("s1", "u5", inADay())).toMatchObject({ role: "healthcare_admin" });
    expect(await store.touch("s2", "u5", inADay())).toMatchObject({ role: "healthcare_admin" });
  });
});

describe("rate limits", () => {
  it("allow the limit, then refuse with how long to wait", async () => {
    const limits = createRateLimits(redis, {
      keyPrefix: `t${Date.now()}`,
      points: 100,
      ipPoints: 1000,
      windowSeconds: 60,
    });
    const anonymous = (ip: string) => ({ userId: undefined, ip });
    for (let i = 0; i < 100; i++) expect((await limits.consume(anonymous("10.0.0.1"))).allowed).toBe(true);
    expect(await limits.peek(anonymous("10.0.0.1"))).toMatchObject({ allowed: false, scope: "caller" });
    const refused = await limits.consume(anonymous("10.0.0.1"));
    expect(refused).toMatchObject({ allowed: false, limit: 100, scope: "caller" });
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThan(0);
    expect((await limits.consume(anonymous("10.0.0.2"))).allowed).toBe(true);
  });

  it("cap an address's total, whichever accounts it uses (L5), and peek without spending", async () => {
    const limits = createRateLimits(redis, { keyPrefix: `t${Date.now()}`, points: 5, ipPoints: 8, windowSeconds: 60 });
    const ip = "10.0.0.3";
    for (let i = 0; i < 4; i++) expect((await limits.consume({ userId: "a", ip })).allowed).toBe(true);
    for (let i = 0; i < 4; i++) expect((await limits.consume({ userId: "b", ip })).allowed).toBe(true);
    expect(await limits.peek({ userId: "c", ip })).toMatchObject({ allowed: false, scope: "address", limit: 8 });
    expect(await limits.consume({ userId: "c", ip })).toMatchObject({ allowed: false, scope: "address", limit: 8 });
    // The same account from another address still has its own window left.
    expect(await limits.peek({ userId: "a", ip: "10.0.0.4" })).toMatchObject({ allowed: true, remaining: 1 });
    expect(await limits.peek({ userId: "a", ip: "10.0.0.4" })).toMatchObject({ allowed: true, remaining: 1 });
  });

  const failOnce = async (limits: ReturnType<typeof createRateLimits>, username: string, ip: string) => {
    expect(await limits.beginLogin(username, ip)).toEqual({ allowed: true });
    await limits.loginFailed(username, ip);
  };

  it("block a username+IP pair for an hour after 10 failures, not the same user elsewhere; success resets", async () => {
    const limits = createRateLimits(redis, {
      keyPrefix: `t${Date.now()}`,
      points: 100,
      ipPoints: 1000,
      windowSeconds: 60,
    });
    for (let i = 0; i < LOGIN_PAIR_MAX_FAILURES - 1; i++) await failOnce(limits, "Ada", "10.0.0.1");
    expect(await limits.beginLogin("ada", "10.0.0.1")).toEqual({ allowed: true });
    await limits.loginSucceeded("ada", "10.0.0.1");
    for (let i = 0; i < LOGIN_PAIR_MAX_FAILURES; i++) await failOnce(limits, "ada", "10.0.0.1");
    const blocked = await limits.beginLogin("ADA", "10.0.0.1");
    expect(blocked.allowed).toBe(false);
    const wait = blocked.allowed === false ? blocked.retryAfterSeconds : 0;
    expect(wait).toBeGreaterThan(LOGIN_PAIR_BLOCK_SECONDS - 60);
    expect(wait).toBeLessThanOrEqual(LOGIN_PAIR_BLOCK_SECONDS);
    expect(await limits.beginLogin("ada", "10.0.0.2")).toEqual({ allowed: true });
  });

  it("count attempts before the password is checked: of 30 parallel guesses, 10 get through", async () => {
    const limits = createRateLimits(redis, {
      keyPrefix: `t${Date.now()}`,
      points: 100,
      ipPoints: 1000,
      windowSeconds: 60,
    });
    const decisions = await Promise.all(Array.from({ length: 30 }, () => limits.beginLogin("grace", "10.0.0.5")));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(LOGIN_PAIR_MAX_FAILURES);
  });

  it("block an IP after 100 failures across usernames", async () => {
    const limits = createRateLimits(redis, {
      keyPrefix: `t${Date.now()}`,
      points: 100,
      ipPoints: 1000,
      windowSeconds: 60,
    });
    for (let i = 0; i < LOGIN_IP_MAX_FAILURES; i++) await failOnce(limits, `user${i}`, "10.0.0.9");
    expect((await limits.beginLogin("fresh-name", "10.0.0.9")).allowed).toBe(false);
    expect((await limits.beginLogin("fresh-name", "10.0.0.10")).allowed).toBe(true);
  });
});

describe("setup codes", () => {
  it("work in any case and without dashes until setup is done", async () => {
    const codes = createSetupCodes(redis, `t${Date.now()}`);
    const code = await codes.issue();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(await codes.matches(code.toLowerCase().replaceAll("-", " "))).toBe(true);
    expect(await codes.matches("AAAA-BBBB-CCCC")).toBe(false);
    await codes.clear();
    expect(await codes.matches(code)).toBe(false);
  });
});

describe("account flow limits", () => {
  it("allow each action its allowance per key, then say how long to wait", async () => {
    const limits = createRateLimits(redis, {
      keyPrefix: `t${Date.now()}`,
      points: 100,
      ipPoints: 1000,
      windowSeconds: 60,
    });
    const { points } = ACTION_LIMITS["password-forgot-address"];
    for (let i = 0; i < points; i++) {
      expect((await limits.spendAction("password-forgot-address", "Ada@Example.gov")).allowed).toBe(true);
    }
    const refused = await limits.spendAction("password-forgot-address", "ada@example.gov");
    expect(refused.allowed).toBe(false);
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThan(0);
    expect((await limits.spendAction("password-forgot-address", "grace@example.gov")).allowed).toBe(true);
  });
});
