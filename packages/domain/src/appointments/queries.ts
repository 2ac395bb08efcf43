import type { Actor } from "@govconnect/contracts";
import { AppError, isHealthcareStaff, localDate, localTime } from "@govconnect/contracts";
import type { Database } from "@govconnect/db";
import { appointmentEvents, appointments, hospitals, users } from "@govconnect/db";
import type { SQL } from "drizzle-orm";
import { and, asc, count, desc, eq, gt, gte, ilike, lt, lte, ne, or, sql } from "drizzle-orm";
import { csvField } from "../audit/audit.ts";
import type { NumberedPage, Page } from "../shared/pagination.ts";
import { containsPattern, decodeCursor, isUuid, numberedPage, olderThan, toPage } from "../shared/pagination.ts";
import type {
  AllAppointmentsInput,
  AppointmentQueueFilter,
  AppointmentQueueInput,
  AppointmentView,
  MyAppointmentsInput,
  MyBookingsInput,
  TakenSlotsInput,
} from "./schema.ts";
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

/** The appointment `id` if `actor` may see it (its patient, or healthcare staff), else not found. */
async function visibleAppointment(db: Database, actor: Actor, id: string) {
  if (!isUuid(id)) throw appointmentNotFound();
  const [row] = await db
    .select({ appointment: appointments, hospital: hospitals })
    .from(appointments)
    .innerJoin(hospitals, eq(hospitals.id, appointments.hospitalId))
    .where(eq(appointments.id, id))
    .limit(1);
  if (!row || (!isHealthcareStaff(actor) && row.appointment.bookedBy !== actor.userId)) throw appointmentNotFound();
  return row;
}

/** One appointment with where it takes place, for its patient or staff. */
export async function getAppointment(db: Database, actor: Actor, id: string) {
  const { appointment, hospital } = await visibleAppointment(db, actor, id);
  return {
    appointment: toAppointmentView(appointment, hospital.name),
    hospital: {
      name: hospital.name,
      address: hospital.address,
      city: hospital.city,
      state: hospital.state,
      phone: hospital.phone,
    },
  };
}

/** An appointment's audit trail: each status it had, who set it, when, and why if they said. */
export async function appointmentHistory(db: Database, actor: Actor, id: string) {
  await visibleAppointment(db, actor, id);
  const events = await db
    .select({ event: appointmentEvents, actorName: users.fullName })
    .from(appointmentEvents)
    .leftJoin(users, eq(users.id, appointmentEvents.actorId))
    .where(eq(appointmentEvents.appointmentId, id))
    .orderBy(asc(appointmentEvents.id));
  return events.map(({ event, actorName }) => ({
    from: event.fromStatus,
    to: event.toStatus,
    actorId: event.actorId,
    actorName,
    reason: event.reason,
    at: event.at.toISOString(),
  }));
}

/** Appointments at or after `now` (today's from this minute on). */
export function fromNow(now: Date): SQL | undefined {
  const today = localDate(now);
  return or(
    gt(appointments.appointmentDate, today),
    and(eq(appointments.appointmentDate, today), gte(appointments.appointmentTime, localTime(now))),
  );
}

/** Appointments before `now`. */
function beforeNow(now: Date): SQL | undefined {
  const today = localDate(now);
  return or(
    lt(appointments.appointmentDate, today),
    and(eq(appointments.appointmentDate, today), lt(appointments.appointmentTime, localTime(now))),
  );
}

/** A reference as patients quote it (`APT-1A2B3C4D`, or its first characters): the id's start. */
const REFERENCE = /^(?:APT-?)?([0-9a-f]{4,8})$/i;

/** Matches a patient's name, or a reference. */
function searchFilter(q: string | undefined): SQL | undefined {
  if (!q) return undefined;
  const name = ilike(appointments.patientName, containsPattern(q));
  const reference = REFERENCE.exec(q)?.[1];
  if (!reference) return name;
  return or(name, sql`${appointments.id}::text like ${`${reference.toLowerCase()}%`}`);
}

function queueWhere(filter: AppointmentQueueFilter, now: Date): SQL | undefined {
  const view =
    filter.view === "today"
      ? eq(appointments.appointmentDate, localDate(now))
      : filter.view === "upcoming"
        ? fromNow(now)
        : filter.view === "unconfirmed"
          ? and(eq(appointments.status, "scheduled"), fromNow(now))
          : undefined;
  return and(
    view,
    searchFilter(filter.q),
    filter.status ? eq(appointments.status, filter.status) : undefined,
    filter.hospitalId ? eq(appointments.hospitalId, filter.hospitalId) : undefined,
    filter.department ? eq(sql`lower(${appointments.department})`, filter.department.toLowerCase()) : undefined,
    filter.from ? gte(appointments.appointmentDate, filter.from) : undefined,
    filter.to ? lte(appointments.appointmentDate, filter.to) : undefined,
  );
}

/** The ORDER BY of a work-queue sort; every order ends in time and id, so pages never overlap. */
function queueOrder(sort: AppointmentQueueFilter["sort"]): SQL[] {
  const direction = sort.startsWith("-") ? desc : asc;
  const byTime = [
    direction(appointments.appointmentDate),
    direction(appointments.appointmentTime),
    direction(appointments.id),
  ];
  if (sort.endsWith("patient")) return [direction(sql`lower(${appointments.patientName})`), ...byTime];
  if (sort.endsWith("status"))
    return [
      direction(appointments.status),
      asc(appointments.appointmentDate),
      asc(appointments.appointmentTime),
      asc(appointments.id),
    ];
  return byTime;
}

/**
 * The healthcare staff's work queue: a numbered page of the appointments a view and filters
 * select, in the order asked (by appointment time unless told otherwise), with their total.
 */
export async function listAppointmentQueue(
  db: Database,
  input: AppointmentQueueInput,
  now = new Date(),
): Promise<NumberedPage<AppointmentView>> {
  return numberedAppointmentPage(db, queueWhere(input, now), queueOrder(input.sort), input);
}

/** The numbered page `input` asks for of the appointments `where` selects, in `order`, with their total. */
async function numberedAppointmentPage(
  db: Database,
  where: SQL | undefined,
  order: SQL[],
  input: { readonly page: number; readonly pageSize: number },
): Promise<NumberedPage<AppointmentView>> {
  const [rows, [counted]] = await Promise.all([
    db
      .select({ appointment: appointments, hospitalName: hospitals.name })
      .from(appointments)
      .innerJoin(hospitals, eq(hospitals.id, appointments.hospitalId))
      .where(where)
      .orderBy(...order)
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    db.select({ total: count() }).from(appointments).where(where),
  ]);
  return numberedPage(
    rows.map((row) => toAppointmentView(row.appointment, row.hospitalName)),
    counted?.total ?? 0,
    input,
  );
}

export const APPOINTMENT_CSV_COLUMNS = [
  "Reference",
  "Date",
  "Time",
  "Patient",
  "Phone",
  "Email",
  "Hospital",
  "Department",
  "Doctor",
  "Status",
  "Symptoms",
] as const;

const appointmentCsvLine = (view: AppointmentView) =>
  [
    view.reference,
    view.appointmentDate,
    view.appointmentTime,
    view.patientName,
    view.patientPhone,
    view.patientEmail,
    view.hospitalName,
    view.department,
    view.doctorName,
    view.status,
    view.symptoms,
  ]
    .map(csvField)
    .join(",");

/** How many rows one export reads per query: memory stays flat however long the list. */
const EXPORT_BATCH = 500;

/** The work queue's filtered list as CSV lines (header first), in its order, read in batches. */
export async function* exportAppointmentQueueCsv(
  db: Database,
  filter: AppointmentQueueFilter,
  now = new Date(),
): AsyncGenerator<string> {
  yield `${APPOINTMENT_CSV_COLUMNS.join(",")}\r\n`;
  for (let page = 1; ; page += 1) {
    const batch = await listAppointmentQueue(db, { ...filter, page, pageSize: EXPORT_BATCH }, now);
    if (batch.items.length > 0) yield batch.items.map((view) => `${appointmentCsvLine(view)}\r\n`).join("");
    if (page >= batch.pageCount) return;
  }
}

/**
 * A patient's own bookings in one of three views: upcoming (earliest first), past (newest
 * first; a completed one is past even before its time) and cancelled (newest first).
 */
export async function listMyBookings(
  db: Database,
  actor: Actor,
  input: MyBookingsInput,
  now = new Date(),
): Promise<NumberedPage<AppointmentView>> {
  const mine = eq(appointments.bookedBy, actor.userId);
  const live = and(ne(appointments.status, "cancelled"), ne(appointments.status, "completed"));
  const where =
    input.view === "cancelled"
      ? and(mine, eq(appointments.status, "cancelled"))
      : input.view === "upcoming"
        ? and(mine, live, fromNow(now))
        : and(mine, ne(appointments.status, "cancelled"), or(eq(appointments.status, "completed"), beforeNow(now)));
  const direction = input.view === "upcoming" ? asc : desc;
  return numberedAppointmentPage(
    db,
    where,
    [direction(appointments.appointmentDate), direction(appointments.appointmentTime), direction(appointments.id)],
    input,
  );
}
