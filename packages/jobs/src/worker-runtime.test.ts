import { testRedisUrl } from "@govconnect/testing/inject";
import { Queue, QueueEvents } from "bullmq";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { QUEUES } from "./queues.ts";
import { startWorkerRuntime } from "./worker-runtime.ts";

const logger = pino({ level: "silent" });
const prefix = `test${Date.now()}`;

describe("startWorkerRuntime", () => {
  const connection = { url: testRedisUrl() };
  const queue = new Queue(QUEUES.tasks, { connection, prefix });
  const events = new QueueEvents(QUEUES.tasks, { connection, prefix });
  afterAll(async () => {
    await events.close();
    await queue.close();
  });

  it("runs registered processors, fails unknown jobs without retrying, and closes cleanly", async () => {
    await events.waitUntilReady();
    const runtime = await startWorkerRuntime({
      redisUrl: testRedisUrl(),
      prefix,
      concurrency: 2,
      logger,
      processors: { tasks: { echo: async (job) => ({ echoed: job.data }) } },
    });
    expect(runtime.isRunning()).toBe(true);

    const echo = await queue.add("echo", { n: 1 });
    await expect(echo.waitUntilFinished(events, 10_000)).resolves.toEqual({ echoed: { n: 1 } });

    const unknown = await queue.add("nobody_handles_this", {}, { attempts: 5 });
    await expect(unknown.waitUntilFinished(events, 10_000)).rejects.toThrow(
      'no processor for job "nobody_handles_this"',
    );
    const failed = await queue.getJob(String(unknown.id));
    expect(failed?.attemptsMade).toBe(1);

    await runtime.close();
    expect(runtime.isRunning()).toBe(false);
  });
});
