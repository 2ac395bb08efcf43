import { randomUUID } from "node:crypto";
import type { HttpResponse } from "@govconnect/api/testing";
import { http, openEventStream, signInOverHttp, TEST_PASSWORD } from "@govconnect/api/testing";
import { eventually } from "@govconnect/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundRobinProxy } from "./proxy.ts";
import { startRoundRobinProxy } from "./proxy.ts";
import type { ProductProcess, Stack } from "./stack.ts";
import { countOf, inParallel, report, scaled, startStack } from "./stack.ts";

/** The limit: 100 requests per 60 s per signed-in user (per IP when anonymous). */
const LIMIT = 100;
/** Requests in each measured burst: well past the limit, and below twice it (what two per-process limits would allow). */
const BURST = 180;
/** Tasks submitted through the proxy (the 2,000 under RESILIENCE_FULL=1). */
const TASKS = scaled("tasks", 400, 2000);

interface Account {
  readonly id: string;
  readonly token: string;
}
interface StatusEvent {
  readonly taskId: string;
  readonly status: string;
  readonly at: string;
}
interface DashboardFigures {
  readonly alerts: { readonly critical: number };
}
type EventStream = Awaited<ReturnType<typeof openEventStream>>;

/** When each event of a stream arrived (Date.now()), by its index in `stream.events`. */
function arrivalClock(stream: EventStream) {
  const arrived: number[] = [];
  const timer = setInterval(() => {
    while (arrived.length < stream.events.length) arrived.push(Date.now());
  }, 2);
  return {
    at: (index: number) => arrived[index],
    stop: () => clearInterval(timer),
  };
}

const statusOf = (responses: readonly HttpResponse[]) => {
  const byStatus: Record<number, number> = {};
  for (const r of responses) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  return byStatus;
};

/** Per upstream (the proxy's X-Served-By), how many of `responses` had `status`. */
const servedWith = (responses: readonly HttpResponse[], status: number) => {
  const byUpstream = [0, 0];
  for (const r of responses) {
    const index = Number(r.headers["x-served-by"]);
    if (r.status === status) byUpstream[index] = (byUpstream[index] ?? 0) + 1;
  }
  return byUpstream;
};

const diff = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(Object.entries(after).map(([url, n]) => [url, n - (before[url] ?? 0)]));

/** `govconnect_jobs_processed_total{type="…"}` from a worker's `/metrics`. */
async function processedBy(worker: ProductProcess, type: string): Promise<number> {
  const text = await (await fetch(`${worker.url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  const line = text.split("\n").find((l) => l.startsWith(`govconnect_jobs_processed_total{type="${type}"}`));
  return Number(line?.split(" ").at(-1) ?? 0);
}

describe("scale-out: 2 APIs behind a round-robin proxy and 2 workers, on one Redis and one PostgreSQL", () => {
  let stack: Stack;
  let proxy: RoundRobinProxy;
  const figures: Record<string, unknown> = {};
  const started = Date.now();

  /** Registers an account through `base` (from source address `from`), gives it `role`, and signs it in. */
  const account = async (base: string, role: "user" | "admin", from: string): Promise<Account> => {
    const username = `s_${randomUUID().slice(0, 8)}`;
    const credentials = { username, password: TEST_PASSWORD };
    const register = await http(base, "POST", "/api/auth/register", {
      body: { ...credentials, fullName: "Scale Out", email: `${username}@example.gov` },
      from,
    });
    if (register.status !== 201) throw new Error(`registration failed: ${register.status} ${register.text}`);
    // Roles are never granted through the API; the session takes the role at sign-in.
    const row = await stack.db.query<{ id: string }>("update users set role = $1 where username = $2 returning id", [
      role,
      username,
    ]);
    // Admins set up two-step verification at their first sign-in; citizens sign in with the password.
    const { token } = await signInOverHttp({ url: base }, username, TEST_PASSWORD, { from });
    return { id: row.rows[0]?.id ?? "", token };
  };

  beforeAll(async () => {
    stack = await startStack({
      apis: 2,
      workers: 2,
      env: {
        RATE_LIMIT_POINTS: String(LIMIT),
        RATE_LIMIT_WINDOW_SECONDS: "60",
        // Only the proxy's own address: a client's X-Forwarded-For is never believed on its own.
        TRUST_PROXY: "127.0.0.1",
      },
    });
    proxy = await startRoundRobinProxy(stack.apis.map((api) => api.url));
  }, 180_000);
  afterAll(async () => {
    figures.durationSeconds = Math.round((Date.now() - started) / 1000);
    report("scale-out", figures);
    await proxy?.close();
    await stack?.stop();
  });

  it(`the rate limit is exact across instances: ${LIMIT} of ${BURST} allowed per user and per IP, the rest 429 + Retry-After`, async () => {
    // A fresh user: its sign-up and sign-in counted against the IP, so its own window is untouched.
    const user = await account(proxy.url, "user", "127.0.0.2");
    const before = proxy.counts();
    const userBurst = await inParallel(BURST, 12, () => http(proxy.url, "GET", "/api/auth/me", { token: user.token }));
    const userPerUpstream = diff(proxy.counts(), before);

    // Anonymous calls from one address, each claiming another with its own X-Forwarded-For: the
    // APIs trust only the proxy, so they all count against the one real address.
    const anonymousBurst = await inParallel(BURST, 12, (i) =>
      http(proxy.url, "GET", "/api/healthcare/hospitals", {
        from: "127.0.0.3",
        headers: { "x-forwarded-for": `203.0.113.${i % 250}` },
      }),
    );
    const otherAddress = await http(proxy.url, "GET", "/api/healthcare/hospitals", { from: "127.0.0.4" });

    const refusals = [...userBurst, ...anonymousBurst].filter((r) => r.status === 429);
    const badRetryAfter = refusals.filter((r) => {
      const seconds = Number(r.headers["retry-after"]);
      return !Number.isInteger(seconds) || seconds < 1 || seconds > 60;
    });
    figures.rateLimit = {
      limit: LIMIT,
      windowSeconds: 60,
      user: {
        sent: BURST,
        byStatus: statusOf(userBurst),
        perUpstream: Object.values(userPerUpstream),
        allowedPerUpstream: servedWith(userBurst, 200),
        refusedPerUpstream: servedWith(userBurst, 429),
      },
      anonymousIp: { sent: BURST, byStatus: statusOf(anonymousBurst) },
      refusalsWithoutRetryAfter: badRetryAfter.length,
    };

    expect(Object.values(userPerUpstream)).toEqual([BURST / 2, BURST / 2]);
    expect(statusOf(userBurst)).toEqual({ 200: LIMIT, 429: BURST - LIMIT });
    expect(statusOf(anonymousBurst)).toEqual({ 200: LIMIT, 429: BURST - LIMIT });
    // Both instances counted the same window: each let some through and refused some.
    expect([...servedWith(userBurst, 200), ...servedWith(userBurst, 429)].every((n) => n > 0)).toBe(true);
    expect(badRetryAfter).toEqual([]);
    expect(refusals.every((r) => r.headers["ratelimit-limit"] === String(LIMIT))).toBe(true);
    // Per address, not one window for everyone behind the proxy.
    expect(otherAddress.status).toBe(200);
  });

  it("subscriptions on one instance receive events produced on the other", async () => {
    const [first, second] = stack.apis;
    if (!first || !second) throw new Error("the stack has two APIs");
    const admin = await account(proxy.url, "admin", "127.0.0.5");
    const auth = { authorization: `Bearer ${admin.token}` };

    // tasks.onStatus on API #1; the task is submitted on API #2 and run by a worker.
    const tasks = await openEventStream(`${first.url}/trpc/tasks.onStatus`, auth);
    expect(tasks.status).toBe(200);
    const taskClock = arrivalClock(tasks);
    // And one through the proxy, which must stream (not buffer) the events to be of any use.
    const proxied = await openEventStream(`${proxy.url}/trpc/tasks.onStatus`, auth);
    await eventually("the task streams to connect", () =>
      [tasks, proxied].every((stream) => stream.events.some((e) => e.event === "connected")),
    );
    const submittedAt = Date.now();
    const submit = await http(second.url, "POST", "/api/tasks/submit", {
      token: admin.token,
      body: {
        taskType: "collect_metrics",
        data: { sector: "infrastructure", samples: [{ metric: "fanOut", value: 1 }] },
      },
    });
    expect(submit.status).toBe(202);
    const { taskId } = submit.body as { taskId: string };
    const ofTask = () =>
      tasks.events
        .map((event, index) => ({ event, index }))
        .filter(({ event }) => event.event === "message")
        .map(({ event, index }) => ({ data: JSON.parse(event.data) as StatusEvent, index }))
        .filter(({ data }) => data.taskId === taskId);
    await eventually("the processed event on API #1", () => ofTask().some(({ data }) => data.status === "processed"));
    await new Promise((r) => setTimeout(r, 10));
    taskClock.stop();
    const received = ofTask();
    // From the status change's commit (its stored time) to its arrival on the other instance.
    const latencyMs = Object.fromEntries(
      received.map(({ data, index }) => [data.status, (taskClock.at(index) ?? Number.NaN) - Date.parse(data.at)]),
    );
    const processedIndex = received.find(({ data }) => data.status === "processed")?.index ?? -1;
    const proxiedStatuses = () =>
      proxied
        .data<StatusEvent>()
        .filter((e) => e.taskId === taskId)
        .map((e) => e.status);
    await eventually("the processed event through the proxy", () => proxiedStatuses().includes("processed"));
    await Promise.all([tasks.close(), proxied.close()]);

    // dashboard.onMetrics on API #2 sees an alert created on API #1.
    const dashboard = await openEventStream(`${second.url}/trpc/dashboard.onMetrics`, auth);
    const dashboardClock = arrivalClock(dashboard);
    const initial = await eventually("the dashboard's first figures", () => dashboard.data<DashboardFigures>()[0]);
    const alert = await http(first.url, "POST", "/api/alerts", {
      token: admin.token,
      body: { type: "System", severity: "CRITICAL", message: `scale-out ${randomUUID()}` },
    });
    expect(alert.status).toBe(201);
    const createdAt = Date.now();
    await eventually("the new alert on API #2's dashboard stream", () =>
      dashboard.data<DashboardFigures>().some((f) => f.alerts.critical === initial.alerts.critical + 1),
    );
    await new Promise((r) => setTimeout(r, 10));
    dashboardClock.stop();
    const alertIndex = dashboard.events.findIndex(
      (e) =>
        e.event === "message" &&
        (JSON.parse(e.data) as DashboardFigures).alerts.critical === initial.alerts.critical + 1,
    );
    await dashboard.close();

    figures.subscriptions = {
      taskStatusLatencyMs: latencyMs,
      submitToProcessedOnOtherInstanceMs: (taskClock.at(processedIndex) ?? Number.NaN) - submittedAt,
      // Includes the feed's 250 ms coalescing of bursts.
      alertToOtherInstanceDashboardMs: (dashboardClock.at(alertIndex) ?? Number.NaN) - createdAt,
    };
    expect(received.map(({ data }) => data.status)).toEqual(["queued", "processing", "processed"]);
    expect(proxiedStatuses()).toEqual(["queued", "processing", "processed"]);
  });

  it("a sign-out on one instance ends the session on the other, and its live stream there", async () => {
    const [first, second] = stack.apis;
    if (!first || !second) throw new Error("the stack has two APIs");
    const user = await account(proxy.url, "user", "127.0.0.7");
    const stream = await openEventStream(`${first.url}/trpc/tasks.onStatus`, { authorization: `Bearer ${user.token}` });
    await eventually("the stream to connect", () => stream.events.some((e) => e.event === "connected"));
    let endedAt: number | undefined;
    void stream.ended.then(() => {
      endedAt = Date.now();
    });
    expect((await http(second.url, "GET", "/api/auth/verify", { token: user.token })).status).toBe(200);
    expect((await http(second.url, "POST", "/api/auth/logout", { token: user.token })).status).toBe(200);
    const loggedOutAt = Date.now();
    expect((await http(first.url, "GET", "/api/auth/verify", { token: user.token })).status).toBe(401);
    // Streams re-check their session every 10 s.
    await eventually("the stream on the other instance to end", () => endedAt !== undefined, 15_000);
    figures.signOut = { streamEndedOnOtherInstanceMs: (endedAt ?? Number.NaN) - loggedOutAt };
    await stream.close();
  });

  it(`${TASKS} tasks submitted through the proxy are each processed once in effect, by both workers`, async () => {
    // The bulk load has its own API pair with the limit raised: one admin submitting thousands of
    // tasks is not what the per-user limit is for, and the limited pair above has done its part.
    await Promise.all(stack.apis.map((api) => api.stop()));
    const bulk = await Promise.all([
      stack.startApi({ RATE_LIMIT_POINTS: "100000" }),
      stack.startApi({ RATE_LIMIT_POINTS: "100000" }),
    ]);
    const bulkProxy = await startRoundRobinProxy(bulk.map((api) => api.url));
    try {
      const admin = await account(bulkProxy.url, "admin", "127.0.0.6");
      const workersBefore = await Promise.all(stack.workers.map((w) => processedBy(w, "collect_metrics")));
      const countsBefore = bulkProxy.counts();
      const start = Date.now();
      const submitted = await inParallel(TASKS, 16, (i) =>
        http(bulkProxy.url, "POST", "/api/tasks/submit", {
          token: admin.token,
          body: {
            taskType: "collect_metrics",
            data: { sector: "infrastructure", samples: [{ metric: "scaleOutLoad", value: i }] },
            priority: (i % 10) + 1,
          },
        }),
      );
      const submitSeconds = (Date.now() - start) / 1000;
      expect(statusOf(submitted)).toEqual({ 202: TASKS });
      const ids = submitted.map((r) => (r.body as { taskId: string }).taskId);
      expect(new Set(ids).size).toBe(TASKS);

      const unfinished = () =>
        countOf(stack.db, "select count(*) as n from tasks where id = any($1) and status <> 'processed'", [ids]);
      await eventually("every task processed", async () => (await unfinished()) === 0, Math.max(90_000, TASKS * 100));
      const allSeconds = (Date.now() - start) / 1000;

      const samples = await countOf(stack.db, "select count(*) as n from metric_samples where task_id = any($1)", [
        ids,
      ]);
      const sampledTasks = await countOf(
        stack.db,
        "select count(distinct task_id) as n from metric_samples where task_id = any($1)",
        [ids],
      );
      const processedEvents = await countOf(
        stack.db,
        "select count(*) as n from task_events where task_id = any($1) and status = 'processed'",
        [ids],
      );
      const tasksWithOtherThanOneProcessed = await countOf(
        stack.db,
        `select count(*) as n from (select t.id from tasks t left join task_events e
           on e.task_id = t.id and e.status = 'processed' where t.id = any($1) group by t.id having count(e.id) <> 1) x`,
        [ids],
      );
      const processingEvents = await countOf(
        stack.db,
        "select count(*) as n from task_events where task_id = any($1) and status = 'processing'",
        [ids],
      );
      const workersAfter = await Promise.all(stack.workers.map((w) => processedBy(w, "collect_metrics")));
      const perWorker = workersAfter.map((n, i) => n - (workersBefore[i] ?? 0));

      figures.tasks = {
        submitted: TASKS,
        processed: TASKS - (await unfinished()),
        metricSamples: samples,
        processedEvents,
        processingEvents,
        perWorker,
        perUpstream: Object.values(diff(bulkProxy.counts(), countsBefore)),
        submitSeconds: Number(submitSeconds.toFixed(1)),
        submitToAllProcessedSeconds: Number(allSeconds.toFixed(1)),
        upstreamFailures: bulkProxy.failures(),
      };
      figures.requestsPerUpstream = {
        limitedPair: Object.values(proxy.counts()),
        bulkPair: Object.values(bulkProxy.counts()),
      };

      expect(samples).toBe(TASKS);
      expect(sampledTasks).toBe(TASKS);
      expect(processedEvents).toBe(TASKS);
      expect(tasksWithOtherThanOneProcessed).toBe(0);
      expect(perWorker.every((n) => n > 0)).toBe(true);
      expect(perWorker.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(TASKS);
      expect(bulkProxy.failures()).toBe(0);
    } finally {
      await bulkProxy.close();
    }
  });
});
