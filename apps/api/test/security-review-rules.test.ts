import { addDays, CLINIC_TIMES, localDate, MAX_OPEN_BOOKINGS_PER_CITIZEN } from "@govconnect/contracts";
import { appointments, loginEvents } from "@govconnect/db";
import { testHospital } from "@govconnect/domain/testing";
import { eventually } from "@govconnect/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestAccount, TestApi } from "../src/testing/index.ts";
import { http, signedInAccount, startTestApi } from "../src/testing/index.ts";
import { finishedTask } from "./support/tasks.ts";

const N = MAX_OPEN_BOOKINGS_PER_CITIZEN;
const CAPPED = `You already have ${N} upcoming appointments: cancel one before booking another`;
const DAY_MS = 86_400_000;

/**
 * The business-rule caps of the outside security review of December 2026
 * (`../shared/reviews/security-2026-12.md`, L6, L7 and I7), each replayed over HTTP and named
 * after its finding. Each failed on the `main` it was found on; `docs/operations.md` lists them.
 */
describe("security review 2026-12: business-rule caps", () => {
  let api: TestApi;
  let hospital: Awaited<ReturnType<typeof testHospital>>;
  let slot = 0;
  /** A booking of a fresh slot (a new time each call) at the test hospital. */
  const booking = () => {
    slot += 1;
    return {
      patientName: "Anandi Gopal",
      patientPhone: "+91 98220 55555",
      hospitalId: hospital.id,
      department: "Cardiology",
      appointmentDate: addDays(localDate(new Date()), 2 + Math.floor(slot / CLINIC_TIMES.length)),
      appointmentTime: CLINIC_TIMES[slot % CLINIC_TIMES.length] ?? "09:00",
    };
  };
  const book = (account: TestAccount) =>
    http(api.url, "POST", "/api/appointments", { token: account.token, body: booking() });
  const submit = (account: TestAccount, body: unknown) =>
    http(api.url, "POST", "/api/tasks/submit", { token: account.token, body });

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `rules${Date.now()}`, RUN_WORKER: "true", RATE_LIMIT_POINTS: "10000" });
    hospital = await testHospital(api.db);
  });
  afterAll(() => api.stop());

  it(`L6: a citizen holds at most N upcoming appointments; the next booking is refused (409), staff are not capped, cancelling frees a place, two concurrent bookings at N-1 do not both pass`, async () => {
    // The review's replay: one account booking slot after slot of one department.
    const hoarder = await signedInAccount(api);
    const held: string[] = [];
    for (let i = 0; i < N; i += 1) {
      const response = await book(hoarder);
      expect(response.status, `booking ${i + 1}`).toBe(201);
      held.push((response.body as { appointment: { id: string } }).appointment.id);
    }
    const refused = await book(hoarder);
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({ error: CAPPED });
    // Over tRPC, and as a background appointment_booking task: the same rule.
    const trpc = await http(api.url, "POST", "/trpc/appointments.book", { token: hoarder.token, body: booking() });
    expect(trpc.status).toBe(409);
    const task = await submit(hoarder, { taskType: "appointment_booking", data: booking() });
    expect(task.status).toBe(202);
    const ran = await finishedTask(api, (task.body as { taskId: string }).taskId, hoarder.token);
    expect(ran.status).toBe("failed");
    expect(JSON.stringify(ran)).toContain(CAPPED);
    const rows = await api.db.select().from(appointments).where(eq(appointments.bookedBy, hoarder.id));
    expect(rows).toHaveLength(N);

    // Cancelling one frees its place, for one booking.
    const cancelled = await http(api.url, "PUT", `/api/appointments/${held[0]}`, {
      token: hoarder.token,
      body: { status: "cancelled" },
    });
    expect(cancelled.status).toBe(200);
    expect((await book(hoarder)).status).toBe(201);
    expect((await book(hoarder)).status).toBe(409);

    // Healthcare staff booking at the desk are not capped.
    const desk = await signedInAccount(api, "healthcare_admin");
    for (let i = 0; i <= N; i += 1) expect((await book(desk)).status, `staff booking ${i + 1}`).toBe(201);

    // Two bookings at once at N - 1: exactly one passes.
    const racer = await signedInAccount(api);
    for (let i = 0; i < N - 1; i += 1) expect((await book(racer)).status).toBe(201);
    const raced = await Promise.all([book(racer), book(racer), book(racer)]);
    expect(raced.map((response) => response.status).sort()).toEqual([201, 409, 409]);
    for (const response of raced.filter((r) => r.status === 409)) expect(response.body).toEqual({ error: CAPPED });
    expect(await api.db.select().from(appointments).where(eq(appointments.bookedBy, racer.id))).toHaveLength(N);
  });

  it("L7: a user cannot submit system-only task types (user_login, …): 403; sign-in still records its login event", async () => {
    const citizen = await signedInAccount(api);
    const admin = await signedInAccount(api, "admin");
    // The review's replay: a forged sign-in of one's own account, at the most urgent priority.
    const forged = {
      taskType: "user_login",
      priority: 1,
      data: {
        userId: citizen.id,
        ip: "203.0.113.66",
        userAgent: "<script>forged</script>",
        at: "2019-01-01T00:00:00Z",
      },
    };
    const message = "user_login tasks are recorded by the system when someone signs in; they cannot be submitted";
    const refused = await submit(citizen, forged);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ error: message, issues: [{ path: "taskType", message }] });
    // At a priority a citizen may use too, over tRPC too, and for administrators too.
    expect((await submit(citizen, { ...forged, priority: 5 })).status).toBe(403);
    const overTrpc = await http(api.url, "POST", "/trpc/tasks.submit", { token: citizen.token, body: forged });
    expect(overTrpc.status).toBe(403);
    const byAdmin = await submit(admin, { ...forged, data: { ...forged.data, userId: admin.id } });
    expect(byAdmin.status).toBe(403);
    expect((byAdmin.body as { error: string }).error).toBe(message);
    const reset = await submit(admin, { taskType: "password_reset", data: { email: citizen.email } });
    expect(reset.status).toBe(403);
    expect((reset.body as { error: string }).error).toMatch(/^password_reset tasks are written by the system/);
    // A type users may submit still goes through.
    expect((await submit(citizen, { taskType: "user_registration", data: { userId: citizen.id } })).status).toBe(202);

    // Signing in still records the sign-in (the system writes its user_login task), and nothing forged is there.
    const events = await eventually("the sign-in's login event", async () => {
      const rows = await api.db.select().from(loginEvents).where(eq(loginEvents.userId, citizen.id));
      return rows.length > 0 ? rows : undefined;
    });
    expect(events).toHaveLength(1);
    expect(events.map((event) => event.ip)).not.toContain("203.0.113.66");
  });

  it("I7: a citizen's task priority and delay are limited; staff have the full range", async () => {
    const citizen = await signedInAccount(api);
    const staff = await signedInAccount(api, "healthcare_admin");
    const admin = await signedInAccount(api, "admin");
    const registration = (account: TestAccount, extra: Record<string, unknown> = {}) => ({
      taskType: "user_registration",
      data: { userId: account.id },
      ...extra,
    });
    const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

    const priorityMessage = "priority must be from 5 to 10 for your tasks (1 to 4 are kept for staff)";
    for (const priority of [1, 2, 3, 4]) {
      const response = await submit(citizen, registration(citizen, { priority }));
      expect(response.status, `priority ${priority}`).toBe(403);
      expect(response.body).toEqual({
        error: priorityMessage,
        issues: [{ path: "priority", message: priorityMessage }],
      });
    }
    for (const priority of [5, 7, 10]) {
      expect((await submit(citizen, registration(citizen, { priority }))).status, `priority ${priority}`).toBe(202);
    }
    expect((await submit(citizen, registration(citizen))).status).toBe(202);
    // The review's replay: runAt a year away. A week is the most a citizen may plan ahead.
    const delayMessage = "runAt must be within 7 days for your tasks";
    for (const days of [8, 365]) {
      const response = await submit(citizen, registration(citizen, { runAt: inDays(days) }));
      expect(response.status, `${days} days ahead`).toBe(403);
      expect(response.body).toEqual({ error: delayMessage, issues: [{ path: "runAt", message: delayMessage }] });
    }
    expect((await submit(citizen, registration(citizen, { runAt: inDays(6) }))).status).toBe(202);

    // Staff and administrators: priority 1 and a year ahead.
    const metrics = await submit(staff, {
      taskType: "collect_metrics",
      data: { sector: "healthcare", samples: [{ metric: "availableBeds", value: 87 }] },
      priority: 1,
    });
    expect(metrics.status).toBe(202);
    expect((await submit(admin, registration(admin, { priority: 1, runAt: inDays(365) }))).status).toBe(202);
    // Everyone's outer bounds stay: 1 to 10, and at most 366 days.
    expect((await submit(admin, registration(admin, { runAt: inDays(400) }))).status).toBe(400);
  });
});
