import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "@govconnect/config";
import type { Lifecycle } from "@govconnect/runtime";
import { createLifecycle } from "@govconnect/runtime";
import { freePort, startPostgres, startRedis } from "@govconnect/testing";
import { testDatabaseTarget, testRedisUrl } from "@govconnect/testing/inject";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startApi } from "../src/start.ts";

const logger = pino({ level: "silent" });

type HealthBody = {
  status: string;
  checks: Record<"redis" | "database", { status: string }>;
};

/** Starts the real API on a free port of 127.0.0.1 and returns its base URL. */
async function runApi(env: Record<string, string>): Promise<{ url: string; lifecycle: Lifecycle }> {
  const port = await freePort();
  const config = parseConfig({ NODE_ENV: "test", HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "silent", ...env });
  const lifecycle = createLifecycle(logger, 10_000, () => undefined);
  await startApi(config, logger, lifecycle);
  return { url: `http://127.0.0.1:${port}`, lifecycle };
}

const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/** Each API gets its own database: a fresh PGlite directory, or the run's PostgreSQL server. */
function databaseEnv(): Record<string, string> {
  const target = testDatabaseTarget();
  if (target.kind === "postgres") return { DATABASE_URL: target.serverUrl, RUN_WORKER: "true" };
  const dir = mkdtempSync(join(tmpdir(), "govconnect-api-"));
  dataDirs.push(dir);
  return { DATA_DIR: dir };
}

const running: Lifecycle[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((l) => l.shutdown("test done")));
});

describe("GET /api/health", () => {
  it("answers 200 with the seed's shape when Redis and the database are up", async () => {
    const api = await runApi({ REDIS_URL: testRedisUrl(), ...databaseEnv() });
    running.push(api.lifecycle);
    const response = await fetch(`${api.url}/api/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as HealthBody;
    expect(body).toMatchObject({
      status: "healthy",
      service: "GovConnect Backend",
      features: ["authentication", "rate_limiting", "task_scheduling", "redis_cache", "email_notifications"],
      checks: { redis: { status: "up" }, database: { status: "up" } },
    });
    expect(response.headers.get("x-request-id")).toBeTruthy();
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers 503 at once while Redis is down — health naming Redis, and every call that needs it", async () => {
    const redis = await startRedis();
    const api = await runApi({ REDIS_URL: redis.url, ...databaseEnv() });
    running.push(api.lifecycle);
    const account = {
      username: `r_${Date.now()}`,
      password: "correct horse battery staple",
      fullName: "R",
      email: `r${Date.now()}@example.gov`,
    };
    const post = (path: string, body: unknown, token?: string) =>
      fetch(`${api.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
        // Answered, not hung: a request still open after 5 s is aborted and fails the test.
        signal: AbortSignal.timeout(5_000),
      });
    expect((await post("/api/auth/register", account)).status).toBe(201);
    const { token } = (await (await post("/api/auth/login", account)).json()) as { token: string };

    await redis.stop();
    const response = await fetch(`${api.url}/api/health`, { signal: AbortSignal.timeout(5_000) });
    expect(response.status).toBe(503);
    const body = (await response.json()) as HealthBody;
    expect(body.status).toBe("unhealthy");
    expect(body.checks.redis).toMatchObject({ status: "down" });
    expect(body.checks.database).toMatchObject({ status: "up" });
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
    expect((await fetch(`${api.url}/health/ready`)).status).toBe(503);

    const verify = await fetch(`${api.url}/api/auth/verify`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(5_000),
    });
    expect(verify.status).toBe(503);
    expect(verify.headers.get("retry-after")).toBe("5");
    expect(await verify.json()).toEqual({ error: "The service is briefly unavailable: try again in a few seconds" });
    const submit = await post("/api/tasks/submit", { taskType: "user_registration", data: {} }, token);
    expect(submit.status).toBe(503);
    expect((await post("/api/auth/login", account)).status).toBe(503);
  });

  it.runIf(testDatabaseTarget().kind === "postgres")(
    "answers 503 naming the database when PostgreSQL stops, and 503 (not 500) to calls that need it",
    async () => {
      const postgres = await startPostgres();
      const api = await runApi({ REDIS_URL: testRedisUrl(), DATABASE_URL: postgres.url, RUN_WORKER: "false" });
      running.push(api.lifecycle);
      const account = {
        username: `p_${Date.now()}`,
        password: "correct horse battery staple",
        fullName: "P",
        email: `p${Date.now()}@example.gov`,
      };
      const call = (method: string, path: string, body?: unknown, token?: string) =>
        fetch(`${api.url}${path}`, {
          method,
          headers: {
            ...(body === undefined ? {} : { "content-type": "application/json" }),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(10_000),
        });
      expect((await call("POST", "/api/auth/register", account)).status).toBe(201);
      const login = await call("POST", "/api/auth/login", { username: account.username, password: account.password });
      expect(login.status).toBe(200);
      const { token } = (await login.json()) as { token: string };

      await postgres.stop();
      const response = await fetch(`${api.url}/api/health`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as HealthBody;
      expect(body.checks.database).toMatchObject({ status: "down", kind: "postgres" });
      expect(body.checks.redis).toMatchObject({ status: "up" });

      // Sessions are in Redis, so these get as far as the database, which is gone: "try again".
      for (const [method, path] of [
        ["GET", "/api/auth/me"],
        ["GET", "/api/dashboard/metrics"],
      ] as const) {
        const refused = await call(method, path, undefined, token);
        expect(refused.status, `${method} ${path}: ${await refused.clone().text()}`).toBe(503);
        expect(refused.headers.get("retry-after")).toBe("5");
        expect(await refused.json()).toEqual({
          error: "The service is briefly unavailable: try again in a few seconds",
        });
      }
      const trpc = await fetch(`${api.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });
      expect(trpc.status).toBe(503);
    },
  );
});

describe("the HTTP surface", () => {
  let api: { url: string; lifecycle: Lifecycle };
  beforeAll(async () => {
    api = await runApi({ REDIS_URL: testRedisUrl(), ...databaseEnv() });
  });
  afterAll(() => api.lifecycle.shutdown("test done"));

  it("serves tRPC at /trpc with the same report", async () => {
    const response = await fetch(`${api.url}/trpc/health.check`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { data: unknown } };
    expect(body.result.data).toMatchObject({ status: "healthy", service: "GovConnect Backend" });
  });

  it("answers unknown routes, bad JSON, non-JSON content types and oversized bodies with { error } and no stack", async () => {
    const missing = await fetch(`${api.url}/api/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "No route GET /api/nope" });

    const badJson = await fetch(`${api.url}/trpc/health.check`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(badJson.status).toBeGreaterThanOrEqual(400);
    expect(badJson.status).toBeLessThan(500);
    expect(await badJson.text()).not.toMatch(/at .*\.(ts|js):\d+/);

    const form = await fetch(`${api.url}/api/auth/logout`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "{}",
    });
    expect(form.status).toBe(415);
    expect(await form.json()).toEqual({ error: "Unsupported content type: send application/json" });

    const huge = await fetch(`${api.url}/trpc/health.check`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ blob: "x".repeat(2 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({ error: "Request body is too large: the limit is 64 KiB" });
  });

  it("refuses more calls in one tRPC batch than the limit", async () => {
    const paths = Array.from({ length: 21 }, () => "health.check").join(",");
    const response = await fetch(`${api.url}/trpc/${paths}?batch=1&input=${encodeURIComponent("{}")}`);
    expect(response.status).toBe(400);
  });
});
