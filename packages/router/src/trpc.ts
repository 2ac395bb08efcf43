import { awaitsSecondFactor, tooManyRequestsMessage } from "@govconnect/auth";
import type { UserRole } from "@govconnect/contracts";
import { isDatabaseUnavailable } from "@govconnect/db";
import type { SessionActor } from "@govconnect/domain";
import { initTRPC, TRPCError } from "@trpc/server";
import type { Context } from "./context.ts";
import { controlCharacterPath } from "./control-characters.ts";
import type { AppErrorShape } from "./errors.ts";
import { AppError, asTRPCError, describeError } from "./errors.ts";

/** What a part of the dashboard a successful mutation changes; announced to every live view. */
export type DashboardChange = "appointment" | "alert" | "hospital";

/** Who may call a procedure: anyone, any signed-in user, or signed-in users with one of the roles. */
export type Access = "public" | "signed-in" | readonly UserRole[];

/**
 * Facts about a procedure that cross-cutting code reads: `access` is set by the builders below
 * (and read by the REST table's documentation), `changes` by mutations that change the dashboard.
 */
export interface ProcedureMeta {
  readonly access?: Access;
  readonly changes?: DashboardChange;
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    // Server-sent events: a ping keeps proxies from closing a quiet stream; clients reconnect after silence.
    sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 30_000 } },
    errorFormatter({ shape, error }): AppErrorShape {
      const described = describeError(error);
      return {
        ...shape,
        // Internal details never leave the server; they are in the log, under the request id.
        message: described.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          issues: described.issues,
          ...(error.cause instanceof AppError && error.cause.retryAfterSeconds !== undefined
            ? { retryAfterSeconds: error.cause.retryAfterSeconds }
            : {}),
        },
      };
    },
  });

/** What a caller is told while Redis or the database is briefly away. */
const SERVICE_UNAVAILABLE_MESSAGE = "The service is briefly unavailable: try again in a few seconds";

/**
 * Maps a service's {@link AppError} to its tRPC code (and `Retry-After`), and logs server faults
 * with their context. Every procedure runs inside it.
 */
const errorBoundary = t.middleware(async ({ ctx, next, path, type }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  const unavailable = result.error.code === "INTERNAL_SERVER_ERROR" && isDatabaseUnavailable(cause);
  if (unavailable) ctx.logger.warn({ err: cause, path, type }, "database unavailable");
  // A database that is restarting or unreachable is not a bug and is over in seconds: "try again"
  // (503 + Retry-After), as for Redis, rather than 500.
  const appError =
    cause instanceof AppError
      ? cause
      : unavailable
        ? new AppError("SERVICE_UNAVAILABLE", SERVICE_UNAVAILABLE_MESSAGE, { cause, retryAfterSeconds: 5 })
        : undefined;
  if (appError) {
    if (appError.retryAfterSeconds !== undefined) {
      ctx.response.setHeader("retry-after", String(appError.retryAfterSeconds));
    }
    throw asTRPCError(appError);
  }
  if (result.error.code === "INTERNAL_SERVER_ERROR") {
    ctx.logger.error({ err: cause ?? result.error, path, type }, "procedure failed");
  }
  return result;
});

/**
 * Each call spends one request of the caller's window — the signed-in user's, or the IP's for
 * anonymous calls — and one of its IP's total, in Redis, shared by every API instance. A batch
 * spends one per call. A request the HTTP layer already refused (over the limit before its body
 * was read) spends nothing more and is refused the same way.
 */
const rateLimit = t.middleware(async ({ ctx, next }) => {
  const decision =
    ctx.refusedBeforeBody ??
    (await ctx.auth.limits
      .consume({ userId: ctx.session?.record.userId, ip: ctx.client.ip })
      .catch((error: unknown) => {
        throw new AppError("SERVICE_UNAVAILABLE", SERVICE_UNAVAILABLE_MESSAGE, { cause: error, retryAfterSeconds: 5 });
      }));
  ctx.response.setHeader("ratelimit-limit", String(decision.limit));
  if (!decision.allowed) {
    ctx.response.setHeader("ratelimit-remaining", "0");
    ctx.response.setHeader("ratelimit-reset", String(decision.retryAfterSeconds));
    throw new AppError("TOO_MANY_REQUESTS", tooManyRequestsMessage(decision), {
      retryAfterSeconds: decision.retryAfterSeconds,
    });
  }
  ctx.response.setHeader("ratelimit-remaining", String(decision.remaining));
  ctx.response.setHeader("ratelimit-reset", String(decision.resetSeconds));
  return next();
});

/**
 * No text input holds a control character (NUL, ESC, …): refused with 400 naming the field, before
 * the input reaches its schema or the database. Checked on the raw input, so every procedure and
 * every REST route built on one is covered at once.
 */
const refuseControlCharacters = t.middleware(async ({ getRawInput, next }) => {
  const field = controlCharacterPath(await getRawInput());
  if (field !== null) {
    throw new AppError(
      "BAD_REQUEST",
      `${field || "The input"} must not contain control characters (U+0000 to U+001F other than tab and line breaks, or U+007F)`,
      field ? { field } : {},
    );
  }
  return next();
});

/** After a mutation that declares `meta.changes` succeeds, every live dashboard view hears of it. */
const announceChanges = t.middleware(async ({ ctx, meta, next }) => {
  const result = await next();
  if (result.ok && meta?.changes) await ctx.dashboard.changed(meta.changes);
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Anyone may call it; validated and rate limited like everything else. */
export const publicProcedure = t.procedure
  .meta({ access: "public" })
  .use(errorBoundary)
  .use(rateLimit)
  .use(refuseControlCharacters)
  .use(announceChanges);

/**
 * Needs a live session; inside, `ctx.session` is non-null and `ctx.actor` is the caller, as the
 * domain takes them. Staff whose session was opened without a second factor get only this far:
 * the procedures built on it are the ones that set a factor up (and `me`, `logout`).
 */
export const enrolmentProcedure = publicProcedure.meta({ access: "signed-in" }).use(({ ctx, next }) => {
  if (!ctx.session) {
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message:
        ctx.sessionProblem === "invalid"
          ? "Your session has expired or ended: sign in again"
          : "Sign in to continue: send the token as `Authorization: Bearer <token>` or the access_token cookie",
    });
  }
  const actor: SessionActor = {
    userId: ctx.session.record.userId,
    role: ctx.session.record.role,
    sessionId: ctx.session.jti,
    client: ctx.client,
  };
  return next({ ctx: { session: ctx.session, actor } });
});

/** What staff are told until their session has a second factor. */
export const SECOND_FACTOR_SETUP_NEEDED =
  "Your role needs two-step verification: set it up (POST /api/auth/mfa/setup) before anything else";

/** Needs a live session, with a second factor when the role requires one (NIST AAL2). */
export const protectedProcedure = enrolmentProcedure.use(({ ctx, next }) => {
  if (awaitsSecondFactor(ctx.session.record)) {
    throw new TRPCError({ code: "FORBIDDEN", message: SECOND_FACTOR_SETUP_NEEDED });
  }
  return next();
});

/** Needs a live session whose user has one of `roles`. */
export function roleProcedure(...roles: readonly UserRole[]) {
  return protectedProcedure.meta({ access: roles }).use(({ ctx, next }) => {
    if (!roles.some((role) => role === ctx.actor.role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs one of these roles: ${roles.join(", ")}` });
    }
    return next();
  });
}
