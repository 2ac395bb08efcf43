import type { Readable } from "node:stream";
import type { AppDeps } from "@govconnect/router";
import { asTRPCError, createCaller, describeError } from "@govconnect/router";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { contextFor } from "../server/http-context.ts";
import type { InputSource, ProcedurePath, RestRoute } from "./rest-table.ts";
import { REST_ROUTES } from "./rest-table.ts";

export type Caller = ReturnType<typeof createCaller>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A request's parts as its procedure's input. Not a validation: the procedure validates it
 * (strictly, after authentication and rate limiting, exactly as for a tRPC call), so this only
 * arranges — query numbers as numbers, legacy names renamed — and never drops what it cannot place.
 */
export function procedureInput(
  source: InputSource,
  request: Pick<FastifyRequest, "body" | "query" | "params">,
): unknown {
  const params = isRecord(request.params) ? request.params : {};
  switch (source.from) {
    case "none":
      return undefined;
    case "params":
      return params;
    case "body": {
      const { rename } = source;
      if (!rename || !isRecord(request.body)) return request.body;
      return Object.fromEntries(Object.entries(request.body).map(([key, value]) => [rename[key] ?? key, value]));
    }
    case "params+body":
      // The path wins over a body key of the same name; a body that is not an object adds nothing.
      return { ...(isRecord(request.body) ? request.body : {}), ...params };
    case "params+bodyAs":
      return { ...params, [source.key]: request.body };
    case "query": {
      if (!isRecord(request.query)) return {};
      const { only, numeric = [] } = source;
      // `only`: parameters old clients send that mean nothing any more are dropped, not refused.
      const input: Record<string, unknown> = Object.fromEntries(
        Object.entries(request.query).filter(([key]) => !only || only.includes(key)),
      );
      for (const key of numeric) {
        const value = input[key];
        // A value that is not a number stays as it is, so the procedure's validation names it.
        if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
          input[key] = Number(value);
      }
      return input;
    }
  }
}

type AnyProcedureCall = (input: unknown) => Promise<unknown>;

/** The caller's procedure at a dotted path (`"appointments.book"`). */
export function procedureAt(caller: Caller, path: ProcedurePath): AnyProcedureCall {
  const [router, procedure] = path.split(".") as [string, string];
  // The paths are the router's own (ProcedurePath); each procedure validates its input itself.
  const routers = caller as unknown as Record<string, Record<string, AnyProcedureCall>>;
  const call = routers[router]?.[procedure];
  if (!call) throw new Error(`no procedure ${path}`);
  return call;
}

/**
 * Serves one REST route over its procedure: the same validation, auth, rate limits and errors,
 * in the seed's JSON shapes — `{ "error": … }` (and `issues` for input).
 */
function registerRestRoute(
  app: FastifyInstance,
  deps: AppDeps,
  options: { readonly secureCookies: boolean },
  route: RestRoute,
): void {
  app.route({
    method: route.method,
    url: route.url,
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        const caller = createCaller(await contextFor(deps, request, reply, options));
        const body = await procedureAt(caller, route.procedure)(procedureInput(route.input, request));
        return reply.status(route.status ?? 200).send(body);
      } catch (error) {
        return sendRestError(request, reply, error);
      }
    },
  });
}

/** A procedure's error in the seed's shape, `{ "error": … }` (and `issues` for input); 5xx logged. */
export function sendRestError(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const described = describeError(asTRPCError(error));
  if (described.internal) request.log.error({ err: error }, "request failed");
  return reply
    .status(described.status)
    .send(described.issues ? { error: described.message, issues: described.issues } : { error: described.message });
}

/** Every route of {@link REST_ROUTES}. */
export function registerRestRoutes(app: FastifyInstance, deps: AppDeps, options: { readonly secureCookies: boolean }) {
  for (const route of REST_ROUTES) registerRestRoute(app, deps, options, route);
}

/** Answers with a file to save (a CSV export, a calendar entry), never cached: it is someone's data. */
export function sendDownload(
  reply: FastifyReply,
  file: { readonly contentType: string; readonly filename: string; readonly body: string | Readable },
) {
  return reply
    .header("content-type", file.contentType)
    .header("content-disposition", `attachment; filename="${file.filename}"`)
    .header("cache-control", "no-store")
    .send(file.body);
}
