import type { Config } from "@govconnect/config";
import type { ServiceInfo } from "./layout.tsx";
import { renderEmail } from "./templates.ts";
import { createOutboxTransport } from "./transports/outbox.ts";
import { createResendTransport } from "./transports/resend.ts";
import { createSmtpTransport } from "./transports/smtp.ts";
import type { MailTransport, SendResult } from "./transports/transport.ts";

export interface Mailer {
  readonly transport: MailTransport["name"];
  /** Renders a stored email and sends it; the rendered parts come back for the delivery log. */
  send(email: {
    readonly id: string;
    readonly template: string;
    readonly props: unknown;
    readonly to: string;
  }): Promise<SendResult & { readonly subject: string; readonly html: string; readonly text: string }>;
  close(): Promise<void>;
}

/** The transport the configuration names (MAIL_TRANSPORT); the config schema guarantees its settings. */
export function createMailer(mail: Config["mail"], transport?: MailTransport): Mailer {
  const chosen = transport ?? transportFor(mail);
  const service: ServiceInfo = { url: mail.publicUrl, supportEmail: addressOf(mail.from) };
  return {
    transport: chosen.name,
    async send(email) {
      const rendered = await renderEmail(email.template, email.props, service);
      const result = await chosen.send({
        ...rendered,
        to: email.to,
        from: mail.from,
        idempotencyKey: `email/${email.id}`,
      });
      return { ...result, ...rendered };
    },
    close: () => chosen.close(),
  };
}

function transportFor(mail: Config["mail"]): MailTransport {
  switch (mail.transport) {
    case "smtp":
      return createSmtpTransport({
        host: mail.smtp.host ?? "",
        port: mail.smtp.port,
        startTls: mail.smtp.startTls,
        tls: mail.smtp.tls,
        username: mail.smtp.username ?? "",
        password: mail.smtp.password ?? "",
      });
    case "resend":
      return createResendTransport({
        apiKey: mail.resendApiKey ?? "",
        baseUrl: mail.resendBaseUrl,
        timeoutMs: mail.resendTimeoutMs,
      });
    default:
      return createOutboxTransport();
  }
}

/** "GovConnect <no-reply@x.gov>" → "no-reply@x.gov". */
function addressOf(sender: string): string {
  return /<([^>]+)>/.exec(sender)?.[1] ?? sender;
}
