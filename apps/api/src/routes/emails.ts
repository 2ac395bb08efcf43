import type { AppDeps } from "@govconnect/router";
import type { FastifyInstance } from "fastify";
import { asProcedureInput, queryInput, registerRestRoute } from "../rest.ts";

/** The email delivery log for admins: list (`?status=failed&limit=20&before=<id>`) and re-send. */
export function registerEmailRoutes(app: FastifyInstance, deps: AppDeps, options: { readonly secureCookies: boolean }) {
  const route = registerRestRoute.bind(null, app, deps, options);
  route({
    method: "GET",
    url: "/api/admin/emails",
    handle: (caller, request) => caller.emails.list(queryInput(request.query, { numeric: ["limit"] })),
  });
  route({
    method: "POST",
    url: "/api/admin/emails/:id/resend",
    handle: (caller, request) => caller.emails.resend(asProcedureInput(request.params)),
  });
}
