import { randomUUID } from "node:crypto";
import { LOGIN_PAIR_MAX_FAILURES, totpCodeAt } from "@govconnect/auth";
import { auditEvents, emailOutbox, recoveryCodes, secondFactors, users } from "@govconnect/db";
import { eventually } from "@govconnect/testing";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TestAccount } from "../src/testing/accounts.ts";
import { signedInAccount, TEST_PASSWORD, testAuthenticator } from "../src/testing/accounts.ts";
import type { TestApi } from "../src/testing/api.ts";
import { startTestApi } from "../src/testing/api.ts";
import type { HttpOptions, HttpResponse } from "../src/testing/http.ts";
import { cookieFrom, http } from "../src/testing/http.ts";
import { openEventStream } from "../src/testing/sse.ts";

// Two-step verification (TOTP, RFC 6238) over the REST contract and tRPC, against the real API,
// Redis, database and workers. Codes are computed from the secret the API shows, as an app would.

let api: TestApi;
const call = (method: string, path: string, options?: HttpOptions) => http(api.url, method, path, options);

beforeAll(async () => {
  api = await startTestApi({ QUEUE_PREFIX: `mfa${Date.now()}`, RUN_WORKER: "true", RATE_LIMIT_POINTS: "10000" });
});
afterAll(() => api.stop());

const login = (username: string, options: { password?: string; from?: string; userAgent?: string } = {}) =>
  call("POST", "/api/auth/login", {
    body: { username, password: options.password ?? TEST_PASSWORD },
    ...(options.from ? { from: options.from } : {}),
    ...(options.userAgent ? { headers: { "user-agent": options.userAgent } } : {}),
  });
const finish = (pending: string, code: string, from?: string) =>
  call("POST", "/api/auth/login/mfa", { body: { pending, code }, ...(from ? { from } : {}) });
const pendingOf = (response: HttpResponse) => (response.body as { pending: string }).pending;

/** A citizen who turns two-step verification on from their account page: secret and recovery codes. */
async function enrolledCitizen(): Promise<TestAccount & { secret: string; recoveryCodes: string[] }> {
  const account = await signedInAccount(api);
  const begun = await call("POST", "/api/auth/mfa/setup", { token: account.token });
  expect(begun.status, begun.text).toBe(200);
  const { secret } = begun.body as { secret: string };
  const confirmed = await call("POST", "/api/auth/mfa/setup/confirm", {
    token: account.token,
    body: { code: await testAuthenticator.code(secret) },
  });
  expect(confirmed.status, confirmed.text).toBe(200);
  return { ...account, secret, recoveryCodes: (confirmed.body as { recoveryCodes: string[] }).recoveryCodes };
}

const auditOf = (userId: string, action: string) =>
  api.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.targetId, userId), eq(auditEvents.action, action)))
    .orderBy(desc(auditEvents.id));

describe("enrolment", () => {
  it("shows the secret as text and as a QR code, turns on with a first code, and gives ten recovery codes once", async () => {
    const account = await signedInAccount(api);
    expect((await call("GET", "/api/auth/mfa", { token: account.token })).body).toEqual({
      enrolled: false,
      required: false,
      enrolledAt: null,
      recoveryCodesLeft: 0,
    });
    const begun = await call("POST", "/api/auth/mfa/setup", { token: account.token });
    const { secret, uri, qrCode } = begun.body as { secret: string; uri: string; qrCode: string };
    expect(secret).toMatch(/^[A-Z2-7]{32}$/); // 160 bits, base32
    expect(uri).toMatch(new RegExp(`^otpauth://totp/GovConnect:${account.username}\\?`));
    expect(new URL(uri).searchParams.get("secret")).toBe(secret);
    expect(qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(qrCode.split(",")[1] ?? "", "base64").toString()).toContain("<svg");

    // Not on until a code from the new secret proves the app has it.
    const wrong = await call("POST", "/api/auth/mfa/setup/confirm", { token: account.token, body: { code: "000000" } });
    expect(wrong.status).toBe(400);
    expect((await login(account.username)).body).toHaveProperty("token");

    const confirmed = await call("POST", "/api/auth/mfa/setup/confirm", {
      token: account.token,
      body: { code: await testAuthenticator.code(secret) },
    });
    expect(confirmed.status, confirmed.text).toBe(200);
    const codes = (confirmed.body as { recoveryCodes: string[] }).recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes)
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect((await call("GET", "/api/auth/mfa", { token: account.token })).body).toMatchObject({
      enrolled: true,
      recoveryCodesLeft: 10,
    });

    // Stored sealed and hashed: the database alone gives neither the secret nor a code.
    const [factor] = await api.db.select().from(secondFactors).where(eq(secondFactors.userId, account.id));
    expect(factor?.sealedSecret).not.toContain(secret);
    const stored = await api.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, account.id));
    expect(stored).toHaveLength(10);
    for (const row of stored) for (const code of codes) expect(row.codeHash).not.toContain(code.replaceAll("-", ""));
    expect(await auditOf(account.id, "second_factor.enrolled")).toHaveLength(1);
    await eventually("the 'second factor changed' email", async () => {
      const [email] = await api.db
        .select()
        .from(emailOutbox)
        .where(and(eq(emailOutbox.userId, account.id), eq(emailOutbox.template, "second_factor_changed")));
      return email?.props && (email.props as { change: string }).change === "enrolled" ? email : undefined;
    });
    // A second app needs the first one removed.
    expect((await call("POST", "/api/auth/mfa/setup", { token: account.token })).status).toBe(409);
  });
});

describe("sign-in with a code", () => {
  // Each test its own account: a secret has three usable codes at a time (steps -1, 0, +1).
  let account: Awaited<ReturnType<typeof enrolledCitizen>>;
  beforeEach(async () => {
    account = await enrolledCitizen();
  });

  it("asks for the code after the password, with a pending step that is not a session", async () => {
    const first = await login(account.username);
    expect(first.status).toBe(200);
    expect(Object.keys(first.body as object).sort()).toEqual([
      "expiresAt",
      "message",
      "pending",
      "secondFactorRequired",
    ]);
    expect(first.body).toMatchObject({
      message: "Enter the code from your authenticator app to finish signing in",
      secondFactorRequired: true,
    });
    expect(cookieFrom(first, "access_token")).toBeUndefined();
    // The pending value opens nothing but the second step.
    const pending = pendingOf(first);
    expect((await call("GET", "/api/auth/me", { token: pending })).status).toBe(401);

    const done = await finish(pending, await testAuthenticator.code(account.secret));
    expect(done.status, done.text).toBe(200);
    expect(done.body).toMatchObject({ message: "Login successful", user: { username: account.username } });
    expect(cookieFrom(done, "access_token")).toBeDefined();
    const token = (done.body as { token: string }).token;
    expect((await call("GET", "/api/auth/me", { token })).status).toBe(200);
    // The step is spent with its session.
    expect((await finish(pending, await testAuthenticator.code(account.secret))).status).toBe(401);
    const [event] = await auditOf(account.id, "sign_in.succeeded");
    expect(event?.details).toEqual({ method: "totp" });
  });

  it("refuses a wrong code, a code already used, and codes outside one step either side", async () => {
    const wrong = await finish(pendingOf(await login(account.username)), "123456");
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: expect.stringContaining("That code is not right") });

    const code = await testAuthenticator.code(account.secret);
    expect((await finish(pendingOf(await login(account.username)), code)).status).toBe(200);
    // The same code again, on a new pending step: refused (RFC 6238 §5.2, one use per step).
    expect((await finish(pendingOf(await login(account.username)), code)).status).toBe(401);

    const now = Date.now();
    for (const steps of [-3, -2, 3]) {
      const far = totpCodeAt(account.secret, new Date(now + steps * 30_000));
      expect((await finish(pendingOf(await login(account.username)), far)).status, `${steps} steps`).toBe(401);
    }
    // A failed code is audited as a failed sign-in, without the code.
    const failures = await auditOf(account.id, "sign_in.failed");
    expect(failures.length).toBeGreaterThanOrEqual(4);
    expect(failures[0]?.details).toMatchObject({ reason: "code" });
    expect(JSON.stringify(failures.map((row) => row.details))).not.toContain("123456");
  });

  it("a recovery code signs in once, is audited and emailed, and then no longer works", async () => {
    const recovery = account.recoveryCodes[0] ?? "";
    // People type it in lower case, without the dashes.
    const typed = recovery.toLowerCase().replaceAll("-", "");
    const first = await finish(pendingOf(await login(account.username)), typed);
    expect(first.status, first.text).toBe(200);
    expect((await finish(pendingOf(await login(account.username)), recovery)).status).toBe(401);
    const { token } = (
      await finish(pendingOf(await login(account.username)), await testAuthenticator.code(account.secret))
    ).body as { token: string };
    expect((await call("GET", "/api/auth/mfa", { token })).body).toMatchObject({ recoveryCodesLeft: 9 });
    expect(await auditOf(account.id, "second_factor.recovery_code_used")).toHaveLength(1);
    await eventually("the 'recovery code used' email", async () => {
      const rows = await api.db
        .select()
        .from(emailOutbox)
        .where(and(eq(emailOutbox.userId, account.id), eq(emailOutbox.template, "second_factor_changed")));
      return rows.find((row) => (row.props as { change: string }).change === "recovery_code_used");
    });
  });

  it("a citizen regenerates recovery codes (old ones stop working) and turns the factor off, each after a code", async () => {
    const citizen = await enrolledCitizen();
    const token = citizen.token;
    expect((await call("POST", "/api/auth/mfa/recovery-codes", { token, body: { code: "000000" } })).status).toBe(400);
    const fresh = await call("POST", "/api/auth/mfa/recovery-codes", {
      token,
      body: { code: await testAuthenticator.code(citizen.secret) },
    });
    expect(fresh.status, fresh.text).toBe(200);
    const newCodes = (fresh.body as { recoveryCodes: string[] }).recoveryCodes;
    expect(newCodes).toHaveLength(10);
    expect((await finish(pendingOf(await login(citizen.username)), citizen.recoveryCodes[1] ?? "")).status).toBe(401);
    expect((await finish(pendingOf(await login(citizen.username)), newCodes[0] ?? "")).status).toBe(200);

    const removed = await call("POST", "/api/auth/mfa/remove", {
      token,
      body: { code: await testAuthenticator.code(citizen.secret) },
    });
    expect(removed.status, removed.text).toBe(200);
    // Exactly today's answer again: the seed's three keys.
    const again = await login(citizen.username);
    expect(Object.keys(again.body as object).sort()).toEqual(["message", "token", "user"]);
    expect(await auditOf(citizen.id, "second_factor.removed")).toHaveLength(1);
  });
});

describe("staff", () => {
  it("a citizen's sign-in answer is exactly the seed's", async () => {
    const citizen = await signedInAccount(api);
    const answer = await login(citizen.username);
    expect(Object.keys(answer.body as object).sort()).toEqual(["message", "token", "user"]);
  });

  it("staff without a second factor sign in only to set one up: no staff procedure over REST, tRPC or a subscription", async () => {
    const username = `nurse_${randomUUID().slice(0, 8)}`;
    const registered = await call("POST", "/api/auth/register", {
      body: { username, password: TEST_PASSWORD, fullName: "Joy Nurse", email: `${username}@example.gov` },
    });
    expect(registered.status).toBe(201);
    await api.db
      .update(users)
      .set({ role: "healthcare_admin", emailVerifiedAt: new Date() })
      .where(eq(users.username, username));
    const answer = await login(username);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ message: "Login successful", secondFactorSetupRequired: true });
    const token = (answer.body as { token: string }).token;
    const auth = { authorization: `Bearer ${token}` };

    const refused = await call("GET", "/api/appointments", { token });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: expect.stringContaining("two-step verification") });
    // Any signed-in procedure, not only staff ones.
    expect((await call("GET", "/api/auth/sessions", { token })).status).toBe(403);
    expect((await call("GET", "/trpc/appointments.list", { token })).status).toBe(403);
    const batch = await call("GET", "/trpc/auth.me,appointments.list?batch=1&input=%7B%7D", { token });
    const [me, list] = batch.body as Array<{ result?: unknown; error?: { data: { httpStatus: number } } }>;
    expect(me?.result).toBeDefined();
    expect(list?.error?.data.httpStatus).toBe(403);
    const stream = await openEventStream(`${api.url}/trpc/dashboard.onMetrics`, auth);
    await stream.ended;
    expect(stream.status === 403 || stream.events.some((event) => event.event === "serialized-error")).toBe(true);
    expect(stream.data()).toEqual([]);
    // What it may do: who am I, set up the factor, sign out.
    expect((await call("GET", "/api/auth/me", { token })).status).toBe(200);
    expect((await call("GET", "/trpc/auth.session", { token })).body).toMatchObject({
      result: { data: { secondFactorSetupRequired: true } },
    });
    const { secret } = (await call("POST", "/api/auth/mfa/setup", { token })).body as { secret: string };
    const confirmed = await call("POST", "/api/auth/mfa/setup/confirm", {
      token,
      body: { code: await testAuthenticator.code(secret) },
    });
    expect(confirmed.status, confirmed.text).toBe(200);
    // The same session now has its second factor.
    expect((await call("GET", "/api/appointments", { token })).status).toBe(200);
    // Staff cannot turn it off themselves.
    const off = await call("POST", "/api/auth/mfa/remove", {
      token,
      body: { code: await testAuthenticator.code(secret) },
    });
    expect(off.status).toBe(403);
  });

  it("an admin resets a user's factor: audited, emailed, their sessions end, and they set it up again", async () => {
    const admin = await signedInAccount(api, "admin");
    const nurse = await signedInAccount(api, "healthcare_admin");
    expect((await call("GET", `/api/admin/users/${nurse.id}`, { token: admin.token })).body).toMatchObject({
      secondFactor: true,
    });
    const citizen = await signedInAccount(api);
    expect((await call("POST", `/api/admin/users/${nurse.id}/mfa/reset`, { token: citizen.token })).status).toBe(403);
    expect((await call("POST", `/api/admin/users/${admin.id}/mfa/reset`, { token: admin.token })).status).toBe(403);
    const reset = await call("POST", `/api/admin/users/${nurse.id}/mfa/reset`, { token: admin.token });
    expect(reset.status, reset.text).toBe(200);
    expect((await call("GET", "/api/auth/me", { token: nurse.token })).status).toBe(401);
    const [event] = await auditOf(nurse.id, "second_factor.reset");
    expect(event?.actorId).toBe(admin.id);
    expect((await login(nurse.username)).body).toMatchObject({ secondFactorSetupRequired: true });
    expect((await call("POST", `/api/admin/users/${nurse.id}/mfa/reset`, { token: admin.token })).status).toBe(409);
    await eventually("the 'reset by an administrator' email", async () => {
      const rows = await api.db
        .select()
        .from(emailOutbox)
        .where(and(eq(emailOutbox.userId, nurse.id), eq(emailOutbox.template, "second_factor_changed")));
      return rows.find((row) => (row.props as { change: string }).change === "reset_by_admin");
    });
  });
});

describe("brute force on the code step", () => {
  it("counts wrong codes with wrong passwords: the username+IP pair is blocked, even for a right code or password", async () => {
    const account = await enrolledCitizen();
    const from = "127.0.0.42";
    for (let attempt = 0; attempt < LOGIN_PAIR_MAX_FAILURES; attempt++) {
      const pending = pendingOf(await login(account.username, { from }));
      expect((await finish(pending, "000000", from)).status).toBe(401);
    }
    const right = await testAuthenticator.code(account.secret);
    const pending = await login(account.username, { from });
    // The password step reserves an attempt too: it is already over the limit.
    expect(pending.status).toBe(429);
    expect(pending.headers["retry-after"]).toBeDefined();
    expect((await finish(pendingOf(await login(account.username)), right, from)).status).toBe(429);
    // Another network is not blocked by this one.
    expect(
      (await finish(pendingOf(await login(account.username)), await testAuthenticator.code(account.secret))).status,
    ).toBe(200);
    const [locked] = await auditOf(account.id, "sign_in.locked");
    expect(locked?.ip).toBe(from);
  });
});

describe("a new device", () => {
  it("is told by email once, when an account that signed in before signs in from a device it never used", async () => {
    const account = await signedInAccount(api);
    const newSignIns = () =>
      api.db
        .select()
        .from(emailOutbox)
        .where(and(eq(emailOutbox.userId, account.id), eq(emailOutbox.template, "new_sign_in")));
    await login(account.username);
    expect(await newSignIns()).toHaveLength(0);
    const phone =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Safari/604.1";
    const fromPhone = await login(account.username, { userAgent: phone });
    expect(fromPhone.status).toBe(200);
    const [email] = await newSignIns();
    expect(email?.props).toMatchObject({ username: account.username, device: "Safari on iPhone", ip: "127.0.0.1" });
    // The browser keeps a device cookie: with it, the same phone is known even with a new user agent.
    const device = cookieFrom(fromPhone, "gc_device");
    expect(device).toBeDefined();
    await call("POST", "/api/auth/login", {
      body: { username: account.username, password: TEST_PASSWORD },
      headers: { "user-agent": `${phone} updated`, cookie: device ?? "" },
    });
    await login(account.username, { userAgent: phone });
    expect(await newSignIns()).toHaveLength(1);
  });
});
