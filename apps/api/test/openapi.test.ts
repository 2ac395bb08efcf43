import { randomUUID } from "node:crypto";
import { newLinkToken } from "@govconnect/auth";
import { addDays, localDate } from "@govconnect/contracts";
import { accountTokens, emailOutbox, invitations, users } from "@govconnect/db";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenApiDocument } from "../src/routes/openapi.ts";
import { buildOpenApiDocument } from "../src/routes/openapi.ts";
import { REST_ROUTES } from "../src/routes/rest-table.ts";
import type { TestAccount } from "../src/testing/accounts.ts";
import { signedInAccount, signInOverHttp, TEST_PASSWORD, testAuthenticator } from "../src/testing/accounts.ts";
import type { TestApi } from "../src/testing/api.ts";
import { startTestApi } from "../src/testing/api.ts";
import type { HttpOptions } from "../src/testing/http.ts";
import { http } from "../src/testing/http.ts";

interface Operation {
  operationId: string;
  security?: unknown[];
  parameters?: Array<{ name: string; in: "path" | "query"; required: boolean }>;
  requestBody?: { content: { "application/json": { example?: unknown } } };
  responses: Record<string, { content?: { "application/json": { schema: object } } }>;
}

describe("the OpenAPI document", () => {
  const document = buildOpenApiDocument();

  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(document as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it("documents every REST route once, with its auth, errors and examples", () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(new Set(operations).size).toBe(operations.length);
    // + GET /api/health, and the files: the audit log's and the work queue's CSV exports, an appointment's calendar entry
    expect(operations).toHaveLength(REST_ROUTES.length + 4);
    const login = document.paths["/api/auth/login"]?.post as Operation;
    expect(Object.keys(login.responses).sort()).toEqual(["200", "400", "401", "429", "503"]);
    const book = document.paths["/api/appointments"]?.post as Operation;
    expect(Object.keys(book.responses).sort()).toEqual(["201", "400", "401", "403", "409", "429", "503"]);
    expect(book.requestBody?.content["application/json"].example).toMatchObject({ department: "Cardiology" });
    expect((document.paths["/api/healthcare/hospitals"]?.get as Operation | undefined)?.security).toEqual([]);
    expect(document.components.securitySchemes.cookieAuth).toMatchObject({ in: "cookie", name: "access_token" });
  });
});

describe("the documented operations, called on the running API", () => {
  let api: TestApi;
  let admin: TestAccount;
  let document: OpenApiDocument;
  const call = (method: string, path: string, options?: HttpOptions) => http(api.url, method, path, options);
  const ids: Record<string, string> = {};
  const links: Record<string, string> = {};

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `openapi${Date.now()}`, RUN_WORKER: "true", RATE_LIMIT_POINTS: "10000" });
    document = JSON.parse((await call("GET", "/api/openapi.json")).text) as OpenApiDocument;
    admin = await signedInAccount(api, "admin");
    const hospital = await call("POST", "/api/healthcare/hospitals", {
      token: admin.token,
      body: {
        ...(REST_ROUTES.find((r) => r.procedure === "hospitals.create")?.example as object),
        hospitalId: `HF${Date.now() % 1_000_000}`,
      },
    });
    ids.hospital = (hospital.body as { hospital: { id: string } }).hospital.id;
    const spare = await call("POST", "/api/healthcare/hospitals", {
      token: admin.token,
      body: {
        ...(REST_ROUTES.find((r) => r.procedure === "hospitals.create")?.example as object),
        hospitalId: `HS${Date.now() % 1_000_000}`,
      },
    });
    ids.spareHospital = (spare.body as { hospital: { id: string } }).hospital.id;
    const appointment = await call("POST", "/api/appointments", {
      token: admin.token,
      body: { ...bookingExample(), appointmentTime: "15:30" },
    });
    ids.appointment = (appointment.body as { appointment: { id: string } }).appointment.id;
    const task = await call("POST", "/api/tasks/submit", {
      token: admin.token,
      body: { taskType: "alert_processing", data: { type: "System", severity: "LOW", message: "fixture" } },
    });
    ids.task = (task.body as { taskId: string }).taskId;
    for (const name of ["acknowledge", "resolve", "delete"]) {
      const alert = await call("POST", "/api/alerts", {
        token: admin.token,
        body: { type: "System", severity: "LOW", message: `fixture for ${name} ${randomUUID()}` },
      });
      ids[`alert-${name}`] = (alert.body as { alert: { id: string } }).alert.id;
    }
    const [failed] = await api.db
      .insert(emailOutbox)
      .values({
        dedupeKey: `fixture/${randomUUID()}`,
        template: "welcome",
        recipient: "x@example.gov",
        props: {},
        status: "failed",
      })
      .returning();
    ids.email = failed?.id ?? "";

    // Account flows: the links their emails would carry, stored as the flows store them.
    const spareUser = await signedInAccount(api, "user", { confirmed: false });
    ids.user = spareUser.id;
    for (const purpose of ["email_verification", "password_reset"] as const) {
      const { token, hash } = newLinkToken();
      links[purpose] = token;
      await api.db.insert(accountTokens).values({
        tokenHash: hash,
        purpose,
        userId: spareUser.id,
        email: spareUser.email,
        expiresAt: new Date(Date.now() + 3_600_000),
      });
    }
    for (const name of ["accept", "revoke"]) {
      const { token, hash } = newLinkToken();
      links[name] = token;
      const [invitation] = await api.db
        .insert(invitations)
        .values({
          tokenHash: hash,
          email: `invited_${name}_${randomUUID().slice(0, 6)}@example.gov`,
          fullName: "Invited Person",
          role: "healthcare_admin",
          expiresAt: new Date(Date.now() + 3_600_000),
        })
        .returning();
      ids[`invitation-${name}`] = invitation?.id ?? "";
    }
    // A confirmation waiting for the admin (so there is one to resend), and a second device to sign out.
    await api.db
      .update(users)
      .set({ pendingEmail: `admin_next_${randomUUID().slice(0, 6)}@example.gov` })
      .where(eq(users.id, admin.id));
    const secondDevice = await signInOverHttp(api, admin.username);
    const pending = await call("POST", "/api/auth/login", {
      body: { username: admin.username, password: TEST_PASSWORD },
    });
    links.pending = (pending.body as { pending: string }).pending;
    const sessions = await call("GET", "/api/auth/sessions", { token: secondDevice.token });
    ids.session = (sessions.body as { id: string; current: boolean }[]).find((session) => session.current)?.id ?? "";
  });
  afterAll(() => api.stop());

  const bookingExample = () => ({
    ...(REST_ROUTES.find((r) => r.procedure === "appointments.book")?.example as object),
    hospitalId: ids.hospital,
    appointmentDate: addDays(localDate(new Date()), 9),
  });

  /** A value for each path parameter, by operation (an id that makes the call succeed). */
  const pathValue = (operationId: string, name: string): string => {
    if (name === "taskId") return ids.task ?? "";
    if (operationId.startsWith("deleteApiAuthSessions")) return ids.session ?? "";
    if (operationId.includes("AdminUsers")) return ids.user ?? "";
    if (operationId.includes("AdminInvitations")) return ids["invitation-revoke"] ?? "";
    if (operationId.includes("Emails")) return ids.email ?? "";
    if (operationId.includes("Hospitals"))
      return (operationId.startsWith("delete") ? ids.spareHospital : ids.hospital) ?? "";
    if (operationId.includes("Alerts")) {
      const kind = operationId.endsWith("Acknowledge")
        ? "acknowledge"
        : operationId.endsWith("Resolve")
          ? "resolve"
          : "delete";
      return ids[`alert-${kind}`] ?? "";
    }
    return ids.appointment ?? "";
  };
  const QUERY: Record<string, string> = { department: "Cardiology", sector: "agriculture", metric: "cropYield" };
  const queryValue = (name: string) =>
    name === "hospitalId" ? ids.hospital : name === "date" ? addDays(localDate(new Date()), 9) : QUERY[name];

  /** The example body, made to succeed here (fresh names, this run's ids). */
  const code = () => testAuthenticator.code(admin.secret ?? "");
  const bodyFor = async (operationId: string, example: unknown): Promise<unknown> => {
    if (operationId === "postApiAuthRegister") {
      const name = `oa_${randomUUID().slice(0, 8)}`;
      return { ...(example as object), username: name, email: `${name}@example.gov` };
    }
    if (operationId === "postApiAuthLogin") return { username: admin.username, password: TEST_PASSWORD };
    // The admin has two-step verification: a pending sign-in of its own, and fresh codes.
    if (operationId === "postApiAuthLoginMfa") return { pending: links.pending, code: await code() };
    if (operationId === "postApiAuthMfaRecoveryCodes") return { code: await code() };
    if (operationId === "postApiAppointments") return bookingExample();
    if (operationId === "postApiHealthcareHospitals")
      return { ...(example as object), hospitalId: `HX${Date.now() % 1_000_000}` };
    if (operationId === "postApiAlerts") return { ...(example as object), message: `${randomUUID()}` };
    if (operationId === "postApiAuthEmailVerify") return { token: links.email_verification };
    if (operationId === "postApiAuthPasswordReset") return { ...(example as object), token: links.password_reset };
    if (operationId === "postApiAuthInvitationsAccept")
      return { ...(example as object), token: links.accept, username: `inv_${randomUUID().slice(0, 8)}` };
    if (operationId === "postApiAdminInvitations")
      return { ...(example as object), email: `nurse_${randomUUID().slice(0, 8)}@example.gov` };
    return example;
  };

  /**
   * Operations whose success this database cannot give, and the documented answer they give
   * instead (their success is shown in accounts.test.ts): first-run setup, once an admin exists.
   */
  const NOT_SUCCEEDING_HERE: Record<string, string> = {
    postApiSetup: "409",
    // The admin's factor is on (staff need one): setting up another is refused, so is turning it off.
    postApiAuthMfaSetup: "409",
    postApiAuthMfaSetupConfirm: "400",
    postApiAuthMfaRemove: "403",
    // The account it is called on (a citizen) has no factor to reset; accounts.test.ts resets one.
    postApiAdminUsersByIdMfaReset: "409",
  };

  it("each answers its documented success status, with a body that matches its documented schema", async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const failures: string[] = [];
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods as Record<string, Operation>).map(([method, operation]) => ({ path, method, operation })),
    );
    // Signing out ends sessions the other calls use: it goes last ("every other device" before "this one").
    const lateness = (operation: Operation) =>
      ["deleteApiAuthSessions", "postApiAuthLogout"].indexOf(operation.operationId) + 1;
    operations.sort((a, b) => lateness(a.operation) - lateness(b.operation));
    for (const { path, method, operation } of operations) {
      let url = path;
      const query: string[] = [];
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === "path")
          url = url.replace(`{${parameter.name}}`, pathValue(operation.operationId, parameter.name));
        else if (parameter.required)
          query.push(`${parameter.name}=${encodeURIComponent(queryValue(parameter.name) ?? "")}`);
      }
      const example = operation.requestBody?.content["application/json"].example;
      const response = await call(method.toUpperCase(), `${url}${query.length ? `?${query.join("&")}` : ""}`, {
        token: admin.token,
        ...(operation.requestBody ? { body: await bodyFor(operation.operationId, example) } : {}),
      });
      const success =
        NOT_SUCCEEDING_HERE[operation.operationId] ??
        Object.keys(operation.responses).find((status) => status.startsWith("2"));
      if (success && !operation.responses[success]) failures.push(`${method} ${path}: ${success} is not documented`);
      const label = `${method.toUpperCase()} ${path}`;
      if (String(response.status) !== success) {
        failures.push(`${label}: ${response.status} (expected ${success}) ${response.text.slice(0, 200)}`);
        continue;
      }
      // The error answers share a component schema; the success bodies are checked here.
      const schema = success?.startsWith("2")
        ? operation.responses[success]?.content?.["application/json"]?.schema
        : undefined;
      if (schema && !ajv.validate(schema, response.body)) {
        failures.push(`${label}: body does not match: ${ajv.errorsText(ajv.errors)}`);
      }
    }
    expect(failures).toEqual([]);
    // Besides the table: /api/health and the three files (two CSV exports, a calendar entry).
    expect(operations.length).toBe(REST_ROUTES.length + 4);
  });

  it("serves and documents every route of the REST table", () => {
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    for (const route of REST_ROUTES) {
      const label = `${route.method} ${route.url}`;
      expect(api.app.hasRoute({ method: route.method, url: route.url }), label).toBe(true);
      expect(documented.has(`${route.method} ${route.url.replace(/:(\w+)/g, "{$1}")}`), label).toBe(true);
    }
    expect(api.app.hasRoute({ method: "GET", url: "/api/health" })).toBe(true);
  });

  it("serves the interactive reference at /api/docs, from this origin only", async () => {
    const page = await call("GET", "/api/docs");
    expect(page.status).toBe(200);
    expect(page.text).toContain('<script src="/api/docs/swagger-ui-bundle.js"></script>');
    expect((await call("GET", "/api/docs/swagger-ui-bundle.js")).status).toBe(200);
    expect((await call("GET", "/api/docs/init.js")).text).toContain('url: "/api/openapi.json"');
  });
});
