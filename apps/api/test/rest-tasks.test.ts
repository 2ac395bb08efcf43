import { randomUUID } from "node:crypto";
import { addDays, localDate } from "@govconnect/contracts";
import type { UserRole } from "@govconnect/db";
import { alerts, appointments, loginEvents, metricSamples, users } from "@govconnect/db";
import { testHospital } from "@govconnect/domain/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInAccount } from "../src/testing/accounts.ts";
import type { TestApi } from "../src/testing/api.ts";
import { startTestApi } from "../src/testing/api.ts";
import type { HttpOptions } from "../src/testing/http.ts";
import { http } from "../src/testing/http.ts";
import { finishedTask } from "./support/tasks.ts";

let api: TestApi;
const call = (method: string, path: string, options?: HttpOptions) => http(api.url, method, path, options);

const account = (role: UserRole = "user") => signedInAccount(api, role);
const finished = (taskId: string, token: string) => finishedTask(api, taskId, token);

beforeAll(async () => {
  api = await startTestApi({ QUEUE_PREFIX: `tasks${Date.now()}`, RUN_WORKER: "true", RATE_LIMIT_POINTS: "10000" });
});
afterAll(() => api.stop());

describe("POST /api/tasks/submit and GET /api/tasks/{taskId}", () => {
  it("202 with the seed's shape; the task reaches `processed` with its effect stored", async () => {
    const admin = await account("healthcare_admin");
    const submit = await call("POST", "/api/tasks/submit", {
      token: admin.token,
      body: {
        taskType: "collect_metrics",
        data: { sector: "healthcare", samples: [{ metric: "availableBeds", value: 87 }] },
        priority: 2,
      },
    });
    expect(submit.status).toBe(202);
    expect(submit.body).toEqual({
      message: "Task submitted successfully",
      taskId: expect.any(String),
      status: "queued",
    });
    const { taskId } = submit.body as { taskId: string };

    const done = await finished(taskId, admin.token);
    expect(done).toMatchObject({
      status: "processed",
      task: { id: taskId, type: "collect_metrics", priority: 2, attempts: 1 },
      result: { sector: "healthcare", stored: 1, received: 1 },
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(done.history.map((event) => event.status)).toEqual(["queued", "processing", "processed"]);
    const samples = await api.db.select().from(metricSamples).where(eq(metricSamples.taskId, taskId));
    expect(samples.map((s) => [s.metric, s.value])).toEqual([["availableBeds", 87]]);
  });

  it("runs user_registration for oneself, over REST and over tRPC (user_login is the system's own)", async () => {
    const user = await account();
    const rest = await call("POST", "/api/tasks/submit", {
      token: user.token,
      body: { taskType: "user_registration", data: { userId: user.id } },
    });
    expect(rest.status).toBe(202);
    const trpc = await call("POST", "/trpc/tasks.submit", {
      token: user.token,
      body: { taskType: "user_registration", data: { userId: user.id }, priority: 7 },
    });
    expect(trpc.status).toBe(200);
    const restId = (rest.body as { taskId: string }).taskId;
    const trpcId = (trpc.body as { result: { data: { taskId: string } } }).result.data.taskId;
    expect((await finished(restId, user.token)).status).toBe("processed");
    expect((await finished(trpcId, user.token)).status).toBe("processed");
    const [row] = await api.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.onboardedAt).toBeInstanceOf(Date);
    // A sign-in is recorded by the sign-in itself: submitting one is refused (security review L7).
    const login = await call("POST", "/api/tasks/submit", {
      token: user.token,
      body: { taskType: "user_login", data: { userId: user.id, ip: "198.51.100.4", at: new Date().toISOString() } },
    });
    expect(login.status).toBe(403);
  });

  it("runs appointment_booking (over REST) and alert_processing (over tRPC) with their effect", async () => {
    const staff = await account("healthcare_admin");
    const hospital = await testHospital(api.db);
    const patient = await account();
    const booking = await call("POST", "/api/tasks/submit", {
      token: patient.token,
      body: {
        taskType: "appointment_booking",
        data: {
          patientName: "Grace Hopper",
          patientPhone: "+1 555 010 2030",
          hospitalId: hospital.id,
          department: "Pediatrics",
          appointmentDate: addDays(localDate(new Date()), 5),
          appointmentTime: "10:30",
        },
      },
    });
    expect(booking.status).toBe(202);
    const booked = await finished((booking.body as { taskId: string }).taskId, patient.token);
    expect(booked.status).toBe("processed");
    const { appointmentId } = booked.result as { appointmentId: string };
    const [row] = await api.db.select().from(appointments).where(eq(appointments.id, appointmentId));
    expect(row).toMatchObject({ bookedBy: patient.id, patientEmail: patient.email, status: "scheduled" });

    const report = {
      type: "Healthcare",
      severity: "MEDIUM",
      message: `Oxygen supply low ${randomUUID()}`,
      source: "ward-3",
    };
    const submit = (token: string) =>
      call("POST", "/trpc/tasks.submit", { token, body: { taskType: "alert_processing", data: report } });
    const first = (await submit(staff.token)).body as { result: { data: { taskId: string } } };
    const firstResult = (await finished(first.result.data.taskId, staff.token)).result as { alertId: string };
    const second = (await submit(staff.token)).body as { result: { data: { taskId: string } } };
    const secondResult = (await finished(second.result.data.taskId, staff.token)).result;
    expect(secondResult).toMatchObject({ alertId: firstResult.alertId, occurrences: 2, repeated: true });
    const [stored] = await api.db.select().from(alerts).where(eq(alerts.id, firstResult.alertId));
    expect(stored).toMatchObject({ occurrences: 2, severity: "MEDIUM", status: "active", source: "ward-3" });
  });

  it("signing in records the sign-in through a user_login task", async () => {
    const user = await account();
    const deadline = Date.now() + 20_000;
    let recorded = 0;
    while (recorded === 0 && Date.now() < deadline) {
      recorded = (await api.db.select().from(loginEvents).where(eq(loginEvents.userId, user.id))).length;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(recorded).toBe(1);
  });

  it("400 naming the field for a bad priority, an unknown task type or a payload that does not match", async () => {
    const user = await account();
    const submit = (body: unknown) => call("POST", "/api/tasks/submit", { token: user.token, body });
    const data = { userId: user.id };
    for (const priority of [0, 11, 2.5, "high"]) {
      const response = await submit({ taskType: "user_registration", data, priority });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        issues: [{ path: "priority", message: "priority must be an integer from 1 (most urgent) to 10" }],
      });
    }
    const unknown = await submit({ taskType: "mine_bitcoin", data: {} });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      issues: [{ path: "taskType", message: expect.stringMatching(/^taskType must be one of user_login/) }],
    });
    const badPayload = await submit({
      taskType: "collect_metrics",
      data: { sector: "healthcare", samples: [{ metric: "beds", value: "many" }] },
    });
    expect(badPayload.status).toBe(400);
    expect(badPayload.body).toMatchObject({
      issues: [{ path: "data.samples.0.value", message: "value must be a number" }],
    });
    const extra = await submit({ taskType: "user_registration", data: { ...data, admin: true } });
    expect(extra.status).toBe(400);
  });

  it("403 for what the caller may not submit", async () => {
    const citizen = await account();
    const other = await account();
    const metrics = await call("POST", "/api/tasks/submit", {
      token: citizen.token,
      body: {
        taskType: "collect_metrics",
        data: { sector: "agriculture", samples: [{ metric: "cropYield", value: 1 }] },
      },
    });
    expect(metrics.status).toBe(403);
    const someoneElse = await call("POST", "/api/tasks/submit", {
      token: citizen.token,
      body: { taskType: "user_registration", data: { userId: other.id } },
    });
    expect(someoneElse.status).toBe(403);
    const alert = await call("POST", "/api/tasks/submit", {
      token: citizen.token,
      body: { taskType: "alert_processing", data: { type: "System", severity: "LOW", message: "disk full" } },
    });
    expect(alert.status).toBe(403);
    expect(alert.body).toEqual({
      error: "You cannot raise System alerts",
      issues: [{ path: "data.type", message: "You cannot raise System alerts" }],
    });
    expect((await call("POST", "/api/tasks/submit", { body: { taskType: "user_login", data: {} } })).status).toBe(401);
  });

  it("someone else's task answers 404, exactly like a missing one; an admin sees it", async () => {
    const owner = await account();
    const stranger = await account();
    const admin = await account("admin");
    const submit = await call("POST", "/api/tasks/submit", {
      token: owner.token,
      body: { taskType: "user_registration", data: { userId: owner.id } },
    });
    const { taskId } = submit.body as { taskId: string };
    const theirs = await call("GET", `/api/tasks/${taskId}`, { token: stranger.token });
    const missing = await call("GET", `/api/tasks/${randomUUID()}`, { token: stranger.token });
    const garbage = await call("GET", "/api/tasks/not-a-task-id", { token: stranger.token });
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual({ error: "Task not found" });
    expect(missing.body).toEqual(theirs.body);
    expect(garbage.body).toEqual(theirs.body);
    expect((await call("GET", `/api/tasks/${taskId}`, { token: admin.token })).status).toBe(200);
  });
});

describe("tasks.list", () => {
  it("pages through the caller's own tasks, newest first", async () => {
    const user = await account();
    const other = await account();
    await call("POST", "/api/tasks/submit", {
      token: other.token,
      body: { taskType: "user_registration", data: { userId: other.id } },
    });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await call("POST", "/api/tasks/submit", {
        token: user.token,
        body: { taskType: "user_registration", data: { userId: user.id } },
      });
      ids.push((response.body as { taskId: string }).taskId);
    }
    const page = async (cursor?: string) => {
      const input = encodeURIComponent(JSON.stringify({ limit: 2, ...(cursor ? { cursor } : {}) }));
      const response = await call("GET", `/trpc/tasks.list?input=${input}`, { token: user.token });
      expect(response.status).toBe(200);
      return (
        response.body as { result: { data: { items: Array<{ id: string; type: string }>; nextCursor: string | null } } }
      ).result.data;
    };
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const data = await page(cursor);
      seen.push(...data.items.filter((item) => item.type === "user_registration").map((item) => item.id));
      cursor = data.nextCursor ?? undefined;
    } while (cursor);
    // Newest first; the sign-in's own user_login/registration tasks may interleave, so compare these five.
    expect(seen.filter((id) => ids.includes(id))).toEqual([...ids].reverse());
  });
});
