import { randomUUID } from "node:crypto";
import { createSetupCodes } from "@govconnect/auth";
import { accountTokens, emailOutbox, invitations, tasks, users } from "@govconnect/db";
import { createRedis } from "@govconnect/redis";
import { createDatabase, eventually } from "@govconnect/testing";
import { testDatabaseTarget, testRedisUrl } from "@govconnect/testing/inject";
import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REST_ROUTES } from "../src/routes/rest-table.ts";
import type { TestAccount } from "../src/testing/accounts.ts";
import { signedInAccount, signInOverHttp, TEST_PASSWORD, testAuthenticator } from "../src/testing/accounts.ts";
import type { TestApi } from "../src/testing/api.ts";
import { startTestApi } from "../src/testing/api.ts";
import type { HttpOptions } from "../src/testing/http.ts";
import { http } from "../src/testing/http.ts";

// Account flows over the REST contract, against the real API, Redis, database and workers. Links
// are taken from the outbox rows the flows write, as a mailbox would receive them.

const JWT_SECRET = "accounts-tests-shared-secret-accounts-tests-secret";
const QUEUE_PREFIX = `accounts${Date.now()}`;
const target = testDatabaseTarget();
let api: TestApi;
const call = (method: string, path: string, options?: HttpOptions) => http(api.url, method, path, options);
const NEW_PASSWORD = "a brand new passphrase 7";

let hospital: { id: string; department: string };

beforeAll(async () => {
  api = await startTestApi({ JWT_SECRET, QUEUE_PREFIX, RUN_WORKER: "true", RATE_LIMIT_POINTS: "10000" });
  const staff = await signedInAccount(api, "healthcare_admin");
  const created = await call("POST", "/api/healthcare/hospitals", {
    token: staff.token,
    body: {
      ...(REST_ROUTES.find((route) => route.procedure === "hospitals.create")?.example as object),
      hospitalId: `HA${Date.now() % 1_000_000}`,
    },
  });
  expect(created.status, created.text).toBe(201);
  const row = (created.body as { hospital: { id: string; departments: string[] } }).hospital;
  hospital = { id: row.id, department: row.departments[0] ?? "" };
});
afterAll(() => api.stop());

/** The newest email of a template written for an account (or to an address), once it exists. */
function newestEmail(template: string, where: { userId?: string; recipient?: string }) {
  return eventually(`a ${template} email`, async () => {
    const [row] = await api.db
      .select()
      .from(emailOutbox)
      .where(
        and(
          eq(emailOutbox.template, template),
          where.userId ? eq(emailOutbox.userId, where.userId) : undefined,
          where.recipient ? sql`lower(${emailOutbox.recipient}) = lower(${where.recipient})` : undefined,
        ),
      )
      .orderBy(desc(emailOutbox.createdAt))
      .limit(1);
    return row;
  });
}

const tokenOf = (email: { props: unknown }) => (email.props as { token: string }).token;

async function register(overrides: Record<string, string> = {}) {
  const username = `acc_${randomUUID().slice(0, 8)}`;
  const account = { username, password: TEST_PASSWORD, fullName: "Ada Lovelace", email: `${username}@example.gov` };
  Object.assign(account, overrides);
  const response = await call("POST", "/api/auth/register", { body: account });
  expect(response.status, response.text).toBe(201);
  const [row] = await api.db.select().from(users).where(eq(users.username, account.username));
  return { ...account, id: row?.id ?? "" };
}

async function login(username: string, password = TEST_PASSWORD, userAgent?: string) {
  return call("POST", "/api/auth/login", {
    body: { username, password },
    ...(userAgent ? { headers: { "user-agent": userAgent } } : {}),
  });
}

async function tokenFor(username: string, password = TEST_PASSWORD, userAgent?: string): Promise<string> {
  const response = await login(username, password, userAgent);
  expect(response.status, response.text).toBe(200);
  return (response.body as { token: string }).token;
}

const me = async (token: string) => (await call("GET", "/api/auth/me", { token })).body as Record<string, unknown>;

describe("verified email", () => {
  it("sign-up sends a single-use link with the welcome; opening it confirms the address", async () => {
    const account = await register();
    const token = await tokenFor(account.username);
    expect(await me(token)).toMatchObject({ email: account.email, emailVerified: false, pendingEmail: null });
    const link = await newestEmail("email_verification", { userId: account.id });
    expect(link.recipient).toBe(account.email);
    await newestEmail("welcome", { userId: account.id });
    // Only a hash is stored: the token in the email is nowhere in the tokens table.
    const stored = await api.db.select().from(accountTokens).where(eq(accountTokens.userId, account.id));
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(tokenOf(link));
    expect(tokenOf(link).length).toBeGreaterThanOrEqual(43);

    const confirmed = await call("POST", "/api/auth/email/verify", { body: { token: tokenOf(link) } });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.body).toMatchObject({ user: { email: account.email, emailVerified: true } });
    const again = await call("POST", "/api/auth/email/verify", { body: { token: tokenOf(link) } });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ error: "This link was already used: ask for a new one" });
  });

  it("refuses a forged token and an expired one, saying which", async () => {
    const forged = await call("POST", "/api/auth/email/verify", { body: { token: "x".repeat(43) } });
    expect(forged.status).toBe(400);
    expect(forged.body).toMatchObject({ error: expect.stringContaining("This link is not valid") });

    const account = await register();
    const link = await newestEmail("email_verification", { userId: account.id });
    await api.db
      .update(accountTokens)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(accountTokens.userId, account.id));
    const expired = await call("POST", "/api/auth/email/verify", { body: { token: tokenOf(link) } });
    expect(expired.status).toBe(400);
    expect(expired.body).toMatchObject({ error: "This link has expired: ask for a new one" });
    const token = await tokenFor(account.username);
    expect((await me(token)).emailVerified).toBe(false);
  });

  it("resends a link for the address waiting, and says when there is none", async () => {
    const account = await register();
    const token = await tokenFor(account.username);
    const resent = await call("POST", "/api/auth/email/resend", { token });
    expect(resent.status, resent.text).toBe(200);
    expect(resent.body).toMatchObject({ sentTo: account.email });
    const confirmed = await signedInAccount(api);
    const nothing = await call("POST", "/api/auth/email/resend", { token: confirmed.token });
    expect(nothing.status).toBe(400);
    expect(nothing.body).toMatchObject({
      error: "Your email address is already confirmed: there is nothing to resend",
    });
  });

  it("limits confirmation emails per account", async () => {
    const account = await register();
    const token = await tokenFor(account.username);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call("POST", "/api/auth/email/resend", { token })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it("an unconfirmed address locks nobody out: its real owner signs up with it and confirms it first", async () => {
    const owner = `owner_${randomUUID().slice(0, 8)}@example.gov`;
    const squatter = await register({ email: owner });
    const real = await register({ email: owner });
    const realLink = await newestEmail("email_verification", { userId: real.id });
    expect((await call("POST", "/api/auth/email/verify", { body: { token: tokenOf(realLink) } })).status).toBe(200);
    const squatterLink = await newestEmail("email_verification", { userId: squatter.id });
    const late = await call("POST", "/api/auth/email/verify", { body: { token: tokenOf(squatterLink) } });
    expect(late.status).toBe(409);
    // Now it is someone's confirmed address: a new sign-up with it is refused.
    const taken = await call("POST", "/api/auth/register", {
      body: { username: `x_${randomUUID().slice(0, 8)}`, password: TEST_PASSWORD, fullName: "X", email: owner },
    });
    expect(taken.status).toBe(409);
  });

  it("an email change keeps the old address until the new one is confirmed, then tells the old one", async () => {
    const account = await signedInAccount(api);
    const newAddress = `moved_${randomUUID().slice(0, 8)}@example.gov`;
    const asked = await call("PUT", "/api/auth/me", {
      token: account.token,
      body: { email: newAddress, current_password: TEST_PASSWORD },
    });
    expect(asked.status, asked.text).toBe(200);
    expect(asked.body).toMatchObject({ email: account.email, emailVerified: true, pendingEmail: newAddress });
    const link = await newestEmail("email_verification", { recipient: newAddress });
    expect(link.props).toMatchObject({ purpose: "email_change", address: newAddress });
    const confirmed = await call("POST", "/api/auth/email/verify", { body: { token: tokenOf(link) } });
    expect(confirmed.body).toMatchObject({ user: { email: newAddress, emailVerified: true, pendingEmail: null } });
    const notice = await newestEmail("email_changed", { userId: account.id });
    // Asking for a new address, then for the current one again, withdraws the change.
    const other = `other_${randomUUID().slice(0, 8)}@example.gov`;
    await call("PUT", "/api/auth/me", {
      token: account.token,
      body: { email: other, current_password: TEST_PASSWORD },
    });
    const back = await call("PUT", "/api/auth/me", { token: account.token, body: { email: newAddress.toUpperCase() } });
    expect(back.body).toMatchObject({ pendingEmail: null, emailVerified: true });
    const stale = await newestEmail("email_verification", { recipient: other });
    const refused = await call("POST", "/api/auth/email/verify", { body: { token: tokenOf(stale) } });
    expect(refused.status).toBe(400);
    expect(notice.recipient).toBe(account.email);
    expect(notice.props).toMatchObject({ newAddressHint: `m***@example.gov` });
  });
});

describe("the review's M1 scenario: a freed address hands nothing to whoever takes it", () => {
  it("the attacker sees none of the victim's emails; the victim's later emails reach the new address", async () => {
    const victim = await signedInAccount(api);
    const attacker = await signedInAccount(api);
    const staff = await signedInAccount(api, "healthcare_admin");
    const date = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const booked = await call("POST", "/api/appointments", {
      token: victim.token,
      body: {
        patientName: "Vic Tim",
        patientPhone: "+91 98765 43210",
        hospitalId: hospital.id,
        department: hospital.department,
        appointmentDate: date,
        appointmentTime: "10:30",
        symptoms: "private",
      },
    });
    expect(booked.status, booked.text).toBe(201);
    const appointmentId = (booked.body as { appointment: { id: string } }).appointment.id;
    await eventually("the booking email to be sent", async () => {
      const row = await newestEmail("appointment_scheduled", { userId: victim.id });
      return row.status === "sent";
    });

    // The victim moves to a new address and confirms it...
    const fresh = `vic_new_${randomUUID().slice(0, 8)}@example.gov`;
    await call("PUT", "/api/auth/me", { token: victim.token, body: { email: fresh, current_password: TEST_PASSWORD } });
    const victimLink = await newestEmail("email_verification", { recipient: fresh });
    expect((await call("POST", "/api/auth/email/verify", { body: { token: tokenOf(victimLink) } })).status).toBe(200);
    // ...and the attacker takes the old one, even proving it (as if they controlled that mailbox).
    await call("PUT", "/api/auth/me", {
      token: attacker.token,
      body: { email: victim.email, current_password: TEST_PASSWORD },
    });
    const attackerLink = await newestEmail("email_verification", { recipient: victim.email });
    expect((await call("POST", "/api/auth/email/verify", { body: { token: tokenOf(attackerLink) } })).status).toBe(200);

    // Staff confirm the victim's appointment: its email follows the victim's account.
    const moved = await call("PUT", `/api/appointments/${appointmentId}`, {
      token: staff.token,
      body: { status: "confirmed" },
    });
    expect(moved.status, moved.text).toBe(200);
    const statusEmail = await eventually("the status email to be sent", async () => {
      const row = await newestEmail("appointment_status", { userId: victim.id });
      return row.status === "sent" && row;
    });
    expect(statusEmail.recipient).toBe(fresh);

    const outbox = async (token: string) =>
      (
        (await call("GET", `/trpc/emails.outbox?input=${encodeURIComponent(JSON.stringify({ limit: 50 }))}`, { token }))
          .body as { result: { data: { emails: { template: string; recipient: string; text: string }[] } } }
      ).result.data.emails;
    const attackerSees = await outbox(attacker.token);
    expect(attackerSees.filter((email) => email.text.includes("Vic Tim"))).toEqual([]);
    expect(attackerSees.every((email) => !email.template.startsWith("appointment"))).toBe(true);
    const victimSees = await outbox(victim.token);
    expect(victimSees.map((email) => email.template)).toEqual(
      expect.arrayContaining(["appointment_scheduled", "appointment_status"]),
    );
  });

  it("an account with no confirmed address gets no appointment email (only its confirmation link)", async () => {
    const citizen = await signedInAccount(api, "user", { confirmed: false });
    const booked = await call("POST", "/api/appointments", {
      token: citizen.token,
      body: {
        patientName: "Una Confirmed",
        patientPhone: "+91 98765 43210",
        hospitalId: hospital.id,
        department: hospital.department,
        appointmentDate: new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10),
        appointmentTime: "11:30",
      },
    });
    expect(booked.status, booked.text).toBe(201);
    const email = await eventually("the booking email to be settled", async () => {
      const row = await newestEmail("appointment_scheduled", { userId: citizen.id });
      return row.status !== "queued" && row;
    });
    expect(email).toMatchObject({ status: "cancelled", lastError: "the account has no confirmed email address" });
  });
});

describe("forgot and reset password", () => {
  const FORGOT_ANSWER = {
    message: "If an account uses that address, we have sent it a link to choose a new password. Check your email.",
  };

  it("answers the same 202 for a known and an unknown address; only the known one gets a link", async () => {
    const account = await signedInAccount(api);
    const known = await call("POST", "/api/auth/password/forgot", { body: { email: account.email.toUpperCase() } });
    const nobody = `nobody_${randomUUID().slice(0, 8)}@example.gov`;
    const unknown = await call("POST", "/api/auth/password/forgot", { body: { email: nobody } });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(known.body).toEqual(FORGOT_ANSWER);
    expect(unknown.text).toBe(known.text);
    const link = await newestEmail("password_reset", { userId: account.id });
    expect(link.recipient).toBe(account.email);
    // The unknown address's task ran and wrote nothing.
    await eventually("the unknown address's task to finish", async () => {
      const rows = await api.db
        .select()
        .from(tasks)
        .where(and(eq(tasks.type, "password_reset"), sql`${tasks.payload}->>'email' = ${nobody}`));
      return rows[0]?.status === "processed";
    });
    const written = await api.db.select().from(emailOutbox).where(eq(emailOutbox.recipient, nobody));
    expect(written).toEqual([]);
  });

  it("sets the new password, ends every session, tells the account, and works once", async () => {
    const account = await signedInAccount(api);
    const otherDevice = await tokenFor(account.username);
    await call("POST", "/api/auth/password/forgot", { body: { email: account.email } });
    const link = await newestEmail("password_reset", { userId: account.id });
    const weak = await call("POST", "/api/auth/password/reset", { body: { token: tokenOf(link), password: "short" } });
    expect(weak.status).toBe(400);
    const reset = await call("POST", "/api/auth/password/reset", {
      body: { token: tokenOf(link), password: NEW_PASSWORD },
    });
    expect(reset.status, reset.text).toBe(200);
    for (const token of [account.token, otherDevice]) {
      expect((await call("GET", "/api/auth/me", { token })).status).toBe(401);
    }
    expect((await login(account.username)).status).toBe(401);
    expect((await login(account.username, NEW_PASSWORD)).status).toBe(200);
    const reused = await call("POST", "/api/auth/password/reset", {
      body: { token: tokenOf(link), password: "yet another passphrase 9" },
    });
    expect(reused.status).toBe(400);
    expect(reused.body).toMatchObject({ error: "This link was already used: ask for a new one" });
    const notice = await newestEmail("password_changed", { userId: account.id });
    expect(notice.props).toMatchObject({ via: "reset" });
  });

  it("refuses an expired or forged link, and an older link once a newer one is sent", async () => {
    const account = await signedInAccount(api);
    await call("POST", "/api/auth/password/forgot", { body: { email: account.email } });
    const first = await newestEmail("password_reset", { userId: account.id });
    await call("POST", "/api/auth/password/forgot", { body: { email: account.email } });
    const second = await eventually("a second reset email", async () => {
      const row = await newestEmail("password_reset", { userId: account.id });
      return row.id !== first.id && row;
    });
    const older = await call("POST", "/api/auth/password/reset", {
      body: { token: tokenOf(first), password: NEW_PASSWORD },
    });
    expect(older.status).toBe(400);
    expect(older.body).toMatchObject({ error: "This link has expired: ask for a new one" });
    await api.db
      .update(accountTokens)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(and(eq(accountTokens.userId, account.id), eq(accountTokens.purpose, "password_reset")));
    const expired = await call("POST", "/api/auth/password/reset", {
      body: { token: tokenOf(second), password: NEW_PASSWORD },
    });
    expect(expired.body).toMatchObject({ error: "This link has expired: ask for a new one" });
    const forged = await call("POST", "/api/auth/password/reset", {
      body: { token: "y".repeat(43), password: NEW_PASSWORD },
    });
    expect(forged.status).toBe(400);
    expect((await login(account.username)).status).toBe(200);
  });

  it("limits requests per address, whoever asks", async () => {
    const email = `limited_${randomUUID().slice(0, 8)}@example.gov`;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await call("POST", "/api/auth/password/forgot", { body: { email } })).status);
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
  });
});

describe("invitations", () => {
  let admin: TestAccount;
  beforeAll(async () => {
    admin = await signedInAccount(api, "admin");
  });

  it("an admin invites a nurse; the nurse's account has the role and a confirmed address", async () => {
    const email = `nurse_${randomUUID().slice(0, 8)}@example.gov`;
    const invited = await call("POST", "/api/admin/invitations", {
      token: admin.token,
      body: { email, fullName: "Joy Nurse", role: "healthcare_admin" },
    });
    expect(invited.status, invited.text).toBe(201);
    expect(invited.body).toMatchObject({ email, role: "healthcare_admin" });
    const link = await newestEmail("invitation", { recipient: email });
    expect(link.props).toMatchObject({ roleLabel: "Healthcare staff" });
    const listed = await call("GET", "/api/admin/invitations", { token: admin.token });
    expect((listed.body as { email: string }[]).map((row) => row.email)).toContain(email);

    const username = `joy_${randomUUID().slice(0, 6)}`;
    const accepted = await call("POST", "/api/auth/invitations/accept", {
      body: { token: tokenOf(link), username, password: TEST_PASSWORD },
    });
    expect(accepted.status, accepted.text).toBe(201);
    expect(accepted.body).toMatchObject({ user: { username, email, role: "healthcare_admin", emailVerified: true } });
    // Staff set up two-step verification at their first sign-in, then reach the staff pages.
    const nurse = await signInOverHttp(api, username);
    expect((await call("GET", "/api/appointments", { token: nurse.token })).status).toBe(200);
    const again = await call("POST", "/api/auth/invitations/accept", {
      body: { token: tokenOf(link), username: `${username}2`, password: TEST_PASSWORD },
    });
    expect(again.status).toBe(400);
  });

  it("refuses an address that already has an account, a non-admin, and a withdrawn link", async () => {
    const existing = await signedInAccount(api);
    const taken = await call("POST", "/api/admin/invitations", {
      token: admin.token,
      body: { email: existing.email, fullName: "Someone", role: "healthcare_admin" },
    });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ issues: [{ path: "email" }] });
    const notAdmin = await call("POST", "/api/admin/invitations", {
      token: existing.token,
      body: { email: "x@example.gov", fullName: "X", role: "admin" },
    });
    expect(notAdmin.status).toBe(403);

    const email = `twice_${randomUUID().slice(0, 8)}@example.gov`;
    const first = await call("POST", "/api/admin/invitations", {
      token: admin.token,
      body: { email, fullName: "Twice", role: "agriculture_admin" },
    });
    const firstLink = await newestEmail("invitation", { recipient: email });
    await call("POST", "/api/admin/invitations", {
      token: admin.token,
      body: { email, fullName: "Twice", role: "agriculture_admin" },
    });
    const replaced = await call("POST", "/api/auth/invitations/accept", {
      body: { token: tokenOf(firstLink), username: `tw_${randomUUID().slice(0, 6)}`, password: TEST_PASSWORD },
    });
    expect(replaced.status).toBe(400);
    expect(replaced.body).toMatchObject({ error: expect.stringContaining("withdrawn or replaced") });
    const id = (first.body as { id: string }).id;
    const [row] = await api.db.select().from(invitations).where(eq(invitations.id, id));
    expect(row?.revokedAt).not.toBeNull();
  });
});

describe("user management", () => {
  let admin: TestAccount;
  beforeAll(async () => {
    admin = await signedInAccount(api, "admin");
  });

  it("finds accounts by part of a name, username or email, by role and state, a page at a time", async () => {
    const tag = randomUUID().slice(0, 6);
    const made: string[] = [];
    for (let i = 0; i < 3; i++) made.push((await register({ fullName: `Findme ${tag} ${i}` })).username);
    const first = await call("GET", `/api/admin/users?q=${tag}&limit=2`, { token: admin.token });
    expect(first.status, first.text).toBe(200);
    const page1 = first.body as { items: { username: string; emailVerified: boolean }[]; nextCursor: string };
    expect(page1.items.map((user) => user.username)).toEqual([made[2], made[1]]);
    const second = await call("GET", `/api/admin/users?q=${tag}&limit=2&cursor=${page1.nextCursor}`, {
      token: admin.token,
    });
    expect((second.body as typeof page1).items.map((user) => user.username)).toEqual([made[0]]);
    expect((second.body as typeof page1).nextCursor).toBeNull();
    const byEmail = await call("GET", `/api/admin/users?q=${made[0]}%40EXAMPLE`, { token: admin.token });
    expect((byEmail.body as typeof page1).items.map((user) => user.username)).toEqual([made[0]]);
    const unconfirmed = await call("GET", `/api/admin/users?q=${tag}&state=unconfirmed&role=user`, {
      token: admin.token,
    });
    expect((unconfirmed.body as typeof page1).items).toHaveLength(3);
    const badState = await call("GET", "/api/admin/users?state=sleeping", { token: admin.token });
    expect(badState.status).toBe(400);
    const citizen = await signedInAccount(api);
    expect((await call("GET", "/api/admin/users", { token: citizen.token })).status).toBe(403);
  });

  it("a role change counts from the user's next request, with the same session", async () => {
    const user = await signedInAccount(api);
    expect((await call("GET", "/api/appointments", { token: user.token })).status).toBe(403);
    const changed = await call("PUT", `/api/admin/users/${user.id}`, {
      token: admin.token,
      body: { role: "healthcare_admin" },
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({ role: "healthcare_admin", active: true });
    // The new role counts at once, and it needs a second factor: until the session has one, no staff page.
    const waiting = await call("GET", "/api/appointments", { token: user.token });
    expect(waiting.status).toBe(403);
    expect(waiting.body).toMatchObject({ error: expect.stringContaining("two-step verification") });
    const { secret } = (await call("POST", "/api/auth/mfa/setup", { token: user.token })).body as { secret: string };
    const confirmed = await call("POST", "/api/auth/mfa/setup/confirm", {
      token: user.token,
      body: { code: await testAuthenticator.code(secret) },
    });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect((await call("GET", "/api/appointments", { token: user.token })).status).toBe(200);
    expect((await call("GET", `/api/admin/users/${user.id}`, { token: admin.token })).body).toMatchObject({
      role: "healthcare_admin",
    });
    // Its sign-in is recorded by a task: the admin's view shows it once it has run.
    const seen = await eventually("the sign-in to be recorded", async () => {
      const view = (await call("GET", `/api/admin/users/${user.id}`, { token: admin.token })).body as {
        lastSignInAt: string | null;
      };
      return view.lastSignInAt ?? undefined;
    });
    expect(Date.now() - new Date(seen).getTime()).toBeLessThan(10 * 60_000);
  });

  it("deactivation ends the user's sessions at once and refuses sign-in with a clear message", async () => {
    const user = await signedInAccount(api);
    expect((await call("GET", "/api/auth/me", { token: user.token })).status).toBe(200);
    const off = await call("PUT", `/api/admin/users/${user.id}`, { token: admin.token, body: { active: false } });
    expect(off.body).toMatchObject({ active: false });
    expect((await call("GET", "/api/auth/me", { token: user.token })).status).toBe(401);
    const refused = await login(user.username);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: expect.stringContaining("This account has been deactivated") });
    // A wrong password still says only "invalid": the state is told to the account's owner alone.
    expect((await login(user.username, "not the password at all")).status).toBe(401);
    await call("PUT", `/api/admin/users/${user.id}`, { token: admin.token, body: { active: true } });
    expect((await login(user.username)).status).toBe(200);
  });

  it("an admin cannot demote or deactivate themself", async () => {
    for (const body of [{ role: "user" }, { active: false }]) {
      const response = await call("PUT", `/api/admin/users/${admin.id}`, { token: admin.token, body });
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ error: expect.stringContaining("cannot remove your own") });
    }
    const unknown = await call("PUT", `/api/admin/users/${randomUUID()}`, {
      token: admin.token,
      body: { role: "user" },
    });
    expect(unknown.status).toBe(404);
  });
});

describe("my sessions", () => {
  it("lists my devices and ends one, or all but this one", async () => {
    const account = await signedInAccount(api);
    const phone = await tokenFor(account.username, TEST_PASSWORD, "Mozilla/5.0 (iPhone) Safari/604.1");
    const tablet = await tokenFor(account.username, TEST_PASSWORD, "Mozilla/5.0 (iPad) Safari/604.1");
    const listed = await call("GET", "/api/auth/sessions", { token: account.token });
    expect(listed.status, listed.text).toBe(200);
    const sessions = listed.body as { id: string; userAgent: string | null; current: boolean; ip: string }[];
    expect(sessions).toHaveLength(3);
    expect(sessions.filter((session) => session.current)).toHaveLength(1);
    expect(sessions[0]?.current).toBe(true);
    const phoneSession = sessions.find((session) => session.userAgent?.includes("iPhone"));
    expect(phoneSession?.ip).toBe("127.0.0.1");

    const ended = await call("DELETE", `/api/auth/sessions/${phoneSession?.id}`, { token: account.token });
    expect(ended.body).toMatchObject({ current: false });
    expect((await call("GET", "/api/auth/me", { token: phone })).status).toBe(401);
    expect((await call("GET", "/api/auth/me", { token: tablet })).status).toBe(200);

    const stranger = await signedInAccount(api);
    const notMine = await call("DELETE", `/api/auth/sessions/${sessions[0]?.id}`, { token: stranger.token });
    expect(notMine.status).toBe(404);

    const others = await call("DELETE", "/api/auth/sessions", { token: account.token });
    expect(others.body).toMatchObject({ ended: 1 });
    expect((await call("GET", "/api/auth/me", { token: tablet })).status).toBe(401);
    expect((await call("GET", "/api/auth/me", { token: account.token })).status).toBe(200);
  });
});

// Two API instances share Redis and PostgreSQL (PGlite is one process's alone, so this runs in
// the PostgreSQL pass of the suite).
describe.runIf(target.kind === "postgres")("a second API instance", () => {
  let second: TestApi;
  beforeAll(async () => {
    second = await startTestApi({ JWT_SECRET, QUEUE_PREFIX, RATE_LIMIT_POINTS: "10000" });
  });
  afterAll(() => second.stop());

  it("refuses a deactivated user's live session on its very next request", async () => {
    const admin = await signedInAccount(api, "admin");
    const user = await signedInAccount(api);
    const onSecond = (token: string) => http(second.url, "GET", "/api/auth/me", { token });
    expect((await onSecond(user.token)).status).toBe(200);
    await call("PUT", `/api/admin/users/${user.id}`, { token: admin.token, body: { active: false } });
    expect((await onSecond(user.token)).status).toBe(401);
  });
});

describe("first-run setup", () => {
  let fresh: TestApi;
  const prefix = `setup${Date.now()}`;
  const redis = createRedis(testRedisUrl(), "client", "setup-test");

  beforeAll(async () => {
    await redis.connect();
    // A database of its own, with no administrator in it: a fresh install.
    const database: Record<string, string> =
      target.kind === "postgres"
        ? { DATABASE_URL: await createDatabase(target.serverUrl, `setup_${randomUUID().slice(0, 8)}`) }
        : {};
    fresh = await startTestApi({ JWT_SECRET, QUEUE_PREFIX: prefix, RATE_LIMIT_POINTS: "10000", ...database });
  });
  afterAll(async () => {
    await fresh.stop();
    await redis.quit();
  });

  it("creates the first administrator with a printed setup code, once", async () => {
    const onFresh = (method: string, path: string, options?: HttpOptions) => http(fresh.url, method, path, options);
    expect((await onFresh("GET", "/api/setup")).body).toEqual({ needed: true });
    // The code the server printed at start is only in its output; the test adds one it knows.
    const code = await createSetupCodes(redis, prefix).issue();
    const admin = {
      username: `chief_${randomUUID().slice(0, 6)}`,
      fullName: "Chief Admin",
      email: `chief_${randomUUID().slice(0, 6)}@example.gov`,
      password: TEST_PASSWORD,
    };
    const wrong = await onFresh("POST", "/api/setup", { body: { ...admin, code: "AAAA-BBBB-CCCC" } });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ error: expect.stringContaining("start-up output") });
    const made = await onFresh("POST", "/api/setup", { body: { ...admin, code: code.toLowerCase() } });
    expect(made.status, made.text).toBe(201);
    expect(made.body).toMatchObject({ user: { username: admin.username, role: "admin", emailVerified: true } });
    expect((await onFresh("GET", "/api/setup")).body).toEqual({ needed: false });
    const again = await onFresh("POST", "/api/setup", {
      body: { ...admin, username: `${admin.username}2`, email: `2${admin.email}`, code },
    });
    expect(again.status).toBe(409);
    const signIn = await onFresh("POST", "/api/auth/login", {
      body: { username: admin.username, password: TEST_PASSWORD },
    });
    expect(signIn.status).toBe(200);
    expect(signIn.body).toMatchObject({ secondFactorSetupRequired: true });

    // Two admins demote each other at the same moment: one wins, and one admin always remains.
    const chief = (await signInOverHttp(fresh, admin.username)).token;
    const invited = await onFresh("POST", "/api/admin/invitations", {
      token: chief,
      body: { email: `deputy_${randomUUID().slice(0, 6)}@example.gov`, fullName: "Deputy", role: "admin" },
    });
    const [link] = await fresh.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.dedupeKey, `invitation/${(invited.body as { id: string }).id}`));
    const deputyName = `deputy_${randomUUID().slice(0, 6)}`;
    const accepted = await onFresh("POST", "/api/auth/invitations/accept", {
      body: { token: link ? tokenOf(link) : "", username: deputyName, password: TEST_PASSWORD },
    });
    const deputyId = (accepted.body as { user: { id: string } }).user.id;
    const deputy = (await signInOverHttp(fresh, deputyName)).token;
    const chiefId = (made.body as { user: { id: string } }).user.id;
    const outcomes = await Promise.all([
      onFresh("PUT", `/api/admin/users/${deputyId}`, { token: chief, body: { role: "user" } }),
      onFresh("PUT", `/api/admin/users/${chiefId}`, { token: deputy, body: { role: "user" } }),
    ]);
    const statuses = outcomes.map((outcome) => outcome.status).sort();
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const admins = await fresh.db.select().from(users).where(eq(users.role, "admin"));
    expect(admins).toHaveLength(1);
  });
});
