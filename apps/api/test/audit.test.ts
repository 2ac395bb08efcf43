import { randomBytes, randomInt } from "node:crypto";
import { createSetupCodes, newLinkToken } from "@govconnect/auth";
import type { AuditAction } from "@govconnect/contracts";
import { AUDIT_ACTION_NAMES, addDays, localDate } from "@govconnect/contracts";
import type { Database } from "@govconnect/db";
import {
  accountTokens,
  alerts,
  appointmentEvents,
  appointments,
  auditEvents,
  emailOutbox,
  hospitals,
  invitations,
  recoveryCodes,
  secondFactors,
  tasks,
  users,
} from "@govconnect/db";
import { AUDIT_CSV_COLUMNS } from "@govconnect/domain";
import { createRedis } from "@govconnect/redis";
import { createDatabase } from "@govconnect/testing";
import { testDatabaseTarget, testRedisUrl } from "@govconnect/testing/inject";
import type { SQL } from "drizzle-orm";
import { and, desc, eq, gte, lt, or, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REST_ROUTES } from "../src/routes/rest-table.ts";
import type { TestAccount } from "../src/testing/accounts.ts";
import { signedInAccount, signInOverHttp, TEST_PASSWORD, testAuthenticator } from "../src/testing/accounts.ts";
import type { TestApi } from "../src/testing/api.ts";
import { startTestApi } from "../src/testing/api.ts";
import type { HttpOptions, HttpResponse } from "../src/testing/http.ts";
import { http } from "../src/testing/http.ts";

// The audit log against the real API, Redis and database: every action writes its one row in its
// own transaction (a trigger that fails the insert, for one request only, must undo the action),
// the database refuses to rewrite it, admins read and export it, and users see their own events.

const target = testDatabaseTarget();
const NEW_PASSWORD = "a brand new passphrase 7";
let api: TestApi;
let admin: TestAccount;
let nurse: TestAccount;
let hospital: { id: string; department: string };
const call = (method: string, path: string, options?: HttpOptions) => http(api.url, method, path, options);
const redis = createRedis(testRedisUrl(), "client", "audit-test");
const freshInstalls: TestApi[] = [];

/** Fails the audit insert of one request (its user agent), on whichever database runs it. */
async function installProbeFunction(db: Database) {
  await db.execute(
    sql.raw(
      `CREATE OR REPLACE FUNCTION audit_probe_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit probe'; END $$`,
    ),
  );
}

beforeAll(async () => {
  await redis.connect();
  api = await startTestApi({ QUEUE_PREFIX: `audit${Date.now()}`, RATE_LIMIT_POINTS: "10000" });
  await installProbeFunction(api.db);
  admin = await signedInAccount(api, "admin");
  nurse = await signedInAccount(api, "healthcare_admin");
  const created = await call("POST", "/api/healthcare/hospitals", {
    token: nurse.token,
    body: { ...hospitalExample(), hospitalId: `AU-${hex(4).toUpperCase()}` },
  });
  expect(created.status, created.text).toBe(201);
  const row = bodyOf<{ hospital: { id: string; departments: string[] } }>(created).hospital;
  hospital = { id: row.id, department: row.departments[0] ?? "" };
});
afterAll(async () => {
  for (const fresh of freshInstalls) await fresh.stop();
  await api.stop();
  await redis.quit();
});

// ---------------------------------------------------------------------------------------------
// Helpers

const hex = (bytes = 6) => randomBytes(bytes).toString("hex");
/** Letters only: alert fingerprints ignore digits, so a unique alert message must not rely on them. */
const letters = (n = 16) => Array.from({ length: n }, () => String.fromCharCode(97 + randomInt(26))).join("");
const bodyOf = <T>(response: HttpResponse) => response.body as T;
const hospitalExample = () => REST_ROUTES.find((route) => route.procedure === "hospitals.create")?.example as object;

const login = (username: string, password: string, options: HttpOptions = {}) =>
  call("POST", "/api/auth/login", { body: { username, password }, ...options });
const loginStatus = async (username: string, password: string) => (await login(username, password)).status;
const meStatus = async (token: string) => (await call("GET", "/api/auth/me", { token })).status;
const sessionCount = async (token: string) =>
  bodyOf<unknown[]>(await call("GET", "/api/auth/sessions", { token })).length;
const factorOf = async (token: string) =>
  bodyOf<{ enrolled: boolean; recoveryCodesLeft: number }>(await call("GET", "/api/auth/mfa", { token }));
const userRow = async (id: string, db: Database = api.db) => {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
};
const recoveryCodeIds = async (userId: string) =>
  (await api.db.select({ id: recoveryCodes.id }).from(recoveryCodes).where(eq(recoveryCodes.userId, userId)))
    .map((row) => row.id)
    .sort();
const unusedRecoveryCodes = async (userId: string) =>
  (
    await api.db.select({ usedAt: recoveryCodes.usedAt }).from(recoveryCodes).where(eq(recoveryCodes.userId, userId))
  ).filter((row) => row.usedAt === null).length;

/** Turns two-step verification on for a (citizen) account, as its owner would. */
async function withFactor(account: TestAccount) {
  const begun = await call("POST", "/api/auth/mfa/setup", { token: account.token });
  expect(begun.status, begun.text).toBe(200);
  const { secret } = bodyOf<{ secret: string }>(begun);
  const confirmed = await call("POST", "/api/auth/mfa/setup/confirm", {
    token: account.token,
    body: { code: await testAuthenticator.code(secret) },
  });
  expect(confirmed.status, confirmed.text).toBe(200);
  return { secret, recoveryCodes: bodyOf<{ recoveryCodes: string[] }>(confirmed).recoveryCodes };
}

/** The link token an outbox email carries (as the mailbox would receive it). */
function tokenIn(email: { props: unknown } | undefined): string {
  const token = (email?.props as { token?: unknown } | undefined)?.token;
  if (typeof token !== "string") throw new Error("no email with a link token");
  return token;
}

/** An emailed link's token, stored as the flows store it (only its hash). */
async function storedLink(purpose: "password_reset" | "email_verification", userId: string, email: string) {
  const { token, hash } = newLinkToken();
  await api.db
    .insert(accountTokens)
    .values({ tokenHash: hash, purpose, userId, email, expiresAt: new Date(Date.now() + 3_600_000) });
  return { token, hash };
}

async function openInvitation() {
  const { token, hash } = newLinkToken();
  const [row] = await api.db
    .insert(invitations)
    .values({
      tokenHash: hash,
      email: `invited_${hex(4)}@example.gov`,
      fullName: "Invited Person",
      role: "healthcare_admin",
      invitedBy: admin.id,
      expiresAt: new Date(Date.now() + 3_600_000),
    })
    .returning();
  if (!row) throw new Error("insert returned no invitation");
  return { token, invitation: row };
}

let slots = 0;
async function scheduledAppointment(patient: TestAccount) {
  const minute = slots++;
  const [row] = await api.db
    .insert(appointments)
    .values({
      hospitalId: hospital.id,
      department: hospital.department,
      patientName: "Test Person",
      patientEmail: patient.email,
      patientPhone: "+91 98765 43210",
      appointmentDate: addDays(localDate(new Date()), 9 + Math.floor(minute / 600)),
      appointmentTime: `${String(7 + Math.floor((minute % 600) / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`,
      bookedBy: patient.id,
    })
    .returning();
  if (!row) throw new Error("insert returned no appointment");
  return row;
}

async function openAlert() {
  const created = await call("POST", "/api/alerts", {
    token: admin.token,
    body: { type: "System", severity: "LOW", message: `audit fixture ${letters()}` },
  });
  expect(created.status, created.text).toBe(201);
  return bodyOf<{ alert: { id: string } }>(created).alert.id;
}

const alertStatus = async (id: string) => (await api.db.select().from(alerts).where(eq(alerts.id, id)))[0]?.status;

/** Acknowledging and resolving an open alert: the same case but for the verb and the status it ends in. */
function handledAlertCase(
  action: "alert.acknowledged" | "alert.resolved",
  verb: "acknowledge" | "resolve",
  status: "acknowledged" | "resolved",
): AuditCase {
  return {
    action,
    async arrange() {
      const id = await openAlert();
      return {
        secrets: [admin.token],
        act: (client) => call("POST", `/api/alerts/${id}/${verb}`, { token: admin.token, ...client }),
        recorded: () => ({ actorId: admin.id, target: ["alert", id] }),
        effectPresent: async () => expect(await alertStatus(id)).toBe(status),
        effectAbsent: async () => expect(await alertStatus(id)).toBe("active"),
      };
    },
  };
}

/** A fresh install (no administrator yet): its own database, and a setup code it accepts. */
async function freshInstall() {
  const prefix = `auditsetup${hex(4)}`;
  const database: Record<string, string> =
    target.kind === "postgres" ? { DATABASE_URL: await createDatabase(target.serverUrl, `audit_setup_${hex(4)}`) } : {};
  const fresh = await startTestApi({ QUEUE_PREFIX: prefix, RATE_LIMIT_POINTS: "10000", ...database });
  freshInstalls.push(fresh);
  await installProbeFunction(fresh.db);
  return { fresh, code: await createSetupCodes(redis, prefix).issue() };
}

/** The audit rows one request wrote: by its (unique) user agent or request id. */
const rowsOf = (db: Database, request: { userAgent: string; requestId: string }) =>
  db
    .select()
    .from(auditEvents)
    .where(or(eq(auditEvents.userAgent, request.userAgent), eq(auditEvents.requestId, request.requestId)))
    .orderBy(auditEvents.id);

/** A request's unique user agent and request id, and the headers that carry them. */
function newClient(kind: "audit-test" | "audit-probe") {
  const id = hex();
  const userAgent = `${kind}-${id}`;
  const requestId = `req-${kind}-${id}`;
  return { id, userAgent, requestId, options: { headers: { "user-agent": userAgent, "x-request-id": requestId } } };
}

/**
 * Runs `act` with a trigger that fails the audit insert of this user agent only (on PostgreSQL
 * every test file shares the database): if the row is written in the action's transaction, the
 * whole action rolls back.
 */
async function withFailingAuditInsert<T>(
  db: Database,
  client: { id: string; userAgent: string },
  act: () => Promise<T>,
): Promise<T> {
  const trigger = `audit_probe_${client.id}`;
  await db.execute(
    sql.raw(
      `CREATE TRIGGER ${trigger} AFTER INSERT ON audit_events FOR EACH ROW WHEN (NEW.user_agent = '${client.userAgent}') EXECUTE FUNCTION audit_probe_fail()`,
    ),
  );
  try {
    return await act();
  } finally {
    await db.execute(sql.raw(`DROP TRIGGER IF EXISTS ${trigger} ON audit_events`));
  }
}

/** Secrets a response hands out (a session token, a pending step, recovery codes, a TOTP secret). */
function secretsIn(response: HttpResponse): string[] {
  const body = (response.body ?? {}) as {
    token?: unknown;
    pending?: unknown;
    secret?: unknown;
    recoveryCodes?: unknown;
  };
  return [
    body.token,
    body.pending,
    body.secret,
    ...(Array.isArray(body.recoveryCodes) ? body.recoveryCodes : []),
  ].filter((value): value is string => typeof value === "string");
}

// ---------------------------------------------------------------------------------------------
// One case per action: arrange what it needs, act over HTTP, and say what its effect is.

type Target = readonly [type: string, id: string] | null;

interface Arranged {
  /** The API the action runs on: the shared one, unless it needs a fresh install. */
  readonly on?: TestApi;
  /** What the request carries that its row must never hold (act and effectPresent may add more). */
  readonly secrets: string[];
  act(client: Pick<HttpOptions, "headers">): Promise<HttpResponse>;
  /** Whom the row names: some ids are only known from the response (a new invitation's, a task's). */
  recorded(response: HttpResponse): { readonly actorId: string | null; readonly target: Target };
  effectPresent(response: HttpResponse): Promise<void>;
  effectAbsent(): Promise<void>;
}

interface AuditCase {
  readonly action: AuditAction;
  arrange(): Promise<Arranged>;
}

const asUser = (account: { id: string }) => ({ actorId: account.id, target: ["user", account.id] as const });

const CASES: AuditCase[] = [
  {
    action: "sign_in.succeeded",
    async arrange() {
      const user = await signedInAccount(api);
      return {
        secrets: [user.token],
        act: (client) => login(user.username, TEST_PASSWORD, client),
        recorded: () => asUser(user),
        async effectPresent(response) {
          expect(await meStatus(bodyOf<{ token: string }>(response).token)).toBe(200);
          expect(await sessionCount(user.token)).toBe(2);
        },
        async effectAbsent() {
          expect(await sessionCount(user.token)).toBe(1);
        },
      };
    },
  },
  {
    action: "sign_out",
    async arrange() {
      const user = await signedInAccount(api);
      return {
        secrets: [user.token],
        act: (client) => call("POST", "/api/auth/logout", { token: user.token, ...client }),
        recorded: () => asUser(user),
        effectPresent: async () => expect(await meStatus(user.token)).toBe(401),
        effectAbsent: async () => expect(await meStatus(user.token)).toBe(200),
      };
    },
  },
  {
    action: "second_factor.enrolled",
    async arrange() {
      const user = await signedInAccount(api);
      const begun = await call("POST", "/api/auth/mfa/setup", { token: user.token });
      const { secret } = bodyOf<{ secret: string }>(begun);
      const secrets = [user.token, secret];
      return {
        secrets,
        async act(client) {
          const code = await testAuthenticator.code(secret);
          secrets.push(code);
          return call("POST", "/api/auth/mfa/setup/confirm", { token: user.token, body: { code }, ...client });
        },
        recorded: () => asUser(user),
        effectPresent: async () => expect(await factorOf(user.token)).toMatchObject({ enrolled: true }),
        async effectAbsent() {
          expect(await factorOf(user.token)).toMatchObject({ enrolled: false });
          expect(await recoveryCodeIds(user.id)).toEqual([]);
        },
      };
    },
  },
  {
    action: "second_factor.removed",
    async arrange() {
      const user = await signedInAccount(api);
      const factor = await withFactor(user);
      const secrets = [user.token, factor.secret, ...factor.recoveryCodes];
      return {
        secrets,
        async act(client) {
          const code = await testAuthenticator.code(factor.secret);
          secrets.push(code);
          return call("POST", "/api/auth/mfa/remove", { token: user.token, body: { code }, ...client });
        },
        recorded: () => asUser(user),
        effectPresent: async () => expect(await factorOf(user.token)).toMatchObject({ enrolled: false }),
        effectAbsent: async () =>
          expect(await factorOf(user.token)).toMatchObject({ enrolled: true, recoveryCodesLeft: 10 }),
      };
    },
  },
  {
    action: "second_factor.reset",
    async arrange() {
      const user = await signedInAccount(api);
      const factor = await withFactor(user);
      return {
        secrets: [user.token, admin.token, factor.secret, ...factor.recoveryCodes],
        act: (client) => call("POST", `/api/admin/users/${user.id}/mfa/reset`, { token: admin.token, ...client }),
        recorded: () => ({ actorId: admin.id, target: ["user", user.id] }),
        async effectPresent() {
          // Every session of the account ends with it.
          expect(await meStatus(user.token)).toBe(401);
          expect(await api.db.select().from(secondFactors).where(eq(secondFactors.userId, user.id))).toEqual([]);
        },
        // Still on, and the account's session still alive (they end only after the commit).
        effectAbsent: async () => expect(await factorOf(user.token)).toMatchObject({ enrolled: true }),
      };
    },
  },
  {
    action: "second_factor.recovery_codes_regenerated",
    async arrange() {
      const user = await signedInAccount(api);
      const factor = await withFactor(user);
      const before = await recoveryCodeIds(user.id);
      const secrets = [user.token, factor.secret, ...factor.recoveryCodes];
      return {
        secrets,
        async act(client) {
          const code = await testAuthenticator.code(factor.secret);
          secrets.push(code);
          return call("POST", "/api/auth/mfa/recovery-codes", { token: user.token, body: { code }, ...client });
        },
        recorded: () => asUser(user),
        async effectPresent() {
          const after = await recoveryCodeIds(user.id);
          expect(after).toHaveLength(10);
          expect(after.filter((id) => before.includes(id))).toEqual([]);
        },
        effectAbsent: async () => expect(await recoveryCodeIds(user.id)).toEqual(before),
      };
    },
  },
  {
    action: "second_factor.recovery_code_used",
    async arrange() {
      const user = await signedInAccount(api);
      const factor = await withFactor(user);
      const started = await login(user.username, TEST_PASSWORD);
      const { pending } = bodyOf<{ pending: string }>(started);
      const code = factor.recoveryCodes[0] ?? "";
      return {
        secrets: [user.token, pending, factor.secret, ...factor.recoveryCodes],
        act: (client) => call("POST", "/api/auth/login/mfa", { body: { pending, code }, ...client }),
        recorded: () => asUser(user),
        async effectPresent(response) {
          expect(await meStatus(bodyOf<{ token: string }>(response).token)).toBe(200);
          expect(await unusedRecoveryCodes(user.id)).toBe(9);
        },
        async effectAbsent() {
          expect(await unusedRecoveryCodes(user.id)).toBe(10);
          expect(await sessionCount(user.token)).toBe(1);
        },
      };
    },
  },
  {
    action: "password.reset",
    async arrange() {
      const user = await signedInAccount(api);
      const link = await storedLink("password_reset", user.id, user.email);
      return {
        secrets: [user.token, link.token, link.hash],
        act: (client) =>
          call("POST", "/api/auth/password/reset", { body: { token: link.token, password: NEW_PASSWORD }, ...client }),
        recorded: () => ({ actorId: null, target: ["user", user.id] }),
        async effectPresent() {
          expect(await loginStatus(user.username, NEW_PASSWORD)).toBe(200);
          expect(await loginStatus(user.username, TEST_PASSWORD)).toBe(401);
        },
        async effectAbsent() {
          expect(await loginStatus(user.username, TEST_PASSWORD)).toBe(200);
          expect(await loginStatus(user.username, NEW_PASSWORD)).toBe(401);
          const [stored] = await api.db.select().from(accountTokens).where(eq(accountTokens.tokenHash, link.hash));
          expect(stored?.usedAt).toBeNull();
        },
      };
    },
  },
  {
    action: "password.changed",
    async arrange() {
      const user = await signedInAccount(api);
      return {
        secrets: [user.token],
        act: (client) =>
          call("PUT", "/api/auth/me", {
            token: user.token,
            body: { password: NEW_PASSWORD, current_password: TEST_PASSWORD },
            ...client,
          }),
        recorded: () => asUser(user),
        async effectPresent() {
          expect(await loginStatus(user.username, NEW_PASSWORD)).toBe(200);
          expect(await loginStatus(user.username, TEST_PASSWORD)).toBe(401);
        },
        async effectAbsent() {
          expect(await loginStatus(user.username, TEST_PASSWORD)).toBe(200);
          expect(await loginStatus(user.username, NEW_PASSWORD)).toBe(401);
          expect(await meStatus(user.token)).toBe(200);
        },
      };
    },
  },
  {
    action: "email.changed",
    async arrange() {
      const user = await signedInAccount(api);
      const newAddress = `moved_${hex(4)}@example.gov`;
      const asked = await call("PUT", "/api/auth/me", {
        token: user.token,
        body: { email: newAddress, current_password: TEST_PASSWORD },
      });
      expect(asked.status, asked.text).toBe(200);
      const [email] = await api.db
        .select()
        .from(emailOutbox)
        .where(and(eq(emailOutbox.template, "email_verification"), eq(emailOutbox.recipient, newAddress)));
      const token = tokenIn(email);
      return {
        secrets: [user.token, token],
        act: (client) => call("POST", "/api/auth/email/verify", { body: { token }, ...client }),
        // Who opened the link is not known: no actor.
        recorded: () => ({ actorId: null, target: ["user", user.id] }),
        effectPresent: async () =>
          expect(await userRow(user.id)).toMatchObject({ email: newAddress, pendingEmail: null }),
        effectAbsent: async () =>
          expect(await userRow(user.id)).toMatchObject({ email: user.email, pendingEmail: newAddress }),
      };
    },
  },
  {
    action: "sessions.ended",
    async arrange() {
      const user = await signedInAccount(api);
      const other = await signInOverHttp(api, user.username);
      return {
        secrets: [user.token, other.token],
        act: (client) => call("DELETE", "/api/auth/sessions", { token: user.token, ...client }),
        recorded: () => asUser(user),
        async effectPresent() {
          expect(await meStatus(other.token)).toBe(401);
          expect(await meStatus(user.token)).toBe(200);
        },
        effectAbsent: async () => expect(await meStatus(other.token)).toBe(200),
      };
    },
  },
  {
    action: "invitation.sent",
    async arrange() {
      const email = `nurse_${hex(4)}@example.gov`;
      const secrets = [admin.token];
      const sent = () => api.db.select().from(invitations).where(eq(invitations.email, email));
      return {
        secrets,
        act: (client) =>
          call("POST", "/api/admin/invitations", {
            token: admin.token,
            body: { email, fullName: "Joy Nurse", role: "healthcare_admin" },
            ...client,
          }),
        recorded: (response) => ({ actorId: admin.id, target: ["invitation", bodyOf<{ id: string }>(response).id] }),
        async effectPresent(response) {
          expect(await sent()).toHaveLength(1);
          const { id } = bodyOf<{ id: string }>(response);
          const [link] = await api.db
            .select()
            .from(emailOutbox)
            .where(eq(emailOutbox.dedupeKey, `invitation/${id}`));
          secrets.push(tokenIn(link));
        },
        effectAbsent: async () => expect(await sent()).toEqual([]),
      };
    },
  },
  {
    action: "invitation.revoked",
    async arrange() {
      const { token, invitation } = await openInvitation();
      const revokedAt = async () =>
        (await api.db.select().from(invitations).where(eq(invitations.id, invitation.id)))[0]?.revokedAt;
      return {
        secrets: [admin.token, token],
        act: (client) => call("DELETE", `/api/admin/invitations/${invitation.id}`, { token: admin.token, ...client }),
        recorded: () => ({ actorId: admin.id, target: ["invitation", invitation.id] }),
        effectPresent: async () => expect(await revokedAt()).toBeInstanceOf(Date),
        effectAbsent: async () => expect(await revokedAt()).toBeNull(),
      };
    },
  },
  {
    action: "invitation.accepted",
    async arrange() {
      const { token, invitation } = await openInvitation();
      const username = `inv_${hex(4)}`;
      const accounts = () => api.db.select().from(users).where(eq(users.username, username));
      return {
        secrets: [token],
        act: (client) =>
          call("POST", "/api/auth/invitations/accept", {
            body: { token, username, password: TEST_PASSWORD },
            ...client,
          }),
        // The new account accepted it.
        recorded: (response) => ({
          actorId: bodyOf<{ user: { id: string } }>(response).user.id,
          target: ["invitation", invitation.id],
        }),
        effectPresent: async () => expect(await accounts()).toMatchObject([{ role: "healthcare_admin" }]),
        async effectAbsent() {
          expect(await accounts()).toEqual([]);
          const [row] = await api.db.select().from(invitations).where(eq(invitations.id, invitation.id));
          expect(row?.acceptedAt).toBeNull();
        },
      };
    },
  },
  {
    action: "user.role_changed",
    async arrange() {
      const user = await signedInAccount(api);
      return {
        secrets: [admin.token, user.token],
        act: (client) =>
          call("PUT", `/api/admin/users/${user.id}`, {
            token: admin.token,
            body: { role: "agriculture_admin" },
            ...client,
          }),
        recorded: () => ({ actorId: admin.id, target: ["user", user.id] }),
        effectPresent: async () => expect(await userRow(user.id)).toMatchObject({ role: "agriculture_admin" }),
        effectAbsent: async () => expect(await userRow(user.id)).toMatchObject({ role: "user" }),
      };
    },
  },
  {
    action: "user.deactivated",
    async arrange() {
      const user = await signedInAccount(api);
      return {
        secrets: [admin.token, user.token],
        act: (client) =>
          call("PUT", `/api/admin/users/${user.id}`, { token: admin.token, body: { active: false }, ...client }),
        recorded: () => ({ actorId: admin.id, target: ["user", user.id] }),
        async effectPresent() {
          expect((await userRow(user.id))?.deactivatedAt).toBeInstanceOf(Date);
          expect(await meStatus(user.token)).toBe(401);
        },
        async effectAbsent() {
          expect((await userRow(user.id))?.deactivatedAt).toBeNull();
          expect(await meStatus(user.token)).toBe(200);
        },
      };
    },
  },
  {
    action: "user.reactivated",
    async arrange() {
      const user = await signedInAccount(api);
      await api.db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, user.id));
      return {
        secrets: [admin.token, user.token],
        act: (client) =>
          call("PUT", `/api/admin/users/${user.id}`, { token: admin.token, body: { active: true }, ...client }),
        recorded: () => ({ actorId: admin.id, target: ["user", user.id] }),
        effectPresent: async () => expect(await loginStatus(user.username, TEST_PASSWORD)).toBe(200),
        async effectAbsent() {
          expect((await userRow(user.id))?.deactivatedAt).toBeInstanceOf(Date);
          expect(await loginStatus(user.username, TEST_PASSWORD)).toBe(403);
        },
      };
    },
  },
  {
    action: "appointment.status_changed",
    async arrange() {
      const patient = await signedInAccount(api);
      const appointment = await scheduledAppointment(patient);
      const current = async () =>
        (await api.db.select().from(appointments).where(eq(appointments.id, appointment.id)))[0]?.status;
      return {
        secrets: [nurse.token],
        act: (client) =>
          call("PUT", `/api/appointments/${appointment.id}`, {
            token: nurse.token,
            body: { status: "confirmed" },
            ...client,
          }),
        recorded: () => ({ actorId: nurse.id, target: ["appointment", appointment.id] }),
        effectPresent: async () => expect(await current()).toBe("confirmed"),
        async effectAbsent() {
          expect(await current()).toBe("scheduled");
          const history = await api.db
            .select()
            .from(appointmentEvents)
            .where(eq(appointmentEvents.appointmentId, appointment.id));
          expect(history).toEqual([]);
        },
      };
    },
  },
  {
    action: "alert.raised",
    async arrange() {
      const message = `audit raised ${letters()}`;
      const raised = () => api.db.select().from(alerts).where(eq(alerts.message, message));
      return {
        secrets: [admin.token],
        act: (client) =>
          call("POST", "/api/alerts", {
            token: admin.token,
            body: { type: "System", severity: "LOW", message },
            ...client,
          }),
        recorded: (response) => ({
          actorId: admin.id,
          target: ["alert", bodyOf<{ alert: { id: string } }>(response).alert.id],
        }),
        effectPresent: async () => expect(await raised()).toHaveLength(1),
        effectAbsent: async () => expect(await raised()).toEqual([]),
      };
    },
  },
  handledAlertCase("alert.acknowledged", "acknowledge", "acknowledged"),
  handledAlertCase("alert.resolved", "resolve", "resolved"),
  {
    action: "hospital.created",
    async arrange() {
      const code = `AU-${hex(4).toUpperCase()}`;
      const added = () => api.db.select().from(hospitals).where(eq(hospitals.code, code));
      return {
        secrets: [nurse.token],
        act: (client) =>
          call("POST", "/api/healthcare/hospitals", {
            token: nurse.token,
            body: { ...hospitalExample(), hospitalId: code },
            ...client,
          }),
        recorded: (response) => ({
          actorId: nurse.id,
          target: ["hospital", bodyOf<{ hospital: { id: string } }>(response).hospital.id],
        }),
        effectPresent: async () => expect(await added()).toHaveLength(1),
        effectAbsent: async () => expect(await added()).toEqual([]),
      };
    },
  },
  {
    action: "hospital.changed",
    async arrange() {
      const created = await call("POST", "/api/healthcare/hospitals", {
        token: nurse.token,
        body: { ...hospitalExample(), hospitalId: `AU-${hex(4).toUpperCase()}`, totalBeds: 120 },
      });
      const { id } = bodyOf<{ hospital: { id: string } }>(created).hospital;
      const beds = async () => (await api.db.select().from(hospitals).where(eq(hospitals.id, id)))[0]?.totalBeds;
      return {
        secrets: [nurse.token],
        act: (client) =>
          call("PUT", `/api/healthcare/hospitals/${id}`, { token: nurse.token, body: { totalBeds: 140 }, ...client }),
        recorded: () => ({ actorId: nurse.id, target: ["hospital", id] }),
        effectPresent: async () => expect(await beds()).toBe(140),
        effectAbsent: async () => expect(await beds()).toBe(120),
      };
    },
  },
  {
    action: "email.resent",
    async arrange() {
      const [failed] = await api.db
        .insert(emailOutbox)
        .values({
          dedupeKey: `audit-fixture/${hex()}`,
          template: "welcome",
          recipient: `x_${hex(4)}@example.gov`,
          props: {},
          status: "failed",
          lastError: "mailbox full",
        })
        .returning();
      const id = failed?.id ?? "";
      const status = async () => (await api.db.select().from(emailOutbox).where(eq(emailOutbox.id, id)))[0]?.status;
      const sendTasks = () =>
        api.db
          .select()
          .from(tasks)
          .where(and(eq(tasks.type, "email_notification"), sql`${tasks.payload}->>'outboxId' = ${id}`));
      return {
        secrets: [admin.token],
        act: (client) => call("POST", `/api/admin/emails/${id}/resend`, { token: admin.token, ...client }),
        recorded: () => ({ actorId: admin.id, target: ["email", id] }),
        // A new send task (the worker may have tried it already, so the email's status is not checked).
        effectPresent: async () => expect(await sendTasks()).toHaveLength(1),
        async effectAbsent() {
          expect(await status()).toBe("failed");
          expect(await sendTasks()).toEqual([]);
        },
      };
    },
  },
  {
    action: "task.submitted",
    async arrange() {
      const message = `audit task ${letters()}`;
      const submitted = () =>
        api.db
          .select()
          .from(tasks)
          .where(and(eq(tasks.type, "alert_processing"), sql`${tasks.payload}->>'message' = ${message}`));
      return {
        secrets: [admin.token],
        act: (client) =>
          call("POST", "/api/tasks/submit", {
            token: admin.token,
            body: { taskType: "alert_processing", data: { type: "System", severity: "LOW", message }, priority: 5 },
            ...client,
          }),
        recorded: (response) => ({ actorId: admin.id, target: ["task", bodyOf<{ taskId: string }>(response).taskId] }),
        effectPresent: async () => expect(await submitted()).toHaveLength(1),
        effectAbsent: async () => expect(await submitted()).toEqual([]),
      };
    },
  },
  {
    action: "setup.completed",
    async arrange() {
      const { fresh, code } = await freshInstall();
      const username = `chief_${hex(4)}`;
      const request = {
        code,
        username,
        fullName: "Chief Admin",
        email: `${username}@example.gov`,
        password: TEST_PASSWORD,
      };
      const setupStatus = async () => (await http(fresh.url, "GET", "/api/setup")).body;
      return {
        on: fresh,
        secrets: [code],
        act: (client) => http(fresh.url, "POST", "/api/setup", { body: request, ...client }),
        recorded: (response) => asUser(bodyOf<{ user: { id: string } }>(response).user),
        effectPresent: async () => expect(await setupStatus()).toEqual({ needed: false }),
        async effectAbsent() {
          expect(await setupStatus()).toEqual({ needed: true });
          expect(await fresh.db.select().from(users).where(eq(users.username, username))).toEqual([]);
        },
      };
    },
  },
];

describe("every action writes exactly one audit row, in the action's own transaction", () => {
  it("has a case for every action (the failed sign-in's records are tested on their own)", () => {
    const covered = [...CASES.map((c) => c.action), "sign_in.failed", "sign_in.locked"];
    expect(covered.sort()).toEqual([...AUDIT_ACTION_NAMES].sort());
  });

  describe.each(CASES)("$action", (auditCase) => {
    it("writes one row: who, what, from where, which request — and no secret", async () => {
      const arranged = await auditCase.arrange();
      const on = arranged.on ?? api;
      const client = newClient("audit-test");
      const response = await arranged.act(client.options);
      expect(response.status, response.text).toBeGreaterThanOrEqual(200);
      expect(response.status, response.text).toBeLessThan(300);
      expect(response.headers["x-request-id"]).toBe(client.requestId);
      await arranged.effectPresent(response);

      const rows = await rowsOf(on.db, client);
      expect(rows.map((row) => row.action)).toEqual([auditCase.action]);
      const { actorId, target: about } = arranged.recorded(response);
      expect(rows[0]).toMatchObject({
        actorId,
        targetType: about?.[0] ?? null,
        targetId: about?.[1] ?? null,
        ip: "127.0.0.1",
        userAgent: client.userAgent,
        requestId: client.requestId,
      });
      const details = JSON.stringify(rows[0]?.details);
      for (const secret of [...arranged.secrets, ...secretsIn(response), TEST_PASSWORD, NEW_PASSWORD]) {
        expect(secret.length).toBeGreaterThanOrEqual(6);
        expect(details).not.toContain(secret);
      }
    });

    it("is undone with its action: when the audit insert fails, the action does not happen", async () => {
      const arranged = await auditCase.arrange();
      const on = arranged.on ?? api;
      const client = newClient("audit-probe");
      const response = await withFailingAuditInsert(on.db, client, () => arranged.act(client.options));
      expect(response.status, response.text).toBeGreaterThanOrEqual(500);
      expect(await rowsOf(on.db, client)).toEqual([]);
      await arranged.effectAbsent();
    });
  });
});

describe("a failed sign-in is its own record", () => {
  it("a wrong password writes one sign_in.failed: no actor, the account tried, the username typed, never the password", async () => {
    const user = await signedInAccount(api);
    const wrong = `not the password ${hex()}`;
    const client = newClient("audit-test");
    const response = await login(user.username, wrong, client.options);
    expect(response.status).toBe(401);
    const rows = await rowsOf(api.db, client);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: "sign_in.failed",
      actorId: null,
      targetType: "user",
      targetId: user.id,
      ip: "127.0.0.1",
      userAgent: client.userAgent,
      requestId: client.requestId,
      details: { username: user.username, reason: "password" },
    });
    expect(JSON.stringify(rows[0]?.details)).not.toContain(wrong);
  });

  it("an unknown username writes one sign_in.failed with no target", async () => {
    const nobody = `nobody_${hex(4)}`;
    const wrong = `whatever password ${hex()}`;
    const client = newClient("audit-test");
    expect((await login(nobody, wrong, client.options)).status).toBe(401);
    const rows = await rowsOf(api.db, client);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: "sign_in.failed",
      actorId: null,
      targetType: null,
      targetId: null,
      details: { username: nobody },
    });
    expect(JSON.stringify(rows[0]?.details)).not.toContain(wrong);
  });

  it("the 10th consecutive failure for a username and IP also writes sign_in.locked", async () => {
    const user = await signedInAccount(api);
    // An address of its own, so this lock (and its failures) touch no other test.
    const from = `127.0.0.${randomInt(2, 255)}`;
    const written: string[][] = [];
    for (let attempt = 1; attempt <= 10; attempt++) {
      const client = newClient("audit-test");
      const response = await login(user.username, `wrong password number ${attempt}`, { ...client.options, from });
      expect(response.status).toBe(401);
      const rows = await rowsOf(api.db, client);
      written.push(rows.map((row) => row.action));
      if (attempt === 10) {
        for (const row of rows) {
          expect(row).toMatchObject({ actorId: null, targetType: "user", targetId: user.id, ip: from });
          expect(row.details).toMatchObject({ username: user.username });
          expect(JSON.stringify(row.details)).not.toContain("wrong password");
        }
      }
    }
    expect(written.slice(0, 9)).toEqual(Array.from({ length: 9 }, () => ["sign_in.failed"]));
    expect(written[9]).toEqual(["sign_in.failed", "sign_in.locked"]);
    // Locked now: even the right password is refused from that address.
    expect((await login(user.username, TEST_PASSWORD, { from })).status).toBe(429);
  });
});

describe("the database keeps the log append-only", () => {
  /** Runs `statement` in a transaction that never commits; what the database answered. */
  async function refusal(statement: SQL): Promise<string> {
    const outcome = await api.db
      .transaction(async (tx) => {
        await tx.execute(statement);
        throw new Error("the statement was allowed");
      })
      .catch((error: unknown) => error);
    const messages = (error: unknown): string =>
      error instanceof Error ? `${error.message} | ${messages(error.cause)}` : "";
    return messages(outcome);
  }

  it("refuses UPDATE, DELETE and TRUNCATE, and the row stays as written", async () => {
    const user = await signedInAccount(api);
    const [row] = await api.db.select().from(auditEvents).where(eq(auditEvents.actorId, user.id));
    if (!row) throw new Error("the sign-in wrote no row");
    const statements: Array<[string, SQL]> = [
      ["UPDATE", sql`update audit_events set action = 'tampered', details = '{}'::jsonb where id = ${row.id}`],
      ["DELETE", sql`delete from audit_events where id = ${row.id}`],
      ["TRUNCATE", sql`truncate table audit_events`],
    ];
    for (const [operation, statement] of statements) {
      expect(await refusal(statement), operation).toContain(`audit_events is append-only: ${operation} is not allowed`);
    }
    expect(await api.db.select().from(auditEvents).where(eq(auditEvents.id, row.id))).toEqual([row]);
  });
});

// ---------------------------------------------------------------------------------------------
// Reading the log

interface AuditItem {
  id: string;
  at: string;
  action: string;
  actor: { id: string; username: string | null } | null;
  target: { type: string; id: string; label: string | null } | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}
interface AuditPage {
  items: AuditItem[];
  nextCursor: string | null;
}
type Filter = Record<string, string>;

const queryOf = (params: Record<string, string | number>) =>
  `?${new URLSearchParams(Object.entries(params).map(([key, value]) => [key, String(value)])).toString()}`;
const trpcPath = (procedure: string, input: unknown) =>
  `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;

/** Every page of `GET /api/admin/audit` for a filter, following `nextCursor`. */
async function restPages(filter: Filter, limit: number) {
  const pages: AuditItem[][] = [];
  let cursor: string | null = null;
  do {
    const response = await call(
      "GET",
      `/api/admin/audit${queryOf({ ...filter, limit, ...(cursor ? { cursor } : {}) })}`,
      {
        token: admin.token,
      },
    );
    expect(response.status, response.text).toBe(200);
    const page = bodyOf<AuditPage>(response);
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 50);
  return pages;
}

/** The same over tRPC (`GET /trpc/audit.list?input=…`). */
async function trpcPages(filter: Filter, limit: number) {
  const pages: AuditItem[][] = [];
  let cursor: string | null = null;
  do {
    const response = await call("GET", trpcPath("audit.list", { ...filter, limit, ...(cursor ? { cursor } : {}) }), {
      token: admin.token,
    });
    expect(response.status, response.text).toBe(200);
    const page = bodyOf<{ result: { data: AuditPage } }>(response).result.data;
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 50);
  return pages;
}

/** The ids the database holds for a condition, newest first, as the API spells them. */
async function idsWhere(where: SQL | undefined): Promise<string[]> {
  const rows = await api.db.select({ id: auditEvents.id }).from(auditEvents).where(where).orderBy(desc(auditEvents.id));
  return rows.map((row) => String(row.id));
}

const idsOf = (pages: AuditItem[][]) => pages.flat().map((item) => item.id);
const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const dayStart = (day: string) => new Date(`${day}T00:00:00Z`);
const shiftDay = (day: string, days: number) => dayOf(new Date(dayStart(day).getTime() + days * 86_400_000));

/** RFC 4180: fields split by commas, records by CRLF; a quoted field may hold both, and `""` for a quote. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (char === '"') {
      if (field !== "" || wasQuoted) throw new Error(`a quote inside an unquoted field at ${i}`);
      quoted = true;
      wasQuoted = true;
    } else if (char === ",") {
      record.push(field);
      field = "";
      wasQuoted = false;
    } else if (char === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      wasQuoted = false;
      i++;
    } else if (char === "\n" || char === "\r") {
      throw new Error(`a bare line break outside quotes at ${i}`);
    } else {
      if (wasQuoted) throw new Error(`text after a closing quote at ${i}`);
      field += char;
    }
  }
  if (quoted) throw new Error("an unclosed quote");
  if (field !== "" || record.length > 0) throw new Error("the last record does not end with CRLF");
  return records;
}

describe("admins read the log", () => {
  let auditee: TestAccount;
  let actorRows: SQL | undefined;

  beforeAll(async () => {
    // An account with a history of its own: sign-ins, a failure against it, a sign-out, others ended.
    auditee = await signedInAccount(api);
    for (let i = 0; i < 3; i++) await signInOverHttp(api, auditee.username);
    expect((await login(auditee.username, "certainly not the password")).status).toBe(401);
    const extra = await signInOverHttp(api, auditee.username);
    expect((await call("POST", "/api/auth/logout", { token: extra.token })).status).toBe(200);
    await signInOverHttp(api, auditee.username);
    expect((await call("DELETE", "/api/auth/sessions", { token: auditee.token })).status).toBe(200);
    actorRows = eq(auditEvents.actorId, auditee.id);
  });

  it("filters by actor (any case), a page at a time, newest first, each row exactly once", async () => {
    const expected = await idsWhere(actorRows);
    expect(expected).toHaveLength(8);
    const pages = await restPages({ actor: auditee.username.toUpperCase() }, 3);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 2]);
    expect(idsOf(pages)).toEqual(expected);
    expect(pages.flat().every((item) => item.actor?.username === auditee.username)).toBe(true);
    // An unknown actor matches nothing.
    expect(idsOf(await restPages({ actor: `nobody_${hex(4)}` }, 5))).toEqual([]);
  });

  it("filters by action", async () => {
    const signIns = await restPages({ actor: auditee.username, action: "sign_in.succeeded" }, 2);
    expect(idsOf(signIns)).toEqual(await idsWhere(and(actorRows, eq(auditEvents.action, "sign_in.succeeded"))));
    expect(idsOf(signIns)).toHaveLength(6);
    // Alone, across every account (other test files write too, on PostgreSQL): only that action.
    const failures = await call("GET", `/api/admin/audit${queryOf({ action: "sign_in.failed", limit: 20 })}`, {
      token: admin.token,
    });
    const items = bodyOf<AuditPage>(failures).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.action === "sign_in.failed")).toBe(true);
  });

  it("filters by target, the failed sign-in against the account included", async () => {
    const pages = await restPages({ targetType: "user", targetId: auditee.id }, 4);
    expect(idsOf(pages)).toEqual(
      await idsWhere(and(eq(auditEvents.targetType, "user"), eq(auditEvents.targetId, auditee.id))),
    );
    expect(pages.flat().map((item) => item.action)).toContain("sign_in.failed");
    expect(pages.flat().every((item) => item.target?.label === auditee.username)).toBe(true);
  });

  it("filters by days, from and to inclusive", async () => {
    const [newest] = await api.db.select().from(auditEvents).where(actorRows).orderBy(desc(auditEvents.id)).limit(1);
    const day = dayOf(newest?.at ?? new Date());
    const thatDay = and(actorRows, gte(auditEvents.at, dayStart(day)), lt(auditEvents.at, dayStart(shiftDay(day, 1))));
    expect(idsOf(await restPages({ actor: auditee.username, from: day, to: day }, 5))).toEqual(await idsWhere(thatDay));
    expect(idsOf(await restPages({ actor: auditee.username, from: shiftDay(day, 1) }, 5))).toEqual([]);
    expect(idsOf(await restPages({ actor: auditee.username, to: shiftDay(day, -1) }, 5))).toEqual([]);
  });

  it("over tRPC too, with the same pages", async () => {
    const filter = { actor: auditee.username };
    expect(idsOf(await trpcPages(filter, 3))).toEqual(idsOf(await restPages(filter, 3)));
    const targeted = { targetType: "user", targetId: auditee.id };
    expect(idsOf(await trpcPages(targeted, 5))).toEqual(idsOf(await restPages(targeted, 5)));
  });

  it("is for admins only: a citizen and staff that are not admins get 403", async () => {
    const readers = [await signedInAccount(api), nurse, await signedInAccount(api, "agriculture_admin")];
    for (const reader of readers) {
      const rest = await call("GET", "/api/admin/audit", { token: reader.token });
      expect(rest.status, reader.username).toBe(403);
      expect(rest.body).toMatchObject({ error: expect.stringContaining("admin") });
      const trpc = await call("GET", trpcPath("audit.list", { limit: 5 }), { token: reader.token });
      expect(trpc.status, reader.username).toBe(403);
    }
    expect((await call("GET", "/api/admin/audit")).status).toBe(401);
  });

  it("a bad cursor or a bad date is a 400 naming the field", async () => {
    const cases: Array<[Filter, string]> = [
      [{ cursor: "not-a-cursor-this-api-gave" }, "cursor"],
      [{ from: "yesterday" }, "from"],
      [{ to: "2026-13-45" }, "to"],
    ];
    for (const [filter, field] of cases) {
      const rest = await call("GET", `/api/admin/audit${queryOf(filter)}`, { token: admin.token });
      expect(rest.status, field).toBe(400);
      expect(rest.body, field).toMatchObject({ issues: [{ path: field }] });
      const trpc = await call("GET", trpcPath("audit.list", { ...filter, limit: 5 }), { token: admin.token });
      expect(trpc.status, field).toBe(400);
      expect(trpc.body, field).toMatchObject({ error: { data: { issues: [{ path: field }] } } });
    }
  });

  describe("the CSV export", () => {
    const exportOf = (filter: Filter, token = admin.token) =>
      call("GET", `/api/admin/audit/export${queryOf(filter)}`, { token });

    it("of a filtered range is the JSON list's rows, in the same order, as RFC 4180 CSV", async () => {
      const [newest] = await api.db.select().from(auditEvents).where(actorRows).orderBy(desc(auditEvents.id)).limit(1);
      const day = dayOf(newest?.at ?? new Date());
      const filter = { actor: auditee.username, from: shiftDay(day, -1), to: day };
      const response = await exportOf(filter);
      expect(response.status, response.text).toBe(200);
      expect(response.headers["content-type"]).toMatch(/^text\/csv/);
      expect(response.headers["content-disposition"]).toMatch(/^attachment; filename="govconnect-audit-.*\.csv"$/);
      const [header, ...records] = parseCsv(response.text);
      expect(header).toEqual([...AUDIT_CSV_COLUMNS]);
      const listed = (await restPages(filter, 3)).flat();
      expect(listed).toHaveLength(8);
      expect(records.map((record) => record[0])).toEqual(listed.map((item) => item.id));
      for (const [index, record] of records.entries()) {
        const item = listed[index];
        const field = Object.fromEntries(AUDIT_CSV_COLUMNS.map((column, at) => [column, record[at]]));
        expect(field).toEqual({
          id: item?.id,
          at: item?.at,
          action: item?.action,
          actor_id: item?.actor?.id ?? "",
          actor_username: item?.actor?.username ?? "",
          target_type: item?.target?.type ?? "",
          target_id: item?.target?.id ?? "",
          target_label: item?.target?.label ?? "",
          ip: item?.ip ?? "",
          user_agent: item?.userAgent ?? "",
          request_id: item?.requestId ?? "",
          details: JSON.stringify(item?.details),
        });
      }
    });

    it("writes a username or user agent that starts like a formula with a leading '", async () => {
      const account = await signedInAccount(api);
      // Sign-up refuses such a name; an account can still have one (the CLI, an old import).
      const formulaName = `=SUM(1+2)_${hex(3)}`;
      await api.db.update(users).set({ username: formulaName }).where(eq(users.id, account.id));
      const formulaAgent = `=HYPERLINK("https://evil.example","click me")`;
      expect((await login(formulaName, TEST_PASSWORD, { headers: { "user-agent": formulaAgent } })).status).toBe(200);

      const response = await exportOf({ actor: formulaName });
      expect(response.status, response.text).toBe(200);
      expect(response.text).toContain(`"'=HYPERLINK(""https://evil.example"",""click me"")"`);
      const [header, ...records] = parseCsv(response.text);
      const column = (name: (typeof AUDIT_CSV_COLUMNS)[number]) => header?.indexOf(name) ?? -1;
      const signIn = records.find((record) => record[column("user_agent")]?.includes("HYPERLINK"));
      expect(signIn?.[column("user_agent")]).toBe(`'${formulaAgent}`);
      expect(signIn?.[column("actor_username")]).toBe(`'${formulaName}`);
      expect(signIn?.[column("target_label")]).toBe(`'${formulaName}`);
      // The JSON list is no spreadsheet: it keeps the values as they are.
      const [listed] = (await restPages({ actor: formulaName }, 10)).flat();
      expect(listed).toMatchObject({ userAgent: formulaAgent, actor: { username: formulaName } });
      expect(records.map((record) => record[0])).toEqual(idsOf(await restPages({ actor: formulaName }, 10)));
    });

    it("is for admins only: others get a 403 as JSON, and a bad filter a 400", async () => {
      const citizen = await signedInAccount(api);
      for (const token of [citizen.token, nurse.token]) {
        const refused = await exportOf({}, token);
        expect(refused.status).toBe(403);
        expect(refused.headers["content-type"]).toMatch(/^application\/json/);
        expect(refused.body).toMatchObject({ error: expect.any(String) });
      }
      const bad = await exportOf({ from: "last week" });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ issues: [{ path: "from" }] });
    });
  });
});

describe("users see their own security events", () => {
  it("my sign-ins (with ip and user agent) and password change; never another user's events", async () => {
    const me = await signedInAccount(api);
    const someoneElse = await signedInAccount(api);
    const myAgent = `audit-mine-${hex()}`;
    const theirAgent = `audit-theirs-${hex()}`;
    expect((await login(me.username, TEST_PASSWORD, { headers: { "user-agent": myAgent } })).status).toBe(200);
    const changed = await call("PUT", "/api/auth/me", {
      token: me.token,
      body: { password: NEW_PASSWORD, current_password: TEST_PASSWORD },
    });
    expect(changed.status, changed.text).toBe(200);
    expect((await login(someoneElse.username, TEST_PASSWORD, { headers: { "user-agent": theirAgent } })).status).toBe(
      200,
    );
    expect((await login(someoneElse.username, "a wrong password for them")).status).toBe(401);

    const eventsOf = async (account: TestAccount) => {
      const response = await call("GET", `/api/auth/security-events${queryOf({ limit: 50 })}`, {
        token: account.token,
      });
      expect(response.status, response.text).toBe(200);
      return bodyOf<AuditPage>(response).items;
    };
    const mine = await eventsOf(me);
    expect(mine).toContainEqual(
      expect.objectContaining({
        action: "sign_in.succeeded",
        ip: "127.0.0.1",
        userAgent: myAgent,
        actor: { id: me.id, username: me.username },
      }),
    );
    expect(mine.map((event) => event.action)).toContain("password.changed");
    expect(mine.every((event) => event.actor?.id === me.id || event.target?.id === me.id)).toBe(true);
    expect(JSON.stringify(mine)).not.toContain(someoneElse.id);
    expect(JSON.stringify(mine)).not.toContain(theirAgent);
    const ids = mine.map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const theirs = await eventsOf(someoneElse);
    expect(theirs.map((event) => event.action)).toEqual(
      expect.arrayContaining(["sign_in.succeeded", "sign_in.failed"]),
    );
    expect(JSON.stringify(theirs)).not.toContain(me.id);
    expect(JSON.stringify(theirs)).not.toContain(myAgent);
  });

  it("what an admin does to someone's account is that account's event, not the admin's", async () => {
    const admin = await signedInAccount(api, "admin");
    const nurse = await signedInAccount(api, "healthcare_admin");
    const reset = await call("POST", `/api/admin/users/${nurse.id}/mfa/reset`, { token: admin.token });
    expect(reset.status, reset.text).toBe(200);
    const eventsOf = async (token: string) =>
      bodyOf<AuditPage>(await call("GET", `/api/auth/security-events${queryOf({ limit: 50 })}`, { token })).items;
    expect((await eventsOf(admin.token)).filter((event) => event.target?.id !== admin.id)).toEqual([]);
    const { token } = await signInOverHttp(api, nurse.username);
    expect(await eventsOf(token)).toContainEqual(
      expect.objectContaining({ action: "second_factor.reset", actor: { id: admin.id, username: admin.username } }),
    );
  });
});
