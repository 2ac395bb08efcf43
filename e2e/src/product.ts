import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@govconnect/testing";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export interface RunningProduct {
  readonly url: string;
  /** Everything the server has printed so far (stdout and stderr: its log lines). */
  output(): string;
  /** Waits until the server's output matches `pattern` (a log line written after start-up). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

/** Runs the built `pnpm db:seed` against a data directory, the demo accounts' password on stdin. */
async function seedDemoData(dataDir: string, redisUrl: string, password: string): Promise<void> {
  const child = spawn(process.execPath, ["apps/api/dist/cli/seed.js", "--password-stdin"], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? "",
      GOVCONNECT_DOTENV: "0",
      NODE_ENV: "development",
      DATA_DIR: dataDir,
      REDIS_URL: redisUrl,
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stdin?.end(`${password}\n`);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`db:seed exited with ${code}:\n${output}`);
}

/**
 * Starts the built product the way `npm start` does — `node apps/api/dist/main.js` on embedded
 * defaults (PGlite, workers in-process), serving the built dashboard — on a free port. With
 * `demoPassword`, the database is first filled by `pnpm db:seed` (demo accounts with that password);
 * without, it is a fresh install, and the server prints its setup code (see `waitForOutput`).
 * Emailed links point at the product (`PUBLIC_URL`), so a test can follow them.
 */
export async function startProduct(redisUrl: string, options: { demoPassword?: string } = {}): Promise<RunningProduct> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "govconnect-e2e-"));
  // The product serves its own copy of the built dashboard: a build started meanwhile (it empties
  // apps/dashboard/dist first) would otherwise leave a running test with a page whose files are gone.
  const dashboardDist = mkdtempSync(join(tmpdir(), "govconnect-e2e-dashboard-"));
  cpSync(join(repoRoot, "apps/dashboard/dist"), dashboardDist, { recursive: true });
  if (options.demoPassword) await seedDemoData(dataDir, redisUrl, options.demoPassword);
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["apps/api/dist/main.js"], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? "",
      GOVCONNECT_DOTENV: "0",
      NODE_ENV: "production",
      JWT_SECRET: "e2e-".repeat(12),
      HOST: "127.0.0.1",
      PORT: String(port),
      REDIS_URL: redisUrl,
      DATA_DIR: dataDir,
      DASHBOARD_DIST: dashboardDist,
      LOG_LEVEL: "warn",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      // Every e2e test signs in more often than a person would.
      RATE_LIMIT_POINTS: "5000",
      // Products of parallel tests share the run's Redis: each keeps to its own keys (queues,
      // sessions, rate limits, setup codes).
      QUEUE_PREFIX: `e2e${port}`,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the product exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(dashboardDist, { recursive: true, force: true });
      throw new Error(`the product did not answer within 60 s:\n${output}`);
    }
    const ok = await fetch(`${url}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    output: () => output,
    async waitForOutput(pattern, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(output);
        if (match) return match;
        if (child.exitCode !== null || Date.now() > until) {
          throw new Error(`the product's output never matched ${pattern}:\n${output}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(dashboardDist, { recursive: true, force: true });
    },
  };
}
