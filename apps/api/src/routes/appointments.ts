import type { AppDeps } from "@govconnect/router";
import type { FastifyInstance } from "fastify";
import { asProcedureInput, bodyWithParams, queryInput, registerRestRoute } from "../rest.ts";

/**
 * Appointments at the original system's paths and shapes, with its holes closed: "my"
 * appointments are the signed-in user's (never found by an `?email=`), and only healthcare staff
 * list everyone's or confirm and complete.
 */
export function registerAppointmentRoutes(
  app: FastifyInstance,
  deps: AppDeps,
  options: { readonly secureCookies: boolean },
) {
  const route = registerRestRoute.bind(null, app, deps, options);
  route({
    method: "POST",
    url: "/api/appointments",
    status: 201,
    handle: (caller, request) => caller.appointments.book(asProcedureInput(request.body)),
  });
  route({
    method: "GET",
    url: "/api/appointments",
    handle: (caller, request) => caller.appointments.list(queryInput(request.query, { numeric: ["limit"] })),
  });
  route({
    method: "GET",
    url: "/api/appointments/my",
    // The original client sends `?email=`; it is ignored: "mine" is always the signed-in user's.
    handle: (caller, request) =>
      caller.appointments.mine(queryInput(request.query, { numeric: ["limit"], only: ["limit", "cursor"] })),
  });
  route({
    method: "GET",
    url: "/api/appointments/slots",
    handle: (caller, request) => caller.appointments.takenSlots(queryInput(request.query)),
  });
  route({
    method: "PUT",
    url: "/api/appointments/:id",
    handle: (caller, request) => caller.appointments.updateStatus(bodyWithParams(request.body, request.params)),
  });
  route({
    method: "GET",
    url: "/api/appointments/:id/history",
    handle: (caller, request) => caller.appointments.history(asProcedureInput(request.params)),
  });
}
