import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:http";

/** What the stand-in did with a call. */
export type ResendOutcome = "delivered" | "server-error" | "timeout" | "rate-limited" | "scripted-error" | "key-reused";

export interface ReceivedResendCall {
  readonly authorization: string | undefined;
  readonly idempotencyKey: string | undefined;
  readonly body: Record<string, unknown>;
  /** When the call arrived (`Date.now()`). */
  readonly at: number;
  readonly outcome: ResendOutcome;
}

/** One message the stand-in delivered: one per idempotency key, however often it was sent. */
export interface ResendDelivery {
  readonly id: string;
  readonly to: string;
  /** Calls that carried this key and were taken for delivery (the first, and every repeat). */
  readonly acceptedCalls: number;
}

/**
 * A provider in trouble, drawn per call from a seeded generator (so a run can be replayed): the
 * rest of the calls are delivered normally. Shares are of all calls, 0 to 1 together.
 */
export interface Misbehaviour {
  /** Answered 500 or 503 with Resend's error body; nothing delivered. */
  readonly serverErrors?: number;
  /**
   * Delivered, but the answer never comes (or only after `hangMs`): the sender cannot tell
   * whether the email went out — the worst case for duplicates.
   */
  readonly timeouts?: number;
  /** Answered 429 `rate_limit_exceeded` with `retry-after: retryAfterSeconds`; nothing delivered. */
  readonly rateLimited?: number;
  /** The 429s' `retry-after`, in seconds (default 1). */
  readonly retryAfterSeconds?: number;
  /** How late a "timeout" answers; by default never (until the stand-in stops). */
  readonly hangMs?: number;
  readonly seed: number;
}

export interface ResendCounts {
  readonly calls: number;
  readonly delivered: number;
  readonly serverErrors: number;
  readonly timeouts: number;
  readonly rateLimited: number;
  readonly scriptedErrors: number;
}

export interface FakeResend {
  /** Base URL to give the Resend client (RESEND_BASE_URL). */
  readonly url: string;
  readonly received: ReceivedResendCall[];
  /** Distinct messages delivered (one per idempotency key). */
  deliveries(): number;
  /** The messages delivered, by idempotency key (calls without a key are delivered under `no-key/<n>`). */
  delivered(): ReadonlyMap<string, ResendDelivery>;
  /** How many calls came, and what was done with them. */
  counts(): ResendCounts;
  /** The statuses to answer next, in turn (then 200). */
  answer(statuses: number[]): void;
  /**
   * The statuses to answer, in turn, to messages for `recipient` only (then 200); with `subject`,
   * only to its messages of that subject (one address can receive several emails at once).
   */
  answerFor(recipient: string, statuses: number[], subject?: string): void;
  /** Deliver at once but answer only after `ms`: a sender can die between the two. */
  delayAnswers(ms: number): void;
  /** From now on, fail calls at random as `misbehaviour` says; `undefined` behaves again. */
  misbehave(misbehaviour: Misbehaviour | undefined): void;
  stop(): Promise<void>;
}

/** mulberry32: a tiny seeded generator, so a misbehaving run can be replayed with its seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Resend's error bodies (https://resend.com/docs/api-reference/errors). */
function errorBody(status: number): { statusCode: number; name: string; message: string } {
  if (status === 429) {
    return {
      statusCode: 429,
      name: "rate_limit_exceeded",
      message:
        "Too many requests. You can only make 2 requests per second. See rate limit response headers for more information.",
    };
  }
  if (status === 422) return { statusCode: 422, name: "validation_error", message: `scripted ${status}` };
  if (status === 409) return { statusCode: 409, name: "concurrent_idempotent_requests", message: `scripted ${status}` };
  if (status >= 500) return { statusCode: status, name: "internal_server_error", message: `scripted ${status}` };
  return { statusCode: status, name: "application_error", message: `scripted ${status}` };
}

/**
 * A local stand-in for Resend's `POST /emails` on 127.0.0.1 (we cannot reach the real one): it
 * answers scripted statuses with Resend's error body, and like Resend delivers an Idempotency-Key
 * once, answering repeats with the same id. {@link FakeResend.misbehave} makes it fail at random.
 */
export async function startFakeResend(): Promise<FakeResend> {
  const received: ReceivedResendCall[] = [];
  const delivered = new Map<string, ResendDelivery>();
  let script: number[] = [];
  const scriptFor = new Map<string, number[]>();
  let answerDelayMs = 0;
  let trouble: { readonly misbehaviour: Misbehaviour; readonly random: () => number } | undefined;
  const counts = { calls: 0, delivered: 0, serverErrors: 0, timeouts: 0, rateLimited: 0, scriptedErrors: 0 };

  const sendError = (response: ServerResponse, status: number, headers: Record<string, string> = {}) => {
    response.statusCode = status;
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.end(JSON.stringify(errorBody(status)));
  };
  /** Takes the message (once per key) and returns its id. */
  const deliver = (key: string | undefined, to: string): string => {
    const known = key === undefined ? undefined : delivered.get(key);
    const id = known?.id ?? `msg_${delivered.size + 1}`;
    delivered.set(key ?? `no-key/${delivered.size + 1}`, { id, to, acceptedCalls: (known?.acceptedCalls ?? 0) + 1 });
    return id;
  };
  /** What to do with the next call: a scripted status first, then the misbehaviour's draw. */
  const scriptKey = (to: string, subject?: string) => (subject === undefined ? to : `${to}\n${subject}`);
  const decide = (to: string, subject: string | undefined): { outcome: ResendOutcome; status: number } => {
    const bySubject = scriptFor.get(scriptKey(to, subject));
    const own = bySubject && bySubject.length > 0 ? bySubject : scriptFor.get(to);
    const scripted = own && own.length > 0 ? own.shift() : script.shift();
    if (scripted !== undefined && scripted !== 200) return { outcome: "scripted-error", status: scripted };
    if (scripted === undefined && trouble) {
      const { misbehaviour: m, random } = trouble;
      const draw = random();
      const serverErrors = m.serverErrors ?? 0;
      const timeouts = serverErrors + (m.timeouts ?? 0);
      const rateLimited = timeouts + (m.rateLimited ?? 0);
      if (draw < serverErrors) return { outcome: "server-error", status: random() < 0.5 ? 500 : 503 };
      if (draw < timeouts) return { outcome: "timeout", status: 200 };
      if (draw < rateLimited) return { outcome: "rate-limited", status: 429 };
    }
    return { outcome: "delivered", status: 200 };
  };

  const server = createServer((request: IncomingMessage, response) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => {
      raw += chunk.toString();
    });
    request.on("end", () => {
      const key = request.headers["idempotency-key"] as string | undefined;
      const body = JSON.parse(raw) as Record<string, unknown>;
      const to = String(body.to);
      // Like Resend: a key already used for another message is refused, whatever else happens.
      const reused = key !== undefined && delivered.has(key) && delivered.get(key)?.to !== to;
      const { outcome, status } = reused
        ? { outcome: "key-reused" as const, status: 409 }
        : decide(to, typeof body.subject === "string" ? body.subject : undefined);
      counts.calls += 1;
      received.push({
        authorization: request.headers.authorization,
        idempotencyKey: key,
        body,
        at: Date.now(),
        outcome,
      });
      response.setHeader("content-type", "application/json");
      switch (outcome) {
        case "scripted-error":
          counts.scriptedErrors += 1;
          sendError(response, status);
          return;
        case "key-reused":
          response.statusCode = 409;
          response.end(
            JSON.stringify({
              statusCode: 409,
              name: "invalid_idempotent_request",
              message: "Same idempotency key used with a different request payload.",
            }),
          );
          return;
        case "server-error":
          counts.serverErrors += 1;
          sendError(response, status);
          return;
        case "rate-limited": {
          counts.rateLimited += 1;
          const seconds = String(trouble?.misbehaviour.retryAfterSeconds ?? 1);
          sendError(response, 429, {
            "retry-after": seconds,
            "ratelimit-limit": "2",
            "ratelimit-remaining": "0",
            "ratelimit-reset": seconds,
          });
          return;
        }
        default:
          break;
      }
      const id = deliver(key, to);
      const reply = () => {
        if (!response.destroyed) response.end(JSON.stringify({ id }));
      };
      if (outcome === "timeout") {
        counts.timeouts += 1;
        // Delivered, and the answer is lost: never sent, or sent long after the sender gave up.
        const hangMs = trouble?.misbehaviour.hangMs;
        if (hangMs !== undefined) setTimeout(reply, hangMs).unref();
        return;
      }
      counts.delivered += 1;
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
    deliveries: () => new Set([...delivered.values()].map((message) => message.id)).size,
    delivered: () => delivered,
    counts: () => ({ ...counts }),
    answer: (statuses) => {
      script = [...statuses];
    },
    answerFor: (recipient, statuses, subject) => {
      scriptFor.set(scriptKey(recipient, subject), [...statuses]);
    },
    delayAnswers: (ms) => {
      answerDelayMs = ms;
    },
    misbehave: (misbehaviour) => {
      trouble = misbehaviour ? { misbehaviour, random: seededRandom(misbehaviour.seed) } : undefined;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
