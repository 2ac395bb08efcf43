import type { IncomingMessage } from "node:http";
import { createServer } from "node:http";

export interface ReceivedResendCall {
  readonly authorization: string | undefined;
  readonly idempotencyKey: string | undefined;
  readonly body: Record<string, unknown>;
}

export interface FakeResend {
  /** Base URL to give the Resend client (RESEND_BASE_URL). */
  readonly url: string;
  readonly received: ReceivedResendCall[];
  /** Distinct messages delivered (one per idempotency key). */
  deliveries(): number;
  /** The statuses to answer next, in turn (then 200). */
  answer(statuses: number[]): void;
  /** The statuses to answer, in turn, to messages for `recipient` only (then 200). */
  answerFor(recipient: string, statuses: number[]): void;
  /** Deliver at once but answer only after `ms`: a sender can die between the two. */
  delayAnswers(ms: number): void;
  stop(): Promise<void>;
}

/**
 * A local stand-in for Resend's `POST /emails` on 127.0.0.1 (we cannot reach the real one): it
 * answers scripted statuses with Resend's error body, and like Resend delivers an Idempotency-Key
 * once, answering repeats with the same id.
 */
export async function startFakeResend(): Promise<FakeResend> {
  const received: ReceivedResendCall[] = [];
  const delivered = new Map<string, string>();
  let script: number[] = [];
  const scriptFor = new Map<string, number[]>();
  let answerDelayMs = 0;
  const server = createServer((request: IncomingMessage, response) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => {
      raw += chunk.toString();
    });
    request.on("end", () => {
      const key = request.headers["idempotency-key"] as string | undefined;
      const body = JSON.parse(raw) as Record<string, unknown>;
      received.push({ authorization: request.headers.authorization, idempotencyKey: key, body });
      const own = scriptFor.get(String(body.to));
      const status = (own && own.length > 0 ? own.shift() : script.shift()) ?? 200;
      response.setHeader("content-type", "application/json");
      if (status !== 200) {
        response.statusCode = status;
        const name = status === 422 ? "validation_error" : "internal_server_error";
        response.end(JSON.stringify({ statusCode: status, name, message: `scripted ${status}` }));
        return;
      }
      const id = (key && delivered.get(key)) ?? `msg_${delivered.size + 1}`;
      if (key) delivered.set(key, id);
      const reply = () => {
        if (!response.destroyed) response.end(JSON.stringify({ id }));
      };
      if (answerDelayMs > 0) setTimeout(reply, answerDelayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    deliveries: () => delivered.size,
    answer: (statuses) => {
      script = [...statuses];
    },
    answerFor: (recipient, statuses) => {
      scriptFor.set(recipient, [...statuses]);
    },
    delayAnswers: (ms) => {
      answerDelayMs = ms;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
