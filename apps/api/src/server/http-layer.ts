import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import cookie from "@fastify/cookie";
import cors from "@fastify/cors";
import type { FastifyInstance } from "fastify";
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

/**
 * What every response of the API passes through, whatever its route: the request id echoed,
 * security headers (helmet's, computed once), CORS from the allowlist, cookies parsed. The benchmarks' baseline
 * registers the same, to tell its cost from the routes' own.
 */
export async function registerHttpLayer(app: FastifyInstance, options: HttpLayerOptions): Promise<void> {
  const headers = securityHeaders({
    hsts: options.production,
    contentSecurityPolicy: {
      directives: {
        // Plain http://localhost in development must not be upgraded to https.
        upgradeInsecureRequests: options.production ? [] : null,
      },
    },
  });
  // One synchronous hook for what every reply carries: cheaper per request than a hook apiece.
  app.addHook("onRequest", (request, reply, done) => {
    reply.headers(headers);
    reply.header("x-request-id", request.id);
    done();
  });
  await app.register(cors, {
    origin: [...options.corsOrigins],
    credentials: true,
    methods: ["GET", "POST", "PUT", "DELETE"],
    maxAge: 600,
  });
  await app.register(cookie);
}
