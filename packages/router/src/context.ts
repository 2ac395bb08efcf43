import type { DatabaseHandle } from "@govconnect/db";
import type { Redis } from "@govconnect/redis";
import type { Logger } from "@govconnect/runtime";

/** The long-lived dependencies a process opens once at start and hands to every request. */
export interface AppDeps {
  readonly database: DatabaseHandle;
  /** The fail-fast Redis connection (`createRedis(url, "client", …)`). */
  readonly redis: Redis;
  readonly logger: Logger;
}

/** What every procedure receives; built per request by the HTTP adapter (or by tests). */
export interface Context extends AppDeps {
  readonly requestId: string;
}

export function createContext(deps: AppDeps, requestId: string, logger: Logger = deps.logger): Context {
  return { ...deps, logger, requestId };
}
