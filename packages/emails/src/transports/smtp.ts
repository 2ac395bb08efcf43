import nodemailer from "nodemailer";
import type { MailTransport } from "./transport.ts";
import { SendError } from "./transport.ts";

export interface SmtpOptions {
  readonly host: string;
  readonly port: number;
  /** STARTTLS required (587). */
  readonly startTls: boolean;
  /** Implicit TLS (465). */
  readonly tls: boolean;
  readonly username: string;
  readonly password: string;
  /** Extra trusted certificates (PEM), e.g. a private relay's CA. Public CAs are always trusted. */
  readonly ca?: string | undefined;
}

/**
 * SMTP through nodemailer (the seed's Gmail setup: smtp.gmail.com:587, STARTTLS, an app password).
 * TLS is required and verified. 4xx replies are temporary (retried); 5xx are permanent.
 */
export function createSmtpTransport(options: SmtpOptions): MailTransport {
  const transporter = nodemailer.createTransport({
    host: options.host,
    port: options.port,
    secure: options.tls,
    requireTLS: options.startTls,
    auth: { user: options.username, pass: options.password },
    tls: { minVersion: "TLSv1.2", ...(options.ca ? { ca: options.ca } : {}) },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    name: "smtp",
    async send(email) {
      try {
        const info = await transporter.sendMail({
          from: email.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          attachments: (email.attachments ?? []).map((file) => ({ ...file })),
          headers: { "X-GovConnect-Email-Id": email.idempotencyKey },
        });
        return { transport: "smtp", messageId: info.messageId ?? null };
      } catch (error) {
        const { responseCode } = error as { responseCode?: number };
        const permanent = typeof responseCode === "number" && responseCode >= 500;
        throw new SendError(`SMTP: ${(error as Error).message}`, permanent, { cause: error });
      }
    },
    close: async () => transporter.close(),
  };
}
