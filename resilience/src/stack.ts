import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FakeResend, RunningProcess, RunningServer } from "@govconnect/testing";
import {
  createDatabase,
  eventually,
  freePort,
  REPO_ROOT,
  runNodeScript,
  startFakeResend,
  startPostgres,
  startRedis,
} from "@govconnect/testing";
import { Redis } from "ioredis";
import pg from "pg";

/**
 * The product as production runs it, for fault scenarios: API and worker processes of their own
 * (the apps' real entry points), on a Redis with the append-only file and `noeviction`, a
 * PostgreSQL server, and a local stand-in for Resend — each of which a test may kill, stop or
 * restart. Everything binds to 127.0.0.1 on free ports and is removed by {@link Stack.stop}.
 */
export interface Stack {
  readonly redis: RunningServer;
  readonly postgres: RunningServer;
  /** The product's database on {@link postgres}. */
  readonly databaseUrl: string;
  /** A pool on the product's database, for arranging and checking rows. */
  readonly db: pg.Pool;
  readonly resend: FakeResend;
  readonly prefix: string;
  /** The environment every API and worker process of the stack gets (for spawning one by hand). */
  readonly env: Readonly<Record<string, string>>;
  readonly apis: ProductProcess[];
  readonly workers: ProductProcess[];
  /** Starts one more API process and waits until it answers `/health`. */
  startApi(env?: Record<string, string>): Promise<ProductProcess>;
  /** Starts one more worker process and waits until its `/health/ready` answers 200. */
  startWorker(env?: Record<string, string>): Promise<ProductProcess>;
  /** Stops every process and server, and removes their data. */
  stop(): Promise<void>;
}

export interface ProductProcess {
  /** `http://127.0.0.1:<port>`: the API's address, or the worker's health server. */
  readonly url: string;
  readonly process: RunningProcess;
  /** True until the process has exited. */
  alive(): boolean;
  /** SIGKILL: the process dies at once, mid-whatever, as in a crash or an OOM kill. */
  kill(): Promise<void>;
  /** SIGTERM, and waits for the graceful exit. */
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Variables for every API and worker process (after the stack's own). */
  readonly env?: Record<string, string>;
  readonly apis?: number;
  readonly workers?: number;
}

/** What every process of the stack shares, production-like, with cheap hashing for speed. */
function baseEnv(stack: { databaseUrl: string; redisUrl: string; resendUrl: string; prefix: string }) {
  return {
    NODE_ENV: "test",
    LOG_LEVEL: "warn",
    HOST: "127.0.0.1",
    DATABASE_URL: stack.databaseUrl,
    REDIS_URL: stack.redisUrl,
    QUEUE_PREFIX: stack.prefix,
    JWT_SECRET: "resilience-suite-secret-".repeat(2),
    BCRYPT_COST: "4",
    RUN_WORKER: "false",
    MAIL_TRANSPORT: "resend",
    RESEND_API_KEY: "re_resilience",
    RESEND_BASE_URL: stack.resendUrl,
    WORKER_LOCK_SECONDS: "3",
    METRICS_INTERVAL_SECONDS: "0",
    // The scenarios drive more traffic than one person would; the rate-limit scenario sets its own.
    RATE_LIMIT_POINTS: "100000",
  };
}

const answers = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
    (response) => response.ok,
    () => false,
  );

function productProcess(url: string, running: RunningProcess): ProductProcess {
  const alive = () => running.child.exitCode === null && running.child.signalCode === null;
  return {
    url,
    process: running,
    alive,
    async kill() {
      await running.stop("SIGKILL");
    },
    async stop() {
      await running.stop("SIGTERM");
    },
  };
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const started: Array<{ stop(): Promise<void> }> = [];
  const apis: ProductProcess[] = [];
  const workers: ProductProcess[] = [];
  try {
    const redis = await startRedis({ persistent: true });
    started.push(redis);
    const postgres = await startPostgres();
    started.push(postgres);
    const databaseUrl = await createDatabase(postgres.url, `resilience_${randomUUID().slice(0, 8)}`);
    const db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
    // The pool's idle clients see PostgreSQL restarts as errors; the next query reconnects.
    db.on("error", () => undefined);
    started.push({ stop: () => db.end() });
    const resend = await startFakeResend();
    started.push(resend);
    const prefix = `res${Date.now().toString(36)}`;
    const shared = { ...baseEnv({ databaseUrl, redisUrl: redis.url, resendUrl: resend.url, prefix }), ...options.env };

    const startApi = async (env: Record<string, string> = {}) => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const running = runNodeScript("apps/api/src/main.ts", [], { env: { ...shared, PORT: String(port), ...env } });
      const api = productProcess(url, running);
      apis.push(api);
      await waitUntilUp("API", api, `${url}/health`);
      return api;
    };
    const startWorker = async (env: Record<string, string> = {}) => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const running = runNodeScript("apps/worker/src/main.ts", [], {
        env: { ...shared, WORKER_HEALTH_PORT: String(port), WORKER_CONCURRENCY: "8", ...env },
      });
      const worker = productProcess(url, running);
      workers.push(worker);
      await waitUntilUp("worker", worker, `${url}/health/ready`);
      return worker;
    };
    // API first: it runs the migrations (workers would wait on the advisory lock all the same).
    for (let i = 0; i < (options.apis ?? 1); i++) await startApi();
    for (let i = 0; i < (options.workers ?? 1); i++) await startWorker();

    return {
      redis,
      postgres,
      databaseUrl,
      db,
      resend,
      prefix,
      env: shared,
      apis,
      workers,
      startApi,
      startWorker,
      async stop() {
        await Promise.all([...apis, ...workers].map((p) => p.kill()));
        for (const server of started.reverse()) await server.stop().catch(() => undefined);
      },
    };
  } catch (error) {
    await Promise.all([...apis, ...workers].map((p) => p.kill()));
    for (const server of started.reverse()) await server.stop().catch(() => undefined);
    throw error;
  }
}

async function waitUntilUp(what: string, product: ProductProcess, url: string): Promise<void> {
  await eventually(
    `the ${what} process to answer ${url}`,
    async () => {
      if (!product.alive()) {
        throw new Error(`the ${what} process exited:\n${product.process.stdout()}\n${product.process.stderr()}`);
      }
      return answers(url);
    },
    60_000,
  );
}

/** Counts rows of `sql` (a `select count(*)` query) on the stack's database. */
export async function countOf(db: pg.Pool, sql: string, params: unknown[] = []): Promise<number> {
  const result = await db.query<{ n: string | number }>(sql, params);
  return Number(result.rows[0]?.n ?? 0);
}

/** `pnpm test:resilience:full` sets this: the full counts instead of CI's scaled-down ones. */
export const FULL_COUNTS = process.env.RESILIENCE_FULL === "1";

/**
 * A scenario's count: `ci` in CI and `pnpm test:resilience`, `full` under `RESILIENCE_FULL=1`;
 * `RESILIENCE_<NAME>` overrides either (e.g. `RESILIENCE_TASKS=300`).
 */
export function scaled(name: string, ci: number, full: number): number {
  const override = process.env[`RESILIENCE_${name.toUpperCase()}`];
  if (override !== undefined && Number.isFinite(Number(override))) return Number(override);
  return FULL_COUNTS ? full : ci;
}

/**
 * Prints a scenario's figures as one line (`resilience: <scenario> {json}`), so every run shows
 * them, and keeps them in `resilience/results/<scenario>.json` for docs/operations.md.
 */
export function report(scenario: string, figures: Record<string, unknown>): void {
  const line = { scenario, fullCounts: FULL_COUNTS, at: new Date().toISOString(), ...figures };
  console.info(`resilience: ${scenario} ${JSON.stringify(figures)}`);
  const dir = join(REPO_ROOT, "resilience", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${scenario}.json`), `${JSON.stringify(line, null, 2)}\n`);
}

/**
 * One Redis command on a connection of its own (CONFIG SET, CLIENT PAUSE…): its reply, as
 * ioredis gives it. A command the product's processes must not see coming from one of theirs.
 */
export async function redisCommand(url: string, command: string, ...args: string[]): Promise<unknown> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    return await redis.call(command, ...args);
  } finally {
    redis.disconnect();
  }
}

/** Runs `count` calls of `call`, at most `concurrency` at a time, and returns their results in order. */
export async function inParallel<T>(
  count: number,
  concurrency: number,
  call: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await call(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return results;
}
