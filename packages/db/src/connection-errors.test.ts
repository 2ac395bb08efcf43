import { randomUUID } from "node:crypto";
import type { RunningServer } from "@govconnect/testing";
import { createDatabase as createServerDatabase, eventually, startPostgres } from "@govconnect/testing";
import { testDatabaseTarget } from "@govconnect/testing/inject";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "./client.ts";
import { createDatabase } from "./client.ts";

// A PostgreSQL server of its own; in the run on PostgreSQL, which has the binaries.
describe.runIf(testDatabaseTarget().kind === "postgres")("a pooled connection the server terminates", () => {
  let server: RunningServer;
  let url: string;
  let handle: DatabaseHandle;
  const backgroundErrors: Error[] = [];
  const codes = () => backgroundErrors.map((error) => (error as Error & { code?: string }).code);

  beforeAll(async () => {
    server = await startPostgres();
    url = await createServerDatabase(server.url, `connection_errors_${randomUUID().slice(0, 8)}`);
    handle = await createDatabase({ kind: "postgres", url, poolSize: 2 }, (error) => backgroundErrors.push(error));
  }, 60_000);
  afterAll(async () => {
    await handle?.close().catch(() => undefined);
    await server?.stop();
  });

  /** The server process behind a connection. Both drivers answer `execute` with `{ rows }`; the shared type cannot say so. */
  async function backendPid(executor: Pick<DatabaseHandle["db"], "execute">): Promise<number> {
    const result = (await executor.execute(sql`select pg_backend_pid() as pid`)) as { rows: Array<{ pid: number }> };
    return Number(result.rows[0]?.pid);
  }

  async function terminate(pid: number): Promise<void> {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query("select pg_terminate_backend($1)", [pid]);
    } finally {
      await admin.end();
    }
  }

  it("between two queries of a transaction: the transaction fails, the error is reported, the process lives", async () => {
    const outcome = handle.db.transaction(async (tx) => {
      // The connection is checked out and idle here, as when a transaction awaits something else.
      await terminate(await backendPid(tx));
      await eventually("the terminated connection's error", () => codes().includes("57P01"));
      await tx.execute(sql`select 1`);
    });
    await expect(outcome).rejects.toThrow();
    expect(codes()).toContain("57P01");
    // The pool carries on with a fresh connection.
    await handle.ping();
  });

  it("while idle in the pool: reported once, and the pool carries on", async () => {
    const pid = await backendPid(handle.db);
    const before = backgroundErrors.length;
    await terminate(pid);
    await eventually("the idle connection's error", () => backgroundErrors.length > before);
    expect(backgroundErrors.length - before).toBe(1);
    await handle.ping();
  });
});
