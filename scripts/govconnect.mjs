#!/usr/bin/env node
// The two commands of the README. `npm start` and `npm test` run this before pnpm exists, so it
// uses nothing but Node's standard library.
//
//   node scripts/govconnect.mjs start   install what is missing, build, start the whole product
//   node scripts/govconnect.mjs test    install what is missing, run every test suite
//   node scripts/govconnect.mjs env     install Node.js and pnpm if missing, print the PATH line
//                                       that puts them first: eval "$(node scripts/govconnect.mjs env)"
//
// "What is missing" on a fresh Debian machine with Node 20: Node.js 24 and pnpm (from the npm
// registry, into the git-ignored .toolchain/, see toolchain.mjs), and from apt Redis (start), or
// Redis, PostgreSQL and Chromium (test: the suites start their own servers). Everything after the
// first step runs on that Node.js: pnpm, turbo, the builds, the suites and the product.

import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Socket } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureLocalRedis, isManagedRedisUrl, LocalRedisError } from "./local-redis.mjs";
import { compareVersions, createToolchain, MINIMUM_NODE } from "./toolchain.mjs";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const pnpmVersion = manifest.packageManager.replace(/^pnpm@/, "");
const started = Date.now();
const toolchain = createToolchain(root, (line) => log(line));
/** The environment of every command from the first step on: the toolchain first on PATH. */
let commandEnv = process.env;

// ---------------------------------------------------------------------------------------------
// Output: one line per step, so a long first run shows where it is.

let stepNumber = 0;
let stepCount = 0;

/** Where progress goes: stdout, but stderr for `env`, whose stdout is for the shell to evaluate. */
let progressStream = process.stdout;

function log(message) {
  progressStream.write(`${message}\n`);
}

function fail(message) {
  process.stderr.write(`\n✗ ${message}\n`);
  process.exit(1);
}

async function step(title, action) {
  stepNumber += 1;
  const t0 = Date.now();
  log(`▸ [${stepNumber}/${stepCount}] ${title}`);
  const detail = await action();
  log(`  ✓ ${detail ?? "done"} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

/** Runs a command with inherited output; a failure ends the script with the command named. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: root, env: commandEnv, ...options });
  if (result.error) fail(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) fail(`\`${[command, ...args].join(" ")}\` failed (exit ${result.status}).`);
}

function commandExists(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

// ---------------------------------------------------------------------------------------------
// Prerequisites

/** The Node.js everything runs on: the system's if it is new enough, else one in .toolchain/. */
let runtime;

function ensureNode() {
  if (compareVersions(process.versions.node, "20.12.0") < 0) {
    fail(
      `This script needs Node.js 20.12 or newer to start (it then brings Node.js 24 itself when the system's is older than ${MINIMUM_NODE}); this is ${process.versions.node}.`,
    );
  }
  try {
    runtime = toolchain.ensureNode();
  } catch (error) {
    fail(`Could not install Node.js from the npm registry: ${error.message}`);
  }
  commandEnv = toolchain.env();
  return runtime.detail;
}

function ensurePnpm() {
  try {
    return toolchain.ensurePnpm(pnpmVersion);
  } catch (error) {
    fail(`Could not install pnpm ${pnpmVersion} from the npm registry: ${error.message}`);
  }
}

function postgresInstalled() {
  if (process.env.PG_BIN && existsSync(join(process.env.PG_BIN, "initdb"))) return true;
  const dir = "/usr/lib/postgresql";
  return existsSync(dir) && readdirSync(dir).some((version) => existsSync(join(dir, version, "bin", "initdb")));
}

const SYSTEM_PACKAGES = {
  "redis-server": () => commandExists("redis-server") || existsSync("/usr/bin/redis-server"),
  postgresql: postgresInstalled,
  chromium: () => Boolean(process.env.CHROMIUM_PATH) || existsSync("/usr/bin/chromium"),
  // The SMTP tests and the benchmark make a TLS certificate for their local mail server.
  openssl: () => commandExists("openssl"),
};

/** Installs the Debian packages that are missing, with apt-get (as root, or through sudo). */
function ensureSystemPackages(names) {
  const missing = names.filter((name) => !SYSTEM_PACKAGES[name]());
  if (missing.length === 0) return `${names.join(", ")}: present`;
  if (!commandExists("apt-get")) {
    fail(`Missing ${missing.join(", ")}, and there is no apt-get here: install them with your package manager.`);
  }
  const asRoot = process.getuid?.() === 0;
  if (!asRoot && !commandExists("sudo")) {
    fail(
      `Missing ${missing.join(", ")}: run \`apt-get install ${missing.join(" ")}\` as root, then run this command again.`,
    );
  }
  // sudo resets the environment, so DEBIAN_FRONTEND goes on its command line; -n when nobody can
  // answer a password prompt.
  const sudo = process.stdin.isTTY ? ["sudo"] : ["sudo", "-n"];
  const apt = (args) =>
    asRoot
      ? run("apt-get", args, { env: { ...commandEnv, DEBIAN_FRONTEND: "noninteractive" } })
      : run(sudo[0], [...sudo.slice(1), "DEBIAN_FRONTEND=noninteractive", "apt-get", ...args]);
  log(`  installing ${missing.join(", ")} with apt-get`);
  apt(["update", "-qq"]);
  apt(["install", "-y", "-qq", "--no-install-recommends", ...missing]);
  return `${missing.join(", ")} installed`;
}

function installDependencies() {
  run("pnpm", ["install", "--frozen-lockfile", "--prefer-offline"]);
  return "workspace dependencies installed";
}

// ---------------------------------------------------------------------------------------------
// Redis for `start`: use the configured one, or run a local one for as long as the product runs.

function canConnect(host, port) {
  return new Promise((done) => {
    const socket = new Socket();
    socket.setTimeout(1_000);
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      done(false);
    });
    socket.once("error", () => done(false));
    socket.connect(port, host);
  });
}

/**
 * The Redis the product runs on. A REDIS_URL with credentials or another host is the user's own:
 * used exactly as written. Otherwise (the default, local and without a password) `npm start` runs
 * its own Redis, with a password generated once and kept in .data/redis/password (see
 * local-redis.mjs), and hands the API a REDIS_URL that carries it.
 */
async function ensureRedis(redisUrl) {
  const url = new URL(redisUrl);
  const host = url.hostname || "127.0.0.1";
  const port = Number(url.port || 6379);
  if (!isManagedRedisUrl(redisUrl)) {
    if (await canConnect(host, port)) return { url: redisUrl, detail: `using Redis at ${host}:${port}` };
    fail(`Redis at ${host}:${port} (REDIS_URL) is not reachable. Start it, or unset REDIS_URL to run a local one.`);
  }
  const dir = join(resolve(root, process.env.DATA_DIR || ".data"), "redis");
  try {
    const redis = await ensureLocalRedis({ redisUrl, dir, install: () => ensureSystemPackages(["redis-server"]) });
    if (redis.warning) log(`  ! ${redis.warning}`);
    return redis;
  } catch (error) {
    if (error instanceof LocalRedisError) fail(error.message);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Commands

async function start() {
  stepCount = 5;
  if (existsSync(join(root, ".env"))) process.loadEnvFile(join(root, ".env"));
  const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
  const port = process.env.PORT || "3000";

  await step("Checking Node.js", ensureNode);
  await step("Checking pnpm", ensurePnpm);
  await step("Installing dependencies", installDependencies);
  await step("Building packages, API, worker and dashboard", () => {
    run("pnpm", ["exec", "turbo", "run", "build", "--output-logs=errors-only"]);
    return "built";
  });
  let redis;
  await step("Checking Redis", async () => {
    redis = await ensureRedis(redisUrl);
    return redis.detail;
  });

  const embedded = !process.env.DATABASE_URL;
  log(
    `\nGovConnect is starting on http://localhost:${port} — API, ${embedded ? "workers and dashboard in one process, database embedded in .data/pglite" : "workers and dashboard, database from DATABASE_URL"}.` +
      `\nHealth: curl http://localhost:${port}/api/health    Stop: Ctrl+C\n`,
  );
  // Its own process group: a terminal's Ctrl+C reaches this script (and npm) but not the API, so
  // the API gets exactly one signal — ours — and shuts down gracefully instead of "second signal".
  const api = spawn(runtime.node, [join(root, "apps/api/dist/main.js")], {
    cwd: root,
    stdio: "inherit",
    detached: true,
    // With npm start's own Redis, this URL carries its password: in the API's environment, not on a command line.
    env: { ...commandEnv, REDIS_URL: redis.url },
  });
  let forwarded = false;
  const forward = (signal) => {
    if (forwarded) return;
    forwarded = true;
    api.kill(signal === "SIGHUP" ? "SIGTERM" : signal);
  };
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  process.on("SIGHUP", forward);
  api.once("exit", (code, signal) => {
    redis?.child?.kill("SIGTERM");
    process.exit(code ?? (signal ? 128 : 1));
  });
}

/** Adds up the JSON reports that each Vitest run wrote, for one closing line. */
function summarize(reportDir) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  if (!existsSync(reportDir)) return totals;
  for (const file of readdirSync(reportDir).filter((f) => f.endsWith(".json"))) {
    const report = JSON.parse(readFileSync(join(reportDir, file), "utf8"));
    totals.passed += report.numPassedTests ?? 0;
    totals.failed += report.numFailedTests ?? 0;
    // A file that failed to load, or whose beforeAll threw, fails without a failed test: count it.
    for (const file of report.testResults ?? []) {
      const failedTests = (file.assertionResults ?? []).filter((t) => t.status === "failed").length;
      if (file.status === "failed" && failedTests === 0) totals.failed += 1;
    }
    totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
  return totals;
}

async function test() {
  stepCount = 5;
  await step("Checking Node.js", ensureNode);
  await step("Checking pnpm", ensurePnpm);
  await step("Checking test servers and tools (Redis, PostgreSQL, Chromium, OpenSSL)", () =>
    ensureSystemPackages(["redis-server", "postgresql", "chromium", "openssl"]),
  );
  await step("Installing dependencies", installDependencies);

  const reportDir = join(root, "node_modules", ".cache", "govconnect-test-reports");
  rmSync(reportDir, { recursive: true, force: true });
  mkdirSync(reportDir, { recursive: true });
  stepNumber += 1;
  log(
    `▸ [${stepNumber}/${stepCount}] Running every suite: unit and integration on PGlite, again on PostgreSQL, and end to end in Chromium`,
  );
  const suites = spawnSync(
    "pnpm",
    ["exec", "turbo", "run", "test", "test:postgres", "--concurrency=3", "--output-logs=full"],
    { stdio: "inherit", cwd: root, env: { ...commandEnv, GOVCONNECT_TEST_REPORT_DIR: reportDir } },
  );
  const totals = summarize(reportDir);
  const line = `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
  writeFileSync(join(reportDir, "summary.txt"), `${line}\n`);
  log(`\nAll suites took ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  log(`Tests: ${line}`);
  process.exit(suites.status === 0 && totals.failed === 0 && totals.passed > 0 ? 0 : 1);
}

/**
 * For a shell: installs Node.js and pnpm if they are missing (progress on stderr) and prints the
 * line that puts them first on PATH, so `pnpm dev`, `pnpm bench`… run on the same Node.js.
 */
async function env() {
  progressStream = process.stderr;
  const node = ensureNode();
  const pnpm = ensurePnpm();
  log(`${node}; ${pnpm}`);
  const quoted = `'${toolchain.bin.replaceAll("'", "'\\''")}'`;
  process.stdout.write(`export PATH=${quoted}:"$PATH"\n`);
}

const commands = { start, test, env };
const command = commands[process.argv[2]];
if (!command) fail(`usage: node scripts/govconnect.mjs <${Object.keys(commands).join("|")}>`);
await command();
