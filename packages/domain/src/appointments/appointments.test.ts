import { randomUUID } from "node:crypto";
import type { Actor, AppointmentRequest } from "@govconnect/contracts";
import {
  AppError,
  addDays,
  bookableTimes,
  CLINIC_TIMES,
  localDate,
  localInstant,
  MAX_OPEN_BOOKINGS_PER_CITIZEN,
} from "@govconnect/contracts";
import type { DatabaseHandle } from "@govconnect/db";
import { appointmentEvents, appointments, emailOutbox, tasks } from "@govconnect/db";
import { openTestDatabase } from "@govconnect/db/testing";
import { testDatabaseTarget } from "@govconnect/testing/inject";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HospitalView } from "../hospitals/hospitals.ts";
import { deactivateHospital } from "../hospitals/hospitals.ts";
import { recordingDispatch, TEST_STAFF, testHospital, testUser } from "../testing.ts";
import { bookAppointment, SLOT_TAKEN } from "./book.ts";
import { listAllAppointments, listMyAppointments, takenSlots } from "./queries.ts";
import { COMPLETED_TOO_EARLY, changeAppointmentStatus } from "./status.ts";

const inDays = (days: number) => addDays(localDate(new Date()), days);

/** The AppError a call fails with (or a failure of the test when it succeeds). */
async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => new Error("expected a refusal"),
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AppError)) throw error;
  return error;
}

describe("appointments", () => {
  let database: DatabaseHandle;
  let hospital: HospitalView;
  let patient: Actor & { email: string };
  let staff: Actor;
  const recorder = recordingDispatch();
  let slot = 0;
  /** A request for a fresh slot (a new time each call) at the test hospital. */
  const request = (overrides: Partial<AppointmentRequest> = {}): AppointmentRequest => {
    slot += 1;
    return {
      patientName: "Ada Lovelace",
      patientPhone: "+91 98765 43210",
      hospitalId: hospital.id,
      department: "Cardiology",
      appointmentDate: inDays(3 + Math.floor(slot / CLINIC_TIMES.length)),
      appointmentTime: CLINIC_TIMES[slot % CLINIC_TIMES.length] ?? "",
      symptoms: "Chest pain on exertion",
      ...overrides,
    };
  };

  beforeAll(async () => {
    database = await openTestDatabase(testDatabaseTarget());
    hospital = await testHospital(database.db);
    patient = await testUser(database.db);
    staff = await testUser(database.db, "healthcare_admin");
  });
  afterAll(() => database.close());

  it("books a free slot with its audit entry, confirmation email and done booking task, in one go", async () => {
    const booked = await bookAppointment(database.db, recorder.dispatch, patient.userId, request(), "api");
    expect(booked).toMatchObject({
      status: "scheduled",
      patientEmail: patient.email,
      hospitalName: hospital.name,
      department: "Cardiology",
      bookedBy: patient.userId,
    });
    expect(booked.reference).toMatch(/^APT-[0-9A-F]{8}$/);
    const [email] = await database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.dedupeKey, `appointment-scheduled/${booked.id}`));
    expect(email).toMatchObject({ template: "appointment_scheduled", recipient: patient.email, status: "queued" });
    expect(email?.props).toMatchObject({
      reference: booked.reference,
      hospitalName: hospital.name,
      time: booked.appointmentTime,
    });
    const [row] = await database.db.select().from(appointments).where(eq(appointments.id, booked.id));
    const [bookingTask] = await database.db
      .select()
      .from(tasks)
      .where(eq(tasks.id, row?.bookingTaskId ?? randomUUID()));
    expect(bookingTask).toMatchObject({ type: "appointment_booking", status: "processed", ownerId: patient.userId });
    expect(bookingTask?.result).toEqual({ appointmentId: booked.id, status: "scheduled" });
    const events = await database.db
      .select()
      .from(appointmentEvents)
      .where(eq(appointmentEvents.appointmentId, booked.id));
    expect(events.map((e) => [e.fromStatus, e.toStatus, e.actorId])).toEqual([[null, "scheduled", patient.userId]]);
    const dispatched = recorder.written.map((w) => w.task.type);
    expect(dispatched).toEqual(expect.arrayContaining(["email_notification", "appointment_booking"]));
  });

  it("refuses what cannot be booked, naming the field to fix", async () => {
    const book = (overrides: Partial<AppointmentRequest>, bookerId = patient.userId) =>
      refusal(bookAppointment(database.db, recorder.dispatch, bookerId, request(overrides), "api"));
    const yesterday = await book({ appointmentDate: inDays(-1) });
    expect([yesterday.code, yesterday.field, yesterday.message]).toEqual([
      "BAD_REQUEST",
      "appointmentDate",
      "appointmentDate and appointmentTime must be in the future",
    ]);
    expect((await book({ appointmentDate: inDays(400) })).message).toBe("appointmentDate must be within 365 days");
    const unknown = await book({ hospitalId: randomUUID() });
    expect([unknown.code, unknown.field]).toEqual(["BAD_REQUEST", "hospitalId"]);
    const department = await book({ department: "Dermatology" });
    expect(department.field).toBe("department");
    expect(department.message).toContain("it has Cardiology, General Medicine, Pediatrics");
    const otherEmail = await book({ patientEmail: "someone.else@example.gov" });
    expect([otherEmail.code, otherEmail.field]).toEqual(["BAD_REQUEST", "patientEmail"]);
    const closed = await testHospital(database.db);
    await deactivateHospital(database.db, TEST_STAFF, closed.id);
    expect((await book({ hospitalId: closed.id })).field).toBe("hospitalId");
    const offGrid = await book({ appointmentTime: "03:03" });
    expect([offGrid.code, offGrid.field, offGrid.message]).toEqual([
      "BAD_REQUEST",
      "appointmentTime",
      "appointmentTime must be a clinic slot: every half hour from 09:00 to 16:30",
    ]);
  });

  it("accepts the department in any case and the account's own email in any case", async () => {
    const booked = await bookAppointment(
      database.db,
      recorder.dispatch,
      patient.userId,
      request({ department: "cardiology", patientEmail: patient.email.toUpperCase() }),
      "api",
    );
    expect(booked.department).toBe("Cardiology");
  });

  it("gives one slot to exactly one of 20 concurrent bookings; the other 19 hear it is taken", async () => {
    const contested = request();
    const bookers = await Promise.all(Array.from({ length: 20 }, () => testUser(database.db)));
    const outcomes = await Promise.allSettled(
      bookers.map((booker) => bookAppointment(database.db, recorder.dispatch, booker.userId, contested, "api")),
    );
    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const error of lost) expect(error).toMatchObject({ code: "CONFLICT", message: SLOT_TAKEN });
    // The losers left nothing behind: no appointment, no email, no booking task.
    const rows = await database.db
      .select()
      .from(appointments)
      .where(eq(appointments.appointmentTime, contested.appointmentTime));
    expect(rows.filter((row) => row.appointmentDate === contested.appointmentDate)).toHaveLength(1);
  });

  it("frees a cancelled appointment's slot for someone else", async () => {
    const wanted = request();
    const first = await bookAppointment(database.db, recorder.dispatch, patient.userId, wanted, "api");
    await changeAppointmentStatus(database.db, recorder.dispatch, patient, { id: first.id, status: "cancelled" });
    const other = await testUser(database.db);
    const second = await bookAppointment(database.db, recorder.dispatch, other.userId, wanted, "api");
    expect(second.status).toBe("scheduled");
    expect(
      await takenSlots(database.db, {
        hospitalId: hospital.id,
        department: "Cardiology",
        date: wanted.appointmentDate,
      }),
    ).toContain(wanted.appointmentTime);
  });

  it("moves along the allowed transitions only, recording who did what", async () => {
    const booked = await bookAppointment(database.db, recorder.dispatch, patient.userId, request(), "api");
    const byPatient = await refusal(
      changeAppointmentStatus(database.db, recorder.dispatch, patient, { id: booked.id, status: "confirmed" }),
    );
    expect([byPatient.code, byPatient.message]).toEqual([
      "FORBIDDEN",
      "Only healthcare staff can mark an appointment confirmed",
    ]);
    const skipping = await refusal(
      changeAppointmentStatus(database.db, recorder.dispatch, staff, { id: booked.id, status: "completed" }),
    );
    expect([skipping.code, skipping.message]).toEqual(["CONFLICT", "A scheduled appointment cannot become completed"]);
    await changeAppointmentStatus(database.db, recorder.dispatch, staff, { id: booked.id, status: "confirmed" });
    const early = await refusal(
      changeAppointmentStatus(database.db, recorder.dispatch, staff, { id: booked.id, status: "completed" }),
    );
    expect([early.code, early.message]).toEqual(["CONFLICT", COMPLETED_TOO_EARLY]);
    const afterwards = new Date(localInstant(booked.appointmentDate, booked.appointmentTime).getTime() + 60_000);
    const done = await changeAppointmentStatus(
      database.db,
      recorder.dispatch,
      staff,
      { id: booked.id, status: "completed" },
      afterwards,
    );
    expect(done.status).toBe("completed");
    const after = await refusal(
      changeAppointmentStatus(database.db, recorder.dispatch, staff, { id: booked.id, status: "cancelled" }),
    );
    expect(after.code).toBe("CONFLICT");
    const trail = await database.db
      .select()
      .from(appointmentEvents)
      .where(eq(appointmentEvents.appointmentId, booked.id))
      .orderBy(asc(appointmentEvents.id));
    expect(trail.map((e) => [e.fromStatus, e.toStatus, e.actorId])).toEqual([
      [null, "scheduled", patient.userId],
      ["scheduled", "confirmed", staff.userId],
      ["confirmed", "completed", staff.userId],
    ]);
    const emails = await database.db.select().from(emailOutbox).where(eq(emailOutbox.recipient, patient.email));
    const statuses = emails
      .filter(
        (e) => e.template === "appointment_status" && (e.props as { reference: string }).reference === done.reference,
      )
      .map((e) => (e.props as { status: string }).status);
    expect(statuses.sort()).toEqual(["completed", "confirmed"]);
  });

  it("schedules the reminder 24 h before a confirmed appointment and withdraws it on cancellation", async () => {
    const booked = await bookAppointment(database.db, recorder.dispatch, patient.userId, request(), "api");
    await changeAppointmentStatus(database.db, recorder.dispatch, staff, { id: booked.id, status: "confirmed" });
    const [confirmed] = await database.db.select().from(appointments).where(eq(appointments.id, booked.id));
    const [reminder] = await database.db
      .select()
      .from(tasks)
      .where(eq(tasks.id, confirmed?.reminderTaskId ?? randomUUID()));
    const start = localInstant(booked.appointmentDate, booked.appointmentTime);
    expect(reminder).toMatchObject({ type: "email_notification", status: "queued" });
    expect(reminder?.runAt?.getTime()).toBe(start.getTime() - 24 * 3600_000);
    const outboxId = (reminder?.payload as { outboxId?: string } | undefined)?.outboxId ?? "";

    await changeAppointmentStatus(database.db, recorder.dispatch, patient, { id: booked.id, status: "cancelled" });
    const [withdrawn] = await database.db
      .select()
      .from(tasks)
      .where(eq(tasks.id, reminder?.id ?? ""));
    expect(withdrawn).toMatchObject({ status: "cancelled", error: "appointment cancelled" });
    const [email] = await database.db.select().from(emailOutbox).where(eq(emailOutbox.id, outboxId));
    expect(email?.status).toBe("cancelled");
    // The withdrawn task was handed to dispatch, which takes its job off the queue.
    expect(recorder.written.some((w) => w.task.id === reminder?.id && w.task.status === "cancelled")).toBe(true);
  });

  it("sets no reminder when the appointment is less than a day away", async () => {
    // The first clinic slot still ahead: today's, or else tomorrow's first (under a day away).
    const now = new Date();
    const [todays] = bookableTimes(localDate(now), now);
    const soon = todays ? now : new Date(now.getTime() + 86_400_000);
    const time = todays ?? CLINIC_TIMES[0] ?? "09:00";
    const booked = await bookAppointment(
      database.db,
      recorder.dispatch,
      patient.userId,
      request({ appointmentDate: localDate(soon), appointmentTime: time, department: "Pediatrics" }),
      "api",
    );
    await changeAppointmentStatus(database.db, recorder.dispatch, staff, { id: booked.id, status: "confirmed" });
    const [row] = await database.db.select().from(appointments).where(eq(appointments.id, booked.id));
    expect(row?.reminderTaskId).toBeNull();
  });

  it("hides other people's appointments: not found for them, listed only for staff", async () => {
    const booked = await bookAppointment(database.db, recorder.dispatch, patient.userId, request(), "api");
    const stranger = await testUser(database.db);
    const hidden = await refusal(
      changeAppointmentStatus(database.db, recorder.dispatch, stranger, { id: booked.id, status: "cancelled" }),
    );
    expect([hidden.code, hidden.message]).toEqual(["NOT_FOUND", "Appointment not found"]);
    expect((await listMyAppointments(database.db, stranger, { limit: 20 })).items).toEqual([]);
    const mine = await listMyAppointments(database.db, patient, { limit: 100 });
    expect(mine.items.every((a) => a.bookedBy === patient.userId)).toBe(true);
    expect(mine.items[0]?.id).toBe(booked.id);
    const all = await listAllAppointments(database.db, { limit: 5, hospitalId: hospital.id });
    expect(all.items).toHaveLength(5);
    const next = await listAllAppointments(database.db, {
      limit: 5,
      hospitalId: hospital.id,
      cursor: all.nextCursor ?? "",
    });
    expect(next.items.map((a) => a.id)).not.toContain(all.items[0]?.id);
    const scheduled = await listAllAppointments(database.db, { limit: 100, status: "completed" });
    expect(scheduled.items.every((a) => a.status === "completed")).toBe(true);
  });

  it("L6: caps a citizen's upcoming appointments, not staff's; cancelled, completed and past ones free a place", async () => {
    const N = MAX_OPEN_BOOKINGS_PER_CITIZEN;
    const citizen = await testUser(database.db);
    const book = (who: Actor, overrides: Partial<AppointmentRequest> = {}, now?: Date) =>
      bookAppointment(database.db, recorder.dispatch, who.userId, request(overrides), "api", now);
    const held = [];
    for (let i = 0; i < N; i += 1) held.push(await book(citizen));
    const capped = await refusal(book(citizen));
    expect([capped.code, capped.message]).toEqual([
      "CONFLICT",
      `You already have ${N} upcoming appointments: cancel one before booking another`,
    ]);
    // The refused booking left nothing behind.
    const rows = await database.db.select().from(appointments).where(eq(appointments.bookedBy, citizen.userId));
    expect(rows).toHaveLength(N);

    // Cancelling one frees its place; so does one completed.
    const [first, second] = held;
    if (!first || !second) throw new Error("nothing held");
    await changeAppointmentStatus(database.db, recorder.dispatch, citizen, { id: first.id, status: "cancelled" });
    await book(citizen);
    await changeAppointmentStatus(database.db, recorder.dispatch, staff, { id: second.id, status: "confirmed" });
    expect((await refusal(book(citizen))).message).toMatch(/^You already have/);
    const afterSecond = new Date(localInstant(second.appointmentDate, second.appointmentTime).getTime() + 60_000);
    await changeAppointmentStatus(
      database.db,
      recorder.dispatch,
      staff,
      { id: second.id, status: "completed" },
      afterSecond,
    );
    await book(citizen);
    expect((await refusal(book(citizen))).code).toBe("CONFLICT");
    // Once the soonest of them is past (a later clock), it no longer counts.
    const [soonest] = (await database.db.select().from(appointments).where(eq(appointments.bookedBy, citizen.userId)))
      .filter((row) => row.status === "scheduled")
      .sort((a, b) =>
        `${a.appointmentDate} ${a.appointmentTime}`.localeCompare(`${b.appointmentDate} ${b.appointmentTime}`),
      );
    if (!soonest) throw new Error("nothing scheduled");
    const later = new Date(localInstant(soonest.appointmentDate, soonest.appointmentTime).getTime() + 60_000);
    await book(citizen, { appointmentDate: addDays(localDate(later), 20) }, later);

    // Healthcare staff book at the desk for many: no cap.
    const desk = await testUser(database.db, "healthcare_admin");
    for (let i = 0; i <= N; i += 1) await book(desk);
  });

  it("L6: two bookings at once by a citizen with N - 1 upcoming: exactly one passes", async () => {
    const citizen = await testUser(database.db);
    for (let i = 0; i < MAX_OPEN_BOOKINGS_PER_CITIZEN - 1; i += 1) {
      await bookAppointment(database.db, recorder.dispatch, citizen.userId, request(), "api");
    }
    const outcomes = await Promise.allSettled(
      [request(), request(), request()].map((wanted) =>
        bookAppointment(database.db, recorder.dispatch, citizen.userId, wanted, "api"),
      ),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toMatchObject({ code: "CONFLICT" });
    const rows = await database.db.select().from(appointments).where(eq(appointments.bookedBy, citizen.userId));
    expect(rows).toHaveLength(MAX_OPEN_BOOKINGS_PER_CITIZEN);
  });

  it("books through the appointment_booking task once, however often the task runs", async () => {
    const taskId = randomUUID();
    const wanted = request();
    const first = await bookAppointment(database.db, recorder.dispatch, patient.userId, wanted, { taskId });
    const again = await bookAppointment(database.db, recorder.dispatch, patient.userId, wanted, { taskId });
    expect(again.id).toBe(first.id);
    const emails = await database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.dedupeKey, `appointment-scheduled/${first.id}`));
    expect(emails).toHaveLength(1);
  });
});
