import type { DatabaseHandle } from "@govconnect/db";
import { emailOutbox, metricSamples, tasks } from "@govconnect/db";
import { openTestDatabase } from "@govconnect/db/testing";
import type { TaskProducer } from "@govconnect/jobs";
import { createTaskProducer } from "@govconnect/jobs";
import type { Redis } from "@govconnect/redis";
import { createRedis } from "@govconnect/redis";
import type { RunningProcess, RunningServer } from "@govconnect/testing";
import { eventually, freePort, runNodeScript, startFakeResend, startRedis } from "@govconnect/testing";
import { testDatabaseTarget } from "@govconnect/testing/inject";
import { count, sql } from "drizzle-orm";
import pg from "pg";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

const logger = pino({ level: "silent" });
const target = testDatabaseTarget();

/** The worker app's real entry point, as its own process (several may share the database). */
const spawnWorker = (env: Record<string, string>) =>
  runNodeScript("apps/worker/src/main.ts", [], { env: { NODE_ENV: "test", LOG_LEVEL: "warn", ...env } });

// Several worker processes need a database they can all open: PostgreSQL (PGlite is single-process).
describe.runIf(target.kind === "postgres")("worker processes on PostgreSQL", () => {
  let database: DatabaseHandle & { url: string | undefined };
  let redisServer: RunningServer;
  let redis: Redis;
  const workers: RunningProcess[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(target);
    redisServer = await startRedis();
    redis = createRedis(redisServer.url, "client", "worker-test");
    redis.on("error", () => undefined);
    await redis.connect();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  });
  afterAll(async () => {
    redis.disconnect();
    await redisServer.stop();
    await database.close();
  });

  const workerEnv = async (prefix: string, redisUrl = redisServer.url) => ({
    DATABASE_URL: database.url ?? "",
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    WORKER_HEALTH_PORT: String(await freePort()),
    WORKER_LOCK_SECONDS: "2",
    WORKER_CONCURRENCY: "8",
  });
  const start = async (env: Record<string, string>) => {
    const worker = spawnWorker(env);
    workers.push(worker);
    await eventually(
      "the worker to be ready",
      () =>
        fetch(`http://127.0.0.1:${env.WORKER_HEALTH_PORT}/health/ready`).then(
          (r) => r.ok,
          () => false,
        ),
      30_000,
    );
    return worker;
  };
  const producerFor = (prefix: string): TaskProducer => createTaskProducer({ db: database.db, redis, prefix, logger });
  const metricTask = (producer: TaskProducer, value: number) =>
    producer.submit({
      type: "collect_metrics",
      payload: { sector: "infrastructure", samples: [{ metric: "trafficFlow", value }] },
      priority: 5,
      ownerId: null,
    });
  const statusCounts = async (ids: string[]) => {
    const rows = await database.db
      .select({ status: tasks.status, n: count() })
      .from(tasks)
      .where(sql`${tasks.id} in ${ids}`)
      .groupBy(tasks.status);
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  };
  const samplesOf = async (ids: string[]) =>
    (await database.db.select({ n: count() }).from(metricSamples).where(sql`${metricSamples.taskId} in ${ids}`))[0]?.n;

  it("two worker processes share 1,000 tasks and each takes effect exactly once", async () => {
    const prefix = `two${Date.now()}`;
    const producer = producerFor(prefix);
    const ids: string[] = [];
    for (let i = 0; i < 1_000; i++) ids.push((await metricTask(producer, i)).id);
    await start(await workerEnv(prefix));
    await start(await workerEnv(prefix));
    const started = Date.now();
    await eventually("1,000 tasks to be processed", async () => (await statusCounts(ids)).processed === 1_000, 120_000);
    expect(await samplesOf(ids)).toBe(1_000);
    const perWorker = await database.db.execute(
      sql`select count(*)::int as n from task_events where task_id in ${ids} and status = 'processing'`,
    );
    expect((perWorker as unknown as { rows: Array<{ n: number }> }).rows[0]?.n).toBe(1_000);
    await producer.close();
    console.log(`two workers: 1,000 tasks processed in ${Date.now() - started} ms`);
  });

  it("a worker killed (SIGKILL) in the middle of jobs: a second worker finishes them, each effect once", async () => {
    const prefix = `kill${Date.now()}`;
    const producer = producerFor(prefix);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await metricTask(producer, i)).id);

    // Hold the table the jobs write to, so the first worker's jobs are caught mid-way.
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    await blocker.query("begin");
    await blocker.query("lock table metric_samples in exclusive mode");
    const doomed = await start(await workerEnv(prefix));
    await eventually("jobs to be in progress", async () => ((await statusCounts(ids)).processing ?? 0) > 0, 20_000);
    const inFlight = (await statusCounts(ids)).processing ?? 0;
    await doomed.stop("SIGKILL");
    await blocker.query("rollback");
    await blocker.end();

    await start(await workerEnv(prefix));
    await eventually("every task to be processed", async () => (await statusCounts(ids)).processed === 20, 60_000);
    expect(inFlight).toBeGreaterThan(0);
    expect(await samplesOf(ids)).toBe(20);
    await producer.close();
  });

  it("Redis restarted under a running worker: it resumes by itself, and tasks written meanwhile are not lost", async () => {
    const prefix = `restart${Date.now()}`;
    const ownRedis = await startRedis();
    const client = createRedis(ownRedis.url, "client", "restart-test");
    client.on("error", () => undefined);
    await client.connect();
    const producer = createTaskProducer({ db: database.db, redis: client, prefix, logger });
    try {
      await start(await workerEnv(prefix, ownRedis.url));
      const before = await metricTask(producer, 1);
      await eventually("the first task", async () => (await statusCounts([before.id])).processed === 1, 20_000);

      await ownRedis.stop();
      // Accepted while Redis is down: written to the database; queueing fails fast (no offline
      // queue on a client connection) and the relay queues it once Redis is back.
      const during = await metricTask(producer, 2);
      await new Promise((r) => setTimeout(r, 2_000));

      const restarted = await startRedis({ port: ownRedis.port });
      // The acceptance bound: resumed within 30 s of Redis returning (eventually() fails past it).
      const back = Date.now();
      await eventually(
        "the task written during the outage",
        async () => (await statusCounts([during.id])).processed === 1,
        30_000,
      );
      const after = await metricTask(producer, 3);
      await eventually(
        "a task after the restart",
        async () => (await statusCounts([after.id])).processed === 1,
        30_000,
      );
      expect(await samplesOf([before.id, during.id, after.id])).toBe(3);
      await Promise.all(workers.splice(0).map((worker) => worker.stop()));
      await restarted.stop();
      console.log(`worker resumed ${Date.now() - back} ms after Redis came back`);
    } finally {
      await producer.close().catch(() => undefined);
      client.disconnect();
    }
  });

  it("a worker killed after Resend accepted an email but before recording it: the retry does not deliver twice", async () => {
    const prefix = `mail${Date.now()}`;
    const resend = await startFakeResend();
    const producer = producerFor(prefix);
    try {
      const mailEnv = { MAIL_TRANSPORT: "resend", RESEND_API_KEY: "re_test", RESEND_BASE_URL: resend.url };
      const [email] = await database.db
        .insert(emailOutbox)
        .values({
          dedupeKey: `kill/${Date.now()}`,
          template: "welcome",
          recipient: "ada@example.gov",
          props: { fullName: "Ada", username: "ada" },
        })
        .returning();
      const emailId = email?.id ?? "";
      // Resend takes the message at once but answers late: the worker dies in between.
      resend.delayAnswers(30_000);
      const doomed = await start({ ...(await workerEnv(prefix)), ...mailEnv });
      await producer.submit({ type: "email_notification", payload: { outboxId: emailId }, priority: 1, ownerId: null });
      await eventually("Resend to receive the email", async () => resend.received.length > 0, 20_000);
      await doomed.stop("SIGKILL");
      expect(resend.deliveries()).toBe(1);

      resend.delayAnswers(0);
      await start({ ...(await workerEnv(prefix)), ...mailEnv });
      await eventually(
        "the email to be recorded as sent",
        async () =>
          (await database.db.select().from(emailOutbox).where(sql`${emailOutbox.id} = ${emailId}`))[0]?.status ===
          "sent",
        60_000,
      );
      expect(resend.received.map((call) => call.idempotencyKey)).toEqual([`email/${emailId}`, `email/${emailId}`]);
      expect(resend.deliveries()).toBe(1);
    } finally {
      await producer.close();
      await resend.stop();
    }
  });
});
