import type { AppDeps } from "@govconnect/router";
import type { FastifyInstance } from "fastify";
import { asProcedureInput, registerRestRoute } from "../rest.ts";

/** The seed's task endpoints: submit (202) and status by id. */
export function registerTaskRoutes(app: FastifyInstance, deps: AppDeps, options: { readonly secureCookies: boolean }) {
  const route = registerRestRoute.bind(null, app, deps, options);
  route({
    method: "POST",
    url: "/api/tasks/submit",
    status: 202,
    handle: (caller, request) => caller.tasks.submit(asProcedureInput(request.body)),
  });
  route({
    method: "GET",
    url: "/api/tasks/:taskId",
    handle: (caller, request) => caller.tasks.byId(asProcedureInput(request.params)),
  });
}
