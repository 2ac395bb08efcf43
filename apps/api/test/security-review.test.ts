import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { emailOutbox, users } from "@govconnect/db";
import { appRouter } from "@govconnect/router";
import { eventually } from "@govconnect/testing";
import { and, eq, isNotNull } from "drizzle-orm";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REST_ROUTES } from "../src/routes/rest-table.ts";
import { registerSpa } from "../src/routes/spa.ts";
import type { TestAccount, TestApi } from "../src/testing/index.ts";
import { http, signedInAccount, startTestApi, TEST_PASSWORD } from "../src/testing/index.ts";

/**
 * Sends a request's headers, announcing a body of `contentLength` bytes that is never sent, and
 * reads the answer: only a server that answers before reading the body answers at all (else the
 * request waits until its timeout).
 */
function answerWithoutTheBody(
  baseUrl: string,
  path: string,
  options: { readonly from: string; readonly contentLength: number },
): Promise<{ readonly status: number; readonly body: unknown }> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(options.contentLength) },
        localAddress: options.from,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
        });
      },
    );
    req.on("error", reject);
    req.flushHeaders();
  });
}

/**
 * The outside security review of December 2026 (`../shared/reviews/security-2026-12.md`): each
 * finding replayed as the review did it, named after it. Each failed on the `main` it was found
 * on; `docs/operations.md` lists them with their fixes.
 */
describe("security review 2026-12: findings replayed", () => {
  let api: TestApi;
  let citizen: TestAccount;
  beforeAll(async () => {
    api = await startTestApi({ RUN_WORKER: "true" });
    citizen = await signedInAccount(api);
  });
  afterAll(() => api.stop());

  it("L8: a NUL (or any other control character) in a text input is a 400 naming the field, never a 500", async () => {
    const replays = [
      { method: "GET", path: "/api/healthcare/hospitals?city=%00", field: "city", from: "127.0.0.81" },
      {
        method: "POST",
        path: "/api/auth/login",
        body: { username: "demo\u0000admin", password: "x" },
        field: "username",
        from: "127.0.0.82",
      },
      {
        method: "POST",
        path: "/api/auth/register",
        body: {
          username: "nulbyte",
          password: "a long passphrase 42",
          fullName: "nul\u0000byte",
          email: "n@example.gov",
        },
        field: "fullName",
        from: "127.0.0.83",
      },
      {
        method: "GET",
        path: `/trpc/hospitals.list?input=${encodeURIComponent(JSON.stringify({ city: "esc\u001b[31m" }))}`,
        field: "city",
        from: "127.0.0.84",
      },
    ] as const;
    for (const replay of replays) {
      const response = await http(api.url, replay.method, replay.path, {
        from: replay.from,
        ...("body" in replay ? { body: replay.body } : {}),
      });
      expect(response.status, replay.path).toBe(400);
      expect(response.text, replay.path).toContain(`${replay.field} must not contain control characters`);
    }
    // A key may not hide one either, at any depth.
    const nested = await http(api.url, "POST", "/api/appointments", {
      token: citizen.token,
      body: { patientName: "A", "odd\u0007key": 1 },
    });
    expect(nested.status).toBe(400);
    expect(nested.body).toMatchObject({
      error: expect.stringContaining("odd<U+0007>key must not contain control characters"),
    });
    // Tabs and line breaks are text: a symptom may span lines.
    const lines = await http(api.url, "GET", `/api/healthcare/hospitals?city=${encodeURIComponent("Pu\tne\n")}`, {
      from: "127.0.0.85",
    });
    expect(lines.status).toBe(200);
  });

  it("I6: line breaks and text-direction controls are refused in names, with the field named", async () => {
    for (const [fullName, from] of [
      ["Ann\r\nBcc: victim@example.gov", "127.0.0.86"],
      ["Ann \u202Egnp.exe", "127.0.0.87"],
      ["Ann\u2066isolated\u2069", "127.0.0.88"],
    ] as const) {
      const response = await http(api.url, "POST", "/api/auth/register", {
        from,
        body: {
          username: `i6_${from.split(".")[3]}`,
          password: "a long passphrase 42",
          fullName,
          email: `${from}@example.gov`,
        },
      });
      expect(response.status, JSON.stringify(fullName)).toBe(400);
      expect(response.text).toContain("Full name must be one line, without line breaks or text-direction controls");
    }
    const booking = await http(api.url, "POST", "/api/appointments", {
      token: citizen.token,
      body: {
        patientName: "Ann\nBcc",
        patientPhone: "+91 98765 43210",
        hospitalId: "00000000-0000-4000-8000-000000000000",
        department: "Cardiology",
        appointmentDate: "2030-01-07",
        appointmentTime: "10:00",
      },
    });
    expect(booking.status).toBe(400);
    expect(booking.text).toContain("patientName must be one line, without line breaks or text-direction controls");
  });

  it("I1: the dashboard's source maps are not served in production (they are in development)", async () => {
    const dist = mkdtempSync(join(tmpdir(), "govconnect-dist-"));
    try {
      mkdirSync(join(dist, "assets"));
      writeFileSync(join(dist, "index.html"), "<!doctype html><title>GovConnect</title>");
      writeFileSync(join(dist, "assets", "index-abc.js"), "console.log(1);\n//# sourceMappingURL=index-abc.js.map");
      writeFileSync(join(dist, "assets", "index-abc.js.map"), '{"version":3,"sources":["src/App.tsx"]}');
      for (const serveSourceMaps of [false, true]) {
        const app = Fastify();
        await registerSpa(app, dist, { serveSourceMaps });
        await app.listen({ host: "127.0.0.1", port: 0 });
        const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
        try {
          expect((await http(base, "GET", "/assets/index-abc.js")).status).toBe(200);
          const map = await http(base, "GET", "/assets/index-abc.js.map");
          expect(map.status, `serveSourceMaps: ${serveSourceMaps}`).toBe(serveSourceMaps ? 200 : 404);
          if (!serveSourceMaps) expect(map.text).not.toContain("src/App.tsx");
        } finally {
          await app.close();
        }
      }
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it("I2: a malformed URL is answered in the API's shape, with the security headers every answer carries", async () => {
    for (const path of ["/api/tasks/%", "/api/nope", "/trpc/nope.nope"]) {
      const response = await http(api.url, "GET", path, { from: "127.0.0.89" });
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
      expect(response.headers["x-content-type-options"], path).toBe("nosniff");
      expect(response.headers["content-security-policy"], path).toContain("default-src 'self'");
      expect(response.headers["x-request-id"], path).toBeTruthy();
      expect(response.text, path).not.toContain("FST_ERR");
    }
    const badUrl = await http(api.url, "GET", "/api/tasks/%", { from: "127.0.0.89" });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body).toEqual({ error: "The address is not valid: a % must begin an escape such as %20" });
  });

  it("I3: answers to a signed-in caller are not stored by caches, and /trpc keeps Vary: Origin", async () => {
    const byToken = await http(api.url, "GET", "/api/auth/me", { token: citizen.token });
    expect(byToken.status).toBe(200);
    expect(byToken.headers["cache-control"]).toBe("no-store");
    const byCookie = await http(api.url, "GET", "/trpc/appointments.mine", { cookie: `access_token=${citizen.token}` });
    expect(byCookie.status).toBe(200);
    expect(byCookie.headers["cache-control"]).toBe("no-store");
    for (const path of ["/trpc/health.check", "/api/healthcare/hospitals"]) {
      const response = await http(api.url, "GET", path, {
        from: "127.0.0.90",
        headers: { origin: "https://elsewhere.example" },
      });
      expect(response.status, path).toBe(200);
      expect(String(response.headers.vary), path).toMatch(/(^|,)\s*Origin\s*(,|$)/i);
      expect(response.headers["access-control-allow-origin"], path).toBeUndefined();
    }
  });

  it("L9: a metric sample dated far ahead (or long ago) is refused, so it cannot pin a dashboard figure", async () => {
    const agriculture = await signedInAccount(api, "agriculture_admin");
    const submit = (at: string) =>
      http(api.url, "POST", "/api/tasks/submit", {
        token: agriculture.token,
        body: {
          taskType: "collect_metrics",
          data: { sector: "agriculture", samples: [{ metric: "cropYield", value: 3, at }] },
        },
      });
    for (const at of ["2099-12-31T00:00:00Z", "2019-01-01T00:00:00Z"]) {
      const refused = await submit(at);
      expect(refused.status, at).toBe(400);
      expect(refused.text, at).toContain("at must be within the last 31 days, and not in the future");
    }
    const now = await submit(new Date().toISOString());
    expect(now.status).toBe(202);
  });

  it("M3: bodies are bounded at 64 KiB and 32 levels before they are parsed, and a 400 echoes at most 10 issues", async () => {
    const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
    for (const path of ["/api/auth/login", "/trpc/auth.login"]) {
      const refused = await http(api.url, "POST", path, { rawBody: deep, from: "127.0.0.91" });
      expect(refused.status, path).toBe(400);
      expect(refused.text, path).toContain("Request body nests too deeply: at most 32 levels of arrays and objects");
    }
    // Brackets inside strings are text, not nesting.
    const bracketed = await http(api.url, "POST", "/api/auth/login", {
      body: { username: "[".repeat(100), password: "{".repeat(100) },
      from: "127.0.0.91",
    });
    expect(bracketed.status).toBe(401);

    const huge = await http(api.url, "POST", "/api/auth/login", {
      rawBody: JSON.stringify({ username: "x", password: "y".repeat(70 * 1024) }),
      from: "127.0.0.92",
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toEqual({ error: "Request body is too large: the limit is 64 KiB" });

    // The review's amplification: many unknown short keys. The answer stays small.
    const unknown = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, 1]));
    const echoed = await http(api.url, "POST", "/api/auth/login", {
      body: { username: "x", password: "y", ...unknown },
      from: "127.0.0.93",
    });
    expect(echoed.status).toBe(400);
    expect(echoed.text.length).toBeLessThan(4_096);
    const many = await http(api.url, "POST", "/api/appointments", { token: citizen.token, body: {} });
    expect(many.status).toBe(400);
    expect((many.body as { issues?: unknown[] }).issues?.length ?? 0).toBeLessThanOrEqual(10);
  });

  it("M3: a caller over its rate limit is refused before its body is read, in each surface's own shape", async () => {
    const from = "127.0.0.95";
    // The anonymous allowance of this address, used up on cheap reads.
    for (let i = 0; i < 100; i++) await http(api.url, "GET", "/api/healthcare/hospitals", { from });
    // The body is announced and never sent: the 429 comes all the same.
    const rest = await answerWithoutTheBody(api.url, "/api/auth/login", { from, contentLength: 60_000 });
    expect(rest.status).toBe(429);
    expect(rest.body).toEqual({ error: expect.stringMatching(/^Too many requests: the limit is 100 per window/) });
    const batch = await answerWithoutTheBody(api.url, "/trpc/auth.login,auth.register?batch=1", {
      from,
      contentLength: 60_000,
    });
    expect(batch.status).toBe(429);
    expect(batch.body).toEqual([
      expect.objectContaining({
        error: expect.objectContaining({
          data: expect.objectContaining({ code: "TOO_MANY_REQUESTS", httpStatus: 429, path: "auth.login" }),
        }),
      }),
      expect.objectContaining({
        error: expect.objectContaining({ data: expect.objectContaining({ path: "auth.register" }) }),
      }),
    ]);
    // Sent whole, the review's deep body from a limited address is refused the same way, unparsed.
    const deep = await http(api.url, "POST", "/api/auth/login", {
      rawBody: `${"[".repeat(20_000)}${"]".repeat(20_000)}`,
      from,
    });
    expect(deep.status).toBe(429);
    expect(deep.headers["retry-after"]).toMatch(/^\d+$/);
  });

  it("L4: a sign-up with someone else's address sends it no text the signer typed", async () => {
    const bait = "Your pension is on hold. Confirm your bank details within 24h at http://gov-verify.example/login";
    const victim = `someone.else.${Date.now()}@example.test`;
    const signedUp = await http(api.url, "POST", "/api/auth/register", {
      body: { username: "gov-verify.example", password: TEST_PASSWORD, fullName: bait, email: victim },
      from: "127.0.0.98",
    });
    expect(signedUp.status).toBe(201);
    for (const template of ["welcome", "email_verification"]) {
      const sent = await eventually(`the ${template} email, sent`, async () => {
        const [row] = await api.db
          .select()
          .from(emailOutbox)
          .where(
            and(eq(emailOutbox.recipient, victim), eq(emailOutbox.template, template), isNotNull(emailOutbox.text)),
          )
          .limit(1);
        return row;
      });
      for (const part of [JSON.stringify(sent.props), sent.subject, sent.html, sent.text]) {
        expect(part, template).not.toContain("pension");
        expect(part, template).not.toContain("gov-verify");
      }
    }
  });

  it("L1: GETs never change state: every REST GET is a query, and no mutation answers a GET", async () => {
    const kinds = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } } | undefined>;
    const gets = REST_ROUTES.filter((route) => route.method === "GET");
    expect(gets.length).toBeGreaterThan(10);
    for (const route of gets) expect(kinds[route.procedure]?._def.type, route.url).toBe("query");
    const mutations = Object.entries(kinds).filter(([, procedure]) => procedure?._def.type === "mutation");
    expect(mutations.length).toBeGreaterThan(10);
    for (const [path] of mutations) {
      const answer = await http(api.url, "GET", `/trpc/${path}?input=%7B%7D`, { token: citizen.token });
      expect(answer.status, path).toBe(405);
    }
  });

  it("L2: every spelling of a username shares its sign-in lock, and only the ASCII one is an account", async () => {
    const from = "127.0.0.94";
    const person = await signedInAccount(api);
    // An "i" in it: the spelling the review bypassed the lock with.
    const username = person.username.replace(/^t_/, "ti_");
    await api.db.update(users).set({ username }).where(eq(users.id, person.id));
    const login = (name: string, password: string) =>
      http(api.url, "POST", "/api/auth/login", { from, body: { username: name, password } });
    // Before the lock: the Unicode spellings are nobody's, even with the right password.
    for (const variant of [username.replace("i", "\u0130"), username.replace("i", "i\u0307"), `${username}\u00df`]) {
      expect((await login(variant, TEST_PASSWORD)).status, variant).toBe(401);
    }
    // Full-width letters are the same name once normalised (NFKC): it signs in.
    const fullWidth = username.replace("ti", "\uff54\uff49");
    expect((await login(fullWidth, TEST_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 10; i++) await login(username, "not the password");
    // Locked: the plain name, its upper case and its full-width spelling alike.
    for (const variant of [username, username.toUpperCase(), fullWidth]) {
      expect((await login(variant, TEST_PASSWORD)).status, variant).toBe(429);
    }
  });

  it("L1: a body-less POST with the session cookie from another site's page is refused; our own pages and Bearer calls are not", async () => {
    const admin = await signedInAccount(api, "admin");
    const cookie = `access_token=${admin.token}`;
    const raise = async () => {
      const created = await http(api.url, "POST", "/api/alerts", {
        token: admin.token,
        body: { type: "System", severity: "LOW", message: "csrf probe" },
      });
      return (created.body as { alert: { id: string } }).alert.id;
    };
    const statusOf = async (id: string) =>
      (
        (await http(api.url, "GET", `/api/alerts?status=all`, { token: admin.token })).body as {
          alerts: Array<{ id: string; status: string }>;
        }
      ).alerts.find((alert) => alert.id === id)?.status;

    // The review's replays: a sibling port's page (same site) and another host, as fetch sends them.
    const id = await raise();
    const replays: ReadonlyArray<Record<string, string>> = [
      { origin: "http://localhost:8080" },
      { origin: "http://127.0.0.1:8099", "sec-fetch-site": "same-site", "sec-fetch-mode": "no-cors" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of replays) {
      const refused = await http(api.url, "POST", `/api/alerts/${id}/resolve`, { cookie, headers });
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(refused.body).toEqual({ error: expect.stringContaining("must come from GovConnect's own pages") });
    }
    expect(await statusOf(id)).toBe("active");

    // The dashboard's own page, a request typed by the person, and a service's Bearer call go through.
    const own = await http(api.url, "POST", `/api/alerts/${id}/acknowledge`, {
      cookie,
      headers: { "sec-fetch-site": "same-origin", origin: api.url },
    });
    expect(own.status).toBe(200);
    const bearer = await http(api.url, "POST", `/api/alerts/${id}/resolve`, {
      token: admin.token,
      headers: { origin: "http://localhost:8080" },
    });
    expect(bearer.status).toBe(200);
    expect(await statusOf(id)).toBe("resolved");
  });
});

describe("security review 2026-12: an address's total budget", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `l5${Date.now()}`, RATE_LIMIT_POINTS: "20", RATE_LIMIT_IP_POINTS: "45" });
  });
  afterAll(() => api.stop());

  it("L5: accounts opened from one address share that address's total; each still has its own window elsewhere", async () => {
    // Three accounts (made and signed in from other addresses), then all used from one.
    const accounts = [];
    for (let i = 0; i < 3; i++) accounts.push(await signedInAccount(api));
    const from = "127.0.0.96";
    const statuses: number[] = [];
    let refusal: unknown;
    for (let round = 0; round < 18; round++) {
      for (const account of accounts) {
        const answer = await http(api.url, "GET", "/api/auth/me", { token: account.token, from });
        statuses.push(answer.status);
        if (answer.status === 429) refusal ??= answer.body;
      }
    }
    // 54 calls, at most 18 per account (under its 20): the address's 45 are what stops them.
    expect(statuses.filter((status) => status === 200)).toHaveLength(45);
    expect(statuses.filter((status) => status === 429)).toHaveLength(9);
    expect(refusal).toEqual({ error: expect.stringMatching(/^Too many requests from your network address/) });
    // From another address, the same account goes on.
    const elsewhere = await http(api.url, "GET", "/api/auth/me", { token: accounts[0]?.token, from: "127.0.0.97" });
    expect(elsewhere.status).toBe(200);
  });
});
