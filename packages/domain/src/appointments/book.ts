import { randomUUID } from "node:crypto";
import type { AppointmentRequest } from "@govconnect/contracts";
import {
  APPOINTMENT_STATUSES,
  APPOINTMENT_TRANSITIONS,
  AppError,
  addDays,
  CLINIC_TIMES,
  localDate,
  localInstant,
  MAX_BOOKING_DAYS_AHEAD,
  MAX_OPEN_BOOKINGS_PER_CITIZEN,
  openBookingsCapMessage,
  PRIORITY,
} from "@govconnect/contracts";
import type { Appointment, Database } from "@govconnect/db";
import { appointmentEvents, appointments, users } from "@govconnect/db";
import type { WrittenTask } from "@govconnect/jobs";
import { recordTaskDone, writeOutboxEmail } from "@govconnect/jobs";
import { and, count, eq, inArray } from "drizzle-orm";
import { findHospital } from "../hospitals/hospitals.ts";
import type { Dispatch } from "../shared/dispatch.ts";
import { emailDetails } from "./email-details.ts";
import { fromNow } from "./queries.ts";
import type { AppointmentView } from "./schema.ts";
import { toAppointmentView } from "./schema.ts";

/** Checks what the request's schema cannot: the account, the date, the hospital and its department. */
async function checkRequest(db: Pick<Database, "select">, bookerId: string, request: AppointmentRequest, now: Date) {
  const [booker] = await db.select().from(users).where(eq(users.id, bookerId)).limit(1);
  if (!booker) throw new AppError("UNAUTHORIZED", "Your account no longer exists");
  if (request.patientEmail && request.patientEmail.toLowerCase() !== booker.email.toLowerCase()) {
    throw new AppError(
      "BAD_REQUEST",
      "patientEmail must be your account's email (you book for yourself); leave it out to use it",
      { field: "patientEmail" },
    );
  }
  if (localInstant(request.appointmentDate, request.appointmentTime) <= now) {
    throw new AppError("BAD_REQUEST", "appointmentDate and appointmentTime must be in the future", {
      field: "appointmentDate",
    });
  }
  if (!CLINIC_TIMES.includes(request.appointmentTime)) {
    throw new AppError(
      "BAD_REQUEST",
      `appointmentTime must be a clinic slot: every half hour from ${CLINIC_TIMES[0]} to ${CLINIC_TIMES.at(-1)}`,
      { field: "appointmentTime" },
    );
  }
  if (request.appointmentDate > addDays(localDate(now), MAX_BOOKING_DAYS_AHEAD)) {
    throw new AppError("BAD_REQUEST", `appointmentDate must be within ${MAX_BOOKING_DAYS_AHEAD} days`, {
      field: "appointmentDate",
    });
  }
  const hospital = await findHospital(db, request.hospitalId);
  if (!hospital?.isActive) {
    throw new AppError("BAD_REQUEST", "No hospital with this hospitalId takes bookings: pick one from the list", {
      field: "hospitalId",
    });
  }
  const department = hospital.departments.find((name) => name.toLowerCase() === request.department.toLowerCase());
  if (!department) {
    throw new AppError(
      "BAD_REQUEST",
      `${hospital.name} has no ${request.department} department; it has ${hospital.departments.join(", ")}`,
      { field: "department" },
    );
  }
  return { booker, hospital, department };
}

export const SLOT_TAKEN = "This time slot is already booked";

/** The statuses of an appointment still to come: those that can still change (not cancelled, not completed). */
const OPEN_STATUSES = APPOINTMENT_STATUSES.filter((status) => APPOINTMENT_TRANSITIONS[status].length > 0);

/**
 * Refuses a citizen's booking beyond MAX_OPEN_BOOKINGS_PER_CITIZEN upcoming appointments (security
 * review L6): the ones the patient's "upcoming" list shows, scheduled or confirmed from this
 * minute on. Bookings by one account take turns on its user row (a row lock held to the end of
 * the transaction: no session state, so it holds behind PgBouncer in transaction mode), so two
 * at once cannot both count N - 1.
 */
async function checkOpenBookings(tx: Pick<Database, "select">, bookerId: string, now: Date) {
  await tx.select({ id: users.id }).from(users).where(eq(users.id, bookerId)).for("no key update");
  const [open] = await tx
    .select({ n: count() })
    .from(appointments)
    .where(and(eq(appointments.bookedBy, bookerId), inArray(appointments.status, OPEN_STATUSES), fromNow(now)));
  if ((open?.n ?? 0) >= MAX_OPEN_BOOKINGS_PER_CITIZEN) throw new AppError("CONFLICT", openBookingsCapMessage());
}

/**
 * Books an appointment for the signed-in user: the slot is held by a unique index (hospital,
 * department, date, time among live appointments), so of concurrent bookings exactly one wins.
 * In the same transaction: the audit entry, the confirmation email and the task record.
 *
 * `via: "api"` books now and records a done `appointment_booking` task; `via: { taskId }` is the
 * `appointment_booking` task itself, and a re-run of it returns the appointment it made.
 */
export async function bookAppointment(
  db: Database,
  dispatch: Dispatch,
  bookerId: string,
  request: AppointmentRequest,
  via: "api" | { readonly taskId: string },
  now = new Date(),
): Promise<AppointmentView> {
  if (via !== "api") {
    const [done] = await db.select().from(appointments).where(eq(appointments.bookingTaskId, via.taskId)).limit(1);
    if (done) return viewOf(db, done);
  }
  const { booker, hospital, department } = await checkRequest(db, bookerId, request, now);
  const bookingTaskId = via === "api" ? randomUUID() : via.taskId;
  const { appointment, written } = await db.transaction(async (tx) => {
    // Citizens book for themselves, a few at a time; healthcare staff book at the desk for many.
    if (booker.role === "user") await checkOpenBookings(tx, booker.id, now);
    const [row] = await tx
      .insert(appointments)
      .values({
        hospitalId: hospital.id,
        department,
        doctorName: request.doctorName ?? null,
        patientName: request.patientName,
        patientEmail: booker.email,
        patientPhone: request.patientPhone,
        appointmentDate: request.appointmentDate,
        appointmentTime: request.appointmentTime,
        symptoms: request.symptoms || null,
        bookedBy: booker.id,
        bookingTaskId,
      })
      // The slot index (or, for a task re-run racing itself, the booking task id) says no.
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError("CONFLICT", SLOT_TAKEN, { field: "appointmentTime" });
    await tx
      .insert(appointmentEvents)
      .values({ appointmentId: row.id, fromStatus: null, toStatus: "scheduled", actorId: booker.id });
    const tasks: WrittenTask[] = [];
    const email = await writeOutboxEmail(tx, {
      dedupeKey: `appointment-scheduled/${row.id}`,
      template: "appointment_scheduled",
      recipient: row.patientEmail,
      props: emailDetails(row, hospital),
      // To the booker's confirmed address when sent: it follows an address change.
      toAccount: true,
      userId: booker.id,
    });
    if (email) tasks.push(email.sendTask);
    if (via === "api") {
      tasks.push(
        await recordTaskDone(tx, {
          id: bookingTaskId,
          type: "appointment_booking",
          payload: request,
          priority: PRIORITY.default,
          ownerId: booker.id,
          result: { appointmentId: row.id, status: row.status },
        }),
      );
    }
    return { appointment: row, written: tasks };
  });
  for (const task of written) await dispatch(task);
  return toAppointmentView(appointment, hospital.name);
}

async function viewOf(db: Pick<Database, "select">, appointment: Appointment): Promise<AppointmentView> {
  const hospital = await findHospital(db, appointment.hospitalId);
  return toAppointmentView(appointment, hospital?.name ?? "");
}
