import type { AuditAction, AuditTargetType } from "@govconnect/contracts";
import { AppError } from "@govconnect/contracts";
import type { Database } from "@govconnect/db";
import { auditEvents, users } from "@govconnect/db";
import type { SQL } from "drizzle-orm";
import { and, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { ClientInfo } from "../shared/actor.ts";
import type { Page } from "../shared/pagination.ts";
import type { AuditEventView, AuditFilter, AuditListInput } from "./schema.ts";

/** What the audit insert needs of a transaction (or of the database, for an event that is its own record). */
export type AuditExecutor = Pick<Database, "insert">;

export interface AuditEntry {
  readonly action: AuditAction;
  /** Who acted; null when nobody is signed in (a failed sign-in, a reset link, an invitation accepted). */
  readonly actorId: string | null;
  readonly client?: ClientInfo | undefined;
  readonly target?: { readonly type: AuditTargetType; readonly id: string } | undefined;
  /** What changed (from/to, a count): never a secret, token, code or password. */
  readonly details?: Record<string, unknown>;
}

/**
 * Appends one event to the audit log. Call it with the transaction of the action it records, so
 * both commit or neither does. The table refuses UPDATE and DELETE, so there is nothing else.
 */
export async function writeAudit(tx: AuditExecutor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditEvents).values({
    action: entry.action,
    actorId: entry.actorId,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    ip: entry.client?.ip ?? null,
    userAgent: entry.client?.userAgent?.slice(0, 300) ?? null,
    requestId: entry.client?.requestId ?? null,
    details: entry.details ?? {},
  });
}

/** An actor's audit fields: `{ actorId, client }` of a signed-in caller. */
export const auditedBy = (actor: { readonly userId: string; readonly client?: ClientInfo | undefined }) => ({
  actorId: actor.userId,
  client: actor.client,
});

const actorUsers = sql`actor_user`;

const dayStart = (day: string) => new Date(`${day}T00:00:00Z`);
const nextDay = (day: string) => new Date(dayStart(day).getTime() + 86_400_000);

/** The cursor of a page of the audit log: the last row's id (ids only grow). */
const encodeAuditCursor = (id: number) => Buffer.from(`a${id}`).toString("base64url");
function decodeAuditCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const match = /^a(\d{1,18})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match?.[1]) throw new AppError("BAD_REQUEST", "cursor is not one this API returned", { field: "cursor" });
  return Number(match[1]);
}

async function conditions(db: Database, filter: AuditFilter): Promise<SQL | undefined | null> {
  let actorId: string | undefined;
  if (filter.actor) {
    const [actor] = await db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.username}) = lower(${filter.actor})`)
      .limit(1);
    // No such account: nothing can match, and no query is needed to say so.
    if (!actor) return null;
    actorId = actor.id;
  }
  return and(
    actorId ? eq(auditEvents.actorId, actorId) : undefined,
    filter.action ? eq(auditEvents.action, filter.action) : undefined,
    filter.targetType ? eq(auditEvents.targetType, filter.targetType) : undefined,
    filter.targetId ? eq(auditEvents.targetId, filter.targetId) : undefined,
    filter.from ? gte(auditEvents.at, dayStart(filter.from)) : undefined,
    filter.to ? lt(auditEvents.at, nextDay(filter.to)) : undefined,
  );
}

type AuditRow = typeof auditEvents.$inferSelect & { actorUsername: string | null; targetLabel: string | null };

const toView = (row: AuditRow): AuditEventView => ({
  id: String(row.id),
  at: row.at.toISOString(),
  action: row.action as AuditAction,
  actor: row.actorId ? { id: row.actorId, username: row.actorUsername } : null,
  target:
    row.targetType && row.targetId
      ? { type: row.targetType as AuditTargetType, id: row.targetId, label: row.targetLabel }
      : null,
  ip: row.ip,
  userAgent: row.userAgent,
  requestId: row.requestId,
  details: row.details,
});

/** Rows with their actor's username and, for a user target, that user's: one join each. */
function selectRows(db: Database, where: SQL | undefined, afterId: number | undefined, limit: number) {
  const targetUsers = sql`target_user`;
  return db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorId: auditEvents.actorId,
      action: auditEvents.action,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      ip: auditEvents.ip,
      userAgent: auditEvents.userAgent,
      requestId: auditEvents.requestId,
      details: auditEvents.details,
      actorUsername: sql<string | null>`${actorUsers}.username`,
      targetLabel: sql<string | null>`${targetUsers}.username`,
    })
    .from(auditEvents)
    .leftJoin(sql`${users} as ${actorUsers}`, sql`${actorUsers}.id = ${auditEvents.actorId}`)
    .leftJoin(
      sql`${users} as ${targetUsers}`,
      sql`${auditEvents.targetType} = 'user' and ${targetUsers}.id::text = ${auditEvents.targetId}`,
    )
    .where(and(where, afterId !== undefined ? lt(auditEvents.id, afterId) : undefined))
    .orderBy(desc(auditEvents.id))
    .limit(limit);
}

/** One page of the rows matching `where`, newest first, and the cursor of the next one. */
async function auditPage(
  db: Database,
  where: SQL | undefined,
  input: { readonly limit: number; readonly cursor?: string | undefined },
): Promise<Page<AuditEventView>> {
  const rows = await selectRows(db, where, decodeAuditCursor(input.cursor), input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(toView),
    nextCursor: rows.length > input.limit && last ? encodeAuditCursor(last.id) : null,
  };
}

/** The audit log, newest first, filtered; keyset pages (stable while events are appended). */
export async function listAudit(db: Database, input: AuditListInput): Promise<Page<AuditEventView>> {
  const where = await conditions(db, input);
  if (where === null) return { items: [], nextCursor: null };
  return auditPage(db, where, input);
}

/** An account's own security events (sign-ins, second factor, password, email, sessions), whoever caused them. */
export async function listSecurityEvents(
  db: Database,
  userId: string,
  actions: readonly AuditAction[],
  input: { readonly limit: number; readonly cursor?: string | undefined },
): Promise<Page<AuditEventView>> {
  // Every security event is about an account (its target): an admin's own list must not show
  // what they did to someone else's account.
  const mine = and(
    inArray(auditEvents.action, [...actions]),
    eq(auditEvents.targetType, "user"),
    eq(auditEvents.targetId, userId),
  );
  return auditPage(db, mine, input);
}

export const AUDIT_CSV_COLUMNS = [
  "id",
  "at",
  "action",
  "actor_id",
  "actor_username",
  "target_type",
  "target_id",
  "target_label",
  "ip",
  "user_agent",
  "request_id",
  "details",
] as const;

/**
 * One CSV field (RFC 4180 quoting). A value a spreadsheet would run as a formula (`=`, `+`, `-`,
 * `@`, tab, CR) is prefixed with `'` (OWASP CSV injection): usernames and user agents are
 * chosen by whoever signs up.
 */
export function csvField(value: string | null): string {
  if (value === null) return "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const csvLine = (view: AuditEventView) =>
  [
    view.id,
    view.at,
    view.action,
    view.actor?.id ?? null,
    view.actor?.username ?? null,
    view.target?.type ?? null,
    view.target?.id ?? null,
    view.target?.label ?? null,
    view.ip,
    view.userAgent,
    view.requestId,
    JSON.stringify(view.details),
  ]
    .map(csvField)
    .join(",");

/** How many rows one export reads per query: memory stays flat however long the range. */
const EXPORT_BATCH = 500;

/** The filtered audit log as CSV lines (header first), newest first, read in batches. */
export async function* exportAuditCsv(db: Database, filter: AuditFilter): AsyncGenerator<string> {
  yield `${AUDIT_CSV_COLUMNS.join(",")}\r\n`;
  const where = await conditions(db, filter);
  if (where === null) return;
  let afterId: number | undefined;
  for (;;) {
    const rows = await selectRows(db, where, afterId, EXPORT_BATCH);
    if (rows.length === 0) return;
    yield rows.map((row) => `${csvLine(toView(row))}\r\n`).join("");
    afterId = rows.at(-1)?.id;
    if (rows.length < EXPORT_BATCH) return;
  }
}
