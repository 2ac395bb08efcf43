import type { DatabaseHandle } from "@govconnect/db";
import type { Redis } from "@govconnect/redis";
import { pingRedis } from "@govconnect/redis";
import type { Logger } from "@govconnect/runtime";
import { z } from "zod";

/** The features the seed README's health check lists; clients of the original read this array. */
export const FEATURES = [
  "authentication",
  "rate_limiting",
  "task_scheduling",
  "redis_cache",
  "email_notifications",
] as const;

const dependencyCheck = z.object({
  status: z.enum(["up", "down"]),
  latencyMs: z.number().nonnegative(),
  /** A short reason when down (`timeout` or `unreachable`); details are logged, not published. */
  error: z.enum(["timeout", "unreachable"]).optional(),
});

export const healthReportSchema = z.object({
  status: z.enum(["healthy", "unhealthy"]),
  service: z.literal("GovConnect Backend"),
  features: z.array(z.string()),
  checks: z.object({
    redis: dependencyCheck,
    database: dependencyCheck.extend({ kind: z.enum(["postgres", "pglite"]) }),
  }),
  timestamp: z.iso.datetime(),
});

export type HealthReport = z.infer<typeof healthReportSchema>;
type DependencyCheck = z.infer<typeof dependencyCheck>;

async function check(name: string, logger: Logger, probe: () => Promise<void>): Promise<DependencyCheck> {
  const started = performance.now();
  try {
    await probe();
    return { status: "up", latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    logger.warn({ err: error, dependency: name }, "health check failed");
    const timedOut = error instanceof Error && error.message.includes("did not answer within");
    return {
      status: "down",
      latencyMs: Math.round(performance.now() - started),
      error: timedOut ? "timeout" : "unreachable",
    };
  }
}

/** What a health check asks. */
export interface HealthDeps {
  readonly database: DatabaseHandle;
  readonly redis: Redis;
  readonly logger: Logger;
}

/** Asks Redis and the database, concurrently and each with a deadline, whether they serve. */
export async function checkHealth(deps: HealthDeps): Promise<HealthReport> {
  const [redis, database] = await Promise.all([
    check("redis", deps.logger, () => pingRedis(deps.redis, 1_000)),
    check("database", deps.logger, () => deps.database.ping(1_000)),
  ]);
  return {
    status: redis.status === "up" && database.status === "up" ? "healthy" : "unhealthy",
    service: "GovConnect Backend",
    features: [...FEATURES],
    checks: { redis, database: { ...database, kind: deps.database.kind } },
    timestamp: new Date().toISOString(),
  };
}

/** How long a healthy report may be reused; an unhealthy one never is. */
const HEALTHY_REPORT_MAX_AGE_MS = 250;

/**
 * {@link checkHealth}, shared by the calls of the last 250 ms: a flood of health checks (load
 * balancers, monitors) costs Redis and the database four pings a second, not one per request.
 * A report that is not healthy is not reused, so an outage shows at the next call.
 */
export interface RecentHealth {
  /** `logger` (by default the process's) logs a failed check, e.g. with the request's id. */
  report(logger?: Logger): Promise<HealthReport>;
}

/** The process's {@link RecentHealth}, created once at start. */
export function createRecentHealth(deps: HealthDeps): RecentHealth {
  let recent: { readonly at: number; readonly report: Promise<HealthReport> } | undefined;
  const forget = () => {
    recent = undefined;
  };
  return {
    report(logger = deps.logger) {
      if (recent && Date.now() - recent.at < HEALTHY_REPORT_MAX_AGE_MS) return recent.report;
      const report = checkHealth({ database: deps.database, redis: deps.redis, logger });
      recent = { at: Date.now(), report };
      report.then((result) => result.status === "healthy" || forget(), forget);
      return report;
    },
  };
}
