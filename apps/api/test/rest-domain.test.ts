import { randomUUID } from "node:crypto";
import { addDays, localDate } from "@govconnect/contracts";
import { emailOutbox } from "@govconnect/db";
import { eventually } from "@govconnect/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestAccount } from "../src/testing/accounts.ts";
import { signedInAccount } from "../src/testing/accounts.ts";
import type { TestApi } from "../src/testing/api.ts";
import { startTestApi } from "../src/testing/api.ts";
import type { HttpOptions } from "../src/testing/http.ts";
import { http } from "../src/testing/http.ts";

let api: TestApi;
let staff: TestAccount;
let hospitalId: string;
const call = (method: string, path: string, options?: HttpOptions) => http(api.url, method, path, options);
const trpcData = <T>(response: { body: unknown }) => (response.body as { result: { data: T } }).result.data;
const query = (input: unknown) => `?input=${encodeURIComponent(JSON.stringify(input))}`;

beforeAll(async () => {
  api = await startTestApi({ QUEUE_PREFIX: `routes${Date.now()}`, RUN_WORKER: "true", RATE_LIMIT_POINTS: "10000" });
  staff = await signedInAccount(api, "healthcare_admin");
  const created = await call("POST", "/trpc/hospitals.create", {
    token: staff.token,
    body: {
      hospitalId: `HR${Date.now() % 1_000_000}`,
      name: "Ruby Hall Clinic",
      city: "Pune",
      state: "Maharashtra",
      type: "private",
      phone: "+91 20 6645 5000",
      email: "care@rubyhall.example",
      departments: ["Cardiology", "Neurology"],
      totalBeds: 550,
      icuBeds: 60,
      emergencyBeds: 30,
    },
  });
  expect(created.status).toBe(200);
  hospitalId = trpcData<{ hospital: { id: string } }>(created).hospital.id;
});
afterAll(() => api.stop());

const booking = (overrides: Record<string, unknown> = {}) => ({
  patientName: "Anandi Gopal",
  patientPhone: "+91 98220 55555",
  hospitalId,
  department: "Neurology",
  appointmentDate: addDays(localDate(new Date()), 8),
  appointmentTime: "10:00",
  ...overrides,
});

describe("appointments over HTTP", () => {
  it("20 people booking one slot at once over REST: one 201, nineteen 409", async () => {
    const people = await Promise.all(Array.from({ length: 20 }, () => signedInAccount(api)));
    const body = booking({ appointmentTime: "12:30" });
    const responses = await Promise.all(
      people.map((person) => call("POST", "/api/appointments", { token: person.token, body })),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const refused of responses.filter((r) => r.status === 409)) {
      expect(refused.body).toEqual({
        error: "This time slot is already booked",
        issues: [{ path: "appointmentTime", message: "This time slot is already booked" }],
      });
    }
  });

  it("books over tRPC too, shows taken slots, and pages the staff list", async () => {
    const patient = await signedInAccount(api);
    const booked = await call("POST", "/trpc/appointments.book", {
      token: patient.token,
      body: booking({ appointmentTime: "16:30" }),
    });
    expect(booked.status).toBe(200);
    expect(trpcData<{ appointment: { status: string } }>(booked).appointment.status).toBe("scheduled");
    const slots = await call(
      "GET",
      `/api/appointments/slots?hospitalId=${hospitalId}&department=Neurology&date=${booking().appointmentDate}`,
      { token: patient.token },
    );
    expect(slots.status).toBe(200);
    expect((slots.body as { times: string[] }).times).toEqual(expect.arrayContaining(["12:30", "16:30"]));
    const badSlots = await call("GET", `/api/appointments/slots?hospitalId=x&department=Neurology&date=tomorrow`, {
      token: patient.token,
    });
    expect(badSlots.status).toBe(400);
    expect((badSlots.body as { issues: Array<{ path: string }> }).issues.map((i) => i.path).sort()).toEqual([
      "date",
      "hospitalId",
    ]);

    const firstPage = await call("GET", `/api/appointments?limit=1&hospitalId=${hospitalId}`, { token: staff.token });
    const page = firstPage.body as { appointments: Array<{ id: string }>; nextCursor: string };
    expect(page.appointments).toHaveLength(1);
    const second = await call("GET", `/api/appointments?limit=1&hospitalId=${hospitalId}&cursor=${page.nextCursor}`, {
      token: staff.token,
    });
    expect((second.body as { appointments: Array<{ id: string }> }).appointments[0]?.id).not.toBe(
      page.appointments[0]?.id,
    );
    const badLimit = await call("GET", "/api/appointments?limit=1000", { token: staff.token });
    expect(badLimit.status).toBe(400);
    const badCursor = await call("GET", "/api/appointments?cursor=nonsense", { token: staff.token });
    expect(badCursor.body).toEqual({
      error: "cursor is not one this API returned",
      issues: [{ path: "cursor", message: "cursor is not one this API returned" }],
    });
  });
});

describe("alerts and the dashboard over HTTP", () => {
  it("acknowledges and resolves over REST, for the alert's sector only", async () => {
    const agri = await signedInAccount(api, "agriculture_admin");
    const created = await call("POST", "/api/alerts", {
      token: agri.token,
      body: {
        type: "Agriculture",
        severity: "LOW",
        message: `Locust sighting ${randomUUID()}`,
        source: "field-officer",
      },
    });
    expect(created.status).toBe(201);
    const { id } = (created.body as { alert: { id: string } }).alert;
    expect((await call("POST", `/api/alerts/${id}/acknowledge`, { token: staff.token })).status).toBe(403);
    const acknowledged = await call("POST", `/api/alerts/${id}/acknowledge`, { token: agri.token });
    expect(acknowledged.body).toMatchObject({ message: "Alert acknowledged", alert: { status: "acknowledged" } });
    const resolved = await call("POST", `/api/alerts/${id}/resolve`, { token: agri.token });
    expect(resolved.body).toMatchObject({ message: "Alert resolved", alert: { status: "resolved", isActive: false } });
    expect((await call("POST", `/api/alerts/${id}/resolve`, { token: agri.token })).status).toBe(409);
    expect((await call("POST", `/api/alerts/${randomUUID()}/resolve`, { token: agri.token })).status).toBe(404);
  });

  it("serves a metric's series for charts, and refuses a bad one with the field named", async () => {
    const agri = await signedInAccount(api, "agriculture_admin");
    const at = new Date(Date.now() - 30 * 60_000).toISOString();
    const submitted = await call("POST", "/api/tasks/submit", {
      token: agri.token,
      body: {
        taskType: "collect_metrics",
        data: { sector: "agriculture", samples: [{ metric: "activeFarms", value: 1300, at }] },
      },
    });
    expect(submitted.status).toBe(202);
    const series = await eventually("the sample in the series", async () => {
      const response = await call("GET", "/api/dashboard/series?sector=agriculture&metric=activeFarms&bucket=hour", {
        token: agri.token,
      });
      const body = response.body as { points: Array<{ value: number }> };
      return body.points.length > 0 ? body : undefined;
    });
    expect(series.points.at(-1)?.value).toBe(1300);
    const trpc = await call("GET", `/trpc/dashboard.series${query({ sector: "agriculture", metric: "activeFarms" })}`, {
      token: agri.token,
    });
    expect(trpc.status).toBe(200);
    const bad = await call("GET", "/api/dashboard/series?sector=space&metric=x&bucket=week", { token: agri.token });
    expect(bad.status).toBe(400);
    expect((bad.body as { issues: Array<{ path: string }> }).issues.map((i) => i.path).sort()).toEqual([
      "bucket",
      "sector",
    ]);
    expect((await call("GET", "/api/dashboard/series?sector=agriculture&metric=activeFarms")).status).toBe(401);
  });
});

describe("email_notification submitted by an admin", () => {
  it("sends a queued outbox email through the configured transport", async () => {
    const admin = await signedInAccount(api, "admin");
    const [email] = await api.db
      .insert(emailOutbox)
      .values({
        dedupeKey: `manual/${randomUUID()}`,
        template: "welcome",
        recipient: "someone@example.gov",
        props: { fullName: "Someone", username: "someone" },
      })
      .returning();
    const submitted = await call("POST", "/api/tasks/submit", {
      token: admin.token,
      body: { taskType: "email_notification", data: { outboxId: email?.id } },
    });
    expect(submitted.status).toBe(202);
    const sent = await eventually("the email sent", async () => {
      const [row] = await api.db
        .select()
        .from(emailOutbox)
        .where(eq(emailOutbox.id, email?.id ?? ""));
      return row?.status === "sent" ? row : undefined;
    });
    expect(sent).toMatchObject({
      transport: "outbox",
      subject: "Welcome to GovConnect Healthcare - Account Created Successfully",
    });
  });
});

describe("what the dashboard reads besides the domain", () => {
  it("tasks.catalog: every task type with its payload's JSON Schema", async () => {
    const user = await signedInAccount(api);
    const response = await call("GET", "/trpc/tasks.catalog", { token: user.token });
    const { types } = trpcData<{
      types: Array<{ type: string; schema: { properties: Record<string, unknown>; required: string[] } }>;
    }>(response);
    expect(types.map((t) => t.type)).toEqual([
      "user_login",
      "user_registration",
      "collect_metrics",
      "appointment_booking",
      "alert_processing",
      "email_notification",
      "password_reset",
    ]);
    const booking = types.find((t) => t.type === "appointment_booking");
    expect(booking?.schema.required).toEqual(
      expect.arrayContaining([
        "patientName",
        "patientPhone",
        "hospitalId",
        "department",
        "appointmentDate",
        "appointmentTime",
      ]),
    );
  });

  it("emails.outbox: the emails sent to me (admins: everyone's), rendered", async () => {
    const WELCOME = "Welcome to GovConnect Healthcare - Account Created Successfully";
    const me = await signedInAccount(api);
    const other = await signedInAccount(api);
    const admin = await signedInAccount(api, "admin");
    const welcomeOf = async (account: TestAccount) =>
      eventually(`${account.username}'s welcome email`, async () => {
        const response = await call("GET", "/trpc/emails.outbox", { token: account.token });
        const { emails } = trpcData<{ emails: Array<{ recipient: string; subject: string; html: string }> }>(response);
        // A sign-up's emails (the welcome, and the confirmation link if onboarding ran first) are the account's.
        return emails.some((email) => email.subject === WELCOME) ? emails : undefined;
      });
    const mine = await welcomeOf(me);
    await welcomeOf(other);
    expect(mine.every((email) => email.recipient === me.email)).toBe(true);
    expect(mine.find((email) => email.subject === WELCOME)?.html).toContain("<html");
    const all = trpcData<{ emails: Array<{ recipient: string }> }>(
      await call("GET", "/trpc/emails.outbox", { token: admin.token }),
    );
    expect(all.emails.map((e) => e.recipient)).toEqual(expect.arrayContaining([me.email, other.email]));
  });
});

describe("the work queue and appointment files over HTTP", () => {
  it("serves a patient's calendar entry, the staff queue as pages, and its CSV export with the same filters", async () => {
    const patient = await signedInAccount(api);
    const booked = await call("POST", "/api/appointments", {
      token: patient.token,
      body: booking({ appointmentTime: "14:30", patientName: "Queue Person" }),
    });
    expect(booked.status).toBe(201);
    const appointment = (booked.body as { appointment: { id: string; reference: string } }).appointment;

    const calendar = await call("GET", `/api/appointments/${appointment.id}/calendar`, { token: patient.token });
    expect(calendar.status).toBe(200);
    expect(calendar.headers["content-type"]).toContain("text/calendar");
    expect(calendar.headers["content-disposition"]).toContain(`appointment-${appointment.reference}.ics`);
    expect(calendar.text).toContain(`UID:${appointment.reference.toLowerCase()}@govconnect`);
    const stranger = await signedInAccount(api);
    expect((await call("GET", `/api/appointments/${appointment.id}/calendar`, { token: stranger.token })).status).toBe(
      404,
    );

    const filter = { view: "all", hospitalId, department: "Neurology", q: "queue person" } as const;
    const page = await call("GET", `/trpc/appointments.queue${query({ ...filter, pageSize: 5 })}`, {
      token: staff.token,
    });
    expect(page.status).toBe(200);
    const listed = trpcData<{ appointments: Array<{ reference: string }>; total: number }>(page);
    expect(listed.appointments.map((row) => row.reference)).toEqual([appointment.reference]);
    expect(listed.total).toBe(1);
    const csv = await call("GET", `/api/appointments/export?${new URLSearchParams(filter)}`, { token: staff.token });
    expect(csv.status).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    const lines = csv.text.trimEnd().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]?.startsWith(`${appointment.reference},`)).toBe(true);
    expect((await call("GET", "/api/appointments/export?view=someday", { token: staff.token })).status).toBe(400);
    expect((await call("GET", "/api/appointments/export", { token: patient.token })).status).toBe(403);
  });
});
