import type { EmailAttachment, RenderedEmail } from "../templates.ts";

export interface OutgoingEmail extends Omit<RenderedEmail, "attachments"> {
  readonly attachments?: readonly EmailAttachment[];
  readonly to: string;
  readonly from: string;
  /**
   * Stable for one outbox row (`email/<outbox id>`): a provider that honours it (Resend) delivers
   * once however often the worker retries.
   */
  readonly idempotencyKey: string;
}

export interface SendResult {
  readonly transport: "outbox" | "smtp" | "resend";
  /** The provider's id for the message, for the delivery log. */
  readonly messageId: string | null;
}

/**
 * A send that failed. `permanent` when retrying cannot help (bad address, rejected content,
 * bad credentials): the email is marked failed. Otherwise (timeouts, 5xx, 429) it is retried.
 */
export class SendError extends Error {
  override readonly name = "SendError";
  readonly permanent: boolean;
  /** How long the provider asked us to wait before the next try (a 429's Retry-After), if it said. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, permanent: boolean, options?: { cause?: unknown; retryAfterMs?: number | undefined }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.permanent = permanent;
    this.retryAfterMs = options?.retryAfterMs;
  }
}

export interface MailTransport {
  readonly name: SendResult["transport"];
  send(email: OutgoingEmail): Promise<SendResult>;
  close(): Promise<void>;
}
