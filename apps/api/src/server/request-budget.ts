import { Readable } from "node:stream";
import type { Auth, RateDecision } from "@govconnect/auth";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { carriesBody, isApiPath, tokenOf } from "./request-kind.ts";

type Refusal = Extract<RateDecision, { allowed: false }>;

/** Requests the budget check refused, with the refusal their procedures answer with. */
const refused = new WeakMap<FastifyRequest, Refusal>();

/** The refusal the budget check made for `request`, if it made one (read when its context is built). */
export function refusalBeforeBody(request: FastifyRequest): Refusal | undefined {
  return refused.get(request);
}

/**
 * Nothing expensive happens before the caller has paid for it (security review M3): a request
 * that carries a body asks the rate limits first — the caller's window (its user's, known from the
 * token's signature, or its IP's) and its IP's total — and, when either is used up, its body is
 * never read: the request goes on with an empty one and every procedure it names answers 429 from
 * the refusal made here, in the shape its surface (REST or tRPC) always uses.
 */
export function chargeBeforeTheBody(app: FastifyInstance, auth: Auth): void {
  app.addHook("onRequest", async (request) => {
    if (!carriesBody(request.method) || !isApiPath(request.url)) return;
    const token = tokenOf(request);
    const userId = token === undefined ? undefined : (auth.tokens.verify(token)?.userId ?? undefined);
    try {
      const decision = await auth.limits.peek({ userId, ip: request.ip });
      if (!decision.allowed) refused.set(request, decision);
    } catch (error) {
      // Redis is away: the procedure's own limit answers 503 for it.
      request.log.warn({ err: error }, "rate limit not checked before the body");
    }
  });
  app.addHook("preParsing", (request, _reply, payload, done) => {
    if (!refused.has(request)) {
      done(null, payload);
      return;
    }
    // Fastify checks the bytes it read against Content-Length: the unread body counts as read.
    const nothing = Object.assign(Readable.from([]), {
      receivedEncodedLength: Number(request.headers["content-length"] ?? 0),
    });
    done(null, nothing);
  });
}
