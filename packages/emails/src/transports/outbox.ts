import type { MailTransport } from "./transport.ts";

/**
 * Development: nothing leaves the machine. The worker stores the rendered email with its outbox
 * row, and the dashboard lists it as the recipient would see it.
 */
export function createOutboxTransport(): MailTransport {
  return {
    name: "outbox",
    send: async () => ({ transport: "outbox", messageId: null }),
    close: async () => undefined,
  };
}
