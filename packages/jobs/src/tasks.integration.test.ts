import { randomUUID } from "node:crypto";
import type { DatabaseHandle } from "@govconnect/db";
import { loginEvents, metricSamples, taskEvents, tasks, users } from "@govconnect/db";
import { openTestDatabase } from "@govconnect/db/testing";
import type { Redis } from "@govconnect/redis";
import { createRedis } from "@govconnect/redis";
import { testDatabaseTarget, testRedisUrl } from "@govconnect/testing/inject";
import { Queue } from "bullmq";
import { asc, eq, sql } from "drizzle-orm";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userLogin } from "./processors/user-login.job.ts";
import type { TaskProducer } from "./producer.ts";
import { createTaskProducer } from "./producer.ts";
import { QUEUES } from "./queues.ts";
import { relayQueuedTasks } from "./relay.ts";
import { insertTask } from "./task-store.ts";
import type { WorkerRuntime } from "./worker-runtime.ts";
import { startWorkerRuntime } from "./worker-runtime.ts";

const logger = pino({ level: "silent" });

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe(`tasks end to end in one process (${testDatabaseTarget().kind})`, () => {
  let database: DatabaseHandle;
  let redis: Redis;
  let producer: TaskProducer;
  let userId: string;
  const prefix = `jobs${Date.now()}`;
  const runtimes: WorkerRuntime[] = [];

  const finished = (taskId: string) =>
    until(`task ${taskId} to finish`, async () => {
      const [row] = await database.db.select().from(tasks).where(eq(tasks.id, taskId));
      return row && (row.status === "processed" || row.status === "failed") ? row : undefined;
    });
  const history = async (taskId: string) =>
    (await database.db.select().from(taskEvents).where(eq(taskEvents.taskId, taskId)).orderBy(asc(taskEvents.id))).map(
      (event) => event.status,
    );
  const start = async (options: Partial<Parameters<typeof startWorkerRuntime>[0]> = {}) => {
    const runtime = await startWorkerRuntime({
      redisUrl: testRedisUrl(),
      prefix,
      concurrency: 4,
      db: database.db,
      logger,
      ...options,
    });
    runtimes.push(runtime);
    return runtime;
  };

  beforeAll(async () => {
    database = await openTestDatabase(testDatabaseTarget());
    redis = createRedis(testRedisUrl(), "client", "jobs-test");
    await redis.connect();
    producer = createTaskProducer({ db: database.db, redis, prefix, logger });
    const [user] = await database.db
      .insert(users)
      .values({ username: `u${Date.now()}`, email: `u${Date.now()}@example.gov`, fullName: "U", passwordHash: "x" })
      .returning();
    userId = user?.id ?? "";
  });
  afterAll(async () => {
    for (const runtime of runtimes) await runtime.close();
    await producer.close();
    redis.disconnect();
    await database.close();
  });

  it("runs each available task type to `processed`, with its effect in the database, once", async () => {
    await start();
    const login = await producer.submit({
      type: "user_login",
      payload: { userId, ip: "203.0.113.7", userAgent: "test", at: new Date().toISOString() },
      priority: 5,
      ownerId: userId,
    });
    const registration = await producer.submit({
      type: "user_registration",
      payload: { userId },
      priority: 5,
      ownerId: userId,
    });
    const metrics = await producer.submit({
      type: "collect_metrics",
      payload: {
        sector: "healthcare",
        samples: [
          { metric: "availableBeds", value: 412 },
          { metric: "activePatients", value: 1280 },
        ],
      },
      priority: 5,
      ownerId: userId,
    });

    expect((await finished(login.id)).result).toMatchObject({ recorded: true, duplicate: false });
    expect(await database.db.select().from(loginEvents).where(eq(loginEvents.taskId, login.id))).toHaveLength(1);

    expect((await finished(registration.id)).status).toBe("processed");
    const [user] = await database.db.select().from(users).where(eq(users.id, userId));
    expect(user?.onboardedAt).toBeInstanceOf(Date);

    expect((await finished(metrics.id)).result).toEqual({ sector: "healthcare", stored: 2, received: 2 });
    expect(await history(metrics.id)).toEqual(["queued", "processing", "processed"]);
  });

  it("fails a task type this worker cannot process at once, with the reason", async () => {
    const task = await producer.submit({
      type: "appointment_booking",
      payload: { appointmentId: randomUUID() },
      priority: 5,
      ownerId: userId,
    });
    const row = await finished(task.id);
    expect(row.status).toBe("failed");
    expect(row.error).toBe('no processor for task type "appointment_booking" in this worker');
    expect(row.attempts).toBe(1);
  });

  it("retries a failing task with backoff, then records success; the effect happens once", async () => {
    let calls = 0;
    await start({
      processors: {
        user_login: async (payload, context) => {
          calls++;
          if (calls === 1) throw new Error("database hiccup");
          return userLogin(payload, context);
        },
      },
      prefix: `${prefix}-retry`,
    });
    const retrying = createTaskProducer({ db: database.db, redis, prefix: `${prefix}-retry`, logger });
    const task = await retrying.submit({
      type: "user_login",
      payload: { userId, ip: "203.0.113.8", at: new Date().toISOString() },
      priority: 5,
      ownerId: userId,
    });
    const row = await finished(task.id);
    await retrying.close();
    expect(row.status).toBe("processed");
    expect(row.attempts).toBe(2);
    expect(await history(task.id)).toEqual(["queued", "processing", "queued", "processing", "processed"]);
    expect(await database.db.select().from(loginEvents).where(eq(loginEvents.taskId, task.id))).toHaveLength(1);
  });

  it("honours priorities: 1 before 10, whatever the order of submission", async () => {
    const paused = `${prefix}-prio`;
    const queue = new Queue(QUEUES.tasks, { connection: { url: testRedisUrl() }, prefix: paused });
    await queue.pause();
    const ordered = createTaskProducer({ db: database.db, redis, prefix: paused, logger });
    const sample = (value: number) => ({ sector: "agriculture" as const, samples: [{ metric: "cropYield", value }] });
    const low = await ordered.submit({ type: "collect_metrics", payload: sample(10), priority: 10, ownerId: userId });
    const middle = await ordered.submit({ type: "collect_metrics", payload: sample(5), priority: 5, ownerId: userId });
    const high = await ordered.submit({ type: "collect_metrics", payload: sample(1), priority: 1, ownerId: userId });
    await start({ prefix: paused, concurrency: 1 });
    await queue.resume();
    const rows = await Promise.all([low, middle, high].map((task) => finished(task.id)));
    const order = rows
      .sort((a, b) => (a.startedAt?.getTime() ?? 0) - (b.startedAt?.getTime() ?? 0))
      .map((row) => row.priority);
    expect(order).toEqual([1, 5, 10]);
    await ordered.close();
    await queue.close();
  });

  it("runs a delayed task (runAt) no earlier than asked", async () => {
    const runAt = new Date(Date.now() + 1_500);
    const task = await producer.submit({
      type: "collect_metrics",
      payload: { sector: "agriculture", samples: [{ metric: "waterUsage", value: 12.5 }] },
      priority: 5,
      ownerId: userId,
      runAt,
    });
    const row = await finished(task.id);
    expect(row.status).toBe("processed");
    expect(row.runAt?.getTime()).toBe(runAt.getTime());
    expect(row.startedAt?.getTime()).toBeGreaterThanOrEqual(runAt.getTime());
  });

  it("queues, through the relay, a task that was written while Redis was away", async () => {
    const { task } = await insertTask(database.db, {
      type: "collect_metrics",
      payload: { sector: "infrastructure", samples: [{ metric: "networkUptime", value: 99.9 }] },
      priority: 5,
      ownerId: null,
    });
    await database.db.update(tasks).set({ createdAt: sql`now() - interval '1 minute'` }).where(eq(tasks.id, task.id));
    expect(await relayQueuedTasks(database.db, producer, logger)).toBeGreaterThanOrEqual(1);
    expect((await finished(task.id)).status).toBe("processed");
    const samples = await database.db.select().from(metricSamples).where(eq(metricSamples.taskId, task.id));
    expect(samples).toHaveLength(1);
  });
});
