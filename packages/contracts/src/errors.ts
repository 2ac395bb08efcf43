/**
 * What a service can say went wrong, as the caller should hear it. The HTTP layer maps each code
 * to a status (`@govconnect/router`'s errors); the message is the API's, precise for developers.
 * It lives here, in the client-safe contract, so clients can tell the codes apart.
 */
export const APP_ERROR_KINDS = [
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "PAYLOAD_TOO_LARGE",
  "TOO_MANY_REQUESTS",
  "SERVICE_UNAVAILABLE",
  "INTERNAL",
] as const;

export type AppErrorCode = (typeof APP_ERROR_KINDS)[number];

export interface AppErrorOptions {
  readonly cause?: unknown;
  /** For TOO_MANY_REQUESTS and SERVICE_UNAVAILABLE: sent as `Retry-After`. */
  readonly retryAfterSeconds?: number;
  /** The input field the message is about, reported like a validation issue. */
  readonly field?: string;
}

/** An expected failure with a message safe to show: what went wrong and what to do about it. */
export class AppError extends Error {
  override readonly name = "AppError";
  readonly code: AppErrorCode;
  readonly retryAfterSeconds: number | undefined;
  readonly field: string | undefined;
  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.field = options.field;
  }
}
