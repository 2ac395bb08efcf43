import type { AppDeps } from "@govconnect/router";
import { asTRPCError, createCaller, describeError } from "@govconnect/router";
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from "fastify";
import { contextFor } from "./http-context.ts";

export type Caller = ReturnType<typeof createCaller>;

export interface RestRouteOptions {
  readonly method: HTTPMethods;
  readonly url: string;
  /** Status of a success (the seed's contract: 201 for register, 202 for task submit…). */
  readonly status?: number;
  /** Calls the procedure behind the route, with the request's validation, auth and limits. */
  readonly handle: (caller: Caller, request: FastifyRequest) => Promise<unknown>;
}

/**
 * The seed's REST contract as thin routes over the tRPC procedures: the same validation, auth,
 * rate limits and errors, in the seed's JSON shapes — `{ "error": … }` (and `issues` for input).
 */
export function registerRestRoute(
  app: FastifyInstance,
  deps: AppDeps,
  options: { readonly secureCookies: boolean },
  route: RestRouteOptions,
): void {
  app.route({
    method: route.method,
    url: route.url,
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        const caller = createCaller(await contextFor(deps, request, reply, options));
        const body = await route.handle(caller, request);
        return reply.status(route.status ?? 200).send(body);
      } catch (error) {
        const described = describeError(asTRPCError(error));
        if (described.internal) request.log.error({ err: error }, "request failed");
        return reply
          .status(described.status)
          .send(
            described.issues ? { error: described.message, issues: described.issues } : { error: described.message },
          );
      }
    },
  });
}

/**
 * Hands a request's body (or path parameters) to a procedure as its input. Not a validation: the
 * procedure validates it (strictly, after authentication and rate limiting, exactly as for a tRPC
 * call), so the REST layer passes it through untouched instead of parsing it twice.
 */
export function asProcedureInput<Input>(raw: unknown): Input {
  return raw as Input;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A query string as a procedure's input: the keys in `numeric` become numbers (`?limit=20`); a
 * value that is not one stays as it is, so the procedure's validation names it. With `only`,
 * other keys are dropped, for parameters old clients send that mean nothing any more.
 */
export function queryInput<Input>(
  query: unknown,
  options: { readonly numeric?: readonly string[]; readonly only?: readonly string[] } = {},
): Input {
  if (!isRecord(query)) return asProcedureInput({});
  const input: Record<string, unknown> = options.only
    ? Object.fromEntries(Object.entries(query).filter(([key]) => options.only?.includes(key)))
    : { ...query };
  const numeric = options.numeric ?? [];
  for (const key of numeric) {
    const value = input[key];
    if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) input[key] = Number(value);
  }
  return asProcedureInput(input);
}

/**
 * A body plus path parameters as one input (`PUT /api/appointments/{id}` with `{status}`). The
 * path wins over a body key of the same name; a body that is not an object adds nothing.
 */
export function bodyWithParams<Input>(body: unknown, params: unknown): Input {
  return asProcedureInput({ ...(isRecord(body) ? body : {}), ...(isRecord(params) ? params : {}) });
}
