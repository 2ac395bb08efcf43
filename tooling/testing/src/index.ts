export type { TestDatabaseKind } from "./global-setup.ts";
export { createDatabase, freePort, type RunningServer, startPostgres, startRedis } from "./servers.ts";
