import { Resend } from "resend";
import type { MailTransport } from "./transport.ts";
import { SendError } from "./transport.ts";

/** Resend answers within a second or two; a call still open after this is treated as lost. */
export const DEFAULT_RESEND_TIMEOUT_MS = 15_000;

/**
 * Resend's API (the SDK; it honours RESEND_BASE_URL). It returns `{ error }` instead of throwing,
 * so the error is read here: 429 and 5xx are temporary; other 4xx (validation, bad key) are not.
 * The idempotency key makes a retried send deliver once.
 *
 * The SDK sets no timeout of its own, so a provider that takes a request and never answers would
 * hold the worker's job forever: every call is bounded by `timeoutMs` and a call cut there is a
 * temporary failure. Resend may have delivered it all the same; the retry carries the same key,
 * so it is not delivered twice.
 */
export function createResendTransport(options: {
  readonly apiKey: string;
  readonly baseUrl?: string | undefined;
  readonly timeoutMs?: number | undefined;
}): MailTransport {
  const resend = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  const timeoutMs = options.timeoutMs ?? DEFAULT_RESEND_TIMEOUT_MS;
  const timedOut = (cause?: unknown) =>
    new SendError(`Resend: no answer within ${timeoutMs} ms`, false, cause === undefined ? undefined : { cause });
  return {
    name: "resend",
    async send(email) {
      const signal = AbortSignal.timeout(timeoutMs);
      let result: Awaited<ReturnType<typeof resend.emails.send>>;
      try {
        result = await resend.emails.send(
          {
            from: email.from,
            to: email.to,
            subject: email.subject,
            html: email.html,
            text: email.text,
            ...(email.attachments?.length
              ? {
                  attachments: email.attachments.map((file) => ({
                    filename: file.filename,
                    contentType: file.contentType,
                    content: Buffer.from(file.content, "utf8"),
                  })),
                }
              : {}),
          },
          { idempotencyKey: email.idempotencyKey, signal },
        );
      } catch (error) {
        if (signal.aborted) throw timedOut(error);
        throw new SendError(`Resend: ${(error as Error).message}`, false, { cause: error });
      }
      if (result.error) {
        // The SDK reports an aborted fetch as "Unable to fetch data"; say what happened instead.
        if (signal.aborted) throw timedOut();
        const status = (result.error as { statusCode?: number | null }).statusCode ?? null;
        const permanent = status !== null && status >= 400 && status < 500 && !isTemporary(status, result.error.name);
        const retryAfterMs = status === 429 ? retryAfterOf(result.headers) : undefined;
        throw new SendError(`Resend ${status ?? "error"}: ${result.error.message}`, permanent, { retryAfterMs });
      }
      return { transport: "resend", messageId: result.data?.id ?? null };
    },
    close: async () => undefined,
  };
}

/**
 * 429 (rate or quota) passes; so does a 409 for the same key still being sent by an earlier try.
 * A 409 for the same key with another email (`invalid_idempotent_request`) never will.
 */
function isTemporary(status: number, name: string): boolean {
  return status === 429 || (status === 409 && name === "concurrent_idempotent_requests");
}

/** A `retry-after` header (seconds, or an HTTP date) in milliseconds from now; undefined when absent or unreadable. */
export function retryAfterOf(headers: Record<string, string> | null, now = Date.now()): number | undefined {
  const value = headers?.["retry-after"]?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
