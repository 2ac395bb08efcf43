import { randomUUID } from "node:crypto";
import { parseConfig } from "@govconnect/config";
import type { DatabaseHandle } from "@govconnect/db";
import { createDatabase, tasks, users } from "@govconnect/db";
import { createMailer } from "@govconnect/emails";
import type { TaskProducer } from "@govconnect/jobs";
import { createTaskProducer, QUEUES } from "@govconnect/jobs";
import type { Redis } from "@govconnect/redis";
import { createRedis } from "@govconnect/redis";
import type { RunningServer } from "@govconnect/testing";
import { createDatabase as createServerDatabase, eventually, startPostgres } from "@govconnect/testing";
import { testDatabaseTarget, testRedisUrl } from "@govconnect/testing/inject";
import { Queue } from "bullmq";
import { inArray } from "drizzle-orm";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseTaskProcessors } from "./testing.ts";
import type { WorkerRuntime } from "./worker-runtime.ts";
import { startWorkerRuntime } from "./worker-runtime.ts";

const logger = pino({ level: "silent" });

// A PostgreSQL server of its own, to take down under the worker.
describe.runIf(testDatabaseTarget().kind === "postgres")("a worker while PostgreSQL is away", () => {
  let server: RunningServer;
  let database: DatabaseHandle;
  let redis: Redis;
  let producer: TaskProducer;
  let runtime: WorkerRuntime | undefined;
  const prefix = `dbaway${Date.now()}`;

  beforeAll(async () => {
    server = await startPostgres();
    const url = await createServerDatabase(server.url, `jobs_${randomUUID().slice(0, 8)}`);
    database = await createDatabase({ kind: "postgres", url, poolSize: 4 });
    redis = createRedis(testRedisUrl(), "client", "db-outage-test");
    await redis.connect();
    producer = createTaskProducer({ db: database.db, redis, prefix, logger });
  }, 60_000);
  afterAll(async () => {
    await runtime?.close();
    await producer?.close();
    redis?.disconnect();
    await database?.close();
    await server?.stop();
  });

  it("puts its jobs back without spending attempts, and finishes them when the database returns", async () => {
    const [user] = await database.db
      .insert(users)
      .values({ username: `w${Date.now()}`, email: `w${Date.now()}@example.gov`, fullName: "W", passwordHash: "x" })
      .returning();
    if (!user) throw new Error("the user insert returned no row");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const task = await producer.submit({
        type: "user_login",
        payload: { userId: user.id, ip: "127.0.0.1", at: new Date().toISOString() },
        priority: 5,
        ownerId: user.id,
      });
      ids.push(task.id);
    }
    await server.down();
    runtime = await startWorkerRuntime({
      redisUrl: testRedisUrl(),
      prefix,
      concurrency: 4,
      db: database.db,
      logger,
      processors: baseTaskProcessors,
      mailer: createMailer(parseConfig({ NODE_ENV: "test" }).mail),
      relayIntervalMs: 3_600_000,
    });
    const queue = new Queue(QUEUES.tasks, { connection: redis, prefix });
    try {
      // Each job has been tried more than once, and not one try was counted against its budget
      // (user_login has 5): the database's absence is not the task's failure.
      await eventually(
        "every job to have been started twice while the database is away",
        async () => {
          const jobs = await Promise.all(ids.map((id) => queue.getJob(id)));
          return jobs.every((job) => job && job.attemptsStarted >= 2 && job.attemptsMade === 0);
        },
        20_000,
      );
      await server.up();
      await eventually(
        "every task to be processed after the database returned",
        async () => {
          const rows = await database.db.select().from(tasks).where(inArray(tasks.id, ids));
          return rows.length === ids.length && rows.every((row) => row.status === "processed");
        },
        30_000,
      );
      const rows = await database.db.select().from(tasks).where(inArray(tasks.id, ids));
      expect(rows.map((row) => row.attempts)).toEqual([1, 1, 1]);
    } finally {
      await queue.close();
    }
  }, 90_000);
});
