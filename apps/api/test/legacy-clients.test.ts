import { randomUUID } from "node:crypto";
import { addDays, localDate } from "@govconnect/contracts";
import { appointments, emailOutbox, tasks } from "@govconnect/db";
import { QUEUES } from "@govconnect/jobs";
import { createRedis } from "@govconnect/redis";
import { eventually } from "@govconnect/testing";
import { testRedisUrl } from "@govconnect/testing/inject";
import { Queue } from "bullmq";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestAccount } from "../src/testing/accounts.ts";
import { signedInAccount, TEST_PASSWORD, testAuthenticator } from "../src/testing/accounts.ts";
import type { TestApi } from "../src/testing/api.ts";
import { startTestApi } from "../src/testing/api.ts";
import type { HttpOptions } from "../src/testing/http.ts";
import { cookieFrom, http } from "../src/testing/http.ts";
import { openEventStream } from "../src/testing/sse.ts";

const prefix = `domain${Date.now()}`;
let api: TestApi;
const call = (method: string, path: string, options?: HttpOptions) => http(api.url, method, path, options);
const redis = createRedis(testRedisUrl(), "client", "domain-test");
let taskQueue: Queue;

/** Signs in the way the original web client does, and returns its cookie header. */
async function cookieOf(account: TestAccount): Promise<string> {
  let login = await call("POST", "/api/auth/login", {
    body: { username: account.username, password: TEST_PASSWORD },
  });
  // Staff have a second factor: the cookie comes with the code's answer.
  const pending = (login.body as { pending?: string }).pending;
  if (pending && account.secret) {
    login = await call("POST", "/api/auth/login/mfa", {
      body: { pending, code: await testAuthenticator.code(account.secret) },
    });
  }
  const cookie = cookieFrom(login, "access_token");
  if (!cookie) throw new Error("no access_token cookie");
  return cookie;
}

const HOSPITAL = {
  name: "Sassoon General Hospital",
  city: "Pune",
  state: "Maharashtra",
  type: "government",
  address: "Station Road",
  phone: "+91 20 2612 8000",
  email: "info@sassoon.example",
  departments: ["Cardiology", "Orthopedics"],
  facilities: ["ICU", "Blood bank"],
  totalBeds: 1200,
  icuBeds: 80,
  emergencyBeds: 60,
};

let staffCookie: string;
let hospitalId: string;
const inDays = (days: number) => addDays(localDate(new Date()), days);

beforeAll(async () => {
  await redis.connect();
  taskQueue = new Queue(QUEUES.tasks, { connection: redis, prefix });
  api = await startTestApi({ QUEUE_PREFIX: prefix, RUN_WORKER: "true", RATE_LIMIT_POINTS: "10000" });
  staffCookie = await cookieOf(await signedInAccount(api, "healthcare_admin"));
  const created = await call("POST", "/api/healthcare/hospitals", {
    cookie: staffCookie,
    body: { ...HOSPITAL, hospitalId: `HOSP${Date.now() % 100000}` },
  });
  expect(created.status).toBe(201);
  hospitalId = (created.body as { hospital: { id: string } }).hospital.id;
});
afterAll(async () => {
  await api.stop();
  await taskQueue.close();
  redis.disconnect();
});

describe("the original system's clients (cookie auth, relative paths, documented bodies)", () => {
  it("lists hospitals publicly with the documented fields", async () => {
    const response = await call("GET", "/api/healthcare/hospitals");
    expect(response.status).toBe(200);
    const { hospitals } = response.body as { hospitals: Array<Record<string, unknown>> };
    const ours = hospitals.find((h) => h.id === hospitalId);
    expect(ours).toMatchObject({
      hospitalId: expect.stringMatching(/^HOSP/),
      name: HOSPITAL.name,
      city: "Pune",
      state: "Maharashtra",
      type: "government",
      address: "Station Road",
      phone: HOSPITAL.phone,
      email: HOSPITAL.email,
      totalBeds: 1200,
      icuBeds: 80,
      emergencyBeds: 60,
      specialties: ["Cardiology", "Orthopedics"],
      facilities: ["ICU", "Blood bank"],
    });
    const filtered = await call("GET", "/api/healthcare/hospitals?city=pune&department=Orthopedics");
    expect((filtered.body as { hospitals: unknown[] }).hospitals).toContainEqual(
      expect.objectContaining({ id: hospitalId }),
    );
  });

  it("books, lists mine, lets staff confirm, and emails the patient at each step", async () => {
    const patient = await signedInAccount(api);
    const cookie = await cookieOf(patient);
    const body = {
      patientName: "Savitribai Phule",
      patientEmail: patient.email,
      patientPhone: "+91 98220 12345",
      hospitalId,
      department: "Cardiology",
      appointmentDate: inDays(4),
      appointmentTime: "11:30",
      doctorName: "Dr. Anandi Joshi",
      symptoms: "Palpitations",
    };
    const booked = await call("POST", "/api/appointments", { cookie, body });
    expect(booked.status).toBe(201);
    expect(booked.body).toEqual({
      message: "Appointment scheduled successfully",
      appointment: expect.objectContaining({
        id: expect.any(String),
        patientName: body.patientName,
        patientEmail: patient.email,
        patientPhone: body.patientPhone,
        hospitalId,
        department: "Cardiology",
        appointmentDate: body.appointmentDate,
        appointmentTime: "11:30",
        doctorName: body.doctorName,
        symptoms: body.symptoms,
        status: "scheduled",
        createdAt: expect.any(String),
      }),
    });
    const { id } = (booked.body as { appointment: { id: string } }).appointment;

    const rival = await cookieOf(await signedInAccount(api));
    const taken = await call("POST", "/api/appointments", {
      cookie: rival,
      body: { ...body, patientEmail: undefined },
    });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ error: "This time slot is already booked" });

    // "My" appointments are the signed-in user's; an ?email= parameter changes nothing.
    const mine = await call("GET", `/api/appointments/my?email=${encodeURIComponent("someone@else.example")}`, {
      cookie,
    });
    expect(mine.status).toBe(200);
    expect((mine.body as { appointments: Array<{ id: string }> }).appointments.map((a) => a.id)).toEqual([id]);
    const rivals = await call("GET", "/api/appointments/my", { cookie: rival });
    expect((rivals.body as { appointments: unknown[] }).appointments).toEqual([]);

    expect((await call("GET", "/api/appointments", { cookie })).status).toBe(403);
    const denied = await call("PUT", `/api/appointments/${id}`, { cookie, body: { status: "confirmed" } });
    expect(denied.status).toBe(403);
    const all = await call("GET", `/api/appointments?hospitalId=${hospitalId}&status=scheduled`, {
      cookie: staffCookie,
    });
    expect((all.body as { appointments: Array<{ id: string }> }).appointments.map((a) => a.id)).toContain(id);

    const confirmed = await call("PUT", `/api/appointments/${id}`, {
      cookie: staffCookie,
      body: { status: "confirmed" },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      message: "Appointment updated successfully",
      appointment: { id, status: "confirmed" },
    });
    const seen = await call("GET", "/api/appointments/my", { cookie });
    expect((seen.body as { appointments: Array<{ status: string }> }).appointments[0]?.status).toBe("confirmed");

    // The scheduled and confirmed emails reach the outbox and are sent by the worker.
    const sent = await eventually("both emails sent", async () => {
      const rows = await api.db.select().from(emailOutbox).where(eq(emailOutbox.recipient, patient.email));
      const done = rows.filter((row) => row.status === "sent" && row.template.startsWith("appointment"));
      return done.length >= 2 ? done : undefined;
    });
    expect(sent.map((row) => row.subject).sort()).toEqual([
      "Appointment Confirmed - GovConnect Healthcare",
      "Appointment Scheduled - GovConnect Healthcare",
    ]);

    // The reminder waits in BullMQ as a delayed job until 24 h before; cancelling removes it.
    const [row] = await api.db.select().from(appointments).where(eq(appointments.id, id));
    const reminderId = row?.reminderTaskId ?? "";
    expect(await (await taskQueue.getJob(reminderId))?.getState()).toBe("delayed");
    const cancelled = await call("PUT", `/api/appointments/${id}`, { cookie, body: { status: "cancelled" } });
    expect(cancelled.status).toBe(200);
    expect(await taskQueue.getJob(reminderId)).toBeUndefined();
    const [reminder] = await api.db.select().from(tasks).where(eq(tasks.id, reminderId));
    expect(reminder?.status).toBe("cancelled");
    const statusEmails = await eventually("the cancellation email", async () => {
      const rows = await api.db
        .select()
        .from(emailOutbox)
        .where(and(eq(emailOutbox.recipient, patient.email), eq(emailOutbox.template, "appointment_status")));
      return rows.length >= 2 ? rows : undefined;
    });
    expect(statusEmails.map((e) => (e.props as { status: string }).status).sort()).toEqual(["cancelled", "confirmed"]);

    const history = await call("GET", `/api/appointments/${id}/history`, { cookie });
    expect((history.body as { history: Array<{ to: string }> }).history.map((h) => h.to)).toEqual([
      "scheduled",
      "confirmed",
      "cancelled",
    ]);
  });

  it("refuses bad bookings with a 400 naming the field, and a stranger's appointment with a 404", async () => {
    const cookie = await cookieOf(await signedInAccount(api));
    const base = {
      patientName: "X",
      patientPhone: "+91 98220 12345",
      hospitalId,
      department: "Cardiology",
      appointmentDate: inDays(6),
      appointmentTime: "09:00",
    };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ appointmentDate: inDays(-2) }, "appointmentDate"],
      [{ appointmentDate: "2026-02-30" }, "appointmentDate"],
      [{ appointmentTime: "25:00" }, "appointmentTime"],
      [{ patientPhone: "call me" }, "patientPhone"],
      [{ hospitalId: randomUUID() }, "hospitalId"],
      [{ department: "Astrology" }, "department"],
      [{ role: "admin" }, ""],
    ];
    for (const [change, field] of cases) {
      const response = await call("POST", "/api/appointments", { cookie, body: { ...base, ...change } });
      expect(response.status, JSON.stringify(change)).toBe(400);
      const { error, issues } = response.body as { error: string; issues: Array<{ path: string }> };
      expect(error).toEqual(expect.any(String));
      expect(issues.map((issue) => issue.path)).toContain(field);
    }
    expect((await call("POST", "/api/appointments", { body: base })).status).toBe(401);
    const stranger = await cookieOf(await signedInAccount(api));
    const [someone] = await api.db.select().from(appointments).limit(1);
    const hidden = await call("PUT", `/api/appointments/${someone?.id}`, {
      cookie: stranger,
      body: { status: "cancelled" },
    });
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual({ error: "Appointment not found" });
  });

  it("lists alerts to signed-in users; admins create and deactivate them", async () => {
    expect((await call("GET", "/api/alerts")).status).toBe(401);
    const user = await cookieOf(await signedInAccount(api));
    const admin = await cookieOf(await signedInAccount(api, "admin"));
    const body = { type: "Infrastructure", message: `Bridge sensor ${randomUUID()} offline`, severity: "HIGH" };
    expect((await call("POST", "/api/alerts", { cookie: user, body })).status).toBe(403);
    const created = await call("POST", "/api/alerts", { cookie: admin, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      message: "Alert created successfully",
      alert: {
        id: expect.any(String),
        type: "Infrastructure",
        message: body.message,
        severity: "HIGH",
        createdBy: expect.any(String),
        createdAt: expect.any(String),
        isActive: true,
      },
    });
    const { id } = (created.body as { alert: { id: string } }).alert;
    const listed = await call("GET", "/api/alerts", { cookie: user });
    expect((listed.body as { alerts: Array<{ id: string }> }).alerts.map((a) => a.id)).toContain(id);
    const bad = await call("POST", "/api/alerts", { cookie: admin, body: { ...body, severity: "URGENT" } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      issues: [{ path: "severity", message: "severity must be one of CRITICAL, HIGH, MEDIUM, LOW" }],
    });
    expect((await call("DELETE", `/api/alerts/${id}`, { cookie: user })).status).toBe(403);
    const deleted = await call("DELETE", `/api/alerts/${id}`, { cookie: admin });
    expect(deleted.status).toBe(200);
    const all = await call("GET", "/api/alerts?status=all&type=Infrastructure", { cookie: user });
    expect(
      (all.body as { alerts: Array<{ id: string; isActive: boolean }> }).alerts.find((a) => a.id === id)?.isActive,
    ).toBe(false);
  });
});

describe("hospitals are managed by healthcare staff only", () => {
  it("refuses an agriculture admin and a citizen; validates; updates and deactivates", async () => {
    const body = { ...HOSPITAL, hospitalId: `HOSPX${Date.now() % 100000}` };
    for (const role of ["agriculture_admin", "user"] as const) {
      const cookie = await cookieOf(await signedInAccount(api, role));
      const response = await call("POST", "/api/healthcare/hospitals", { cookie, body });
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ error: "This needs one of these roles: healthcare_admin, admin" });
    }
    const invalid = await call("POST", "/api/healthcare/hospitals", {
      cookie: staffCookie,
      body: { ...body, totalBeds: 10, icuBeds: 8, emergencyBeds: 8, type: "military" },
    });
    expect(invalid.status).toBe(400);
    expect((invalid.body as { issues: Array<{ path: string }> }).issues.map((i) => i.path).sort()).toEqual(["type"]);
    const created = await call("POST", "/api/healthcare/hospitals", { cookie: staffCookie, body });
    const { id } = (created.body as { hospital: { id: string } }).hospital;
    const again = await call("POST", "/api/healthcare/hospitals", { cookie: staffCookie, body });
    expect(again.status).toBe(409);
    const beds = await call("PUT", `/api/healthcare/hospitals/${id}`, {
      cookie: staffCookie,
      body: { totalBeds: 100 },
    });
    expect(beds.status).toBe(400);
    expect(beds.body).toMatchObject({ error: "icuBeds and emergencyBeds together cannot exceed totalBeds" });
    const updated = await call("PUT", `/api/healthcare/hospitals/${id}`, {
      cookie: staffCookie,
      body: { totalBeds: 1500 },
    });
    expect(updated.body).toMatchObject({ hospital: { totalBeds: 1500 } });
    expect((await call("DELETE", `/api/healthcare/hospitals/${id}`, { cookie: staffCookie })).status).toBe(200);
    const list = await call("GET", "/api/healthcare/hospitals");
    expect((list.body as { hospitals: Array<{ id: string }> }).hospitals.map((h) => h.id)).not.toContain(id);
    expect((await call("GET", `/api/healthcare/hospitals/${randomUUID()}`)).status).toBe(404);
  });
});

describe("GET /api/dashboard/metrics and dashboard.onMetrics", () => {
  interface Metrics {
    healthcare: { activePatients: number; availableBeds: number; appointmentsToday: number };
    agriculture: { activeFarms: number; cropYield: number; waterUsage: number };
    infrastructure: Record<string, number>;
    alerts: { critical: number; warning: number; info: number };
  }
  const metrics = async (token: string) => {
    const response = await call("GET", "/api/dashboard/metrics", { token });
    expect(response.status).toBe(200);
    return response.body as Metrics;
  };

  it("needs a session, and reflects a new sample, appointment and alert", async () => {
    expect((await call("GET", "/api/dashboard/metrics")).status).toBe(401);
    const agri = await signedInAccount(api, "agriculture_admin");
    const admin = await signedInAccount(api, "admin");
    const patient = await signedInAccount(api);
    const before = await metrics(admin.token);
    expect(Object.keys(before).sort()).toEqual(
      ["agriculture", "alerts", "computedAt", "healthcare", "infrastructure", "sampledAt"].sort(),
    );

    const sample = await call("POST", "/api/tasks/submit", {
      token: agri.token,
      body: {
        taskType: "collect_metrics",
        data: { sector: "agriculture", samples: [{ metric: "cropYield", value: 4.25 }] },
      },
    });
    expect(sample.status).toBe(202);
    await eventually("the sample in the metrics", async () =>
      (await metrics(admin.token)).agriculture.cropYield === 4.25 ? true : undefined,
    );
    await call("POST", "/api/appointments", {
      token: patient.token,
      body: {
        patientName: "P",
        patientPhone: "+91 98220 12345",
        hospitalId,
        department: "Orthopedics",
        appointmentDate: inDays(2),
        appointmentTime: "15:00",
      },
    });
    expect((await metrics(admin.token)).healthcare.activePatients).toBe(before.healthcare.activePatients + 1);
    await call("POST", "/api/alerts", {
      token: admin.token,
      body: { type: "System", severity: "MEDIUM", message: `Queue backlog ${randomUUID()}` },
    });
    expect((await metrics(admin.token)).alerts.warning).toBe(before.alerts.warning + 1);
  });

  it("pushes fresh figures to a connected client when an alert is created or a sample stored", async () => {
    const viewer = await signedInAccount(api);
    const admin = await signedInAccount(api, "admin");
    const stream = await openEventStream(`${api.url}/trpc/dashboard.onMetrics`, {
      authorization: `Bearer ${viewer.token}`,
    });
    expect(stream.status).toBe(200);
    const first = await eventually("the first figures", async () => stream.data<Metrics>()[0]);
    const createdAt = Date.now();
    await call("POST", "/api/alerts", {
      token: admin.token,
      body: { type: "System", severity: "CRITICAL", message: `Data centre power loss ${randomUUID()}` },
    });
    const pushed = await eventually("the pushed figures", async () =>
      stream.data<Metrics>().find((m) => m.alerts.critical === first.alerts.critical + 1),
    );
    // Reported, not asserted (no timing assertions in tests): the issue's target is under 2 s.
    console.info(`dashboard.onMetrics pushed the new alert count ${Date.now() - createdAt} ms after the POST`);
    expect(pushed.alerts.critical).toBe(first.alerts.critical + 1);

    // A sample stored by the worker (a processed collect_metrics task) is pushed too.
    const agri = await signedInAccount(api, "agriculture_admin");
    await call("POST", "/api/tasks/submit", {
      token: agri.token,
      body: {
        taskType: "collect_metrics",
        data: { sector: "agriculture", samples: [{ metric: "waterUsage", value: 777.5 }] },
      },
    });
    await eventually("the pushed sample", async () =>
      stream.data<Metrics>().find((m) => m.agriculture.waterUsage === 777.5),
    );
    await stream.close();
  });
});
