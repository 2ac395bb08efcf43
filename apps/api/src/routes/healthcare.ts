import type { AppDeps } from "@govconnect/router";
import type { FastifyInstance } from "fastify";
import { asProcedureInput, queryInput, registerRestRoute } from "../rest.ts";

/** Hospitals, at the original system's paths: public list and detail; staff create, update, deactivate. */
export function registerHealthcareRoutes(
  app: FastifyInstance,
  deps: AppDeps,
  options: { readonly secureCookies: boolean },
) {
  const route = registerRestRoute.bind(null, app, deps, options);
  route({
    method: "GET",
    url: "/api/healthcare/hospitals",
    handle: (caller, request) => caller.hospitals.list(queryInput(request.query)),
  });
  route({
    method: "GET",
    url: "/api/healthcare/hospitals/:id",
    handle: (caller, request) => caller.hospitals.byId(asProcedureInput(request.params)),
  });
  route({
    method: "POST",
    url: "/api/healthcare/hospitals",
    status: 201,
    handle: (caller, request) => caller.hospitals.create(asProcedureInput(request.body)),
  });
  route({
    method: "PUT",
    url: "/api/healthcare/hospitals/:id",
    handle: (caller, request) =>
      caller.hospitals.update(asProcedureInput({ id: (request.params as { id: string }).id, changes: request.body })),
  });
  route({
    method: "DELETE",
    url: "/api/healthcare/hospitals/:id",
    handle: (caller, request) => caller.hospitals.deactivate(asProcedureInput(request.params)),
  });
}
