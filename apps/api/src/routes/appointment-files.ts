import { Readable } from "node:stream";
import { appointmentQueueFilter, exportAppointmentQueueCsv, hospitalAddressLine } from "@govconnect/domain";
import { appointmentCalendar, calendarFileName } from "@govconnect/emails";
import type { AppDeps } from "@govconnect/router";
import { createCaller } from "@govconnect/router";
import type { FastifyInstance } from "fastify";
import { contextFor } from "../server/http-context.ts";
import { procedureAt, procedureInput, sendDownload, sendRestError } from "./rest.ts";

/** Where the staff work queue's CSV export is served (the dashboard links to it with its filters). */
export const APPOINTMENT_EXPORT_URL = "/api/appointments/export";
/** Where an appointment's calendar entry is served ("Add to calendar"). */
export const APPOINTMENT_CALENDAR_URL = "/api/appointments/:id/calendar";

/**
 * Files about appointments, each checked by a procedure first, so access, rate limit and
 * validation are those of the JSON routes:
 * - `GET /api/appointments/export`: the work queue's filtered list as CSV, streamed in batches
 *   (`appointments.exportFilter`, the filters of `appointments.queue`);
 * - `GET /api/appointments/{id}/calendar`: one appointment as an iCalendar file, for its patient
 *   or staff (`appointments.get`); the same entry the confirmation email carries.
 */
export function registerAppointmentFiles(
  app: FastifyInstance,
  deps: AppDeps,
  options: { readonly secureCookies: boolean },
) {
  app.get(APPOINTMENT_EXPORT_URL, async (request, reply) => {
    try {
      const ctx = await contextFor(deps, request, reply, options);
      const allowed = await procedureAt(
        createCaller(ctx),
        "appointments.exportFilter",
      )(procedureInput({ from: "query" }, request));
      // The procedure validated it already; parsing its output again gives it its type.
      const filter = appointmentQueueFilter.parse(allowed);
      const day = new Date().toISOString().slice(0, 10);
      return sendDownload(reply, {
        contentType: "text/csv; charset=utf-8",
        filename: `appointments-${day}.csv`,
        body: Readable.from(exportAppointmentQueueCsv(ctx.db, filter)),
      });
    } catch (error) {
      return sendRestError(request, reply, error);
    }
  });

  app.get(APPOINTMENT_CALENDAR_URL, async (request, reply) => {
    try {
      const ctx = await contextFor(deps, request, reply, options);
      const { id } = request.params as { id: string };
      const { appointment, hospital } = await createCaller(ctx).appointments.get({ id });
      const calendar = appointmentCalendar({
        reference: appointment.reference,
        hospitalName: hospital.name,
        hospitalAddress: hospitalAddressLine(hospital),
        department: appointment.department,
        date: appointment.appointmentDate,
        time: appointment.appointmentTime,
        doctorName: appointment.doctorName ?? undefined,
      });
      return sendDownload(reply, {
        contentType: "text/calendar; charset=utf-8",
        filename: calendarFileName(appointment.reference),
        body: calendar,
      });
    } catch (error) {
      return sendRestError(request, reply, error);
    }
  });
}
