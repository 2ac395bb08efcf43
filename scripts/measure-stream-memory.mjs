// What an open live stream (SSE: tasks.onStatus, dashboard.onMetrics) costs the API process, and
// how often the open streams make it ask Redis whether their sessions still exist (security
// review M4). It starts its own redis-server and an API from a source tree (with an embedded
// database in a throwaway directory), signs up a few accounts, opens the streams from several
// loopback addresses, and reads the API's memory after a full GC (through the inspector).
//
//   node scripts/measure-stream-memory.mjs                       # this tree, 200 streams, 20 accounts
//   node scripts/measure-stream-memory.mjs --root /tmp/old-tree  # another checkout (e.g. before a change)
//   node scripts/measure-stream-memory.mjs --streams 400 --accounts 40
//
// Run it on Node 24 (eval "$(node scripts/govconnect.mjs env)"), with `pnpm install` done in the
// tree measured, and redis-server installed. Streams are spread over 127.0.0.10-13 and accounts,
// so the default limits (10 per account, 100 per address) admit 200 streams from 20 accounts.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    root: { type: "string", default: resolve(fileURLToPath(new URL("..", import.meta.url))) },
    streams: { type: "string", default: "200" },
    accounts: { type: "string", default: "20" },
    /** How long the streams stay open before the reading: past a session check and a ping. */
    "hold-seconds": { type: "string", default: "20" },
  },
});
const root = resolve(args.root);
const STREAMS = Number(args.streams);
const ACCOUNTS = Number(args.accounts);
const HOLD_MS = Number(args["hold-seconds"]) * 1000;
const ADDRESSES = ["127.0.0.10", "127.0.0.11", "127.0.0.12", "127.0.0.13"];
const PASSWORD = "correct horse battery staple";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const freePort = () =>
  new Promise((ok, fail) => {
    const server = createServer();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });

const children = [];
const dataDir = mkdtempSync(join(tmpdir(), "govconnect-stream-memory-"));
const cleanUp = () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
};
process.on("exit", cleanUp);

// --- Redis of its own, as production requires it (noeviction), in memory only ---------------------
const redisPort = await freePort();
const redis = spawn(
  "redis-server",
  [
    "--port",
    String(redisPort),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
    "--maxmemory-policy",
    "noeviction",
  ],
  { stdio: "ignore" },
);
children.push(redis);
const redisCli = (...command) =>
  spawnSync("redis-cli", ["-p", String(redisPort), ...command], { encoding: "utf8" }).stdout ?? "";
for (let i = 0; redisCli("ping").trim() !== "PONG"; i++) {
  if (i > 100) throw new Error("redis-server did not start");
  await sleep(50);
}
/** How many EXISTS commands (the session checks) Redis has answered so far. */
const existsCalls = () => Number(/cmdstat_exists:calls=(\d+)/.exec(redisCli("info", "commandstats"))?.[1] ?? 0);

// --- The API, from source, with the inspector on a free port (to read its heap) --------------------
const apiPort = await freePort();
const api = spawn(
  process.execPath,
  [
    "--conditions=@govconnect/source",
    "--import",
    "tsx",
    "--expose-gc",
    "--inspect=127.0.0.1:0",
    "apps/api/src/main.ts",
  ],
  {
    cwd: root,
    stdio: ["ignore", "ignore", "pipe"],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GOVCONNECT_DOTENV: "0",
      NODE_ENV: "development",
      LOG_LEVEL: "warn",
      HOST: "127.0.0.1",
      PORT: String(apiPort),
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      DATA_DIR: dataDir,
      RUN_WORKER: "false",
      BCRYPT_COST: "10",
    },
  },
);
children.push(api);
const inspectorUrl = await new Promise((ok, fail) => {
  let text = "";
  api.stderr.setEncoding("utf8");
  api.stderr.on("data", (chunk) => {
    text += chunk;
    const match = /Debugger listening on (ws:\/\/\S+)/.exec(text);
    if (match) ok(match[1]);
  });
  api.on("exit", (code) => fail(new Error(`the API exited (${code}): ${text}`)));
});
const base = `http://127.0.0.1:${apiPort}`;
for (let i = 0; ; i++) {
  const ready = await fetch(`${base}/health`).then(
    (r) => r.ok,
    () => false,
  );
  if (ready) break;
  if (i > 600) throw new Error("the API did not become healthy in 60 s");
  await sleep(100);
}

const inspector = new WebSocket(inspectorUrl);
await new Promise((ok, fail) => {
  inspector.onopen = ok;
  inspector.onerror = fail;
});
let nextId = 1;
const pending = new Map();
inspector.onmessage = (message) => {
  const reply = JSON.parse(message.data);
  pending.get(reply.id)?.(reply);
  pending.delete(reply.id);
};
const evaluate = (expression) =>
  new Promise((ok) => {
    const id = nextId++;
    pending.set(id, ok);
    inspector.send(JSON.stringify({ id, method: "Runtime.evaluate", params: { expression, returnByValue: true } }));
  });
/** The API's memory after two full collections: RSS from the kernel, the JS heap from V8. */
async function memory() {
  const reply = await evaluate("(gc(), gc(), JSON.stringify(process.memoryUsage()))");
  const usage = JSON.parse(reply.result.result.value);
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${api.pid}/status`, "utf8"))?.[1]);
  return { rss: rssKb * 1024, heapUsed: usage.heapUsed, external: usage.external };
}

/** RSS falls for a while after collections (pages handed back lazily): read until it holds still. */
async function settledMemory() {
  let last = await memory();
  for (let i = 0; i < 15; i++) {
    await sleep(2_000);
    const next = await memory();
    const still = Math.abs(next.rss - last.rss) < 2 * 1024 * 1024;
    last = next;
    if (still) break;
  }
  return last;
}

// --- Accounts and streams ------------------------------------------------------------------------
function post(path, body, from) {
  return new Promise((ok, fail) => {
    const payload = JSON.stringify(body);
    const req = request(
      `${base}${path}`,
      { method: "POST", localAddress: from, headers: { "content-type": "application/json" } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => ok({ status: res.statusCode, body: text ? JSON.parse(text) : undefined }));
      },
    );
    req.on("error", fail);
    req.end(payload);
  });
}

const run = Date.now().toString(36);
const tokens = [];
for (let i = 0; i < ACCOUNTS; i++) {
  const from = `127.0.1.${(i % 200) + 1}`;
  const username = `mem_${run}_${i}`;
  const made = await post(
    "/api/auth/register",
    { username, password: PASSWORD, fullName: "Memory Probe", email: `${username}@example.gov` },
    from,
  );
  if (made.status !== 201) throw new Error(`sign-up ${i}: ${made.status} ${JSON.stringify(made.body)}`);
  const login = await post("/api/auth/login", { username, password: PASSWORD }, from);
  if (login.status !== 200) throw new Error(`sign-in ${i}: ${login.status} ${JSON.stringify(login.body)}`);
  tokens.push(login.body.token);
}

/** Opens a stream; resolves once tRPC said `connected` and the procedure had time to refuse it. */
function openStream(i) {
  return new Promise((ok, fail) => {
    const path = i % 2 === 0 ? "/trpc/tasks.onStatus" : "/trpc/dashboard.onMetrics";
    const req = request(`${base}${path}`, {
      localAddress: ADDRESSES[i % ADDRESSES.length],
      headers: { accept: "text/event-stream", authorization: `Bearer ${tokens[i % tokens.length]}` },
    });
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        text += chunk;
        if (text.includes("event: serialized-error")) fail(new Error(`stream ${i} refused: ${text}`));
        else if (text.includes("event: connected")) setTimeout(() => ok(req), 100);
      });
      res.on("error", () => undefined);
    });
    req.on("error", (error) => (error.code === "ECONNRESET" ? undefined : fail(error)));
    req.end();
  });
}

// Warm up: one round of streams opened and closed, so JIT and pools are in place before the baseline.
for (const req of await Promise.all(Array.from({ length: ADDRESSES.length * 2 }, (_, i) => openStream(i)))) {
  req.destroy();
}
// RSS right after start-up and sign-ups still falls for a while (allocator pages handed back), so
// the per-stream figure is the difference between two loaded states: half the streams open, then all.
const opened = [];
const openUpTo = async (count) => {
  for (let i = opened.length; i < count; i += 20) {
    const batch = Array.from({ length: Math.min(20, count - i) }, (_, j) => openStream(i + j));
    opened.push(...(await Promise.all(batch)));
  }
};
const before = await settledMemory();
const HALF = Math.floor(STREAMS / 2);
await openUpTo(HALF);
await sleep(HOLD_MS / 2);
const half = await settledMemory();
const existsBefore = existsCalls();
const checksFrom = Date.now();
await openUpTo(STREAMS);
await sleep(HOLD_MS);
const checks = existsCalls() - existsBefore;
const heldSeconds = (Date.now() - checksFrom) / 1000;
const held = await settledMemory();
for (const req of opened) req.destroy();
const after = await settledMemory();

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const per = (key) =>
  `${((held[key] - half[key]) / 1024 / (STREAMS - HALF)).toFixed(1)} kB per stream from ${HALF} to ${STREAMS}, ` +
  `${((held[key] - before[key]) / 1024 / STREAMS).toFixed(1)} kB from none`;
const row = (label, key) =>
  `${label.padEnd(9)} none ${mb(before[key])}, ${HALF} streams ${mb(half[key])}, ${STREAMS} streams ${mb(held[key])}, ` +
  `closed ${mb(after[key])}: ${per(key)}`;
console.log(`tree: ${root}`);
console.log(
  `${STREAMS} streams (half tasks.onStatus, half dashboard.onMetrics) from ${ACCOUNTS} accounts over ${ADDRESSES.length} addresses`,
);
console.log(row("RSS", "rss"));
console.log(row("JS heap", "heapUsed"));
console.log(row("external", "external"));
console.log(
  `session checks with ${STREAMS} streams open: ${checks} Redis EXISTS in ${heldSeconds.toFixed(0)} s (${((checks / heldSeconds) * 60).toFixed(0)} a minute)`,
);
inspector.close();
api.kill("SIGTERM");
await new Promise((ok) => api.once("exit", ok));
process.exit(0);
