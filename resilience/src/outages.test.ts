import { setTimeout as sleep } from "node:timers/promises";
import { signInOverHttp } from "@govconnect/api/testing";
import { eventually, freePort, runNodeScript, startRedis } from "@govconnect/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Stack } from "./stack.ts";
import { countOf, redisCommand, report, scaled, startStack } from "./stack.ts";

/** Longer than any answer may take: a request still open after this counts as hung. */
const REQUEST_TIMEOUT_MS = 5_000;
const CLIENTS = 4;
/** A pause between a client's requests, so the load leaves the 2-core machine room to recover. */
const THINK_MS = 20;
/** Bounds every load loop, whatever happens to the test. */
const MAX_REQUESTS_PER_CLIENT = 20_000;

interface Client {
  readonly userId: string;
  readonly token: string;
}

interface Sample {
  readonly what: "submit" | "metrics" | "task";
  readonly startedAt: number;
  readonly ms: number;
  /** The HTTP status, or 0 when no answer came (connection refused, reset, or hung past the timeout). */
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
}

async function request(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<Omit<Sample, "what">> {
  const startedAt = Date.now();
  try {
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: {
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text, and the checks below say so
    }
    return { startedAt, ms: Date.now() - startedAt, status: response.status, body, text };
  } catch (error) {
    return { startedAt, ms: Date.now() - startedAt, status: 0, body: undefined, text: String(error) };
  }
}

/**
 * A signed-in administrator: the load submits `alert_processing`, whose retry budget (5 attempts
 * from 1 s) is the short one the outages below must outlast. (It was `user_login`, which nobody
 * may submit any more: security review L7.)
 */
async function signIn(stack: Stack, baseUrl: string, n: number): Promise<Client> {
  const username = `outage_${n}_${Date.now().toString(36)}`;
  const password = "correct horse battery staple";
  const registered = await request(baseUrl, "POST", "/api/auth/register", {
    body: { username, password, fullName: `Outage Client ${n}`, email: `${username}@example.gov` },
  });
  if (registered.status !== 201) throw new Error(`registration failed: ${registered.text}`);
  await stack.db.query("update users set role = 'admin', email_verified_at = now() where username = $1", [username]);
  // Administrators set up two-step verification at their first sign-in.
  const { token } = await signInOverHttp({ url: baseUrl }, username);
  const me = await request(baseUrl, "GET", "/api/auth/me", { token });
  return { userId: (me.body as { id?: string }).id ?? "", token };
}

/**
 * A few signed-in clients, each in a loop: submit a task, read the dashboard metrics, read its
 * latest task — every request with a deadline, every answer recorded.
 */
function startLoad(stack: Stack, clients: readonly Client[]) {
  const samples: Sample[] = [];
  /** Every task the API accepted (202), with when its request started. */
  const accepted = new Map<string, number>();
  let running = true;
  const baseUrl = stack.apis[0]?.url ?? "";
  const loop = async (client: Client) => {
    let lastTaskId: string | undefined;
    for (let i = 0; running && i < MAX_REQUESTS_PER_CLIENT; i++) {
      const step = i % 3;
      if (step === 0) {
        const sample = await request(baseUrl, "POST", "/api/tasks/submit", {
          token: client.token,
          // Repeats of one client's report fold into one open alert: the load adds no rows but its tasks.
          body: {
            taskType: "alert_processing",
            data: { type: "System", severity: "LOW", message: `Outage load of client ${client.userId}` },
          },
        });
        samples.push({ what: "submit", ...sample });
        const taskId = (sample.body as { taskId?: string } | undefined)?.taskId;
        if (sample.status === 202 && taskId) {
          accepted.set(taskId, sample.startedAt);
          lastTaskId = taskId;
        }
      } else if (step === 1) {
        samples.push({ what: "metrics", ...(await request(baseUrl, "GET", "/api/dashboard/metrics", client)) });
      } else if (lastTaskId) {
        samples.push({ what: "task", ...(await request(baseUrl, "GET", `/api/tasks/${lastTaskId}`, client)) });
      }
      await sleep(THINK_MS);
    }
  };
  const loops = clients.map(loop);
  return {
    samples,
    accepted,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

type Load = ReturnType<typeof startLoad>;

const ok = (sample: Sample) => sample.status >= 200 && sample.status < 300;
/** A refusal a client can act on: a JSON `{error}` body naming the problem, never a bare 500. */
const clearError = (sample: Sample) =>
  sample.status >= 400 &&
  sample.status !== 500 &&
  typeof (sample.body as { error?: unknown } | undefined)?.error === "string";
/** What a server-side error body must never show. */
const INTERNALS = /\n\s+at |node_modules|\/work\/|\.ts:\d+|ECONNREFUSED|SELECT |select |relation "|Redis|redis/;

function byStatus(samples: readonly Sample[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const sample of samples) counts[sample.status] = (counts[sample.status] ?? 0) + 1;
  return counts;
}

const describeSample = (sample: Sample) =>
  `${sample.what} at ${new Date(sample.startedAt).toISOString()}: ${sample.status} in ${sample.ms} ms ${sample.text.slice(0, 200)}`;

/** The statuses of `ids` in the database. */
async function taskStatuses(stack: Stack, ids: readonly string[]): Promise<Record<string, number>> {
  const result = await stack.db.query<{ status: string; n: string }>(
    "select status, count(*) as n from tasks where id = any($1::uuid[]) group by status",
    [ids],
  );
  return Object.fromEntries(result.rows.map((row) => [row.status, Number(row.n)]));
}

/** How many tasks took 1, 2, … attempts. */
async function attemptCounts(stack: Stack, ids: readonly string[]): Promise<Record<string, number>> {
  const result = await stack.db.query<{ attempts: number; n: string }>(
    "select attempts, count(*) as n from tasks where id = any($1::uuid[]) group by attempts order by attempts",
    [ids],
  );
  return Object.fromEntries(result.rows.map((row) => [row.attempts, Number(row.n)]));
}

/** Waits until every accepted task is processed (or `timeoutMs` passes), and returns the statuses. */
async function drain(stack: Stack, ids: readonly string[], timeoutMs: number): Promise<Record<string, number>> {
  await eventually(
    `all ${ids.length} accepted tasks to be processed`,
    async () => ((await taskStatuses(stack, ids)).processed ?? 0) === ids.length,
    timeoutMs,
  ).catch(() => undefined);
  return taskStatuses(stack, ids);
}

interface Outage {
  /** When the server was told to go. */
  readonly downStartedAt: number;
  /** When the server had gone (its process exited). */
  readonly downAt: number;
  /** When it was started again (`up()` called). */
  readonly upStartedAt: number;
  /** When it answered again (`up()` resolved). */
  readonly upAt: number;
}

/** Takes a server down for `seconds` under the running load, then brings it back. */
async function outage(server: Stack["redis"], seconds: number): Promise<Outage> {
  const downStartedAt = Date.now();
  await server.down();
  const downAt = Date.now();
  await sleep(seconds * 1_000);
  const upStartedAt = Date.now();
  await server.up();
  return { downStartedAt, downAt, upStartedAt, upAt: Date.now() };
}

/** The requests started from the moment the server was told to go until it was started again. */
const startedDuringOutage = (load: Load, o: Outage) =>
  load.samples.filter((s) => s.startedAt >= o.downStartedAt && s.startedAt < o.upStartedAt);
/** Of those, the ones made entirely while the server was gone: they cannot have succeeded. */
const whollyDuringOutage = (samples: readonly Sample[], o: Outage) =>
  samples.filter((s) => s.startedAt >= o.downAt && s.startedAt + s.ms <= o.upStartedAt);

/** When the API answered a request with success again after the outage. */
async function apiRecoveredAt(load: Load, o: Outage): Promise<number> {
  return eventually(
    "the API to answer a request with success after the outage",
    () => load.samples.find((s) => s.startedAt >= o.upAt && ok(s))?.startedAt,
    30_000,
  );
}

describe("Redis and PostgreSQL outages under load", () => {
  let stack: Stack;
  let clients: Client[];
  const processesAlive = () => [...stack.apis, ...stack.workers].every((p) => p.alive());
  const processOutput = () =>
    [...stack.apis, ...stack.workers].map((p) => `${p.url}:\n${p.process.stderr().slice(-3_000)}`).join("\n");

  beforeAll(async () => {
    stack = await startStack();
    const url = stack.apis[0]?.url ?? "";
    clients = await Promise.all(Array.from({ length: CLIENTS }, (_, n) => signIn(stack, url, n)));
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it("scenario 3: Redis down 10 s and 60 s under load — 503 within 1 s, the worker resumes by itself, 0 lost", async () => {
    const load = startLoad(stack, clients);
    const figures: Record<string, unknown>[] = [];
    const problems: string[] = [];
    try {
      for (const seconds of [10, 60]) {
        await sleep(2_000);
        const o = await outage(stack.redis, seconds);
        const started = startedDuringOutage(load, o);
        const during = whollyDuringOutage(started, o);
        // Within 1 s, whatever the answer: also those in flight as Redis went or came back.
        const slow = started.filter((s) => s.ms >= 1_000);
        const not503 = during.filter((s) => s.status !== 503 || !clearError(s));
        problems.push(...[...slow, ...not503].slice(0, 5).map((s) => `Redis down ${seconds} s: ${describeSample(s)}`));

        const recovered = await apiRecoveredAt(load, o);
        // The worker has resumed when a task accepted after Redis came back has been processed.
        const probe = await eventually(
          "a task accepted after Redis came back",
          () => [...load.accepted].find(([, at]) => at >= o.upAt)?.[0],
          30_000,
        );
        const finishedAt = await eventually(
          "the worker to process a task submitted after Redis came back (30 s)",
          async () => {
            const result = await stack.db.query<{ finished_at: Date }>(
              "select finished_at from tasks where id = $1 and status = 'processed'",
              [probe],
            );
            return result.rows[0]?.finished_at.getTime();
          },
          Math.max(0, 30_000 - (Date.now() - o.upAt)),
        );
        figures.push({
          seconds,
          requestsDuringOutage: during.length,
          byStatusDuringOutage: byStatus(during),
          slowestDuringOutageMs: Math.max(0, ...started.map((s) => s.ms)),
          apiRecoveredMs: recovered - o.upAt,
          workerResumedMs: finishedAt - o.upAt,
        });
        expect(during.length, `requests during the ${seconds} s outage`).toBeGreaterThan(10);
        expect(finishedAt - o.upAt).toBeLessThanOrEqual(30_000);
      }
      await sleep(2_000);
    } finally {
      await load.stop();
    }
    const ids = [...load.accepted.keys()];
    const statuses = await drain(stack, ids, 60_000);
    const hung = load.samples.filter((s) => s.status === 0);
    const fiveHundreds = load.samples.filter((s) => s.status === 500);
    const leaky = load.samples.filter((s) => s.status >= 500 && INTERNALS.test(s.text));
    report("redis-outage", {
      outages: figures,
      requests: load.samples.length,
      byStatus: byStatus(load.samples),
      accepted: ids.length,
      tasksByStatus: statuses,
      lost: ids.length - (statuses.processed ?? 0),
      processesAlive: processesAlive(),
    });

    expect(problems, "every request during the outage is a 503 with an {error} body, within 1 s").toEqual([]);
    expect(hung.map(describeSample), "requests without an answer").toEqual([]);
    expect(fiveHundreds.map(describeSample), "500 answers").toEqual([]);
    expect(leaky.map(describeSample), "error bodies showing internals").toEqual([]);
    expect(processesAlive(), processOutput()).toBe(true);
    expect(statuses, "every accepted task processed").toEqual({ processed: ids.length });
  }, 240_000);

  it("scenario 3: API and worker refuse to start on a Redis whose maxmemory-policy is not noeviction", async () => {
    const lru = await startRedis();
    try {
      expect(await redisCommand(lru.url, "CONFIG", "SET", "maxmemory-policy", "allkeys-lru")).toBe("OK");
      const env = { ...stack.env, REDIS_URL: lru.url };
      const [api, worker] = await Promise.all([
        runNodeScript("apps/api/src/main.ts", [], { env: { ...env, PORT: String(await freePort()) } }).finished,
        runNodeScript("apps/worker/src/main.ts", [], {
          env: { ...env, WORKER_HEALTH_PORT: String(await freePort()) },
        }).finished,
      ]);
      const lines = (text: string) => text.split("\n").filter((line) => line.trim() !== "");
      report("redis-eviction-policy", {
        api: { code: api.code, stderr: lines(api.stderr) },
        worker: { code: worker.code, stderr: lines(worker.stderr) },
      });
      for (const run of [api, worker]) {
        expect(run.code).not.toBe(0);
        expect(run.code).not.toBeNull();
        expect(lines(run.stderr)).toHaveLength(1);
        expect(run.stderr).toMatch(/maxmemory-policy allkeys-lru/);
        expect(run.stderr).toMatch(/maxmemory-policy noeviction/);
      }
    } finally {
      await lru.stop();
    }
    // Two processes start from TypeScript source (each compiles on the way) beside the rest of the
    // suite: on a busy 2-core machine that alone took a minute once. A safety limit, not a target.
  }, 180_000);

  it("scenario 4: PostgreSQL restarted under load — no process exits, errors only during the outage, 0 lost", async () => {
    const load = startLoad(stack, clients);
    let o: Outage;
    let recovered: number;
    const startedAt = Date.now();
    try {
      await sleep(3_000);
      // Longer than a task type's whole retry budget (alert_processing: 5 attempts, ~7.5-15 s of backoff),
      // so a worker that spends attempts on the database's absence would fail or strand tasks.
      o = await outage(stack.postgres, scaled("postgres_outage_seconds", 15, 30));
      recovered = await apiRecoveredAt(load, o);
      await sleep(5_000);
    } finally {
      await load.stop();
    }
    const ids = [...load.accepted.keys()];
    const statuses = await drain(stack, ids, 60_000);
    const errors = load.samples.filter((s) => !ok(s));
    // Errors are allowed from the shutdown (requests in flight then fail) to the API's first
    // success after the restart.
    const outsideOutage = errors.filter((s) => s.startedAt + s.ms < o.downStartedAt || s.startedAt >= recovered);
    const unclear = errors.filter((s) => !clearError(s) || INTERNALS.test(s.text));
    const afterRecovery = load.samples.filter((s) => s.startedAt >= recovered);
    report("postgres-restart", {
      requests: load.samples.length,
      byStatus: byStatus(load.samples),
      errorsByStatus: byStatus(errors),
      slowestDuringOutageMs: Math.max(0, ...startedDuringOutage(load, o).map((s) => s.ms)),
      outageMs: o.upAt - o.downAt,
      apiRecoveredMs: recovered - o.upAt,
      requestsAfterRecovery: afterRecovery.length,
      accepted: ids.length,
      tasksByStatus: statuses,
      lost: ids.length - (statuses.processed ?? 0),
      attemptsByTask: await attemptCounts(stack, ids),
      processesAlive: processesAlive(),
      durationMs: Date.now() - startedAt,
    });

    expect(processesAlive(), processOutput()).toBe(true);
    expect(unclear.slice(0, 10).map(describeSample), "errors that are not a clear JSON {error}").toEqual([]);
    expect(outsideOutage.slice(0, 10).map(describeSample), "errors outside the outage").toEqual([]);
    expect(afterRecovery.length).toBeGreaterThan(10);
    expect(statuses, "every accepted task processed").toEqual({ processed: ids.length });
    expect(await countOf(stack.db, "select count(*) as n from tasks where status in ('queued', 'processing')")).toBe(0);
  }, 180_000);
});
