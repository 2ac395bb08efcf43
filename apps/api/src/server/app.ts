import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppDeps, AppRouter } from "@govconnect/router";
import { appRouter } from "@govconnect/router";
import type { FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";
import { fastifyTRPCPlugin } from "@trpc/server/adapters/fastify";
import type {
  FastifyBaseLogger,
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawServerDefault,
} from "fastify";
import Fastify from "fastify";
import { registerAppointmentFiles } from "../routes/appointment-files.ts";
import { registerAuditExport } from "../routes/audit-export.ts";
import { registerApiDocs } from "../routes/docs.ts";
import { registerHealthRoutes } from "../routes/health.ts";
import { registerQueueBoard } from "../routes/queue-board.ts";
import { registerRestRoutes } from "../routes/rest.ts";
import { registerSpa } from "../routes/spa.ts";
import { contextFor } from "./http-context.ts";
import { acceptJsonBodiesOnly, boundTrpcBodies, registerErrorHandling } from "./http-errors.ts";
import type { HttpLayerOptions } from "./http-layer.ts";
import { layerHeaders, registerHttpLayer, requestIdOf } from "./http-layer.ts";
import { chargeBeforeTheBody } from "./request-budget.ts";
import { refuseCrossSiteWrites } from "./same-origin.ts";

export interface ApiOptions extends HttpLayerOptions {
  readonly trustProxy: readonly string[] | number | false;
  readonly dashboardDist: string;
  /** BullMQ key prefix, for the queue board. */
  readonly queuePrefix: string;
  /** How long a client may take to send a whole request (HTTP_REQUEST_TIMEOUT_MS); 30 s by default. */
  readonly requestTimeoutMs?: number;
}

/**
 * JSON bodies above this are refused with 413 (OWASP: bound every input). The largest real input,
 * a 100-sample metrics task or a tRPC batch of 20 calls, is a fraction of it; 1 MiB let one body
 * hold the event loop for a second (security review M3).
 */
export const BODY_LIMIT = 64 * 1024;
/** Most calls one tRPC batch request may carry. */
export const MAX_BATCH_SIZE = 20;

/** Fastify's form of TRUST_PROXY: a list of proxies, or "the first N hops". */
function trustProxyOption(
  trusted: ApiOptions["trustProxy"],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (trusted === false) return false;
  if (typeof trusted === "number") return (_address, hop) => hop < trusted;
  return trusted.slice();
}

/**
 * A malformed address (`/api/tasks/%`) is refused by Fastify before any hook runs: answered here
 * in the API's own shape and with the headers every other answer carries (security review I2).
 */
function answerFrameworkError(headers: Readonly<Record<string, string>>) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    reply.headers(headers).header("x-request-id", request.id);
    if (error.code === "FST_ERR_BAD_URL") {
      void reply.code(400).send({ error: "The address is not valid: a % must begin an escape such as %20" });
      return;
    }
    request.log.error({ err: error }, "request failed");
    void reply.code(500).send({ error: "Internal server error" });
  };
}

/** Builds the HTTP server around already-open dependencies; `main.ts` opens them and listens. */
export async function buildApi(deps: AppDeps, options: ApiOptions): Promise<FastifyInstance> {
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const app = Fastify<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger>({
    loggerInstance: deps.logger,
    bodyLimit: BODY_LIMIT,
    requestTimeout,
    // Node enforces the request timeout only when it sweeps its connections, every 30 s by
    // default, and cuts a request whose headers never finish (slowloris) at `headersTimeout`,
    // which stays at 60 s unless given here: Fastify sets `requestTimeout` after creating the
    // server. So both are given to the server itself, with a sweep every second at most.
    http: {
      requestTimeout,
      headersTimeout: requestTimeout,
      connectionsCheckingInterval: Math.min(1_000, Math.max(100, Math.floor(requestTimeout / 10))),
    },
    // Idle sockets (no bytes at all) are closed after this long, whatever the request timeout.
    connectionTimeout: 10_000,
    trustProxy: trustProxyOption(options.trustProxy),
    routerOptions: { maxParamLength: 500 },
    genReqId: requestIdOf,
    frameworkErrors: answerFrameworkError(layerHeaders(options)),
  });
  registerErrorHandling(app, BODY_LIMIT);
  await registerHttpLayer(app, options);
  refuseCrossSiteWrites(app, options.corsOrigins);
  chargeBeforeTheBody(app, deps.auth);
  acceptJsonBodiesOnly(app);
  boundTrpcBodies(app);

  // A live stream (server-sent events) may be quiet for longer than the idle timeout between its
  // pings: it is not idle, so its socket is exempt. After the response, keep-alive timing applies.
  // Synchronous: it runs on every request, and an async hook costs a promise each time.
  app.addHook("onRequest", (request, _reply, done) => {
    if (request.url.startsWith("/trpc/") && request.headers.accept?.includes("text/event-stream")) {
      request.raw.socket.setTimeout(0);
    }
    done();
  });
  const cookies = { secureCookies: options.production };
  await app.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: {
      router: appRouter,
      createContext: ({ req, res }) => contextFor(deps, req, res, cookies),
      maxBatchSize: MAX_BATCH_SIZE,
    } satisfies FastifyTRPCPluginOptions<AppRouter>["trpcOptions"],
  });

  // Open event streams would hold the server open: end them when it starts closing.
  app.addHook("preClose", async () => {
    deps.taskEvents.endStreams();
    deps.dashboard.endStreams();
  });
  registerHealthRoutes(app, deps);
  registerRestRoutes(app, deps, cookies);
  registerAuditExport(app, deps, cookies);
  registerAppointmentFiles(app, deps, cookies);
  registerApiDocs(app);
  const boardQueue = await registerQueueBoard(app, { auth: deps.auth, redis: deps.redis, prefix: options.queuePrefix });
  app.addHook("onClose", () => boardQueue.close());
  await registerSpa(app, options.dashboardDist, { serveSourceMaps: !options.production });
  return app;
}
