import { parseConfig } from "@govconnect/config";
import { createMailer, createSmtpTransport, renderEmail, TEMPLATE_NAMES } from "@govconnect/emails";
import { freePort } from "@govconnect/testing/servers";
import { selfSignedCertificate } from "@govconnect/testing/tls";
import bcrypt from "bcrypt";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import nodemailer from "nodemailer";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import type { CpuSources } from "./cpu.ts";
import { cpuNow, cpuSpent } from "./cpu.ts";
import type { LoadResult } from "./load.ts";
import { load, quantile } from "./load.ts";

/** One row of the report: the product's figure, its baseline's, their ratio and the target. */
export interface ScenarioResult {
  readonly id: string;
  readonly title: string;
  readonly product: Partial<LoadResult> & Record<string, number>;
  readonly baseline?: Partial<LoadResult> & Record<string, number>;
  /** product ÷ baseline throughput (higher is better). */
  readonly ratio?: number;
  readonly target: string;
  readonly met: boolean;
  readonly notes?: string;
}

export interface BenchContext {
  readonly api: string;
  readonly baseline: string;
  /** Bare Fastify with the product's HTTP layer (security headers, CORS, cookies, request ids). */
  readonly securedBaseline: string;
  readonly redisUrl: string;
  readonly databaseUrl: string;
  readonly seconds: number;
  readonly token: string;
  readonly userId: string;
  readonly username: string;
  readonly password: string;
  readonly bcryptCost: number;
  /** The processes whose CPU time a scenario may report. */
  readonly cpu: CpuSources;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The same load on a product route and on its bare baseline, and the throughput ratio. */
async function versusBare(
  ctx: BenchContext,
  route: { readonly product: string; readonly bare: string; readonly headers?: Record<string, string> },
  connections: number,
) {
  const product = await load({
    url: `${ctx.api}${route.product}`,
    headers: route.headers ?? {},
    connections,
    seconds: ctx.seconds,
  });
  const baseline = await load({ url: `${ctx.baseline}${route.bare}`, connections, seconds: ctx.seconds });
  const secured = await load({ url: `${ctx.securedBaseline}${route.bare}`, connections, seconds: ctx.seconds });
  return {
    product: { ...product },
    baseline: {
      ...baseline,
      withHttpLayerRps: secured.requestsPerSecond,
      productVsHttpLayer: product.requestsPerSecond / secured.requestsPerSecond,
    },
    ratio: product.requestsPerSecond / baseline.requestsPerSecond,
  };
}

export async function healthScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const measured = await versusBare(ctx, { product: "/api/health", bare: "/api/health" }, 20);
  return {
    id: "health",
    title: "GET /api/health vs bare Fastify with the same JSON",
    ...measured,
    target: "ratio ≥ 0.85",
    met: measured.ratio >= 0.85,
    notes: "The product checks Redis and the database at most every 250 ms (a healthy report is reused).",
  };
}

export async function authenticatedQueryScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const measured = await versusBare(
    ctx,
    { product: "/trpc/auth.me", bare: "/bare/me", headers: bearer(ctx.token) },
    20,
  );
  const sameWork = await load({
    url: `${ctx.securedBaseline}/bare/authed`,
    headers: bearer(ctx.token),
    connections: 20,
    seconds: ctx.seconds,
  });
  if (sameWork.errors > 0) throw new Error(`the raw authenticated baseline answered ${sameWork.errors} errors`);
  return {
    id: "auth-query",
    title: "tRPC auth.me (JWT verify + Redis session + rate limit + database read) vs bare route",
    ...measured,
    baseline: {
      ...measured.baseline,
      sameIoRawRps: sameWork.requestsPerSecond,
      sameIoRawP50Ms: sameWork.p50Ms,
      productVsSameIoRaw: measured.product.requestsPerSecond / sameWork.requestsPerSecond,
    },
    target: "ratio ≥ 0.5",
    met: measured.ratio >= 0.5,
  };
}

/** Raw BullMQ: `add` as fast as `concurrency` callers can, with a no-op worker draining the queue. */
async function rawBullmq(redisUrl: string, seconds: number, concurrency: number): Promise<number> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const prefix = `rawbench${Date.now()}`;
  const queue = new Queue("raw", { connection, prefix });
  const worker = new Worker("raw", async () => undefined, {
    connection: new Redis(redisUrl, { maxRetriesPerRequest: null }),
    prefix,
    concurrency: 8,
  });
  let added = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        await queue.add("noop", { taskId: "x" }, { removeOnComplete: 1000 });
        added += 1;
      }
    }),
  );
  await worker.close();
  await queue.close();
  connection.disconnect();
  return added / seconds;
}

/**
 * The same durable work done bare, for scale: each add first inserts its row in PostgreSQL (as the
 * outbox rule requires of the product), then queues the job with the row id; the worker marks the
 * row processing, then processed. No HTTP, auth, validation, events or history.
 */
async function rawDurableBullmq(ctx: BenchContext, concurrency: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: ctx.databaseUrl, max: 10 });
  await pool.query(
    `create table if not exists bench_durable (id uuid primary key default gen_random_uuid(), status text not null,
     payload jsonb not null, created_at timestamptz not null default now(), finished_at timestamptz)`,
  );
  const connection = new Redis(ctx.redisUrl, { maxRetriesPerRequest: null });
  const prefix = `durablebench${Date.now()}`;
  const queue = new Queue("durable", { connection, prefix });
  const worker = new Worker<{ id: string }>(
    "durable",
    async (job) => {
      await pool.query("update bench_durable set status = 'processing' where id = $1", [job.data.id]);
      await pool.query("update bench_durable set status = 'processed', finished_at = now() where id = $1", [
        job.data.id,
      ]);
    },
    { connection: new Redis(ctx.redisUrl, { maxRetriesPerRequest: null }), prefix, concurrency: 8 },
  );
  let added = 0;
  const end = Date.now() + ctx.seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const { rows } = await pool.query<{ id: string }>(
          "insert into bench_durable (status, payload) values ('queued', $1) returning id",
          [{ userId: ctx.userId }],
        );
        const id = rows[0]?.id ?? "";
        await queue.add("durable", { id }, { jobId: id, removeOnComplete: 1000 });
        await pool.query("update bench_durable set status = 'enqueued' where id = $1", [id]);
        added += 1;
      }
    }),
  );
  await worker.close();
  await queue.close();
  connection.disconnect();
  await pool.end();
  return added / ctx.seconds;
}

export async function taskSubmitScenario(ctx: BenchContext, db: pg.Client): Promise<ScenarioResult> {
  const submit = { taskType: "user_registration", data: { userId: ctx.userId } };
  const peak = await load({
    url: `${ctx.api}/api/tasks/submit`,
    method: "POST",
    headers: bearer(ctx.token),
    body: submit,
    connections: 20,
    seconds: ctx.seconds,
  });
  const raw = await rawBullmq(ctx.redisUrl, ctx.seconds, 20);
  const durable = await rawDurableBullmq(ctx, 20);
  // Half of peak, open loop: how long from accepted to processed, by the database's own clocks.
  const startedAt = new Date();
  const half = await load({
    url: `${ctx.api}/api/tasks/submit`,
    method: "POST",
    headers: bearer(ctx.token),
    body: submit,
    connections: 10,
    seconds: ctx.seconds,
    rate: Math.max(1, Math.round(peak.requestsPerSecond / 2)),
  });
  // Let the queue drain before reading.
  for (let i = 0; i < 100; i++) {
    const { rows } = await db.query<{ n: string }>(
      "select count(*) as n from tasks where status in ('queued','processing')",
    );
    if (Number(rows[0]?.n) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const { rows } = await db.query<{ ms: number }>(
    `select extract(epoch from (finished_at - created_at)) * 1000 as ms from tasks
     where type = 'user_registration' and status = 'processed' and created_at >= $1`,
    [startedAt],
  );
  const latencies = rows.map((row) => Number(row.ms));
  const p99 = quantile(latencies, 0.99);
  const ratio = peak.requestsPerSecond / raw;
  return {
    id: "task-submit",
    title: "POST /api/tasks/submit (worker running) vs raw BullMQ add + no-op worker",
    product: {
      ...peak,
      halfLoadRps: half.requestsPerSecond,
      processedP50Ms: quantile(latencies, 0.5),
      processedP99Ms: p99,
      processedCount: latencies.length,
    },
    baseline: {
      requestsPerSecond: raw,
      durableBareRps: durable,
      productVsDurableBare: peak.requestsPerSecond / durable,
    },
    ratio,
    target: "ratio ≥ 0.6; submit→processed p99 < 50 ms at half of peak",
    met: ratio >= 0.6 && p99 < 50,
    notes:
      "The product writes the task row and its event, then queues it; the worker records processing and processed with their events.",
  };
}

/** Raw bcrypt: `compare` at the same cost, as many at once as the login flood sends. */
async function rawBcrypt(cost: number, seconds: number, concurrency: number): Promise<number> {
  const hash = await bcrypt.hash("a long benchmark passphrase", cost);
  let done = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        await bcrypt.compare("a long benchmark passphrase", hash);
        done += 1;
      }
    }),
  );
  return done / seconds;
}

export async function loginScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const seconds = Math.max(ctx.seconds * 2, 10);
  const before = cpuNow(ctx.cpu);
  const [flood, probe] = await Promise.all([
    load({
      url: `${ctx.api}/api/auth/login`,
      method: "POST",
      body: { username: ctx.username, password: ctx.password },
      connections: 8,
      seconds,
    }),
    // One health check at a time during the flood: its latency is the event loop's delay.
    load({ url: `${ctx.api}/api/health`, connections: 1, seconds }),
  ]);
  // Where the 2 cores went during the flood: bcrypt runs on the API's other threads (libuv's pool).
  const during = cpuSpent(before, cpuNow(ctx.cpu));
  const beforeRaw = cpuNow(ctx.cpu);
  const raw = await rawBcrypt(ctx.bcryptCost, seconds, 8);
  const rawCpu = cpuSpent(beforeRaw, cpuNow(ctx.cpu));
  const ratio = flood.requestsPerSecond / raw;
  return {
    id: "login",
    title: `POST /api/auth/login flood vs raw bcrypt.compare (cost ${ctx.bcryptCost}), with a health stream alongside`,
    product: {
      ...flood,
      healthP50Ms: probe.p50Ms,
      healthP99Ms: probe.p99Ms,
      healthErrors: probe.errors,
      floodSeconds: seconds,
      cpuApiHashingS: during.apiOtherThreads ?? 0,
      cpuApiJsS: during.apiMainThread ?? 0,
      cpuWorkerS: (during.workerMainThread ?? 0) + (during.workerOtherThreads ?? 0),
      cpuPostgresS: during.postgres ?? 0,
      cpuRedisS: during.redis ?? 0,
      cpuLoadGeneratorS: (during.benchMainThread ?? 0) + (during.benchOtherThreads ?? 0),
    },
    baseline: { requestsPerSecond: raw, cpuHashingS: rawCpu.benchOtherThreads ?? 0 },
    ratio,
    target: "ratio ≥ 0.9; health p99 < 50 ms during the flood",
    met: ratio >= 0.9 && probe.p99Ms < 50,
  };
}

/** A realistic database: a month of samples every 2 minutes for 10 metrics, 100,000 appointments. */
export async function seedRealisticData(
  db: pg.Client,
  userId: string,
): Promise<{ samples: number; appointments: number }> {
  await db.query(`
    insert into hospitals (code, name, city, state, type, phone, email, departments, total_beds, icu_beds, emergency_beds)
    select 'BENCH' || h, 'Bench Hospital ' || h, 'City ' || (h % 7), 'State', 'government', '+91 20 0000 0000',
           'h' || h || '@bench.example', array['Cardiology','Neurology','Pediatrics','General Medicine'], 500, 40, 30
    from generate_series(1, 50) h`);
  await db.query(
    `insert into appointments (hospital_id, department, patient_name, patient_email, patient_phone,
                               appointment_date, appointment_time, status, booked_by)
     select h.id,
            (array['Cardiology','Neurology','Pediatrics','General Medicine'])[((i / 50) % 4) + 1],
            'Patient ' || i, 'patient' || (i % 20000) || '@bench.example', '+91 98765 43210',
            current_date - 30 + ((i / 200) % 90),
            to_char(time '09:00' + ((i / 18000) * interval '30 minutes'), 'HH24:MI'),
            (array['scheduled','confirmed','completed','cancelled']::appointment_status[])[(i % 4) + 1],
            $1
     from generate_series(0, 99999) i
     join (select id, row_number() over (order by code) - 1 as n from hospitals where code like 'BENCH%') h on h.n = i % 50`,
    [userId],
  );
  await db.query(`
    insert into metric_samples (task_id, sector, metric, value, at)
    select '00000000-0000-4000-8000-000000000b00', m.sector, m.metric, 100 + random() * 50, now() - s * interval '2 minutes'
    from generate_series(0, 30 * 24 * 30 - 1) s
    cross join (values ('healthcare','occupiedBeds'), ('healthcare','availableBeds'), ('healthcare','activePatients'),
      ('agriculture','activeFarms'), ('agriculture','cropYield'), ('agriculture','waterUsage'),
      ('infrastructure','trafficFlow'), ('infrastructure','powerConsumption'), ('infrastructure','networkUptime'),
      ('healthcare','appointmentsToday')) as m(sector, metric)`);
  await db.query("analyze");
  const samples = Number((await db.query<{ n: string }>("select count(*) as n from metric_samples")).rows[0]?.n);
  const appointments = Number((await db.query<{ n: string }>("select count(*) as n from appointments")).rows[0]?.n);
  return { samples, appointments };
}

export async function metricsScenario(
  ctx: BenchContext,
  data: { samples: number; appointments: number },
): Promise<ScenarioResult> {
  const measured = await versusBare(
    ctx,
    { product: "/api/dashboard/metrics", bare: "/bare/metrics", headers: bearer(ctx.token) },
    50,
  );
  return {
    id: "metrics",
    title: `GET /api/dashboard/metrics on ${data.samples.toLocaleString("en")} samples and ${data.appointments.toLocaleString("en")} appointments, 50 clients`,
    ...measured,
    target: "p99 < 20 ms at 50 concurrent clients",
    met: measured.product.p99Ms < 20 && measured.product.errors === 0,
  };
}

const PREVIEW: Record<string, Record<string, unknown>> = {
  welcome: { fullName: "Ada Lovelace", username: "ada" },
  appointment_scheduled: {
    reference: "APT-1",
    patientName: "Ada",
    hospitalName: "City General",
    department: "Cardiology",
    date: "2026-12-03",
    time: "09:30",
  },
  appointment_status: {
    reference: "APT-1",
    patientName: "Ada",
    hospitalName: "City General",
    department: "Cardiology",
    date: "2026-12-03",
    time: "09:30",
    status: "confirmed",
  },
  appointment_reminder: {
    reference: "APT-1",
    patientName: "Ada",
    hospitalName: "City General",
    department: "Cardiology",
    date: "2026-12-03",
    time: "09:30",
  },
};

export async function emailScenario(): Promise<ScenarioResult> {
  const service = { url: "http://localhost:3000", supportEmail: "help@govconnect.local" };
  const renderMs: Record<string, number> = {};
  for (const name of TEMPLATE_NAMES) {
    await renderEmail(name, PREVIEW[name], service); // warm-up
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const started = performance.now();
      await renderEmail(name, PREVIEW[name], service);
      times.push(performance.now() - started);
    }
    renderMs[`render_${name}_p50Ms`] = quantile(times, 0.5);
  }

  const tls = selfSignedCertificate();
  const port = await freePort();
  let received = 0;
  const sink = new SMTPServer({
    ...tls,
    authOptional: true,
    onAuth: (_auth, _session, callback) => callback(null, { user: "bench" }),
    onData(stream, _session, callback) {
      stream.resume();
      stream.on("end", () => {
        received += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => sink.listen(port, "127.0.0.1", resolve));
  const count = 200;
  const concurrency = 8;
  const run = async (send: (i: number) => Promise<unknown>) => {
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) await send(next++);
      }),
    );
    return count / ((performance.now() - started) / 1000);
  };
  const config = parseConfig({ NODE_ENV: "test" });
  const mailer = createMailer(
    config.mail,
    createSmtpTransport({
      host: "localhost",
      port,
      startTls: true,
      tls: false,
      username: "bench",
      password: "bench",
      ca: tls.cert,
    }),
  );
  const productRate = await run((i) =>
    mailer.send({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      template: "appointment_status",
      props: PREVIEW.appointment_status,
      to: "patient@example.gov",
    }),
  );
  await mailer.close();
  // The same transport settings as the product's (a connection per message, STARTTLS, verified).
  const raw = nodemailer.createTransport({
    host: "localhost",
    port,
    secure: false,
    requireTLS: true,
    tls: { minVersion: "TLSv1.2", ca: tls.cert },
    auth: { user: "bench", pass: "bench" },
  });
  const rawRate = await run(() =>
    raw.sendMail({ from: "bench@example.gov", to: "patient@example.gov", subject: "hi", text: "hello" }),
  );
  raw.close();
  await new Promise<void>((resolve) => sink.close(() => resolve()));
  return {
    id: "email",
    title: "Email: React Email render time per template; render + SMTP (STARTTLS) sends/s vs raw nodemailer",
    product: { ...renderMs, sendsPerSecond: productRate, delivered: received },
    baseline: { sendsPerSecond: rawRate },
    ratio: productRate / rawRate,
    target: "reported (no target in the issue)",
    met: true,
  };
}
