import type { FastifyError, FastifyInstance } from "fastify";
import secureJson from "secure-json-parse";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "./json-depth.ts";

/** The refusal of a body that nests too deeply, before it is parsed. */
const tooDeep = () =>
  Object.assign(new Error(`Request body nests too deeply: at most ${MAX_JSON_DEPTH} levels of arrays and objects`), {
    statusCode: 400,
    code: "GC_JSON_TOO_DEEP",
  });

/**
 * Every error the REST side answers has the seed's shape, `{ "error": "<message>" }`. Client
 * mistakes keep their message; server faults are logged with the request id and answered with a
 * generic message — never a stack trace or an internal detail.
 */
export function registerErrorHandling(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, "request failed");
      return reply.status(status).send({ error: "Internal server error" });
    }
    const message =
      error.code === "FST_ERR_CTP_BODY_TOO_LARGE"
        ? `Request body is too large: the limit is ${Math.round(bodyLimit / 1024)} KiB`
        : error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE"
          ? "Unsupported content type: send application/json"
          : error.code === "FST_ERR_CTP_INVALID_JSON_BODY" || error.code === "FST_ERR_CTP_EMPTY_JSON_BODY"
            ? "Request body is not valid JSON"
            : error.message;
    return reply.status(status).send({ error: message });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: `No route ${request.method} ${request.url.split("?")[0]}` }),
  );
}

/**
 * Request bodies are JSON only — any other content type is 415, so no cross-site form (text/plain,
 * urlencoded) reaches a route. Parsed as Fastify does (prototype-poisoning keys refused), except
 * that an empty body is no body: the original system's clients POST to /api/auth/logout with a
 * JSON content type and nothing in it.
 */
export function acceptJsonBodiesOnly(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    if (body === "") return done(null, undefined);
    if (nestsDeeperThan(body as string, MAX_JSON_DEPTH)) return done(tooDeep(), undefined);
    try {
      done(null, secureJson.parse(body as string, undefined, { protoAction: "error", constructorAction: "error" }));
    } catch {
      done(
        Object.assign(new Error("Request body is not valid JSON"), {
          statusCode: 400,
          code: "FST_ERR_CTP_INVALID_JSON_BODY",
        }),
        undefined,
      );
    }
  });
}

/**
 * tRPC's plugin takes `/trpc` bodies as text and parses them itself: the same depth bound is
 * checked on that text first, before tRPC's parser sees it.
 */
export function boundTrpcBodies(app: FastifyInstance): void {
  app.addHook("preValidation", (request, _reply, done) => {
    if (typeof request.body === "string" && nestsDeeperThan(request.body, MAX_JSON_DEPTH)) return done(tooDeep());
    done();
  });
}
