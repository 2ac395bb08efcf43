import { createRequire } from "node:module";
import { APPOINTMENT_CSV_COLUMNS, AUDIT_CSV_COLUMNS } from "@govconnect/domain";
import type { Access, ProcedureMeta } from "@govconnect/router";
import { appRouter } from "@govconnect/router";
import { z } from "zod";
import { APPOINTMENT_CALENDAR_URL, APPOINTMENT_EXPORT_URL } from "./appointment-files.ts";
import { AUDIT_EXPORT_URL } from "./audit-export.ts";
import type { ProcedurePath, RestRoute } from "./rest-table.ts";
import { REST_ROUTES } from "./rest-table.ts";

type JsonSchema = Record<string, unknown> & {
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

interface ProcedureDef {
  readonly _def: {
    readonly inputs: readonly z.ZodType[];
    readonly output?: z.ZodType;
    readonly type: string;
    readonly meta?: ProcedureMeta;
  };
}

/** The procedure behind a path, as the router holds it (a flat map of dotted paths). */
function procedureDef(path: ProcedurePath): ProcedureDef["_def"] {
  const procedures = appRouter._def.procedures as unknown as Record<string, ProcedureDef | undefined>;
  const procedure = procedures[path];
  if (!procedure) throw new Error(`no procedure ${path}`);
  return procedure._def;
}

/**
 * A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect). Generated from the schema itself,
 * never a coerced copy: what the document says is what the procedure enforces.
 */
function jsonSchema(schema: z.ZodType | undefined, io: "input" | "output"): JsonSchema {
  if (!schema) return {};
  const generated = z.toJSONSchema(schema, { io, target: "draft-2020-12", unrepresentable: "any" }) as JsonSchema;
  const { $schema: _dialect, ...rest } = generated;
  return rest;
}

const pathParams = (url: string) => [...url.matchAll(/:(\w+)/g)].map((match) => match[1] ?? "");
const openApiPath = (url: string) => url.replace(/:(\w+)/g, "{$1}");
const operationId = (route: Pick<RestRoute, "method" | "url">) =>
  route.method.toLowerCase() +
  route.url
    .split("/")
    .filter(Boolean)
    .map((part) => part.replace(/^:/, "by-"))
    .join("-")
    .replace(/(^|-)(\w)/g, (_m, _dash, letter: string) => letter.toUpperCase());

function withoutKeys(schema: JsonSchema, keys: readonly string[]): JsonSchema {
  const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([key]) => !keys.includes(key)));
  const required = (schema.required ?? []).filter((key) => !keys.includes(key));
  return { ...schema, properties, ...(required.length ? { required } : { required: undefined }) };
}

const errorRef = (name: string) => ({ $ref: `#/components/responses/${name}` });

/** Who may call the route: declared by the procedure's builder (`publicProcedure`, `roleProcedure`…). */
export const routeAccess = (route: RestRoute): Access => procedureDef(route.procedure).meta?.access ?? "public";

function describeAccess(access: Access): string {
  if (access === "public") return "Anyone.";
  if (access === "signed-in") return "Any signed-in user (the procedure may narrow it further, as described).";
  return `Signed-in users with one of these roles: ${access.join(", ")}.`;
}

/**
 * A CSV export route (served beside the REST table): its filters are the query parameters of
 * the procedure that checks them, and its access is that procedure's.
 */
function csvExport(file: {
  readonly operationId: string;
  readonly summary: string;
  readonly procedure: ProcedurePath;
  readonly tag: string;
  /** What the CSV holds, after "CSV (RFC 4180, ". */
  readonly rows: string;
}) {
  const definition = procedureDef(file.procedure);
  return {
    get: {
      operationId: file.operationId,
      summary: file.summary,
      description: `${describeAccess(definition.meta?.access ?? "public")} Checked by the tRPC procedure \`${file.procedure}\`.`,
      tags: [file.tag],
      parameters: Object.entries(jsonSchema(definition.inputs[0], "input").properties ?? {}).map(([name, schema]) => ({
        name,
        in: "query",
        required: false,
        schema,
      })),
      responses: {
        "200": {
          description: `CSV (RFC 4180, ${file.rows}`,
          content: { "text/csv": { schema: { type: "string" } } },
        },
        "400": errorRef("BadRequest"),
        "401": errorRef("Unauthorized"),
        "403": errorRef("Forbidden"),
        "429": errorRef("TooManyRequests"),
        "503": errorRef("ServiceUnavailable"),
      },
    },
  };
}

function operation(route: RestRoute) {
  const definition = procedureDef(route.procedure);
  const input = jsonSchema(definition.inputs[0], "input");
  const params = pathParams(route.url);
  const parameters: unknown[] = params.map((name) => ({
    name,
    in: "path",
    required: true,
    schema: input.properties?.[name] ?? { type: "string" },
  }));
  let requestBody: unknown;
  const body = (schema: JsonSchema) => ({
    required: true,
    content: { "application/json": { schema, ...(route.example !== undefined ? { example: route.example } : {}) } },
  });
  switch (route.input.from) {
    case "query": {
      const only = route.input.only;
      for (const [name, schema] of Object.entries(input.properties ?? {})) {
        if (only && !only.includes(name)) continue;
        parameters.push({ name, in: "query", required: (input.required ?? []).includes(name), schema });
      }
      break;
    }
    case "body":
      requestBody = body(input);
      break;
    case "params+body":
      requestBody = body(withoutKeys(input, params));
      break;
    case "params+bodyAs":
      requestBody = body(input.properties?.[route.input.key] ?? {});
      break;
    default:
      break;
  }
  const status = String(route.status ?? 200);
  const responses: Record<string, unknown> = {
    [status]: {
      description: route.summary,
      content: { "application/json": { schema: jsonSchema(definition.output, "output") } },
    },
    ...(route.input.from !== "none" ? { "400": errorRef("BadRequest") } : {}),
    ...(routeAccess(route) !== "public" ? { "401": errorRef("Unauthorized"), "403": errorRef("Forbidden") } : {}),
    ...(params.length > 0 ? { "404": errorRef("NotFound") } : {}),
    "429": errorRef("TooManyRequests"),
    "503": errorRef("ServiceUnavailable"),
  };
  if (route.conflicts) responses["409"] = { description: route.conflicts, content: ERROR_CONTENT };
  if (route.unauthorized) responses["401"] = { description: route.unauthorized, content: ERROR_CONTENT };
  return {
    operationId: operationId(route),
    summary: route.summary,
    description: `${describeAccess(routeAccess(route))} Served by the tRPC procedure \`${route.procedure}\`.`,
    tags: [route.tag],
    ...(routeAccess(route) === "public" ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

const ERROR_CONTENT = {
  "application/json": {
    schema: { $ref: "#/components/schemas/Error" },
    example: { error: "What went wrong and what to do about it" },
  },
};

const errorResponse = (description: string) => ({ description, content: ERROR_CONTENT });

/** The API's version is its package's (semver). */
const version = (createRequire(import.meta.url)("../../package.json") as { version: string }).version;

/**
 * The OpenAPI 3.1 document of the REST API, built from {@link REST_ROUTES} and the procedures'
 * own zod schemas. `GET /api/health` is served directly (no rate limit, 503 when a dependency is
 * down) and is described from `health.check`'s schema.
 */
export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of REST_ROUTES) {
    const path = openApiPath(route.url);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route) };
  }
  const health = jsonSchema(procedureDef("health.check").output, "output");
  paths["/api/health"] = {
    get: {
      operationId: "getApiHealth",
      summary: "The service's health: Redis and the database",
      description: "Anyone. Not rate limited.",
      tags: ["Health"],
      security: [],
      responses: {
        "200": { description: "Healthy", content: { "application/json": { schema: health } } },
        "503": {
          description: "Redis or the database is unreachable",
          content: { "application/json": { schema: health } },
        },
      },
    },
  };
  paths[AUDIT_EXPORT_URL] = csvExport({
    operationId: "getApiAdminAuditExport",
    summary: "The audit log as CSV (the filters of GET /api/admin/audit), streamed",
    procedure: "audit.exportFilter",
    tag: "Admin",
    rows: `header row: ${AUDIT_CSV_COLUMNS.join(", ")}), newest first`,
  });
  paths[APPOINTMENT_EXPORT_URL] = csvExport({
    operationId: "getApiAppointmentsExport",
    summary: "The staff work queue as CSV (the filters of appointments.queue), streamed",
    procedure: "appointments.exportFilter",
    tag: "Appointments",
    rows: `header row: ${APPOINTMENT_CSV_COLUMNS.join(", ")}), in the queue's order`,
  });
  paths[APPOINTMENT_CALENDAR_URL.replace(":id", "{id}")] = {
    get: {
      operationId: "getApiAppointmentsCalendar",
      summary: "One appointment as an iCalendar (.ics) file, for a calendar app",
      description: "Its patient, or healthcare staff. Checked by the tRPC procedure `appointments.get`.",
      tags: ["Appointments"],
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
      responses: {
        "200": {
          description: "An RFC 5545 calendar with one event (UTC times, 30 minutes)",
          content: { "text/calendar": { schema: { type: "string" } } },
        },
        "401": errorRef("Unauthorized"),
        "404": errorRef("NotFound"),
        "429": errorRef("TooManyRequests"),
        "503": errorRef("ServiceUnavailable"),
      },
    },
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "GovConnect API",
      version,
      description:
        "The REST contract of GovConnect (the seed's endpoints and the original web clients' routes). Errors are " +
        '`{"error": "…"}`, with `issues: [{path, message}]` for input that does not validate; unknown keys are refused. ' +
        "Every call is rate limited (RateLimit-* headers; 429 with Retry-After). The same procedures are served over tRPC at /trpc.",
    },
    servers: [{ url: "/" }],
    tags: ["Auth", "Tasks", "Hospitals", "Appointments", "Alerts", "Dashboard", "Admin", "Health"].map((name) => ({
      name,
    })),
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "The token from POST /api/auth/login",
        },
        cookieAuth: {
          type: "apiKey",
          in: "cookie",
          name: "access_token",
          description: "Set by login and register (httpOnly)",
        },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: { type: "string", description: "What went wrong, safe to show" },
            issues: {
              type: "array",
              description: "For input that does not validate: one entry per field",
              items: {
                type: "object",
                required: ["path", "message"],
                properties: { path: { type: "string" }, message: { type: "string" } },
              },
            },
          },
        },
      },
      responses: {
        BadRequest: {
          description: "The input does not validate; `issues` names each field",
          content: {
            "application/json": {
              schema: { $ref: "#/components/schemas/Error" },
              example: {
                error: "priority: priority must be an integer from 1 (most urgent) to 10",
                issues: [{ path: "priority", message: "priority must be an integer from 1 (most urgent) to 10" }],
              },
            },
          },
        },
        Unauthorized: errorResponse("No session, or one that expired or ended"),
        Forbidden: errorResponse("The account's role may not do this"),
        NotFound: errorResponse("No such thing, or not yours"),
        Conflict: errorResponse("Conflicts with what exists"),
        TooManyRequests: errorResponse("Over the rate limit; see Retry-After"),
        ServiceUnavailable: errorResponse("Redis or the database is briefly unavailable; see Retry-After"),
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
