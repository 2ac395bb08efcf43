import type { Actor } from "@govconnect/contracts";
import { AppError, isHealthcareStaff } from "@govconnect/contracts";
import type { Database } from "@govconnect/db";
import { appointmentEvents, appointments, hospitals } from "@govconnect/db";
import type { SQL } from "drizzle-orm";
import { and, asc, desc, eq, gte, lte, ne } from "drizzle-orm";
import type { Page } from "../shared/pagination.ts";
import { decodeCursor, isUuid, olderThan, toPage } from "../shared/pagination.ts";
import type { AllAppointmentsInput, AppointmentView, MyAppointmentsInput, TakenSlotsInput } from "./schema.ts";
import { toAppointmentView } from "./schema.ts";

export const appointmentNotFound = () => new AppError("NOT_FOUND", "Appointment not found");

/** The signed-in user's own appointments, newest booking first. */
export async function listMyAppointments(
  db: Database,
  actor: Actor,
  input: MyAppointmentsInput,
): Promise<Page<AppointmentView>> {
  return appointmentPage(db, eq(appointments.bookedBy, actor.userId), input);
}

/** A newest-booking-first page of the appointments matching `filter`, with their hospitals' names. */
async function appointmentPage(
  db: Database,
  filter: SQL | undefined,
  page: { readonly limit: number; readonly cursor?: string | undefined },
): Promise<Page<AppointmentView>> {
  const rows = await db
    .select({ appointment: appointments, hospitalName: hospitals.name })
    .from(appointments)
    .innerJoin(hospitals, eq(hospitals.id, appointments.hospitalId))
    .where(and(filter, olderThan(appointments.createdAt, appointments.id, decodeCursor(page.cursor))))
    .orderBy(desc(appointments.createdAt), desc(appointments.id))
    .limit(page.limit + 1);
  return toPage(
    rows.map((row) => ({ ...row, createdAt: row.appointment.createdAt, id: row.appointment.id })),
    page.limit,
    (row) => toAppointmentView(row.appointment, row.hospitalName),
  );
}

/** Every appointment, for healthcare staff, newest booking first, filtered by status, hospital, department, dates. */
export async function listAllAppointments(db: Database, input: AllAppointmentsInput): Promise<Page<AppointmentView>> {
  return appointmentPage(
    db,
    and(
      input.status ? eq(appointments.status, input.status) : undefined,
      input.hospitalId ? eq(appointments.hospitalId, input.hospitalId) : undefined,
      input.department ? eq(appointments.department, input.department) : undefined,
      input.from ? gte(appointments.appointmentDate, input.from) : undefined,
      input.to ? lte(appointments.appointmentDate, input.to) : undefined,
    ),
    input,
  );
}

/** The times already booked at a hospital's department on a day (for a booking form); no patient data. */
export async function takenSlots(db: Database, input: TakenSlotsInput): Promise<string[]> {
  const rows = await db
    .select({ time: appointments.appointmentTime })
    .from(appointments)
    .where(
      and(
        eq(appointments.hospitalId, input.hospitalId),
        eq(appointments.department, input.department),
        eq(appointments.appointmentDate, input.date),
        ne(appointments.status, "cancelled"),
      ),
    )
    .orderBy(asc(appointments.appointmentTime));
  return rows.map((row) => row.time);
}

/** An appointment's audit trail: each status it had, who set it and when. */
export async function appointmentHistory(db: Database, actor: Actor, id: string) {
  if (!isUuid(id)) throw appointmentNotFound();
  const [appointment] = await db.select().from(appointments).where(eq(appointments.id, id)).limit(1);
  if (!appointment || (!isHealthcareStaff(actor) && appointment.bookedBy !== actor.userId)) throw appointmentNotFound();
  const events = await db
    .select()
    .from(appointmentEvents)
    .where(eq(appointmentEvents.appointmentId, id))
    .orderBy(asc(appointmentEvents.id));
  return events.map((event) => ({
    from: event.fromStatus,
    to: event.toStatus,
    actorId: event.actorId,
    at: event.at.toISOString(),
  }));
}
