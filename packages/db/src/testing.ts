import { randomUUID } from "node:crypto";
import { createDatabase as createServerDatabase } from "@govconnect/testing";
import { sql } from "drizzle-orm";
import type { Database, DatabaseHandle } from "./client.ts";
import { createDatabase } from "./client.ts";

export type TestDatabaseTarget =
  | { readonly kind: "pglite" }
  | { readonly kind: "postgres"; readonly serverUrl: string };

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a new database on the
 * PostgreSQL server the test run started. Close it in `afterAll`.
 */
export async function openTestDatabase(
  target: TestDatabaseTarget,
): Promise<DatabaseHandle & { readonly url: string | undefined }> {
  if (target.kind === "pglite") return Object.assign(await createDatabase({ kind: "pglite" }), { url: undefined });
  const url = await createServerDatabase(target.serverUrl, `test_${randomUUID().replaceAll("-", "")}`);
  return Object.assign(await createDatabase({ kind: "postgres", url, poolSize: 4 }), { url });
}

/** How many migrations drizzle has recorded as applied. */
export async function appliedMigrationCount(db: Database): Promise<number> {
  // Both drivers answer `execute` with `{ rows }`; the shared Database type cannot say so.
  const result = (await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)) as {
    rows: Array<{ n: number }>;
  };
  return result.rows[0]?.n ?? 0;
}
