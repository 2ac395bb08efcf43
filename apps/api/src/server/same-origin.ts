import type { FastifyInstance, FastifyRequest } from "fastify";
import { carriesBody, carriesSessionCookie } from "./request-kind.ts";

/** Fetch Metadata's word for a request from a page of the same origin, or one the person made themself. */
const OWN_SITE = new Set(["same-origin", "none"]);

export const CROSS_SITE_REFUSED =
  "Refused: a request that changes something, sent with the session cookie, must come from GovConnect's own pages " +
  "(Sec-Fetch-Site: same-origin, or an Origin on CORS_ORIGINS). Other services authenticate with Authorization: Bearer";

/**
 * Whether a request may change something with the session cookie: yes when a Bearer token carries
 * it instead (a page cannot make a browser send one), when the browser says it came from our own
 * origin (Fetch Metadata, else `Origin`), or when it says nothing of either (not a browser: curl, a
 * service). A page on a sibling subdomain or another port of the same host is same-*site*, so
 * SameSite=Lax lets the cookie ride along: only this check stops its body-less POST to
 * `/api/alerts/:id/resolve` (security review L1).
 */
function mayWriteWithCookie(request: FastifyRequest, allowedOrigins: ReadonlySet<string>): boolean {
  if (request.headers.authorization !== undefined) return true;
  if (!carriesSessionCookie(request)) return true;
  const site = request.headers["sec-fetch-site"];
  const origin = request.headers.origin;
  if (typeof site === "string" && OWN_SITE.has(site)) return true;
  if (typeof origin === "string")
    return origin === `${request.protocol}://${request.host}` || allowedOrigins.has(origin);
  return site === undefined;
}

/** Refuses (403, before the body is read) a cookie-authenticated write that another site's page sent. */
export function refuseCrossSiteWrites(app: FastifyInstance, corsOrigins: readonly string[]): void {
  const allowed = new Set(corsOrigins);
  app.addHook("onRequest", (request, reply, done) => {
    if (!carriesBody(request.method) || mayWriteWithCookie(request, allowed)) {
      done();
      return;
    }
    void reply.code(403).send({ error: CROSS_SITE_REFUSED });
  });
}
