import type { AppErrorCode } from "@govconnect/contracts";
import { AppError } from "@govconnect/contracts";
import type { TRPC_ERROR_CODE_KEY, TRPC_ERROR_CODE_NUMBER } from "@trpc/server";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { z } from "zod";

/**
 * The tRPC code (hence the HTTP status) each {@link AppError} code maps to. Services throw
 * `AppError`; one middleware in `trpc.ts` maps it — no handler picks codes.
 */
export const APP_ERROR_CODES = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  INTERNAL: "INTERNAL_SERVER_ERROR",
} as const satisfies Record<AppErrorCode, TRPC_ERROR_CODE_KEY>;

export { AppError, type AppErrorCode };

export interface ErrorIssue {
  readonly path: string;
  readonly message: string;
}

/** What a tRPC error looks like to a client: the message to show, and for input, each field's issue. */
export interface AppErrorShape {
  readonly message: string;
  readonly code: TRPC_ERROR_CODE_NUMBER;
  readonly data: {
    readonly code: TRPC_ERROR_CODE_KEY;
    readonly httpStatus: number;
    readonly path: string | undefined;
    readonly issues: readonly ErrorIssue[] | undefined;
    /** On 429 and 503: the seconds to wait before trying again (the Retry-After header's value). */
    readonly retryAfterSeconds?: number;
  };
}

export interface DescribedError {
  readonly status: number;
  /** Safe to show: what went wrong and, for input, what to fix. Never internals. */
  readonly message: string;
  readonly issues: readonly ErrorIssue[] | undefined;
  /** True for server faults: log them (with the request id), show nothing of them. */
  readonly internal: boolean;
}

/**
 * How much of a validation failure is echoed: the first issues, each message cut short. A body of
 * 90,000 unknown keys once came back as a 1.7 MB answer (security review M3).
 */
const MAX_ISSUES = 10;
const MAX_ISSUE_MESSAGE = 200;
const clip = (text: string) => (text.length > MAX_ISSUE_MESSAGE ? `${text.slice(0, MAX_ISSUE_MESSAGE - 1)}…` : text);

/** The one description of an error that both the tRPC responses and the REST routes send. */
export function describeError(error: TRPCError): DescribedError {
  const status = getHTTPStatusCodeFromError(error);
  if (error.code === "INTERNAL_SERVER_ERROR") {
    return { status, message: "Internal server error", issues: undefined, internal: true };
  }
  if (error.cause instanceof z.ZodError) {
    const all = error.cause.issues;
    const issues = all.slice(0, MAX_ISSUES).map((issue) => ({
      path: clip(issue.path.map(String).join(".")),
      message: clip(issue.message),
    }));
    const more = all.length > MAX_ISSUES ? `; and ${all.length - MAX_ISSUES} more` : "";
    const message =
      issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join("; ") + more;
    return { status, message, issues, internal: false };
  }
  if (error.cause instanceof AppError && error.cause.field) {
    return {
      status,
      message: error.message,
      issues: [{ path: error.cause.field, message: error.message }],
      internal: false,
    };
  }
  return { status, message: error.message, issues: undefined, internal: false };
}

/** Any thrown value as a TRPCError, the way tRPC itself wraps it. */
export function asTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  if (error instanceof AppError) {
    return new TRPCError({ code: APP_ERROR_CODES[error.code], message: error.message, cause: error });
  }
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error });
}
