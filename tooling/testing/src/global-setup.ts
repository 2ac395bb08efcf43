import type { TestProject } from "vitest/node";
import type { RunningServer } from "./servers.ts";
import { startPostgres, startRedis } from "./servers.ts";

export type TestDatabaseKind = "pglite" | "postgres";

declare module "vitest" {
  export interface ProvidedContext {
    /** A redis-server started for this test run. */
    redisUrl: string;
    /** Which database the suite runs against: `TEST_DATABASE=postgres` selects a real server. */
    testDatabase: TestDatabaseKind;
    /** The PostgreSQL server started for this run, when `testDatabase` is `postgres`. */
    postgresUrl: string | null;
  }
}

/**
 * Vitest global setup: one Redis (and, for `TEST_DATABASE=postgres`, one PostgreSQL) per test run,
 * on free ports of 127.0.0.1, stopped when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const kind: TestDatabaseKind = process.env.TEST_DATABASE === "postgres" ? "postgres" : "pglite";
  const servers: RunningServer[] = [];
  const stopAll = () => Promise.all(servers.map((s) => s.stop())).then(() => undefined);
  try {
    const redis = await startRedis();
    servers.push(redis);
    project.provide("redisUrl", redis.url);
    project.provide("testDatabase", kind);
    if (kind === "postgres") {
      const postgres = await startPostgres();
      servers.push(postgres);
      project.provide("postgresUrl", postgres.url);
    } else {
      project.provide("postgresUrl", null);
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  return stopAll;
}
