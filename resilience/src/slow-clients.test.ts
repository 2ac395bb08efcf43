import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import type { Socket } from "node:net";
import { connect } from "node:net";
import { http, openEventStream, TEST_PASSWORD } from "@govconnect/api/testing";
import { eventually } from "@govconnect/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Stack } from "./stack.ts";
import { report, scaled, startStack } from "./stack.ts";

/** Fastify's `connectionTimeout` in app.ts: a socket with no bytes for this long is closed as idle. */
const IDLE_TIMEOUT_MS = 10_000;

/** The attack: this many connections that never finish their request. */
const SLOW_CLIENTS = 200;
/** HTTP_REQUEST_TIMEOUT_MS: short in CI; the production default (30 s) in the full run. */
const REQUEST_TIMEOUT_MS = scaled("request_timeout_ms", 3_000, 30_000);
/** Node sweeps its connections every second at most (app.ts), and the machine is busy: the cut's slack. */
const CUT_MARGIN_MS = 1_500;
/**
 * Normal clients: this many health checks in flight at once, each on a new connection (a starved
 * server shows first in accepting them), one every few milliseconds per client, the whole time the
 * slow ones are open.
 */
const NORMAL_PARALLEL = 4;
const NORMAL_PAUSE_MS = 15;
const NORMAL_MAX_REQUESTS = 20_000;
/** A slow client sends a few bytes this often: never idle long enough for the idle timeout (10 s). */
const DRIP_EVERY_MS = 400;

interface SlowClient {
  readonly socket: Socket;
  readonly openedAt: number;
  /** When the server ended the connection (the first FIN or reset we saw). */
  cutAt?: number;
  /** What the server said before cutting (Node answers 408). */
  answer: string;
}

/** Opens a connection that sends a request line and then headers a few bytes at a time, never finishing. */
function slowloris(port: number): Promise<SlowClient> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    const drip = "X-Slow-Loris: still-typing\r\n";
    let offset = 0;
    let timer: NodeJS.Timeout | undefined;
    const client: SlowClient = { socket, openedAt: 0, answer: "" };
    const cut = () => {
      client.cutAt ??= Date.now();
      clearInterval(timer);
    };
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      client.answer += chunk;
    });
    socket.on("end", cut);
    socket.on("close", cut);
    socket.on("error", () => cut());
    socket.once("connect", () => {
      Object.assign(client, { openedAt: Date.now() });
      socket.write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris\r\n");
      timer = setInterval(() => {
        if (socket.destroyed) return;
        socket.write(drip.slice(offset, offset + 3));
        offset = (offset + 3) % drip.length;
      }, DRIP_EVERY_MS);
      resolve(client);
    });
    socket.once("error", reject);
  });
}

/** Connections the server holds on `port` (ESTABLISHED or CLOSE_WAIT server-side ends), from the kernel's table. */
function serverConnections(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  return readFileSync("/proc/net/tcp", "utf8")
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter(([, local, , state]) => local?.endsWith(`:${hexPort}`) && (state === "01" || state === "08")).length;
}

function healthCheck(agent: Agent, port: number): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/api/health", agent, timeout: 10_000 }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on("timeout", () => req.destroy(new Error("health check timed out")));
    req.on("error", reject);
    req.end();
  });
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

describe("scenario 9: slow clients", () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ workers: 0, env: { HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) } });
  });
  afterAll(() => stack?.stop());

  it(`${SLOW_CLIENTS} slowloris connections neither starve health checks nor outlive the request timeout`, async () => {
    const [api] = stack.apis;
    if (!api) throw new Error("the stack has no API");
    const port = Number(new URL(api.url).port);
    const agent = new Agent({ keepAlive: true, maxSockets: NORMAL_PARALLEL });
    const clients: SlowClient[] = [];
    try {
      for (let i = 0; i < 20; i++) await healthCheck(agent, port); // warm: JIT, pools, the health cache
      agent.destroy();
      // The harness's own start-up check may keep an idle keep-alive connection: that is the baseline.
      await eventually("the warm-up connections to close", async () => serverConnections(port) <= 1, 10_000);
      const baseline = serverConnections(port);

      const attackStarted = Date.now();
      clients.push(...(await Promise.all(Array.from({ length: SLOW_CLIENTS }, () => slowloris(port)))));
      const allOpenAt = Date.now();
      await eventually(
        `the server to hold all ${SLOW_CLIENTS} slow connections`,
        async () => serverConnections(port) >= baseline + SLOW_CLIENTS,
        5_000,
      );

      // Normal clients, while the slow ones are open (until the first is cut).
      const normal = new Agent({ keepAlive: false });
      const latencies: number[] = [];
      const statuses: number[] = [];
      const stillOpen = () => clients.every((client) => client.cutAt === undefined);
      await Promise.all(
        Array.from({ length: NORMAL_PARALLEL }, async () => {
          while (stillOpen() && latencies.length < NORMAL_MAX_REQUESTS) {
            const { status, ms } = await healthCheck(normal, port);
            latencies.push(ms);
            statuses.push(status);
            await new Promise((resolve) => setTimeout(resolve, NORMAL_PAUSE_MS));
          }
        }),
      );
      normal.destroy();

      await eventually(
        "the server to cut every slow connection",
        async () => clients.every((client) => client.cutAt !== undefined),
        REQUEST_TIMEOUT_MS + 10_000,
      );
      const lifetimes = clients
        .map((client) => (client.cutAt ?? Number.POSITIVE_INFINITY) - client.openedAt)
        .sort((a, b) => a - b);
      const sinceAttack = clients.map((client) => (client.cutAt ?? 0) - attackStarted).sort((a, b) => a - b);
      await eventually(
        "the server's connection count to return to normal",
        async () => serverConnections(port) <= baseline,
        5_000,
      );

      const sorted = [...latencies].sort((a, b) => a - b);
      const p50 = percentile(sorted, 50);
      const p99 = percentile(sorted, 99);
      const answered408 = clients.filter((client) => client.answer.startsWith("HTTP/1.1 408")).length;
      report("slow-clients", {
        slowClients: SLOW_CLIENTS,
        requestTimeoutMs: REQUEST_TIMEOUT_MS,
        openingMs: allOpenAt - attackStarted,
        healthRequests: latencies.length,
        healthP50Ms: Number(p50.toFixed(1)),
        healthP99Ms: Number(p99.toFixed(1)),
        healthMaxMs: Number((sorted.at(-1) ?? Number.NaN).toFixed(1)),
        cut: clients.filter((client) => client.cutAt !== undefined).length,
        answered408,
        cutAfterMsMin: lifetimes[0],
        cutAfterMsMedian: percentile(lifetimes, 50),
        cutAfterMsMax: lifetimes.at(-1),
        lastCutSinceAttackMs: sinceAttack.at(-1),
        connectionsBefore: baseline,
        connectionsAfter: serverConnections(port),
      });

      expect(statuses.filter((status) => status !== 200)).toEqual([]);
      expect(latencies.length).toBeGreaterThan(100);
      expect(p99).toBeLessThan(200);
      // Cut at the request timeout: not before it, and no later than one sweep of the server after it.
      expect(lifetimes[0]).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
      expect(lifetimes.at(-1)).toBeLessThanOrEqual(REQUEST_TIMEOUT_MS + CUT_MARGIN_MS);
      expect(api.alive()).toBe(true);
    } finally {
      agent.destroy();
      for (const client of clients) client.socket.destroy();
    }
  });

  it("a live stream that is quiet for longer than the idle timeout is not cut as idle", async () => {
    const [api] = stack.apis;
    if (!api) throw new Error("the stack has no API");
    const username = `quiet_${Date.now().toString(36)}`;
    const body = { username, password: TEST_PASSWORD, fullName: "Quiet Listener", email: `${username}@example.gov` };
    expect((await http(api.url, "POST", "/api/auth/register", { body })).status).toBe(201);
    const login = await http(api.url, "POST", "/api/auth/login", { body: { username, password: TEST_PASSWORD } });
    const { token } = login.body as { token: string };
    // No task of this user changes: nothing but the first notice (and pings, every 15 s) is sent.
    const stream = await openEventStream(`${api.url}/trpc/tasks.onStatus?input=${encodeURIComponent("{}")}`, {
      authorization: `Bearer ${token}`,
    });
    const opened = Date.now();
    let endedAfterMs: number | undefined;
    void stream.ended.then(() => {
      endedAfterMs = Date.now() - opened;
    });
    await new Promise((resolve) => setTimeout(resolve, IDLE_TIMEOUT_MS + 2_000));
    report("quiet-stream", { quietMs: Date.now() - opened, endedAfterMs: endedAfterMs ?? null });
    expect(stream.status).toBe(200);
    expect(endedAfterMs).toBeUndefined();
    await stream.close();
  });
});
