import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "@govconnect/config";
import type { Database } from "@govconnect/db";
import { createLifecycle } from "@govconnect/runtime";
import { freePort } from "@govconnect/testing";
import { testDatabaseTarget, testRedisUrl } from "@govconnect/testing/inject";
import type { FastifyInstance } from "fastify";
import { pino } from "pino";
import { ListenError, startApi } from "../start.ts";

export interface TestApi {
  readonly url: string;
  /** The API's own database handle (PGlite allows one opener), for arranging and checking rows. */
  readonly db: Database;
  /** The server itself, to look at its routes. */
  readonly app: FastifyInstance;
  stop(): Promise<void>;
}

/** How many fresh ports a test API tries before giving up (see below). */
const LISTEN_ATTEMPTS = 3;

/**
 * The real API (start-up path and all) on a free port of 127.0.0.1, with the run's Redis and
 * database: a fresh PGlite directory, or a database on the run's PostgreSQL server. A free port
 * can be taken between being found and being listened on (the kernel hands the same ephemeral
 * ports to outgoing connections, and a busy suite makes thousands): then it starts again on another.
 */
export async function startTestApi(env: Record<string, string> = {}): Promise<TestApi> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnFreePort(env);
    } catch (error) {
      if (!(error instanceof ListenError) || attempt >= LISTEN_ATTEMPTS) throw error;
    }
  }
}

async function startOnFreePort(env: Record<string, string>): Promise<TestApi> {
  const port = await freePort();
  const target = testDatabaseTarget();
  const dataDir = mkdtempSync(join(tmpdir(), "govconnect-api-"));
  const config = parseConfig({
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: String(port),
    LOG_LEVEL: "silent",
    REDIS_URL: testRedisUrl(),
    BCRYPT_COST: "4",
    // Every suite calls from 127.0.0.1, in parallel and sharing Redis: one address's total would
    // stop them all. A test of that total sets its own.
    RATE_LIMIT_IP_POINTS: "1000000",
    DATA_DIR: dataDir,
    ...(target.kind === "postgres" ? { DATABASE_URL: target.serverUrl } : {}),
    ...env,
  });
  const logger = pino({ level: "silent" });
  const lifecycle = createLifecycle(logger, 10_000, () => undefined);
  const stop = async () => {
    await lifecycle.shutdown("test done");
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const { app, database } = await startApi(config, logger, lifecycle);
    return { url: `http://127.0.0.1:${port}`, db: database.db, app, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
