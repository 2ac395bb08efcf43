import { inject } from "vitest";
// The ProvidedContext keys (redisUrl, testDatabase, postgresUrl) are declared beside the setup that provides them.
import type {} from "./global-setup.ts";

/** The database this test run targets, as chosen by `TEST_DATABASE` in the global setup. */
export function testDatabaseTarget():
  | { readonly kind: "pglite" }
  | { readonly kind: "postgres"; readonly serverUrl: string } {
  if (inject("testDatabase") !== "postgres") return { kind: "pglite" };
  const serverUrl = inject("postgresUrl");
  if (!serverUrl) throw new Error("TEST_DATABASE=postgres, but the global setup started no PostgreSQL server");
  return { kind: "postgres", serverUrl };
}

/** The redis-server started for this test run. */
export function testRedisUrl(): string {
  return inject("redisUrl");
}
