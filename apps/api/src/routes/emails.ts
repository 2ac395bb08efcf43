import type { AppDeps } from "@govconnect/router";
import type { FastifyInstance } from "fastify";
import { asProcedureInput, registerRestRoute } from "../rest.ts";

/** The email delivery log for admins: list (`?status=failed&limit=20&before=<id>`) and re-send. */
export function registerEmailRoutes(app: FastifyInstance, deps: AppDeps, options: { readonly secureCookies: boolean }) {
  const route = registerRestRoute.bind(null, app, deps, options);
  route({
    method: "GET",
    url: "/api/admin/emails",
    handle: (caller, request) => {
      const query = request.query as Record<string, string | undefined>;
      return caller.emails.list(
        asProcedureInput({
          ...(query.limit !== undefined ? { limit: Number(query.limit) } : {}),
          ...(query.status !== undefined ? { status: query.status } : {}),
          ...(query.before !== undefined ? { before: query.before } : {}),
        }),
      );
    },
  });
  route({
    method: "POST",
    url: "/api/admin/emails/:id/resend",
    handle: (caller, request) => caller.emails.resend(asProcedureInput(request.params)),
  });
}
