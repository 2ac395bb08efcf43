export {
  type BackgroundErrorHandler,
  createDatabase,
  type Database,
  type DatabaseHandle,
  type DatabaseOptions,
  type Schema,
} from "./client.ts";
export { DataDirInUseError } from "./data-dir-lock.ts";
export { DatabaseUnavailableError, MIGRATIONS_FOLDER } from "./migrate.ts";
export * from "./schema.ts";
export { isDatabaseUnavailable } from "./unavailable.ts";
