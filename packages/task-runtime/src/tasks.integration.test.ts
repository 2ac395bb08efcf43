import { randomUUID } from "node:crypto";
import { parseConfig } from "@govconnect/config";
import type { TaskPayload } from "@govconnect/contracts";
import type { DatabaseHandle } from "@govconnect/db";
import { accountTokens, emailOutbox, loginEvents, metricSamples, taskEvents, tasks, users } from "@govconnect/db";
import { openTestDatabase } from "@govconnect/db/testing";
import { createMailer } from "@govconnect/emails";
import type { TaskProducer } from "@govconnect/jobs";
import { createTaskProducer, insertTask, QUEUES, withdrawTask } from "@govconnect/jobs";
import type { Redis } from "@govconnect/redis";
import { createRedis } from "@govconnect/redis";
import { eventually, startFakeResend } from "@govconnect/testing";
import { testDatabaseTarget, testRedisUrl } from "@govconnect/testing/inject";
import { Queue } from "bullmq";
import { asc, eq, sql } from "drizzle-orm";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userLogin } from "./handlers/user-login.job.ts";
import { recoverStrandedTasks, relayQueuedTasks, STRANDED_AFTER_MS } from "./relay.ts";
import { baseTaskProcessors } from "./testing.ts";
import type { WorkerRuntime } from "./worker-runtime.ts";
import { startWorkerRuntime } from "./worker-runtime.ts";

const logger = pino({ level: "silent" });

describe(`tasks end to end in one process (${testDatabaseTarget().kind})`, () => {
  let database: DatabaseHandle;
  let redis: Redis;
  let producer: TaskProducer;
  let userId: string;
  const prefix = `jobs${Date.now()}`;
  const runtimes: WorkerRuntime[] = [];

  const finished = (taskId: string) =>
    eventually(`task ${taskId} to finish`, async () => {
      const [row] = await database.db.select().from(tasks).where(eq(tasks.id, taskId));
      return row && (row.status === "processed" || row.status === "failed") ? row : undefined;
    });
  const history = async (taskId: string) =>
    (await database.db.select().from(taskEvents).where(eq(taskEvents.taskId, taskId)).orderBy(asc(taskEvents.id))).map(
      (event) => event.status,
    );
  const mailer = createMailer(parseConfig({ NODE_ENV: "test" }).mail);
  const start = async (options: Partial<Parameters<typeof startWorkerRuntime>[0]> = {}) => {
    const runtime = await startWorkerRuntime({
      redisUrl: testRedisUrl(),
      prefix,
      concurrency: 4,
      db: database.db,
      logger,
      processors: baseTaskProcessors,
      mailer,
      // Runtimes of several prefixes share this database: their relays must not take each
      // other's rows. The relay is exercised by calling it directly.
      relayIntervalMs: 3_600_000,
      recoveryIntervalMs: 3_600_000,
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

  it("onboarding writes the welcome email and the address's confirmation link once, and email_notification sends them through the outbox", async () => {
    const [person] = await database.db
      .insert(users)
      .values({
        username: `w${Date.now()}`,
        email: `w${Date.now()}@example.gov`,
        fullName: "Grace Hopper",
        passwordHash: "x",
      })
      .returning();
    const personId = person?.id ?? "";
    const first = await producer.submit({
      type: "user_registration",
      payload: { userId: personId },
      priority: 5,
      ownerId: personId,
    });
    const onboarding = await finished(first.id);
    const { welcomeEmailId } = onboarding.result as { welcomeEmailId: string };
    expect(welcomeEmailId).toEqual(expect.any(String));
    const email = await eventually("the welcome email to be sent", async () => {
      const [row] = await database.db.select().from(emailOutbox).where(eq(emailOutbox.id, welcomeEmailId));
      return row?.status === "sent" ? row : undefined;
    });
    expect(email).toMatchObject({
      template: "welcome",
      recipient: person?.email,
      transport: "outbox",
      subject: "Welcome to GovConnect Healthcare - Account Created Successfully",
      attempts: 1,
    });
    // The address is not confirmed yet: nothing the person typed is in it (security review L4).
    expect(email.html).not.toContain("Grace Hopper");
    expect(email.text).not.toContain(person?.username);
    expect(email.text).toContain("We have sent you a separate email to confirm this address");

    // Running onboarding again writes no second email.
    const again = await producer.submit({
      type: "user_registration",
      payload: { userId: personId },
      priority: 5,
      ownerId: personId,
    });
    expect((await finished(again.id)).result).toMatchObject({ welcomeEmailId: null });
    const written = await database.db.select().from(emailOutbox).where(eq(emailOutbox.userId, personId));
    expect(written.map((row) => [row.template, row.recipient]).sort()).toEqual([
      ["email_verification", person?.email],
      ["welcome", person?.email],
    ]);
    // One link, however often onboarding runs.
    expect(await database.db.select().from(accountTokens).where(eq(accountTokens.userId, personId))).toHaveLength(1);
  });

  it("keeps an email while the provider fails, and sends it once when the provider recovers", async () => {
    const resend = await startFakeResend();
    const config = parseConfig({
      NODE_ENV: "test",
      MAIL_TRANSPORT: "resend",
      RESEND_API_KEY: "re_test",
      RESEND_BASE_URL: resend.url,
    });
    const providerPrefix = `${prefix}-resend`;
    await start({ prefix: providerPrefix, mailer: createMailer(config.mail) });
    const sending = createTaskProducer({ db: database.db, redis, prefix: providerPrefix, logger });
    try {
      const [row] = await database.db
        .insert(emailOutbox)
        .values({
          dedupeKey: `test/${Date.now()}`,
          template: "welcome",
          recipient: "ada@example.gov",
          props: { fullName: "Ada", username: "ada" },
        })
        .returning();
      const emailId = row?.id ?? "";
      resend.answer([500]);
      const task = await sending.submit({
        type: "email_notification",
        payload: { outboxId: emailId },
        priority: 5,
        ownerId: null,
      });
      const done = await finished(task.id);
      expect(done.status).toBe("processed");
      expect(done.attempts).toBe(2);
      const [sent] = await database.db.select().from(emailOutbox).where(eq(emailOutbox.id, emailId));
      expect(sent).toMatchObject({
        status: "sent",
        transport: "resend",
        attempts: 2,
        providerMessageId: expect.stringMatching(/^msg_/),
      });
      expect(resend.received.map((call) => call.idempotencyKey)).toEqual([`email/${emailId}`, `email/${emailId}`]);
      expect(resend.deliveries()).toBe(1);

      // A permanent refusal (422) marks the email failed at once, without retries.
      const [bad] = await database.db
        .insert(emailOutbox)
        .values({
          dedupeKey: `test/422/${Date.now()}`,
          template: "welcome",
          recipient: "x@example.gov",
          props: { fullName: "X", username: "x" },
        })
        .returning();
      resend.answer([422]);
      const refused = await sending.submit({
        type: "email_notification",
        payload: { outboxId: bad?.id ?? "" },
        priority: 5,
        ownerId: null,
      });
      expect(await finished(refused.id)).toMatchObject({ status: "failed", attempts: 1 });
      const [failedEmail] = await database.db
        .select()
        .from(emailOutbox)
        .where(eq(emailOutbox.id, bad?.id ?? ""));
      expect(failedEmail).toMatchObject({ status: "failed", lastError: "Resend 422: scripted 422" });
    } finally {
      await sending.close();
      await resend.stop();
    }
  });

  it("fails a task type this worker cannot process at once, with the reason", async () => {
    const task = await producer.submit({
      type: "appointment_booking",
      // Never read: this worker has no handler for the type, so the payload is not even parsed.
      payload: { appointmentId: randomUUID() } as unknown as TaskPayload<"appointment_booking">,
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

  it("withdraws a delayed task: its job leaves the queue and, if it ran anyway, it does nothing", async () => {
    await start();
    const written = await insertTask(database.db, {
      type: "collect_metrics",
      payload: { sector: "agriculture", samples: [{ metric: "waterUsage", value: 1 }] },
      priority: 5,
      ownerId: userId,
      runAt: new Date(Date.now() + 3_600_000),
    });
    await producer.dispatch(written);
    const queue = new Queue(QUEUES.tasks, { connection: redis, prefix });
    expect(await (await queue.getJob(written.task.id))?.getState()).toBe("delayed");
    const withdrawn = await withdrawTask(database.db, written.task.id, "no longer needed");
    if (!withdrawn) throw new Error("not withdrawn");
    await producer.dispatch(withdrawn);
    expect(await queue.getJob(written.task.id)).toBeUndefined();
    expect(await history(written.task.id)).toEqual(["queued", "cancelled"]);
    // A job that escaped the removal (Redis was away) finds the task cancelled and skips it.
    await producer.enqueue({ ...written.task, runAt: null });
    await eventually("the stray job to complete", async () =>
      (await (await queue.getJob(written.task.id))?.getState()) === "completed" ? true : undefined,
    );
    const [row] = await database.db.select().from(tasks).where(eq(tasks.id, written.task.id));
    expect(row).toMatchObject({ status: "cancelled", error: "no longer needed" });
    expect(await database.db.select().from(metricSamples).where(eq(metricSamples.taskId, written.task.id))).toEqual([]);
    await queue.close();
  });

  it("writes a schedule's task at every tick, through the queue like any other task", async () => {
    const ticks: Date[] = [];
    const scheduled = await start({
      prefix: `${prefix}-sched`,
      schedules: [
        {
          id: "test:every-300ms",
          everyMs: 300,
          task: async (at) => {
            ticks.push(at);
            return {
              type: "collect_metrics",
              payload: {
                sector: "infrastructure",
                samples: [{ metric: "trafficFlow", value: ticks.length, at: at.toISOString() }],
              },
              priority: 10,
              ownerId: null,
            };
          },
        },
      ],
    });
    const stored = await eventually("two scheduled samples", async () => {
      const rows = await database.db.select().from(metricSamples).where(eq(metricSamples.metric, "trafficFlow"));
      return rows.length >= 2 ? rows : undefined;
    });
    expect(stored.every((row) => row.sector === "infrastructure")).toBe(true);
    await scheduled.close();
    runtimes.splice(runtimes.indexOf(scheduled), 1);
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

  it("fails, with the reason, a task whose job BullMQ gave up on without running it (its worker kept dying)", async () => {
    // BullMQ's own mark for a job that stalled more than maxStalledCount times (moveStalledJobsToWait):
    // the next worker to take it fails it without calling the processor.
    const ownPrefix = `${prefix}stalled`;
    const ownProducer = createTaskProducer({ db: database.db, redis, prefix: ownPrefix, logger });
    const task = await ownProducer.submit({
      type: "collect_metrics",
      payload: { sector: "infrastructure", samples: [{ metric: "trafficFlow", value: 1 }] },
      priority: 5,
      ownerId: null,
    });
    await redis.hset(`${ownPrefix}:${QUEUES.tasks}:${task.id}`, "defa", "job stalled more than allowable limit");
    await start({ prefix: ownPrefix });
    const row = await finished(task.id);
    expect(row.status).toBe("failed");
    expect(row.error).toMatch(/its worker stopped while running it too many times/);
    expect(await history(task.id)).toEqual(["queued", "failed"]);
    expect(await database.db.select().from(metricSamples).where(eq(metricSamples.taskId, task.id))).toHaveLength(0);
    await ownProducer.close();
  });

  it("recovers tasks the queue lost track of: a job Redis lost runs again, a job failed unrecorded fails its task", async () => {
    const ownPrefix = `${prefix}stranded`;
    const ownProducer = createTaskProducer({ db: database.db, redis, prefix: ownPrefix, logger });
    const metricTask = (value: number) =>
      ownProducer.submit({
        type: "collect_metrics",
        payload: { sector: "infrastructure", samples: [{ metric: "powerConsumption", value }] },
        priority: 5,
        ownerId: null,
      });
    const age = (id: string, status: "queued" | "processing") =>
      database.db
        .update(tasks)
        .set({ status, updatedAt: new Date(Date.now() - STRANDED_AFTER_MS - 60_000) })
        .where(eq(tasks.id, id));
    // Lost: queued, and then Redis lost the job (a crash before its append-only file had it).
    const lost = await metricTask(1);
    await (await ownProducer.job(lost.id))?.remove();
    await age(lost.id, "queued");
    // Waiting in a long backlog: old, but its job is there; it is left alone.
    const waiting = await metricTask(2);
    await age(waiting.id, "queued");
    // Failed for good by BullMQ while its task was not told (its worker died just then).
    const abandoned = await metricTask(3);
    await redis.hset(`${ownPrefix}:${QUEUES.tasks}:${abandoned.id}`, "defa", "job stalled more than allowable limit");
    const runtime = await start({ prefix: ownPrefix, concurrency: 1 });
    await finished(abandoned.id);
    await finished(waiting.id);
    await runtime.close();
    runtimes.splice(runtimes.indexOf(runtime), 1);
    await age(abandoned.id, "processing");
    await age(waiting.id, "queued");
    await (await ownProducer.job(waiting.id))?.remove();
    await ownProducer.enqueue({ ...waiting, runAt: null });

    const events = await recoverStrandedTasks(database.db, ownProducer, logger);
    expect(events.map((event) => [event.taskId, event.status])).toEqual([[abandoned.id, "failed"]]);
    expect(await (await ownProducer.job(lost.id))?.getState()).toBe("prioritized");
    expect(await (await ownProducer.job(waiting.id))?.getState()).toBe("prioritized");
    // A second sweep (another worker's) changes nothing more.
    expect(await recoverStrandedTasks(database.db, ownProducer, logger)).toEqual([]);
    await start({ prefix: ownPrefix });
    expect((await finished(lost.id)).status).toBe("processed");
    expect(await database.db.select().from(metricSamples).where(eq(metricSamples.taskId, lost.id))).toHaveLength(1);
    const [failedRow] = await database.db.select().from(tasks).where(eq(tasks.id, abandoned.id));
    expect(failedRow).toMatchObject({ status: "failed" });
    await ownProducer.close();
  });
});
