import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./root.ts";

export { type AppDeps, type Context, createContext, type RequestInfo, type ResponseControl } from "./context.ts";
export {
  APP_ERROR_CODES,
  AppError,
  type AppErrorCode,
  type AppErrorShape,
  asTRPCError,
  type DescribedError,
  describeError,
  type ErrorIssue,
} from "./errors.ts";
export {
  checkHealth,
  createRecentHealth,
  FEATURES,
  type HealthReport,
  healthReportSchema,
  type RecentHealth,
} from "./health.ts";
export { createDashboardFeed, type DashboardFeed } from "./live/dashboard-feed.ts";
export {
  createLiveStreams,
  type LiveStreamLimits,
  type LiveStreamOwner,
  type LiveStreamSlot,
  type LiveStreams,
  SESSION_CHECK_MS,
} from "./live/stream-registry.ts";
export { type AppRouter, appRouter, createCaller, type PublicAppRouter } from "./root.ts";
export type { Access, DashboardChange, ProcedureMeta } from "./trpc.ts";
export { SECOND_FACTOR_SETUP_NEEDED } from "./trpc.ts";

/** What each procedure takes, e.g. `RouterInputs["health"]["check"]`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** What each procedure returns, e.g. `RouterOutputs["health"]["check"]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
