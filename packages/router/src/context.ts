import type { Auth, AuthenticatedSession, RateDecision } from "@govconnect/auth";
import type { Database, DatabaseHandle } from "@govconnect/db";
import type { ClientInfo, DashboardMetricsCache } from "@govconnect/domain";
import type { TaskEventBus, TaskProducer } from "@govconnect/jobs";
import type { Redis } from "@govconnect/redis";
import type { Logger } from "@govconnect/runtime";
import { TRPCError } from "@trpc/server";
import type { RecentHealth } from "./health.ts";
import type { DashboardFeed } from "./live/dashboard-feed.ts";
import type { LiveStreams } from "./live/stream-registry.ts";

/** The long-lived dependencies a process opens once at start and hands to every request. */
export interface AppDeps {
  readonly database: DatabaseHandle;
  /** The fail-fast Redis connection (`createRedis(url, "client", …)`). */
  readonly redis: Redis;
  readonly logger: Logger;
  readonly auth: Auth;
  /** Writes and queues background tasks. */
  readonly tasks: TaskProducer;
  /** Task status changes from every worker, for live subscriptions. */
  readonly taskEvents: TaskEventBus;
  /** Dashboard changes from every instance and worker, for `dashboard.onMetrics`. */
  readonly dashboard: DashboardFeed;
  /** This process's open live streams: capped per account and per address, sessions checked by one timer. */
  readonly liveStreams: LiveStreams;
  /** The dashboard's figures, computed once per change (of `dashboard.version`) and shared. */
  readonly metrics: DashboardMetricsCache;
  /** The health report, shared by the checks of the last 250 ms while healthy. */
  readonly health: RecentHealth;
  /** How emails leave (`MAIL_TRANSPORT`); `outbox` keeps them, readable in the dev outbox. */
  readonly mailTransport: "outbox" | "smtp" | "resend";
  /** The deployment's locale and time zone (`LOCALE`, `TZ`): how the dashboard writes dates. */
  readonly display: { readonly locale: string; readonly timeZone: string };
}

/** Who is calling, as the HTTP layer saw it. */
export interface RequestInfo {
  readonly requestId: string;
  /** The client's address (from X-Forwarded-For only when TRUST_PROXY is on). */
  readonly ip: string;
  readonly userAgent: string | undefined;
  /** From `Authorization: Bearer …`, else the `access_token` cookie. */
  readonly token: string | undefined;
  /** The device cookie (`gc_device`) a browser sends back after its first sign-in. */
  readonly device?: string | undefined;
  /**
   * The HTTP layer found the caller over its rate limit before reading the body, and did not read
   * it: every call of the request is refused with this (security review M3).
   */
  readonly refusedBeforeBody?: Extract<RateDecision, { allowed: false }> | undefined;
}

/** What a procedure may change in the HTTP response besides its body. */
export interface ResponseControl {
  setHeader(name: string, value: string): void;
  setSessionCookie(token: string, expiresAt: Date): void;
  clearSessionCookie(): void;
  /** Remembers the browser as a device of the account (a long-lived, httpOnly cookie). */
  setDeviceCookie(device: string): void;
}

/** What every procedure receives; built per request by the HTTP adapter (or by tests). */
export interface Context extends AppDeps {
  /** The database the domain functions take (`database.db`). */
  readonly db: Database;
  readonly requestId: string;
  /** Where the request came from (the audit log records it with every event). */
  readonly client: ClientInfo;
  /** The caller's live session; `protectedProcedure` guarantees it. */
  readonly session: AuthenticatedSession | null;
  /** Why there is no session: no token at all, or one that is bad, expired or ended. */
  readonly sessionProblem: "missing" | "invalid" | null;
  /** See {@link RequestInfo.refusedBeforeBody}. */
  readonly refusedBeforeBody: Extract<RateDecision, { allowed: false }> | null;
  readonly response: ResponseControl;
}

/** Resolves the caller's session (a token's signature, times, and live session in Redis). */
export async function createContext(deps: AppDeps, request: RequestInfo, response: ResponseControl): Promise<Context> {
  const session = request.token
    ? await deps.auth.authenticate(request.token).catch((error: unknown) => {
        // Sessions live in Redis: without it nobody can be authenticated, so say "try again".
        response.setHeader("retry-after", "5");
        throw new TRPCError({
          code: "SERVICE_UNAVAILABLE",
          message: "The service is briefly unavailable: try again in a few seconds",
          cause: error,
        });
      })
    : null;
  return {
    ...deps,
    db: deps.database.db,
    logger: deps.logger.child({ reqId: request.requestId }),
    requestId: request.requestId,
    client: { ip: request.ip, userAgent: request.userAgent, requestId: request.requestId, device: request.device },
    session,
    sessionProblem: session ? null : request.token ? "invalid" : "missing",
    refusedBeforeBody: request.refusedBeforeBody ?? null,
    response,
  };
}
