import { randomUUID } from "node:crypto";
import type { RunningServer } from "@govconnect/testing";
import { createDatabase as createServerDatabase, freePort, startPostgres } from "@govconnect/testing";
import { testDatabaseTarget } from "@govconnect/testing/inject";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./unavailable.ts";

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected the query to fail");
    },
    (error: unknown) => error,
  );

// A PostgreSQL server of its own, to take down; in the run on PostgreSQL, which has the binaries.
describe.runIf(testDatabaseTarget().kind === "postgres")("isDatabaseUnavailable", () => {
  let server: RunningServer;
  let pool: pg.Pool;

  beforeAll(async () => {
    server = await startPostgres();
    const url = await createServerDatabase(server.url, `unavailable_${randomUUID().slice(0, 8)}`);
    pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 2_000 });
    pool.on("error", () => undefined);
  }, 60_000);
  afterAll(async () => {
    await pool?.end().catch(() => undefined);
    await server?.stop();
  });

  it("is false for a query's own errors", async () => {
    const db = drizzle({ client: pool });
    expect(isDatabaseUnavailable(await failure(db.execute(sql`select * from no_such_table`)))).toBe(false);
    expect(isDatabaseUnavailable(await failure(db.execute(sql`select 1/0`)))).toBe(false);
    expect(isDatabaseUnavailable(new Error("duplicate key value violates unique constraint"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });

  it("is true for a query cut by a server shutdown, and for queries while the server is away", async () => {
    const db = drizzle({ client: pool });
    await db.execute(sql`select 1`);
    const cut = failure(db.execute(sql`select pg_sleep(30)`));
    await new Promise((r) => setTimeout(r, 300));
    await server.down();
    expect(isDatabaseUnavailable(await cut)).toBe(true);
    expect(isDatabaseUnavailable(await failure(db.execute(sql`select 1`)))).toBe(true);
    expect(isDatabaseUnavailable(await failure(db.transaction(async (tx) => tx.execute(sql`select 1`))))).toBe(true);
    await server.up();
    await db.execute(sql`select 1`);
  }, 60_000);

  it("is true for a server that does not listen, and looks through causes", async () => {
    const nowhere = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${await freePort()}/x`, max: 1 });
    try {
      const refused = await failure(drizzle({ client: nowhere }).execute(sql`select 1`));
      expect(isDatabaseUnavailable(refused)).toBe(true);
      expect(isDatabaseUnavailable(new Error("task failed", { cause: refused }))).toBe(true);
      expect(
        isDatabaseUnavailable(Object.assign(new Error("the database system is starting up"), { code: "57P03" })),
      ).toBe(true);
    } finally {
      await nowhere.end();
    }
  });
});
