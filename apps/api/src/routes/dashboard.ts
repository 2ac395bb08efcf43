import type { AppDeps } from "@govconnect/router";
import type { FastifyInstance } from "fastify";
import { queryInput, registerRestRoute } from "../rest.ts";

/** The seed's dashboard metrics, and one metric's time series for charts. */
export function registerDashboardRoutes(
  app: FastifyInstance,
  deps: AppDeps,
  options: { readonly secureCookies: boolean },
) {
  const route = registerRestRoute.bind(null, app, deps, options);
  route({ method: "GET", url: "/api/dashboard/metrics", handle: (caller) => caller.dashboard.metrics() });
  route({
    method: "GET",
    url: "/api/dashboard/series",
    handle: (caller, request) => caller.dashboard.series(queryInput(request.query)),
  });
}
