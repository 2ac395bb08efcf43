import type { RenderedEmail } from "../templates.ts";

export interface OutgoingEmail extends RenderedEmail {
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
  constructor(message: string, permanent: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.permanent = permanent;
  }
}

export interface MailTransport {
  readonly name: SendResult["transport"];
  send(email: OutgoingEmail): Promise<SendResult>;
  close(): Promise<void>;
}
