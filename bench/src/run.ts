// `pnpm bench`: the built product (API and worker processes) on real Redis and PostgreSQL, each
// scenario measured beside its baseline in the same run; writes BENCHMARKS.md and a JSON file.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { createDatabase, freePort, startPostgres, startRedis } from "@govconnect/testing/servers";
import pg from "pg";
import type { Process } from "./processes.ts";
import { repoRoot, startNode } from "./processes.ts";
import { writeReport } from "./report.ts";
import type { BenchContext, ScenarioResult } from "./scenarios.ts";
import {
  authenticatedQueryScenario,
  emailScenario,
  healthScenario,
  loginScenario,
  metricsScenario,
  seedRealisticData,
  taskSubmitScenario,
} from "./scenarios.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const BCRYPT_COST = Number(process.env.BENCH_BCRYPT_COST ?? 12);
// BENCH_PROFILE=dir writes a CPU profile of the API (node --cpu-prof) there, to find what costs.
const PROFILE_ARGS = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
// BENCH_ONLY=2,5 runs only those scenarios (by number).
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(",").map(Number)) : undefined;
const step = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

async function main(): Promise<void> {
  const started = Date.now();
  const processes: Process[] = [];
  const servers: Array<{ stop(): Promise<void> }> = [];
  const results: ScenarioResult[] = [];
  const failures: string[] = [];
  try {
    step("starting Redis and PostgreSQL");
    const redis = await startRedis();
    servers.push(redis);
    const postgres = await startPostgres();
    servers.push(postgres);
    const databaseUrl = await createDatabase(postgres.url, `bench_${Date.now()}`);

    const apiPort = await freePort();
    const env = {
      NODE_ENV: "production",
      JWT_SECRET: "bench-secret-".repeat(4),
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: "bench",
      LOG_LEVEL: "warn",
      BCRYPT_COST: String(BCRYPT_COST),
      // The limits would be the bottleneck otherwise; their cost is still paid on every call.
      RATE_LIMIT_POINTS: "100000",
      RATE_LIMIT_WINDOW_SECONDS: "1",
      METRICS_INTERVAL_SECONDS: "0",
    };
    step("starting the API and a worker process (built dist/)");
    processes.push(
      await startNode(
        "api",
        [...PROFILE_ARGS, "apps/api/dist/main.js"],
        { ...env, HOST: "127.0.0.1", PORT: String(apiPort), RUN_WORKER: "false" },
        `http://127.0.0.1:${apiPort}/health`,
      ),
    );
    const workerPort = await freePort();
    processes.push(
      await startNode(
        "worker",
        ["apps/worker/dist/main.js"],
        { ...env, HOST: "127.0.0.1", WORKER_HEALTH_PORT: String(workerPort), WORKER_CONCURRENCY: "8" },
        `http://127.0.0.1:${workerPort}/health`,
      ),
    );
    const api = `http://127.0.0.1:${apiPort}`;
    const [apiProcess, workerProcess] = processes;

    step("creating the benchmark account");
    const username = "bench_user";
    const password = "a long benchmark passphrase";
    const register = await fetch(`${api}/api/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password, fullName: "Bench User", email: "bench@example.gov" }),
    });
    if (register.status !== 201) throw new Error(`registration failed: ${register.status} ${await register.text()}`);
    const login = (await (
      await fetch(`${api}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password }),
      })
    ).json()) as { token: string };
    const me = (await (
      await fetch(`${api}/api/auth/me`, { headers: { authorization: `Bearer ${login.token}` } })
    ).json()) as { id: string };

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    step("filling the database: a month of samples and 100,000 appointments");
    const data = await seedRealisticData(db, me.id);

    const body = async (path: string) =>
      (await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${login.token}` } })).text();
    const baselinePort = await freePort();
    const securedPort = await freePort();
    processes.push(
      await startNode(
        "baseline",
        ["--import", "tsx", "bench/src/baseline-server.ts"],
        {
          PORT: String(baselinePort),
          SECURED_PORT: String(securedPort),
          JWT_SECRET: env.JWT_SECRET,
          REDIS_URL: redis.url,
          DATABASE_URL: databaseUrl,
          QUEUE_PREFIX: env.QUEUE_PREFIX,
          BASELINE_HEALTH_BODY: await body("/api/health"),
          BASELINE_ME_BODY: await body("/trpc/auth.me"),
          BASELINE_METRICS_BODY: await body("/api/dashboard/metrics"),
        },
        `http://127.0.0.1:${baselinePort}/api/health`,
      ),
    );
    const ctx: BenchContext = {
      api,
      baseline: `http://127.0.0.1:${baselinePort}`,
      securedBaseline: `http://127.0.0.1:${securedPort}`,
      redisUrl: redis.url,
      databaseUrl,
      seconds: SECONDS,
      token: login.token,
      userId: me.id,
      username,
      password,
      bcryptCost: BCRYPT_COST,
      cpu: {
        node: { api: apiProcess?.pid ?? 0, worker: workerProcess?.pid ?? 0, bench: process.pid },
        servers: { postgres: postgres.pid() ?? 0, redis: redis.pid() ?? 0 },
      },
    };

    const scenarios: Array<[string, () => Promise<ScenarioResult>]> = [
      ["1/6 health vs bare Fastify", () => healthScenario(ctx)],
      ["2/6 authenticated tRPC query vs bare route", () => authenticatedQueryScenario(ctx)],
      ["3/6 task submit and processing vs raw BullMQ", () => taskSubmitScenario(ctx, db)],
      ["4/6 login flood vs raw bcrypt", () => loginScenario(ctx)],
      ["5/6 dashboard metrics on a realistic database", () => metricsScenario(ctx, data)],
      ["6/6 email render and SMTP sends", () => emailScenario()],
    ];
    for (const [index, [name, scenario]] of scenarios.entries()) {
      if (ONLY && !ONLY.has(index + 1)) continue;
      step(`scenario ${name}`);
      try {
        const result = await scenario();
        results.push(result);
        step(
          `  ${result.met ? "target met" : "target MISSED"}${result.ratio !== undefined ? `, ratio ${result.ratio.toFixed(2)}` : ""}`,
        );
      } catch (error) {
        failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        step(`  FAILED: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    await db.end();
  } finally {
    for (const running of processes.reverse()) await running.stop().catch(() => undefined);
    for (const server of servers.reverse()) await server.stop().catch(() => undefined);
  }

  const commit = (() => {
    try {
      return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoRoot, encoding: "utf8" }).trim();
    } catch {
      return "unknown";
    }
  })();
  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  const report = {
    date: new Date().toISOString(),
    commit,
    machine,
    secondsPerRun: SECONDS,
    durationSeconds: Math.round((Date.now() - started) / 1000),
    results,
    failures,
  };
  const dir = join(repoRoot, "bench", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
  if (ONLY) {
    // A partial run must not replace the full table: its figures go to the JSON file only.
    step(`wrote bench/results/latest.json (BENCH_ONLY: BENCHMARKS.md left as it was) in ${report.durationSeconds} s`);
  } else {
    writeReport(join(repoRoot, "BENCHMARKS.md"), report);
    step(`wrote BENCHMARKS.md and bench/results/latest.json in ${report.durationSeconds} s`);
  }
  if (failures.length > 0) {
    console.error(`bench: ${failures.length} scenario(s) failed:\n${failures.join("\n")}`);
    process.exit(1);
  }
  // Load generators and clients may keep sockets alive; the run is over.
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
