import { Resend } from "resend";
import type { MailTransport } from "./transport.ts";
import { SendError } from "./transport.ts";

/**
 * Resend's API (the SDK; it honours RESEND_BASE_URL). It returns `{ error }` instead of throwing,
 * so the error is read here: 429 and 5xx are temporary; other 4xx (validation, bad key) are not.
 * The idempotency key makes a retried send deliver once.
 */
export function createResendTransport(options: {
  readonly apiKey: string;
  readonly baseUrl?: string | undefined;
}): MailTransport {
  const resend = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  return {
    name: "resend",
    async send(email) {
      let result: Awaited<ReturnType<typeof resend.emails.send>>;
      try {
        result = await resend.emails.send(
          { from: email.from, to: email.to, subject: email.subject, html: email.html, text: email.text },
          { idempotencyKey: email.idempotencyKey },
        );
      } catch (error) {
        throw new SendError(`Resend: ${(error as Error).message}`, false, { cause: error });
      }
      if (result.error) {
        const status = (result.error as { statusCode?: number | null }).statusCode ?? null;
        const permanent = status !== null && status >= 400 && status < 500 && status !== 429 && status !== 409;
        throw new SendError(`Resend ${status ?? "error"}: ${result.error.message}`, permanent);
      }
      return { transport: "resend", messageId: result.data?.id ?? null };
    },
    close: async () => undefined,
  };
}
