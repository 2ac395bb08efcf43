import { randomUUID } from "node:crypto";
import type { HttpResponse } from "@govconnect/api/testing";
import { http, signInOverHttp, TEST_PASSWORD } from "@govconnect/api/testing";
import { CLINIC_TIMES } from "@govconnect/contracts";
import { eventually } from "@govconnect/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProductProcess, Stack } from "./stack.ts";
import { countOf, redisCommand, report, scaled, startStack } from "./stack.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const FINAL_TASK = "('processed', 'failed', 'cancelled')";
const FINAL_EMAIL = "('sent', 'failed')";

/** Rows of `sql` as `{key: count}` (a `select <key>, count(*) … group by 1` query). */
async function countsBy(db: pg.Pool, sql: string, params: unknown[] = []): Promise<Record<string, number>> {
  const result = await db.query<{ key: string; n: string }>(sql, params);
  return Object.fromEntries(result.rows.map((row) => [row.key, Number(row.n)]));
}

const registration = (username: string) => ({
  username,
  password: TEST_PASSWORD,
  fullName: `Patient ${username}`,
  email: `${username}@example.gov`,
});

/** Registers, promotes in the database (roles are never granted over the API), and signs in with a second factor. */
async function staffToken(stack: Stack, api: string, role: string): Promise<string> {
  const username = `staff_${randomUUID().slice(0, 8)}`;
  const registered = await http(api, "POST", "/api/auth/register", { body: registration(username) });
  if (registered.status !== 201) throw new Error(`staff registration: ${registered.status} ${registered.text}`);
  // Staff are invited with a confirmed address: their emails (two-step verification turned on) are sent.
  await stack.db.query("update users set role = $1, email_verified_at = now() where username = $2", [role, username]);
  // Staff set up two-step verification at their first sign-in.
  return (await signInOverHttp({ url: api }, username)).token;
}

/** "YYYY-MM-DD", `days` from today in this process's time zone (the API's is UTC; days ahead, both agree). */
const dayAhead = (days: number) => {
  const at = new Date(Date.now() + days * 86_400_000);
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, "0")}-${String(at.getDate()).padStart(2, "0")}`;
};

describe("crashes: workers SIGKILLed under load lose nothing and do nothing twice (issue #10, 1)", () => {
  const USERS = scaled("signups", 120, 500);
  const KILLS = scaled("worker_kills", 5, 10);
  const CONCURRENCY = 8;
  const DEPARTMENTS = ["Cardiology", "Orthopedics"];
  const TIMES_PER_DAY = CLINIC_TIMES.length;
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ workers: 2 });
  });
  afterAll(() => stack?.stop());

  it(`${USERS} sign-ups + bookings, ${KILLS} worker SIGKILLs: 0 lost, 0 duplicate side effects`, async () => {
    const api = stack.apis[0]?.url ?? "";
    const staff = await staffToken(stack, api, "healthcare_admin");
    const hospitalIds: string[] = [];
    for (const code of ["CRASH-A", "CRASH-B"]) {
      const created = await http(api, "POST", "/api/healthcare/hospitals", {
        token: staff,
        body: {
          hospitalId: `${code}-${Date.now() % 100_000}`,
          name: `Crash Test Hospital ${code}`,
          city: "Pune",
          state: "MH",
          type: "government",
          phone: "+91 20 1234 5678",
          email: `${code.toLowerCase()}@example.gov`,
          departments: DEPARTMENTS,
          totalBeds: 100,
          icuBeds: 10,
          emergencyBeds: 10,
        },
      });
      expect(created.status, created.text).toBe(201);
      hospitalIds.push((created.body as { hospital: { id: string } }).hospital.id);
    }

    // Distinct slots, so no booking collides: hospital × department × clinic time × day.
    const slotOf = (i: number) => {
      const perDay = hospitalIds.length * DEPARTMENTS.length * TIMES_PER_DAY;
      const inDay = i % perDay;
      return {
        hospitalId: hospitalIds[inDay % hospitalIds.length] ?? "",
        department: DEPARTMENTS[Math.floor(inDay / hospitalIds.length) % DEPARTMENTS.length] ?? "",
        appointmentDate: dayAhead(3 + Math.floor(i / perDay)),
        appointmentTime: CLINIC_TIMES[Math.floor(inDay / (hospitalIds.length * DEPARTMENTS.length))] ?? "",
      };
    };

    const run = randomUUID().slice(0, 6);
    const refusals: string[] = [];
    const expectStatus = (step: string, response: HttpResponse, status: number) => {
      if (response.status !== status) refusals.push(`${step}: ${response.status} ${response.text.slice(0, 200)}`);
      return response.status === status;
    };
    let bookings = 0;
    const oneUser = async (i: number) => {
      const username = `crash_${run}_${i}`;
      const registered = await http(api, "POST", "/api/auth/register", { body: registration(username) });
      if (!expectStatus(`register ${i}`, registered, 201)) return;
      // As if each opened their confirmation link: appointment emails go to confirmed addresses only.
      await stack.db.query("update users set email_verified_at = now() where username = $1", [username]);
      const login = await http(api, "POST", "/api/auth/login", { body: { username, password: TEST_PASSWORD } });
      if (!expectStatus(`login ${i}`, login, 200)) return;
      const booked = await http(api, "POST", "/api/appointments", {
        token: (login.body as { token: string }).token,
        body: { patientName: `Patient ${i}`, patientPhone: "+91 98765 43210", ...slotOf(i) },
      });
      if (expectStatus(`book ${i}`, booked, 201)) bookings++;
    };

    // The killer: at random moments, SIGKILL one of the live workers (mid-job, whatever it was
    // doing) and start a replacement, so there is always one worker to take over its jobs.
    let killerFailed = false;
    const kills: Array<{ at: number; processing: number }> = [];
    const killer = (async () => {
      for (let k = 0; k < KILLS; k++) {
        await sleep(300 + Math.random() * 1_500);
        const alive = stack.workers.filter((worker) => worker.alive());
        const victim: ProductProcess | undefined = alive[Math.floor(Math.random() * alive.length)];
        if (!victim) throw new Error("no live worker to kill");
        const processing = await countOf(stack.db, "select count(*) as n from tasks where status = 'processing'");
        await victim.kill();
        kills.push({ at: Date.now(), processing });
        await stack.startWorker();
      }
    })().then(
      () => undefined,
      (error: unknown) => {
        killerFailed = true;
        return error;
      },
    );

    // The load: USERS sign-ups + sign-ins + bookings, CONCURRENCY at a time, paced against the
    // killer (at most (k + 1) / (KILLS + 1) of the users before kill k + 1), so every kill lands
    // while sign-ups are producing tasks, and some users sign up after the last one.
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < USERS) {
          if (kills.length < KILLS && next >= (USERS * (kills.length + 1)) / (KILLS + 1)) {
            if (killerFailed) return;
            await sleep(50);
            continue;
          }
          await oneUser(next++);
        }
      }),
    );
    const loadMs = Date.now() - started;
    const killerError = await killer;
    if (killerError) throw killerError;
    const lastKill = kills.at(-1)?.at ?? Date.now();

    // Drain: with the remaining workers up, every accepted task and email reaches a final state.
    const unfinished = async () =>
      (await countOf(stack.db, `select count(*) as n from tasks where status not in ${FINAL_TASK}`)) +
      (await countOf(stack.db, `select count(*) as n from email_outbox where status not in ${FINAL_EMAIL}`));
    await eventually("every task and email to reach a final state", async () => (await unfinished()) === 0, 120_000);
    const drainMs = Date.now() - lastKill;

    const tasksByStatus = await countsBy(stack.db, "select status as key, count(*) as n from tasks group by 1");
    const tasksByType = await countsBy(stack.db, "select type as key, count(*) as n from tasks group by 1");
    const emailsByStatus = await countsBy(stack.db, "select status as key, count(*) as n from email_outbox group by 1");
    const users = await countOf(stack.db, "select count(*) as n from users");
    const runUsers = await countOf(stack.db, "select count(*) as n from users where username like $1", [
      `crash\\_${run}\\_%`,
    ]);
    const appointments = await countOf(stack.db, "select count(*) as n from appointments");
    const emails = await countOf(stack.db, "select count(*) as n from email_outbox");
    const keys = new Map<string, number>();
    for (const call of stack.resend.received) {
      const key = call.idempotencyKey ?? "(none)";
      keys.set(key, (keys.get(key) ?? 0) + 1);
    }
    const retakenTasks = await countOf(
      stack.db,
      `select count(*) as n from (select task_id from task_events where status = 'processing'
         group by task_id having count(*) > 1) t`,
    );
    const figures = {
      users: runUsers,
      bookings,
      refusals: refusals.length,
      kills: kills.length,
      processingAtKills: kills.map((kill) => kill.processing),
      loadMs,
      drainAfterLastKillMs: drainMs,
      tasksByStatus,
      tasksByType,
      emailsByStatus,
      resendCalls: stack.resend.received.length,
      resendDeliveries: stack.resend.deliveries(),
      tasksRunAgainAfterAKill: retakenTasks,
    };
    report("worker-sigkill", figures);

    // Nothing refused, nothing lost, nothing failed.
    expect(refusals).toEqual([]);
    expect(kills).toHaveLength(KILLS);
    expect(runUsers).toBe(USERS);
    expect(bookings).toBe(USERS);
    expect(Object.keys(tasksByStatus).filter((status) => status !== "processed")).toEqual([]);
    expect(Object.keys(emailsByStatus).filter((status) => status !== "sent")).toEqual([]);
    // One of each row per user (the staff account is a user too, with its welcome email). The
    // confirmation link is written only for an address still unconfirmed when onboarding runs
    // (here most are confirmed before it), and at most once.
    const confirmations = await countOf(
      stack.db,
      "select count(*) as n from email_outbox where dedupe_key like 'email-confirmation/sign-up/%'",
    );
    expect(confirmations).toBeLessThanOrEqual(users);
    // The staff account set up two-step verification at its sign-in: one "turned on" email.
    const factorNotices = await countOf(
      stack.db,
      "select count(*) as n from email_outbox where template = 'second_factor_changed'",
    );
    expect(factorNotices).toBe(1);
    expect(appointments).toBe(USERS);
    expect(tasksByType).toEqual({
      user_registration: users,
      user_login: users,
      appointment_booking: USERS,
      email_notification: users + USERS + confirmations + factorNotices,
    });
    expect(
      await countOf(
        stack.db,
        `select count(*) as n from users u
           where (select count(*) from email_outbox e where e.dedupe_key = 'welcome/' || u.id) <> 1
              or (select count(*) from email_outbox e where e.dedupe_key = 'email-confirmation/sign-up/' || u.id) > 1
              or u.onboarded_at is null`,
      ),
    ).toBe(0);
    expect(
      await countOf(
        stack.db,
        `select count(*) as n from appointments a
           where (select count(*) from email_outbox e where e.dedupe_key = 'appointment-scheduled/' || a.id) <> 1`,
      ),
    ).toBe(0);
    expect(emails).toBe(users + USERS + confirmations + factorNotices);
    expect(await countOf(stack.db, "select count(*) as n from login_events")).toBe(users);
    // Every task's effect ran once: one `processed` in its history (the API's bookings included).
    expect(
      await countOf(
        stack.db,
        `select count(*) as n from tasks t
           where (select count(*) from task_events e where e.task_id = t.id and e.status = 'processed') <> 1`,
      ),
    ).toBe(0);
    // Resend delivered each outbox email once, under its own key (repeats of a key after a kill
    // are answered with the first delivery, not delivered again).
    expect(stack.resend.deliveries()).toBe(emails);
    const outboxKeys = (await stack.db.query<{ key: string }>("select 'email/' || id as key from email_outbox")).rows;
    expect([...keys.keys()].sort()).toEqual(outboxKeys.map((row) => row.key).sort());
    expect(
      await countOf(
        stack.db,
        "select count(distinct provider_message_id) as n from email_outbox where status = 'sent'",
      ),
    ).toBe(emails);
  });

  it("a task whose worker dies every time it runs it (3 SIGKILLs) ends `failed`, not lost", async () => {
    const api = stack.apis[0]?.url ?? "";
    const admin = await staffToken(stack, api, "admin");
    // Every run of this task blocks on the table it writes to, so each worker that takes it is
    // killed mid-run: after the third, BullMQ gives up on the job (maxStalledCount) without
    // running it again, and the task must still reach a final state.
    const blocker = new pg.Client({ connectionString: stack.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query("begin");
      await blocker.query("lock table metric_samples in exclusive mode");
      const submitted = await http(api, "POST", "/api/tasks/submit", {
        token: admin,
        body: {
          taskType: "collect_metrics",
          data: { sector: "infrastructure", samples: [{ metric: "trafficFlow", value: 1 }] },
        },
      });
      expect(submitted.status, submitted.text).toBe(202);
      const taskId = (submitted.body as { taskId: string }).taskId;
      const runs = () =>
        countOf(stack.db, "select count(*) as n from task_events where task_id = $1 and status = 'processing'", [
          taskId,
        ]);
      for (let run = 1; run <= 3; run++) {
        await eventually(`run ${run} of the task to start`, async () => (await runs()) === run, 30_000);
        await Promise.all(stack.workers.filter((worker) => worker.alive()).map((worker) => worker.kill()));
        await stack.startWorker();
      }
      const final = await eventually(
        "the task to reach a final state",
        async () =>
          (
            await stack.db.query<{ status: string; error: string | null }>(
              `select status, error from tasks where id = $1 and status in ${FINAL_TASK}`,
              [taskId],
            )
          ).rows[0],
        30_000,
      );
      report("worker-sigkill-poison-task", { runs: await runs(), status: final.status, error: final.error });
      expect(final.status).toBe("failed");
      expect(await runs()).toBe(3);
    } finally {
      await blocker.query("rollback").catch(() => undefined);
      await blocker.end();
    }
  });
});

describe("crashes: the API SIGKILLed between the business commit and the enqueue (issue #10, 2)", () => {
  let stack: Stack;
  let blocker: pg.Client | undefined;

  beforeAll(async () => {
    stack = await startStack({ workers: 1 });
  });
  afterAll(async () => {
    await redisCommand(stack.redis.url, "CLIENT", "UNPAUSE").catch(() => undefined);
    await blocker?.end().catch(() => undefined);
    await stack?.stop();
  });

  it("the relay queues the committed task, and its effect happens once", async () => {
    const doomed = stack.apis[0];
    if (!doomed) throw new Error("no API");
    const username = `commit_${randomUUID().slice(0, 8)}`;

    // How to kill exactly between the commit and the enqueue, with no fault hook in the product:
    // 1. Hold the tasks table, so the sign-up (past its rate-limit check, the last Redis call
    //    before its transaction) waits inside its transaction, after inserting the user.
    // 2. Pause Redis writes (CLIENT PAUSE … WRITE), then let the transaction go: it commits, and
    //    the enqueue that follows (BullMQ's add script) is held by Redis unanswered.
    // 3. SIGKILL the API while it waits, then unpause.
    // Freezing Redis with SIGSTOP instead would not do: the enqueue command sits in the frozen
    // Redis's socket buffer, and Redis runs it on SIGCONT even though its sender is dead — the
    // dead API would have queued the task itself. A paused client's command is dropped when its
    // connection closes, so here only the relay can queue it (checked below by the job's time).
    blocker = new pg.Client({ connectionString: stack.databaseUrl });
    await blocker.connect();
    await blocker.query("begin");
    await blocker.query("lock table tasks in exclusive mode");
    let answered: HttpResponse | Error | undefined;
    const signUp = http(doomed.url, "POST", "/api/auth/register", { body: registration(username) }).then(
      (response) => {
        answered = response;
      },
      (error: Error) => {
        answered = error;
      },
    );
    await eventually(
      "the sign-up to wait on the tasks table inside its transaction",
      async () =>
        (await countOf(
          stack.db,
          `select count(*) as n from pg_stat_activity
             where datname = current_database() and wait_event_type = 'Lock' and query ilike 'insert into "tasks"%'`,
        )) === 1,
      20_000,
    );
    expect(await redisCommand(stack.redis.url, "CLIENT", "PAUSE", "60000", "WRITE")).toBe("OK");
    await blocker.query("rollback");
    await blocker.end();
    blocker = undefined;

    const task = await eventually(
      "the sign-up to commit its user_registration task",
      async () =>
        (
          await stack.db.query<{ id: string; enqueued_at: Date | null }>(
            `select t.id, t.enqueued_at from tasks t join users u on t.payload->>'userId' = u.id::text
               where u.username = $1 and t.type = 'user_registration'`,
            [username],
          )
        ).rows[0],
      10_000,
    );
    // Committed, not queued, and the API still inside the enqueue (no answer yet): kill it now.
    expect(task.enqueued_at).toBeNull();
    expect(answered).toBeUndefined();
    await doomed.kill();
    const killedAt = Date.now();
    await signUp;
    expect(answered).toBeInstanceOf(Error);
    expect(await redisCommand(stack.redis.url, "CLIENT", "UNPAUSE")).toBe("OK");

    // A worker's relay (every 5 s, for rows older than 5 s) queues it; the worker runs it once.
    await eventually(
      "the relayed task to be processed",
      async () =>
        (await countOf(stack.db, "select count(*) as n from tasks where id = $1 and status = 'processed'", [
          task.id,
        ])) === 1,
      30_000,
    );
    const processedMs = Date.now() - killedAt;
    const row = (
      await stack.db.query<{ enqueued_at: Date | null }>("select enqueued_at from tasks where id = $1", [task.id])
    ).rows[0];
    // The BullMQ job was created after the API died: by the relay, not by the dead API's command.
    const jobCreated = Number(
      await redisCommand(stack.redis.url, "HGET", `${stack.prefix}:tasks:${task.id}`, "timestamp"),
    );
    const history = await countsBy(
      stack.db,
      "select status as key, count(*) as n from task_events where task_id = $1 group by 1",
      [task.id],
    );

    // The effect once: onboarded, one welcome email, delivered once.
    const welcome = await eventually(
      "the welcome email to be sent",
      async () =>
        (
          await stack.db.query<{ id: string; status: string }>(
            `select e.id, e.status from email_outbox e join users u on e.dedupe_key = 'welcome/' || u.id
               where u.username = $1`,
            [username],
          )
        ).rows.find((email) => email.status === "sent"),
      30_000,
    );
    const welcomeCalls = stack.resend.received.filter((call) => call.idempotencyKey === `email/${welcome.id}`);
    // The sign-up's other email, its confirmation link, goes out too.
    await eventually(
      "the confirmation link to be sent",
      async () =>
        (
          await stack.db.query<{ status: string }>(
            `select e.status from email_outbox e join users u on e.dedupe_key = 'email-confirmation/sign-up/' || u.id
               where u.username = $1`,
            [username],
          )
        ).rows.some((email) => email.status === "sent"),
      30_000,
    );

    // A new API shows the task as processed to its owner.
    const fresh = await stack.startApi();
    const login = await http(fresh.url, "POST", "/api/auth/login", { body: { username, password: TEST_PASSWORD } });
    expect(login.status, login.text).toBe(200);
    const shown = await http(fresh.url, "GET", `/api/tasks/${task.id}`, {
      token: (login.body as { token: string }).token,
    });

    report("api-sigkill-before-enqueue", {
      killToProcessedMs: processedMs,
      jobCreatedAfterKillMs: jobCreated - killedAt,
      history,
      welcomeEmails: await countOf(
        stack.db,
        "select count(*) as n from email_outbox e join users u on e.dedupe_key = 'welcome/' || u.id where u.username = $1",
        [username],
      ),
      welcomeResendCalls: welcomeCalls.length,
      resendDeliveries: stack.resend.deliveries(),
      shownStatus: (shown.body as { status?: string }).status,
    });

    expect(row?.enqueued_at?.getTime()).toBeGreaterThan(killedAt);
    expect(jobCreated).toBeGreaterThan(killedAt);
    expect(history).toEqual({ queued: 1, processing: 1, processed: 1 });
    expect(
      await countOf(
        stack.db,
        "select count(*) as n from email_outbox e join users u on e.dedupe_key = 'welcome/' || u.id where u.username = $1",
        [username],
      ),
    ).toBe(1);
    expect(welcomeCalls).toHaveLength(1);
    expect(stack.resend.deliveries()).toBe(2);
    expect(shown.status, shown.text).toBe(200);
    expect((shown.body as { status: string }).status).toBe("processed");
  });
});
