import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import cookie from "@fastify/cookie";
import cors from "@fastify/cors";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { carriesSessionCookie, isApiPath } from "./request-kind.ts";
import { securityHeaders } from "./security-headers.ts";

export interface HttpLayerOptions {
  readonly production: boolean;
  /** Origins allowed to call the API from a browser; same-origin needs no entry. */
  readonly corsOrigins: readonly string[];
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/** A caller's own request id is kept when it is a plain token, so logs correlate across services. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers["x-request-id"];
  return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
}

/** helmet's headers for these options, worked out once: every reply carries them, errors included. */
export function layerHeaders(options: HttpLayerOptions): Readonly<Record<string, string>> {
  return securityHeaders({
    hsts: options.production,
    contentSecurityPolicy: {
      directives: {
        // Plain http://localhost in development must not be upgraded to https.
        upgradeInsecureRequests: options.production ? [] : null,
      },
    },
  });
}

/**
 * An API request made with credentials (a Bearer token or the session cookie): its answer is
 * someone's own data, which no browser or proxy cache may keep (security review I3).
 */
const isPersonal = (request: FastifyRequest) =>
  isApiPath(request.url) && (request.headers.authorization !== undefined || carriesSessionCookie(request));

/** A `Vary` list with Origin in it (once). */
const withOrigin = (vary: string) =>
  /(^|,)\s*origin\s*(,|$)/i.test(vary) ? vary : vary.trim() ? `${vary}, Origin` : "Origin";

/**
 * What every response of the API passes through, whatever its route: the request id echoed,
 * security headers (helmet's, computed once), `Cache-Control: no-store` on personal answers, CORS
 * from the allowlist (its `Vary: Origin` kept, whatever a route sets), cookies parsed. The
 * benchmarks' baseline registers the same, to tell its cost from the routes' own.
 */
export async function registerHttpLayer(app: FastifyInstance, options: HttpLayerOptions): Promise<void> {
  const headers = layerHeaders(options);
  // One synchronous hook for what every reply carries: cheaper per request than a hook apiece.
  app.addHook("onRequest", (request, reply, done) => {
    reply.headers(headers);
    reply.header("x-request-id", request.id);
    if (isPersonal(request)) reply.header("cache-control", "no-store");
    done();
  });
  await app.register(cors, {
    origin: [...options.corsOrigins],
    credentials: true,
    methods: ["GET", "POST", "PUT", "DELETE"],
    maxAge: 600,
  });
  // The answer depends on the caller's Origin (CORS), so caches must key on it. tRPC's adapter
  // answers with a fetch Response whose own `Vary` replaces the one CORS set: Origin is put back
  // in whichever the reply will send (security review I3).
  app.addHook("onSend", (_request, reply, payload, done) => {
    if (payload instanceof Response) {
      payload.headers.set("vary", withOrigin(payload.headers.get("vary") ?? ""));
    } else {
      const vary = reply.getHeader("vary");
      reply.header("vary", withOrigin(Array.isArray(vary) ? vary.join(", ") : String(vary ?? "")));
    }
    done(null, payload);
  });
  await app.register(cookie);
}
