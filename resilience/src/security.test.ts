import { randomUUID } from "node:crypto";
import type { TestAccount, TestApi } from "@govconnect/api/testing";
import {
  http,
  openEventStream,
  REST_ROUTES,
  routeAccess,
  signedInAccount,
  startTestApi,
} from "@govconnect/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** Error bodies must say what to fix and nothing of the server's insides. */
const INTERNALS = /\n\s+at |node_modules|\/work\/|\/home\/|\.ts:\d+|Error: |SELECT |relation "|ECONNREFUSED/;

describe("security probes", () => {
  let api: TestApi;
  let owner: TestAccount;
  let stranger: TestAccount;
  let admin: TestAccount;
  let staff: TestAccount;
  const ids: Record<string, string> = {};
  const errorBodies: string[] = [];
  const call = async (method: string, path: string, options: Parameters<typeof http>[3] = {}) => {
    const response = await http(api.url, method, path, options);
    if (response.status >= 400) errorBodies.push(`${method} ${path}: ${response.text}`);
    return response;
  };

  beforeAll(async () => {
    api = await startTestApi({
      QUEUE_PREFIX: `security${Date.now()}`,
      RUN_WORKER: "true",
      RATE_LIMIT_POINTS: "100000",
      CORS_ORIGINS: "https://dashboard.example.gov",
    });
    [owner, stranger, admin, staff] = await Promise.all([
      signedInAccount(api),
      signedInAccount(api),
      signedInAccount(api, "admin"),
      signedInAccount(api, "healthcare_admin"),
    ]);
    const hospital = await call("POST", "/api/healthcare/hospitals", {
      token: staff.token,
      body: {
        hospitalId: `SEC${Date.now() % 100000}`,
        name: "Probe Hospital",
        city: "Pune",
        state: "MH",
        type: "private",
        phone: "+91 20 0000 0000",
        email: "p@example.gov",
        departments: ["Cardiology"],
        totalBeds: 10,
        icuBeds: 1,
        emergencyBeds: 1,
      },
    });
    ids.hospital = (hospital.body as { hospital: { id: string } }).hospital.id;
    const date = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const appointment = await call("POST", "/api/appointments", {
      token: owner.token,
      body: {
        patientName: "Owner",
        patientPhone: "+91 98765 43210",
        hospitalId: ids.hospital,
        department: "Cardiology",
        appointmentDate: date,
        appointmentTime: "10:00",
      },
    });
    ids.appointment = (appointment.body as { appointment: { id: string } }).appointment.id;
    const task = await call("POST", "/api/tasks/submit", {
      token: owner.token,
      body: { taskType: "user_registration", data: { userId: owner.id } },
    });
    ids.task = (task.body as { taskId: string }).taskId;
    const alert = await call("POST", "/api/alerts", {
      token: admin.token,
      body: { type: "System", severity: "LOW", message: `probe ${randomUUID()}` },
    });
    ids.alert = (alert.body as { alert: { id: string } }).alert.id;
  });
  afterAll(() => api.stop());

  it("IDOR: every route with an id refuses another user's thing (403/404), and leaks none of it", async () => {
    const idFor = (url: string) =>
      url.includes("/tasks/")
        ? ids.task
        : url.includes("/appointments/")
          ? ids.appointment
          : url.includes("/alerts/")
            ? ids.alert
            : url.includes("/hospitals/")
              ? ids.hospital
              : randomUUID();
    const findings: string[] = [];
    for (const route of REST_ROUTES.filter((r) => r.url.includes(":"))) {
      const path = route.url.replace(/:(\w+)/g, idFor(route.url) ?? "");
      // Public reads (hospital detail) are meant for everyone.
      if (routeAccess(route) === "public") continue;
      const body =
        route.method === "GET" || route.method === "DELETE"
          ? undefined
          : route.procedure === "appointments.updateStatus"
            ? { status: "cancelled" }
            : route.procedure === "hospitals.update"
              ? { totalBeds: 99 }
              : undefined;
      const response = await call(route.method, path, { token: stranger.token, ...(body ? { body } : {}) });
      if (![403, 404].includes(response.status))
        findings.push(`${route.method} ${route.url}: ${response.status} ${response.text.slice(0, 120)}`);
      if (response.text.includes(owner.email) || response.text.includes("Owner"))
        findings.push(`${route.method} ${route.url} leaked the owner's data`);
    }
    expect(findings).toEqual([]);
    // The owner's things are intact: the stranger's cancel did nothing.
    const mine = await call("GET", "/api/appointments/my", { token: owner.token });
    expect((mine.body as { appointments: Array<{ status: string }> }).appointments[0]?.status).toBe("scheduled");
  });

  it("role escalation through extra keys is refused (unknown keys are errors, not ignored)", async () => {
    const name = `esc_${randomUUID().slice(0, 6)}`;
    const attempts: Array<[string, string, unknown]> = [
      [
        "POST",
        "/api/auth/register",
        { username: name, password: "a long passphrase", fullName: "E", email: `${name}@example.gov`, role: "admin" },
      ],
      ["PUT", "/api/auth/me", { role: "admin" }],
      [
        "POST",
        "/api/appointments",
        {
          patientName: "X",
          patientPhone: "+91 98765 43210",
          hospitalId: ids.hospital,
          department: "Cardiology",
          appointmentDate: "2030-01-01",
          appointmentTime: "11:00",
          status: "confirmed",
        },
      ],
      [
        "POST",
        "/api/tasks/submit",
        { taskType: "user_registration", data: { userId: stranger.id }, ownerId: owner.id },
      ],
      ["POST", "/api/alerts", { type: "System", severity: "LOW", message: "x", createdBy: admin.id }],
    ];
    for (const [method, path, body] of attempts) {
      const response = await call(method, path, { token: stranger.token, body });
      expect(response.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `${method} ${path}`).toBeLessThan(500);
    }
    const me = await call("GET", "/api/auth/me", { token: stranger.token });
    expect((me.body as { role: string }).role).toBe("user");
  });

  it("bounds input: a body over 64 KiB is 413, a tRPC batch over 20 calls is refused", async () => {
    const big = await call("POST", "/api/auth/login", {
      rawBody: JSON.stringify({ username: "x".repeat(1_100_000), password: "y" }),
    });
    expect(big.status).toBe(413);
    const calls = Array.from({ length: 21 }, () => "health.check").join(",");
    const batch = await call("GET", `/trpc/${calls}?batch=1&input=${encodeURIComponent("{}")}`);
    expect(batch.status).toBeGreaterThanOrEqual(400);
    expect(batch.status).toBeLessThan(500);
  });

  it("CORS: an unlisted origin gets no Access-Control-Allow-Origin; the listed one does", async () => {
    const evil = await http(api.url, "GET", "/api/health", { headers: { origin: "https://evil.example" } });
    expect(evil.headers["access-control-allow-origin"]).toBeUndefined();
    const preflight = await http(api.url, "OPTIONS", "/api/auth/login", {
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
    const good = await http(api.url, "GET", "/api/health", { headers: { origin: "https://dashboard.example.gov" } });
    expect(good.headers["access-control-allow-origin"]).toBe("https://dashboard.example.gov");
  });

  it("security headers on every route, success or error", async () => {
    const missing: string[] = [];
    for (const route of REST_ROUTES) {
      const response = await http(api.url, route.method, route.url.replace(/:(\w+)/g, randomUUID()), {
        token: stranger.token,
        ...(route.method === "POST" || route.method === "PUT" ? { body: {} } : {}),
      });
      for (const header of [
        "x-content-type-options",
        "content-security-policy",
        "x-frame-options",
        "referrer-policy",
      ]) {
        if (!response.headers[header]) missing.push(`${route.method} ${route.url}: ${header}`);
      }
    }
    for (const path of ["/", "/api/docs", "/api/openapi.json", "/trpc/health.check", "/nope"]) {
      const response = await http(api.url, "GET", path);
      if (response.headers["x-content-type-options"] !== "nosniff") missing.push(`GET ${path}: x-content-type-options`);
    }
    expect(missing).toEqual([]);
  });

  it("cross-site writes: every write route refuses the session cookie from another site's page (403), never 5xx", async () => {
    const writes = REST_ROUTES.filter((route) => route.method !== "GET");
    const wrong: string[] = [];
    for (const route of writes) {
      for (const headers of [
        { "sec-fetch-site": "cross-site", origin: "https://evil.example" },
        { "sec-fetch-site": "same-site", origin: "http://localhost:9" },
      ]) {
        const response = await call(route.method, route.url.replace(/:(\w+)/g, randomUUID()), {
          cookie: `access_token=${owner.token}`,
          headers,
          ...(route.method === "DELETE" ? {} : { body: {} }),
        });
        if (response.status !== 403)
          wrong.push(`${route.method} ${route.url} ${headers["sec-fetch-site"]}: ${response.status}`);
      }
    }
    expect(writes.length).toBeGreaterThan(10);
    expect(wrong).toEqual([]);
  });

  it("Unicode spellings of names and usernames: refused or treated as their ASCII form, never 5xx", async () => {
    const spellings = [
      "demo_adm\u0130n",
      "stra\u00dfe",
      "\uff44\uff45\uff4d\uff4f",
      "i\u0307x",
      "a\u202eb",
      "z\u200bz",
    ];
    const statuses = new Set<number>();
    for (const [i, spelling] of spellings.entries()) {
      const from = `127.0.3.${i + 1}`;
      const signUp = await call("POST", "/api/auth/register", {
        from,
        body: { username: spelling, password: "a long passphrase 42", fullName: spelling, email: `u${i}@example.gov` },
      });
      const signIn = await call("POST", "/api/auth/login", { from, body: { username: spelling, password: "nope" } });
      statuses.add(signUp.status).add(signIn.status);
    }
    expect([...statuses].filter((status) => status >= 500)).toEqual([]);
    expect(statuses.has(400)).toBe(true);
  });

  it("deep JSON: nesting past 32 levels is 400 on every surface, before it is parsed; never 5xx", async () => {
    const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;
    for (const path of ["/api/auth/login", "/trpc/auth.login", "/api/tasks/submit"]) {
      const refused = await call("POST", path, { rawBody: deep(33), token: owner.token });
      expect(refused.status, path).toBe(400);
      const fits = await call("POST", path, { rawBody: deep(31), token: owner.token });
      expect(fits.status, path).toBeGreaterThanOrEqual(400);
      expect(fits.status, path).toBeLessThan(500);
    }
  });

  it("many streams: one account's 30 live views get its 10 and a TOO_MANY_REQUESTS for the rest, never 5xx", async () => {
    const streams = await Promise.all(
      Array.from({ length: 30 }, () =>
        openEventStream(`${api.url}/trpc/dashboard.onMetrics`, { authorization: `Bearer ${admin.token}` }),
      ),
    );
    try {
      expect(streams.filter((stream) => stream.status >= 500)).toEqual([]);
      // A refused stream is ended by the server at once, its one event saying why.
      const settled = await Promise.all(
        streams.map((stream) =>
          Promise.race([stream.ended.then(() => "ended"), new Promise((done) => setTimeout(done, 3_000, "open"))]),
        ),
      );
      expect(settled.filter((state) => state === "open")).toHaveLength(10);
      const refusals = streams.flatMap((stream) => stream.events.filter((event) => event.event === "serialized-error"));
      expect(refusals).toHaveLength(20);
      for (const refusal of refusals) expect(refusal.data).toContain('"code":"TOO_MANY_REQUESTS"');
    } finally {
      await Promise.all(streams.map((stream) => stream.close()));
    }
  });

  it("no stack trace or internal detail in any error body seen by these probes", () => {
    expect(errorBodies.length).toBeGreaterThan(10);
    expect(errorBodies.filter((body) => INTERNALS.test(body))).toEqual([]);
  });
});
