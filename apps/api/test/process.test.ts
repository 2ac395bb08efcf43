import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, runNodeScript } from "@govconnect/testing";
import { testRedisUrl } from "@govconnect/testing/inject";
import { describe, expect, it } from "vitest";

/** The API's real entry point (TypeScript source) as its own process. */
const spawnApi = (env: Record<string, string>) =>
  runNodeScript("apps/api/src/main.ts", [], { env: { HOME: process.env.HOME ?? "", NODE_ENV: "test", ...env } });

describe("the API process", () => {
  it("stops with one line naming a bad variable, exit code 78", async () => {
    const exit = await spawnApi({ PORT: "eighty", REDIS_URL: "localhost" }).finished;
    expect(exit.code).toBe(78);
    expect(exit.stderr.trim().split("\n")).toHaveLength(1);
    expect(exit.stderr).toContain('PORT must be a port number (got "eighty")');
    expect(exit.stderr).toContain("REDIS_URL must be a URL like redis://127.0.0.1:6379");
  });

  it("stops with one line and the fix when Redis is not reachable", async () => {
    // No retry loop, no hang: the process exits on its own (the test's timeout would catch a hang).
    const exit = await spawnApi({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, LOG_LEVEL: "silent" }).finished;
    expect(exit.code).toBe(1);
    expect(exit.stderr.trim().split("\n")).toHaveLength(1);
    expect(exit.stderr).toMatch(/^Redis is not reachable at redis:\/\/127\.0\.0\.1:\d+ .*REDIS_URL/);
  });

  it("starts, serves, and shuts down gracefully on SIGTERM", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "govconnect-main-"));
    try {
      const port = await freePort();
      const api = spawnApi({ REDIS_URL: testRedisUrl(), PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: "info" });
      await api.waitForOutput(/Server listening/);
      const health = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(health.status).toBe(200);
      const exit = await api.stop("SIGTERM");
      expect(exit.code).toBe(0);
      expect(exit.stdout).toContain('"msg":"shutting down"');
      expect(exit.stdout).toContain('"msg":"stopped"');
      await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
