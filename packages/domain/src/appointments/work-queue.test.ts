import type { Actor } from "@govconnect/contracts";
import { addDays, CLINIC_TIMES, localDate } from "@govconnect/contracts";
import type { DatabaseHandle } from "@govconnect/db";
import { appointments, emailOutbox } from "@govconnect/db";
import { openTestDatabase } from "@govconnect/db/testing";
import { testDatabaseTarget } from "@govconnect/testing/inject";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HospitalView } from "../hospitals/hospitals.ts";
import { recordingDispatch, testHospital, testUser } from "../testing.ts";
import { bookAppointment } from "./book.ts";
import {
  appointmentHistory,
  exportAppointmentQueueCsv,
  getAppointment,
  listAppointmentQueue,
  listMyBookings,
} from "./queries.ts";
import type { AppointmentView } from "./schema.ts";
import { appointmentQueueInput, changeStatusInput, myBookingsInput } from "./schema.ts";
import { changeAppointmentStatus } from "./status.ts";

/** Noon today: the clock the queue's "today" and "upcoming" are read against. */
const noon = new Date();
noon.setHours(12, 0, 0, 0);
const today = localDate(noon);

describe("the staff work queue and a patient's bookings", () => {
  let database: DatabaseHandle;
  let hospital: HospitalView;
  let staff: Actor;
  let patient: Actor & { email: string };
  let other: Actor & { email: string };
  const recorder = recordingDispatch();
  const booked: AppointmentView[] = [];
  const queue = (input: Record<string, unknown>) =>
    listAppointmentQueue(database.db, appointmentQueueInput.parse({ hospitalId: hospital.id, ...input }), noon);

  beforeAll(async () => {
    database = await openTestDatabase(testDatabaseTarget());
    hospital = await testHospital(database.db);
    staff = await testUser(database.db, "healthcare_admin");
    patient = await testUser(database.db);
    other = await testUser(database.db);
    // A third booker: a citizen holds at most MAX_OPEN_BOOKINGS_PER_CITIZEN (10) upcoming appointments.
    const third = await testUser(database.db);
    // 30 bookings over the next days, 10 each; names sort differently from times.
    for (let i = 0; i < 30; i += 1) {
      const who = [other, patient, third][i % 3] ?? patient;
      booked.push(
        await bookAppointment(
          database.db,
          recorder.dispatch,
          who.userId,
          {
            patientName: `${String.fromCharCode(90 - (i % 26))}ara Patient ${i}`,
            patientPhone: "+91 98765 43210",
            hospitalId: hospital.id,
            department: i % 2 ? "Cardiology" : "Pediatrics",
            appointmentDate: addDays(today, 1 + Math.floor(i / 8)),
            appointmentTime: CLINIC_TIMES[(i * 3) % CLINIC_TIMES.length] ?? "09:00",
          },
          "api",
          noon,
        ),
      );
    }
    // Today's: one this morning (already past at noon) and one this afternoon, put in directly
    // (a booking for a past time is refused).
    for (const [time, name] of [
      ["09:30", "Morning Person"],
      ["14:00", "Afternoon Person"],
    ] as const) {
      const [row] = await database.db
        .insert(appointments)
        .values({
          hospitalId: hospital.id,
          department: "Cardiology",
          patientName: name,
          patientEmail: patient.email,
          patientPhone: "+91 98765 43210",
          appointmentDate: today,
          appointmentTime: time,
          bookedBy: patient.userId,
        })
        .returning();
      if (!row) throw new Error("insert returned no row");
    }
  });
  afterAll(() => database.close());

  it("sorts by appointment time by default and pages with a total, rows never repeated", async () => {
    const first = await queue({ view: "all", pageSize: 7 });
    expect([first.total, first.pageCount, first.page]).toEqual([32, 5, 1]);
    const pages = [first];
    for (let page = 2; page <= first.pageCount; page += 1) pages.push(await queue({ view: "all", pageSize: 7, page }));
    const rows = pages.flatMap((page) => page.items);
    expect(rows).toHaveLength(32);
    expect(new Set(rows.map((row) => row.id)).size).toBe(32);
    const keys = rows.map((row) => `${row.appointmentDate} ${row.appointmentTime}`);
    expect(keys).toEqual([...keys].sort());
    const reversed = await queue({ view: "all", sort: "-time", pageSize: 100 });
    expect(reversed.items.map((row) => row.id)).toEqual(rows.map((row) => row.id).reverse());
    const byName = await queue({ view: "all", sort: "patient", pageSize: 100 });
    const names = byName.items.map((row) => row.patientName.toLowerCase());
    expect(names).toEqual([...names].sort());
  });

  it("has views for today, what is still ahead, and what is not yet confirmed", async () => {
    const todays = await queue({ view: "today" });
    expect(todays.items.map((row) => row.patientName)).toEqual(["Morning Person", "Afternoon Person"]);
    const upcoming = await queue({ view: "upcoming", pageSize: 100 });
    expect(upcoming.total).toBe(31);
    expect(upcoming.items[0]?.patientName).toBe("Afternoon Person");
    const first = booked[0];
    if (!first) throw new Error("nothing booked");
    await changeAppointmentStatus(database.db, recorder.dispatch, staff, { id: first.id, status: "confirmed" }, noon);
    const unconfirmed = await queue({ view: "unconfirmed", pageSize: 100 });
    expect(unconfirmed.total).toBe(30);
    expect(unconfirmed.items.every((row) => row.status === "scheduled")).toBe(true);
  });

  it("finds a patient by part of the name or by reference, and filters by department and dates", async () => {
    const named = await queue({ view: "all", q: "patient 17" });
    expect(named.items.map((row) => row.patientName)).toEqual([booked[17]?.patientName]);
    const reference = booked[5]?.reference ?? "";
    expect((await queue({ view: "all", q: reference })).items.map((row) => row.id)).toEqual([booked[5]?.id]);
    expect((await queue({ view: "all", q: reference.toLowerCase().slice(4, 10) })).items[0]?.id).toBe(booked[5]?.id);
    expect((await queue({ view: "all", q: "100%_" })).total).toBe(0);
    const cardiology = await queue({ view: "all", department: "cardiology", pageSize: 100 });
    expect(cardiology.items.every((row) => row.department === "Cardiology")).toBe(true);
    const day = addDays(today, 2);
    const oneDay = await queue({ view: "all", from: day, to: day, pageSize: 100 });
    expect(oneDay.total).toBe(8);
    expect(oneDay.items.every((row) => row.appointmentDate === day)).toBe(true);
  });

  it("exports exactly the filtered rows, in the queue's order, as CSV", async () => {
    const filter = appointmentQueueInput.parse({ hospitalId: hospital.id, view: "all", department: "Pediatrics" });
    const listed = await listAppointmentQueue(database.db, { ...filter, pageSize: 100 }, noon);
    let csv = "";
    for await (const chunk of exportAppointmentQueueCsv(database.db, filter, noon)) csv += chunk;
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("Reference,Date,Time,Patient,Phone,Email,Hospital,Department,Doctor,Status,Symptoms");
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(listed.items.map((row) => row.reference));
    expect(lines).toHaveLength(listed.total + 1);
  });

  it("splits a patient's bookings into upcoming, past and cancelled, each sorted by date", async () => {
    const upcoming = await listMyBookings(database.db, patient, myBookingsInput.parse({ view: "upcoming" }), noon);
    const mine = booked.filter((row) => row.bookedBy === patient.userId);
    expect(upcoming.total).toBe(mine.length + 1);
    const keys = upcoming.items.map((row) => `${row.appointmentDate} ${row.appointmentTime}`);
    expect(keys).toEqual([...keys].sort());
    const past = await listMyBookings(database.db, patient, myBookingsInput.parse({ view: "past" }), noon);
    expect(past.items.map((row) => row.patientName)).toEqual(["Morning Person"]);
    const toCancel = mine[0];
    if (!toCancel) throw new Error("nothing of the patient's");
    await changeAppointmentStatus(
      database.db,
      recorder.dispatch,
      patient,
      changeStatusInput.parse({ id: toCancel.id, status: "cancelled", reason: "  I feel better now " }),
      noon,
    );
    const cancelled = await listMyBookings(database.db, patient, myBookingsInput.parse({ view: "cancelled" }), noon);
    expect(cancelled.items.map((row) => row.id)).toEqual([toCancel.id]);
    expect((await listMyBookings(database.db, other, myBookingsInput.parse({ view: "cancelled" }), noon)).total).toBe(
      0,
    );

    // The reason is in the history (with who gave it) and in the patient's email, which says who cancelled.
    const history = await appointmentHistory(database.db, patient, toCancel.id);
    expect(history.at(-1)).toMatchObject({
      to: "cancelled",
      reason: "I feel better now",
      actorName: expect.any(String),
    });
    const [email] = await database.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.template, "appointment_status"), eq(emailOutbox.recipient, patient.email)));
    expect(email?.props).toMatchObject({ status: "cancelled", changedBy: "patient", reason: "I feel better now" });
  });

  it("shows one appointment with where it is to its patient and staff, to nobody else", async () => {
    const mine = booked.find((row) => row.bookedBy === patient.userId);
    if (!mine) throw new Error("nothing of the patient's");
    const seen = await getAppointment(database.db, patient, mine.id);
    expect(seen.hospital).toEqual({
      name: hospital.name,
      address: hospital.address,
      city: hospital.city,
      state: hospital.state,
      phone: hospital.phone,
    });
    expect((await getAppointment(database.db, staff, mine.id)).appointment.id).toBe(mine.id);
    await expect(getAppointment(database.db, other, mine.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    // The confirmation email carries the address and phone too.
    const [email] = await database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.dedupeKey, `appointment-scheduled/${mine.id}`));
    expect(email?.props).toMatchObject({
      hospitalPhone: hospital.phone,
      hospitalAddress: expect.stringContaining(hospital.city),
    });
  });
});
