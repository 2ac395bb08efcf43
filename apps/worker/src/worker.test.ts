import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "@govconnect/config";
import { createLifecycle } from "@govconnect/runtime";
import { freePort, startRedis } from "@govconnect/testing";
import { testDatabaseTarget } from "@govconnect/testing/inject";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { startWorker } from "./start.ts";

const logger = pino({ level: "silent" });

describe("the worker process", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "govconnect-worker-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("reports live and ready on its health port, and not ready once Redis is gone", async () => {
    const redis = await startRedis();
    const port = await freePort();
    const target = testDatabaseTarget();
    const config = parseConfig({
      NODE_ENV: "test",
      REDIS_URL: redis.url,
      WORKER_HEALTH_PORT: String(port),
      ...(target.kind === "postgres" ? { DATABASE_URL: target.serverUrl } : { DATA_DIR: dataDir }),
    });
    const lifecycle = createLifecycle(logger, 10_000, () => undefined);
    try {
      await startWorker(config, logger, lifecycle);
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/health`)).status).toBe(200);
      const ready = await fetch(`${base}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: "ready",
        checks: { redis: true, database: true, workers: true },
      });

      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get("content-type")).toMatch(/^text\/plain; version=0.0.4/);
      const text = await metrics.text();
      expect(text).toContain("# TYPE govconnect_jobs_processed_total counter");
      expect(text).toMatch(/govconnect_queue_jobs\{state="waiting"\} \d+/);

      await redis.stop();
      const notReady = await fetch(`${base}/health/ready`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toMatchObject({ status: "not_ready", checks: { redis: false, database: true } });
    } finally {
      expect(await lifecycle.shutdown("test done")).toBe(0);
      await redis.stop();
    }
  });
});
