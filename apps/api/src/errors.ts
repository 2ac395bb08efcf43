import type { FastifyError, FastifyInstance } from "fastify";

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
