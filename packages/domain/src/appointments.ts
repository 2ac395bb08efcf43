import { randomUUID } from "node:crypto";
import type { Appointment, AppointmentStatus, Database, Hospital } from "@govconnect/db";
import { APPOINTMENT_STATUSES, appointmentEvents, appointments, emailOutbox, hospitals, users } from "@govconnect/db";
import type { AppointmentRequest, Executor, WrittenTask } from "@govconnect/jobs";
import { loadTask, PRIORITY, recordTaskDone, withdrawTask, writeOutboxEmail } from "@govconnect/jobs";
import { AppError } from "@govconnect/runtime";
import type { SQL } from "drizzle-orm";
import { and, asc, desc, eq, gte, lte, ne } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "./actor.ts";
import { isHealthcareStaff } from "./actor.ts";
import { addDays, localDate, localInstant } from "./clock.ts";
import { findHospital } from "./hospitals.ts";
import type { Page } from "./pagination.ts";
import { decodeCursor, isUuid, olderThan, pageInput, toPage } from "./pagination.ts";

/** Queues what a committed transaction wrote (the producer's `dispatch`). */
export type Dispatch = (written: WrittenTask) => Promise<void>;

/** How far ahead one can book. */
const MAX_DAYS_AHEAD = 365;
/** The reminder goes this long before the appointment… */
const REMINDER_LEAD_MS = 24 * 3600_000;
/** …unless that moment is this close, or past: then the confirmation email is reminder enough. */
const REMINDER_MIN_NOTICE_MS = 5 * 60_000;

/** Where each status may go next. */
export const APPOINTMENT_TRANSITIONS: Readonly<Record<AppointmentStatus, readonly AppointmentStatus[]>> = {
  scheduled: ["confirmed", "cancelled"],
  confirmed: ["completed", "cancelled"],
  cancelled: [],
  completed: [],
};

export const appointmentView = z.object({
  id: z.uuid(),
  reference: z.string(),
  patientName: z.string(),
  patientEmail: z.string(),
  patientPhone: z.string(),
  hospitalId: z.uuid(),
  hospitalName: z.string(),
  department: z.string(),
  doctorName: z.string().nullable(),
  appointmentDate: z.string(),
  appointmentTime: z.string(),
  symptoms: z.string().nullable(),
  status: z.enum(APPOINTMENT_STATUSES),
  bookedBy: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AppointmentView = z.infer<typeof appointmentView>;

/** The short reference patients quote (`APT-1A2B3C4D`). */
export const appointmentReference = (id: string) => `APT-${id.slice(0, 8).toUpperCase()}`;

export function toAppointmentView(appointment: Appointment, hospitalName: string): AppointmentView {
  return {
    id: appointment.id,
    reference: appointmentReference(appointment.id),
    patientName: appointment.patientName,
    patientEmail: appointment.patientEmail,
    patientPhone: appointment.patientPhone,
    hospitalId: appointment.hospitalId,
    hospitalName,
    department: appointment.department,
    doctorName: appointment.doctorName,
    appointmentDate: appointment.appointmentDate,
    appointmentTime: appointment.appointmentTime,
    symptoms: appointment.symptoms,
    status: appointment.status,
    bookedBy: appointment.bookedBy,
    createdAt: appointment.createdAt.toISOString(),
    updatedAt: appointment.updatedAt.toISOString(),
  };
}

function emailDetails(appointment: Appointment, hospital: Pick<Hospital, "name">) {
  return {
    reference: appointmentReference(appointment.id),
    patientName: appointment.patientName,
    hospitalName: hospital.name,
    department: appointment.department,
    date: appointment.appointmentDate,
    time: appointment.appointmentTime,
    ...(appointment.doctorName ? { doctorName: appointment.doctorName } : {}),
  };
}

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
  if (request.appointmentDate > addDays(localDate(now), MAX_DAYS_AHEAD)) {
    throw new AppError("BAD_REQUEST", `appointmentDate must be within ${MAX_DAYS_AHEAD} days`, {
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

export const changeStatusInput = z.strictObject({
  id: z.string().max(100),
  status: z.enum(APPOINTMENT_STATUSES, { error: `status must be one of ${APPOINTMENT_STATUSES.join(", ")}` }),
});

const notFound = () => new AppError("NOT_FOUND", "Appointment not found");

/**
 * Moves an appointment along {@link APPOINTMENT_TRANSITIONS}: healthcare staff any step, the
 * patient who booked it only to `cancelled`. In one transaction with the change: the audit entry,
 * the patient's status email and, on confirmation, the reminder 24 h before (withdrawn again
 * when the appointment is cancelled or completed first). Setting the current status again is a
 * no-op that sends nothing.
 */
export async function changeAppointmentStatus(
  db: Database,
  dispatch: Dispatch,
  actor: Actor,
  input: z.infer<typeof changeStatusInput>,
  now = new Date(),
): Promise<AppointmentView> {
  if (!isUuid(input.id)) throw notFound();
  const { view, written } = await db.transaction(async (tx) => {
    const [current] = await tx.select().from(appointments).where(eq(appointments.id, input.id)).for("update").limit(1);
    const staff = isHealthcareStaff(actor);
    if (!current || (!staff && current.bookedBy !== actor.userId)) throw notFound();
    const hospital = await findHospital(tx, current.hospitalId);
    const hospitalName = hospital?.name ?? "";
    if (current.status === input.status) return { view: toAppointmentView(current, hospitalName), written: [] };
    if (!staff && input.status !== "cancelled") {
      throw new AppError("FORBIDDEN", `Only healthcare staff can mark an appointment ${input.status}`, {
        field: "status",
      });
    }
    if (!APPOINTMENT_TRANSITIONS[current.status].includes(input.status)) {
      throw new AppError("CONFLICT", `A ${current.status} appointment cannot become ${input.status}`, {
        field: "status",
      });
    }
    const [updated] = await tx
      .update(appointments)
      .set({ status: input.status, updatedAt: now })
      .where(eq(appointments.id, current.id))
      .returning();
    const appointment = updated ?? current;
    const [event] = await tx
      .insert(appointmentEvents)
      .values({ appointmentId: current.id, fromStatus: current.status, toStatus: input.status, actorId: actor.userId })
      .returning({ id: appointmentEvents.id });
    const tasks: WrittenTask[] = [];
    const details = emailDetails(appointment, { name: hospitalName });
    if (input.status !== "scheduled") {
      const email = await writeOutboxEmail(tx, {
        dedupeKey: `appointment-status/${current.id}/${event?.id}`,
        template: "appointment_status",
        recipient: appointment.patientEmail,
        props: { ...details, status: input.status },
        userId: appointment.bookedBy,
      });
      if (email) tasks.push(email.sendTask);
    }
    if (input.status === "confirmed") {
      const reminder = await scheduleReminder(tx, appointment, details, `${event?.id}`, now);
      if (reminder) tasks.push(reminder);
    } else if (appointment.reminderTaskId) {
      const withdrawn = await withdrawReminder(tx, appointment, `appointment ${input.status}`);
      if (withdrawn) tasks.push(withdrawn);
    }
    return { view: toAppointmentView(appointment, hospitalName), written: tasks };
  });
  for (const task of written) await dispatch(task);
  return view;
}

async function scheduleReminder(
  tx: Executor,
  appointment: Appointment,
  details: ReturnType<typeof emailDetails>,
  cause: string,
  now: Date,
): Promise<WrittenTask | undefined> {
  const sendAt = new Date(
    localInstant(appointment.appointmentDate, appointment.appointmentTime).getTime() - REMINDER_LEAD_MS,
  );
  if (sendAt.getTime() - now.getTime() < REMINDER_MIN_NOTICE_MS) return undefined;
  const email = await writeOutboxEmail(tx, {
    dedupeKey: `appointment-reminder/${appointment.id}/${cause}`,
    template: "appointment_reminder",
    recipient: appointment.patientEmail,
    props: details,
    userId: appointment.bookedBy,
    sendAt,
  });
  if (!email) return undefined;
  await tx
    .update(appointments)
    .set({ reminderTaskId: email.sendTask.task.id })
    .where(eq(appointments.id, appointment.id));
  return email.sendTask;
}

/** Withdraws the pending reminder: its task becomes `cancelled` and its email is never sent. */
async function withdrawReminder(
  tx: Executor,
  appointment: Appointment,
  reason: string,
): Promise<WrittenTask | undefined> {
  if (!appointment.reminderTaskId) return undefined;
  const task = await loadTask(tx, appointment.reminderTaskId);
  const outboxId = (task?.payload as { outboxId?: string } | undefined)?.outboxId;
  if (outboxId) {
    await tx
      .update(emailOutbox)
      .set({ status: "cancelled", lastError: reason })
      .where(and(eq(emailOutbox.id, outboxId), eq(emailOutbox.status, "queued")));
  }
  await tx.update(appointments).set({ reminderTaskId: null }).where(eq(appointments.id, appointment.id));
  return withdrawTask(tx, appointment.reminderTaskId, reason);
}

export const myAppointmentsInput = z.strictObject(pageInput).default({ limit: 20 });

/** The signed-in user's own appointments, newest booking first. */
export async function listMyAppointments(
  db: Database,
  actor: Actor,
  input: z.infer<typeof myAppointmentsInput>,
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

const dateFilter = (field: string) => z.iso.date({ error: `${field} must be a date as YYYY-MM-DD` }).optional();

export const allAppointmentsInput = z
  .strictObject({
    ...pageInput,
    status: z
      .enum(APPOINTMENT_STATUSES, { error: `status must be one of ${APPOINTMENT_STATUSES.join(", ")}` })
      .optional(),
    hospitalId: z.uuid({ error: "hospitalId must be a hospital id" }).optional(),
    department: z.string().trim().max(80).optional(),
    from: dateFilter("from"),
    to: dateFilter("to"),
  })
  .default({ limit: 20 });

/** Every appointment, for healthcare staff, newest booking first, filtered by status, hospital, department, dates. */
export async function listAllAppointments(
  db: Database,
  input: z.infer<typeof allAppointmentsInput>,
): Promise<Page<AppointmentView>> {
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

export const takenSlotsInput = z.strictObject({
  hospitalId: z.uuid({ error: "hospitalId must be a hospital id" }),
  department: z.string().trim().min(1).max(80),
  date: z.iso.date({ error: "date must be a date as YYYY-MM-DD" }),
});

/** The times already booked at a hospital's department on a day (for a booking form); no patient data. */
export async function takenSlots(db: Database, input: z.infer<typeof takenSlotsInput>): Promise<string[]> {
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
  if (!isUuid(id)) throw notFound();
  const [appointment] = await db.select().from(appointments).where(eq(appointments.id, id)).limit(1);
  if (!appointment || (!isHealthcareStaff(actor) && appointment.bookedBy !== actor.userId)) throw notFound();
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
