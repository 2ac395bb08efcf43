import type { ChildProcess } from "node:child_process";
import { execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/** A server process this test run started, and how to stop it. */
export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Stops the server for good and removes its data. */
  stop(): Promise<void>;
  /**
   * Takes the server down as an outage would, keeping its data and port: SIGTERM (Redis flushes
   * its append-only file; PostgreSQL's fast shutdown) or SIGKILL (a crash). {@link up} brings it back.
   */
  down(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
  /** Starts the server again after {@link down}, on the same port with the same data. */
  up(): Promise<void>;
  /** The server's process id while it runs (to freeze it with SIGSTOP, say). */
  pid(): number | undefined;
}

/** Runs one server process on a fixed port and data directory, any number of times in turn. */
function restartable(
  what: string,
  dir: string,
  launch: () => ChildProcess,
  ready: () => Promise<boolean>,
  gracefulSignal: NodeJS.Signals,
) {
  let child: ChildProcess | undefined;
  let output = "";
  const start = async () => {
    output = "";
    const started = launch();
    started.stdout?.on("data", (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    });
    started.stderr?.on("data", (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    });
    child = started;
    await waitFor(what, ready, started, () => output, dir);
  };
  return {
    start,
    pid: () => (child && child.exitCode === null && child.signalCode === null ? child.pid : undefined),
    down: async (signal: "SIGTERM" | "SIGKILL" = "SIGTERM") => {
      if (child) await stopProcess(child, signal === "SIGTERM" ? gracefulSignal : "SIGKILL");
    },
    stop: async () => {
      if (child) await stopProcess(child, gracefulSignal);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Asks the kernel for a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("could not read the port of a probe socket"));
      });
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.connect(port, "127.0.0.1");
  });
}

/**
 * Waits until the server we started answers. On failure (it exited, or 30 s passed) it is killed
 * and its directory removed, so a failed start leaves nothing behind.
 */
async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  child: ChildProcess,
  log: () => string,
  dir: string,
) {
  const deadline = Date.now() + 30_000;
  let problem = `${what} did not become ready within 30 s`;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      problem = `${what} exited with code ${child.exitCode}`;
      break;
    }
    // Ready only while our own process is alive: another suite's server may hold the port.
    if ((await check()) && child.exitCode === null) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`${problem}:\n${log()}`);
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill(signal);
  });
}

function findBinary(name: string, envVar: string, extraDirs: string[]): string {
  const fromEnv = process.env[envVar];
  if (fromEnv) return fromEnv.endsWith(name) ? fromEnv : join(fromEnv, name);
  for (const dir of [...extraDirs, ...(process.env.PATH ?? "").split(":")]) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error(
    `${name} was not found (looked in ${envVar}, ${extraDirs.join(", ")} and PATH). ` +
      "Run `pnpm test` from the repository root: it installs the test servers, or install them with `apt-get install redis-server postgresql`.",
  );
}

/**
 * Starts a throwaway redis-server with the settings production requires, on a free port — or on
 * `port`, to bring a stopped one back where its clients expect it. `persistent` turns on the
 * append-only file (fsync every write, as production should run it), so {@link RunningServer.down}
 * and `up()` keep the queues.
 */
export async function startRedis(options: { port?: number; persistent?: boolean } = {}): Promise<RunningServer> {
  const binary = findBinary("redis-server", "REDIS_SERVER_BIN", ["/usr/bin", "/usr/local/bin"]);
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), "govconnect-redis-"));
  const persistence = options.persistent ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"];
  const server = restartable(
    "redis-server",
    dir,
    () =>
      spawn(
        binary,
        [
          "--port",
          String(port),
          "--bind",
          "127.0.0.1",
          "--dir",
          dir,
          "--save",
          "",
          ...persistence,
          "--maxmemory-policy",
          "noeviction",
        ],
        { stdio: ["ignore", "pipe", "pipe"] },
      ),
    () => canConnect(port),
    "SIGTERM",
  );
  await server.start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: server.stop,
    down: server.down,
    up: server.start,
    pid: server.pid,
  };
}

function postgresBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const dir = join(root, version, "bin");
      if (existsSync(join(dir, "initdb"))) return dir;
    }
  }
  return findBinary("initdb", "PG_BIN", ["/usr/local/bin"]).replace(/\/initdb$/, "");
}

/** PostgreSQL refuses to run as root, so under root the server runs as the `postgres` system user. */
function postgresIdentity(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  const [, , uid, gid] = line?.split(":") ?? [];
  if (!uid || !gid) {
    throw new Error(
      "Running as root, PostgreSQL needs a `postgres` system user: install it with `apt-get install postgresql`.",
    );
  }
  return { uid: Number(uid), gid: Number(gid) };
}

/** Starts a throwaway PostgreSQL server (initdb in a temp dir, trust auth on 127.0.0.1 only). */
export async function startPostgres(): Promise<RunningServer> {
  const bin = postgresBinDir();
  const identity = postgresIdentity();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "govconnect-pg-"));
  if (identity) chownSync(dir, identity.uid, identity.gid);
  const dataDir = join(dir, "data");
  const asUser = identity ? { uid: identity.uid, gid: identity.gid } : {};
  try {
    execFileSync(
      join(bin, "initdb"),
      ["-D", dataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync", "--no-instructions"],
      { ...asUser, stdio: "pipe" },
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const server = restartable(
    "postgres",
    dir,
    () =>
      spawn(
        join(bin, "postgres"),
        [
          "-D",
          dataDir,
          "-p",
          String(port),
          "-k",
          dir,
          "-c",
          "listen_addresses=127.0.0.1",
          "-c",
          "fsync=off",
          "-c",
          "synchronous_commit=off",
          "-c",
          "full_page_writes=off",
          "-c",
          "max_connections=200",
        ],
        { ...asUser, stdio: ["ignore", "pipe", "pipe"] },
      ),
    async () => {
      const client = new pg.Client({ connectionString: url });
      try {
        await client.connect();
        return true;
      } catch {
        return false;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    // SIGINT is PostgreSQL's "fast" shutdown: it disconnects clients instead of waiting for them.
    "SIGINT",
  );
  await server.start();
  return { url, port, stop: server.stop, down: server.down, up: server.start, pid: server.pid };
}

/** Creates an empty database on a server started by {@link startPostgres} and returns its URL. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name.replace(/"/g, "")}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
