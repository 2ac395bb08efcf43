import type { AppDeps } from "@govconnect/router";
import type { FastifyInstance } from "fastify";
import { asProcedureInput, queryInput, registerRestRoute } from "../rest.ts";

/** Alerts at the original system's paths: list (signed in), create and deactivate (admins), plus acknowledge. */
export function registerAlertRoutes(app: FastifyInstance, deps: AppDeps, options: { readonly secureCookies: boolean }) {
  const route = registerRestRoute.bind(null, app, deps, options);
  route({
    method: "GET",
    url: "/api/alerts",
    handle: (caller, request) => caller.alerts.list(queryInput(request.query, { numeric: ["limit"] })),
  });
  route({
    method: "POST",
    url: "/api/alerts",
    status: 201,
    handle: (caller, request) => caller.alerts.create(asProcedureInput(request.body)),
  });
  route({
    method: "POST",
    url: "/api/alerts/:id/acknowledge",
    handle: (caller, request) => caller.alerts.acknowledge(asProcedureInput(request.params)),
  });
  route({
    method: "POST",
    url: "/api/alerts/:id/resolve",
    handle: (caller, request) => caller.alerts.resolve(asProcedureInput(request.params)),
  });
  // The original's "deactivate": the alert is resolved, and kept.
  route({
    method: "DELETE",
    url: "/api/alerts/:id",
    handle: (caller, request) => caller.alerts.resolve(asProcedureInput(request.params)),
  });
}
