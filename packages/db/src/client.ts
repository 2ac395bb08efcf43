import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { withTimeout } from "@govconnect/runtime";
import { sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { acquireDataDirLock } from "./data-dir-lock.ts";
import { migratePglite, migratePostgres } from "./migrate.ts";
import * as schema from "./schema.ts";

export type Schema = typeof schema;

/** The Drizzle database every service function takes; the same type for PGlite and PostgreSQL. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseOptions =
  | {
      readonly kind: "postgres";
      readonly url: string;
      /** Connections in the pool (default 10). */
      readonly poolSize?: number;
    }
  | {
      readonly kind: "pglite";
      /** Where the embedded database persists; `undefined` keeps it in memory (tests). */
      readonly dataDir?: string | undefined;
    };

export interface DatabaseHandle {
  readonly db: Database;
  readonly kind: DatabaseOptions["kind"];
  /** Resolves when the database answers a trivial query within `timeoutMs`; rejects otherwise. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Called with errors that happen outside any query (e.g. an idle pooled connection dropped). */
export type BackgroundErrorHandler = (error: Error) => void;

/**
 * Opens the database and applies pending migrations.
 * PostgreSQL: a connection pool (`DATABASE_URL`). PGlite: an embedded database in `dataDir`, which
 * only one process may open at a time, so it is locked for as long as the handle is open.
 */
export async function createDatabase(
  options: DatabaseOptions,
  onBackgroundError: BackgroundErrorHandler = () => undefined,
): Promise<DatabaseHandle> {
  return options.kind === "postgres" ? openPostgres(options, onBackgroundError) : openPglite(options);
}

async function migrateOrClose(handle: DatabaseHandle, migrate: () => Promise<void>): Promise<DatabaseHandle> {
  try {
    await migrate();
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

function openPostgres(
  options: Extract<DatabaseOptions, { kind: "postgres" }>,
  onBackgroundError: BackgroundErrorHandler,
): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // Without a listener, a connection dropped while idle (a server restart) would crash the process.
  pool.on("error", onBackgroundError);
  // The pool listens to idle connections only: one checked out and between queries (a transaction
  // awaiting something else) would crash the process on a server restart. Its holder's next query
  // fails; the error itself is reported here, once (idle ones reach the pool's listener above).
  const checkedOut = new WeakSet<pg.PoolClient>();
  pool.on("acquire", (client) => checkedOut.add(client));
  pool.on("release", (_error, client) => checkedOut.delete(client));
  pool.on("connect", (client) =>
    client.on("error", (error) => {
      if (checkedOut.has(client)) onBackgroundError(error);
    }),
  );
  const db: Database = drizzleNodePg({ client: pool, schema });
  let closed = false;
  const handle: DatabaseHandle = {
    db,
    kind: "postgres",
    ping: (timeoutMs = 2_000) => withTimeout(db.execute(sql`select 1`), timeoutMs, "PostgreSQL").then(() => undefined),
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
  return migrateOrClose(handle, () => migratePostgres(pool, options.url));
}

async function openPglite(options: Extract<DatabaseOptions, { kind: "pglite" }>): Promise<DatabaseHandle> {
  const dataDir = options.dataDir;
  let releaseLock = () => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    releaseLock = acquireDataDirLock(dataDir);
  }
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir);
  } catch (error) {
    releaseLock();
    throw error;
  }
  const db: Database = drizzlePglite({ client, schema });
  let closed = false;
  const handle: DatabaseHandle = {
    db,
    kind: "pglite",
    ping: async (timeoutMs = 2_000) => {
      if (closed || client.closed) throw new Error("the embedded database is closed");
      await withTimeout(db.execute(sql`select 1`), timeoutMs, "PGlite");
    },
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await client.close();
      } finally {
        releaseLock();
      }
    },
  };
  return migrateOrClose(handle, () => migratePglite(client));
}
