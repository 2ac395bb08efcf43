import { createHash, randomUUID } from "node:crypto";
import type { AlertReport } from "@govconnect/contracts";
import { AppError, mayManageAlerts } from "@govconnect/contracts";
import type { Alert, AlertSeverity, Database } from "@govconnect/db";
import { ALERT_SEVERITIES, ALERT_STATUSES, ALERT_TYPES, alertReports, alerts, users } from "@govconnect/db";
import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { auditedBy, writeAudit } from "../audit/audit.ts";
import type { AuditedActor } from "../shared/actor.ts";
import type { Page } from "../shared/pagination.ts";
import { decodeCursor, isUuid, olderThan, pageInput, toPage } from "../shared/pagination.ts";

/** Every this many reports of one open alert raise its severity a level (LOW → MEDIUM → HIGH → CRITICAL). */
export const ESCALATE_EVERY = 3;

/**
 * What makes two reports the same alert: type, source and message, compared without case,
 * spacing or numbers (so "Pump 3 pressure 12 bar" and "pump 3 pressure 14 bar" are one).
 */
export function alertFingerprint(report: Pick<AlertReport, "type" | "message"> & { source: string }): string {
  const normal = (text: string) =>
    text
      .toLowerCase()
      .replace(/\d+([.,]\d+)?/g, "#")
      .replace(/\s+/g, " ")
      .trim();
  return createHash("sha256")
    .update(`${report.type}\n${normal(report.source)}\n${normal(report.message)}`)
    .digest("hex");
}

/** One level more severe, CRITICAL staying CRITICAL. */
export function escalated(severity: AlertSeverity): AlertSeverity {
  return ALERT_SEVERITIES[Math.max(0, ALERT_SEVERITIES.indexOf(severity) - 1)] ?? severity;
}

export const alertView = z.object({
  id: z.uuid(),
  type: z.enum(ALERT_TYPES),
  severity: z.enum(ALERT_SEVERITIES),
  /** The severity first reported: `severity` is more severe when repeats escalated it. */
  raisedSeverity: z.enum(ALERT_SEVERITIES),
  message: z.string(),
  source: z.string(),
  status: z.enum(ALERT_STATUSES),
  /** The original system's flag: true until the alert is resolved. */
  isActive: z.boolean(),
  occurrences: z.number().int(),
  createdBy: z.uuid().nullable(),
  /** Who raised, acknowledged and resolved it (null: the system, or an account since deleted). */
  createdByName: z.string().nullable(),
  acknowledgedByName: z.string().nullable(),
  resolvedByName: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
export type AlertView = z.infer<typeof alertView>;

/** The full names of the people alerts name, by user id, in one query. */
async function peopleOf(db: Pick<Database, "select">, rows: readonly Alert[]): Promise<ReadonlyMap<string, string>> {
  const ids = [
    ...new Set(rows.flatMap((row) => [row.createdBy, row.acknowledgedBy, row.resolvedBy]).filter((id) => id !== null)),
  ];
  if (ids.length === 0) return new Map();
  const found = await db.select({ id: users.id, name: users.fullName }).from(users).where(inArray(users.id, ids));
  return new Map(found.map((person) => [person.id, person.name]));
}

/** Alerts as views, with the names of the people they name. */
async function alertViews(db: Pick<Database, "select">, rows: readonly Alert[]): Promise<AlertView[]> {
  const people = await peopleOf(db, rows);
  return rows.map((row) => toAlertView(row, people));
}

/** One alert as a view, with the names of the people it names. */
async function viewOf(db: Pick<Database, "select">, alert: Alert): Promise<AlertView> {
  return toAlertView(alert, await peopleOf(db, [alert]));
}

export function toAlertView(alert: Alert, people: ReadonlyMap<string, string> = new Map()): AlertView {
  const name = (id: string | null) => (id === null ? null : (people.get(id) ?? null));
  return {
    id: alert.id,
    type: alert.type,
    severity: alert.severity,
    raisedSeverity: alert.raisedSeverity ?? alert.severity,
    message: alert.message,
    source: alert.source,
    status: alert.status,
    isActive: alert.status !== "resolved",
    occurrences: alert.occurrences,
    createdBy: alert.createdBy,
    createdByName: name(alert.createdBy),
    acknowledgedByName: name(alert.acknowledgedBy),
    resolvedByName: name(alert.resolvedBy),
    createdAt: alert.createdAt.toISOString(),
    lastSeenAt: alert.lastSeenAt.toISOString(),
    acknowledgedAt: alert.acknowledgedAt?.toISOString() ?? null,
    resolvedAt: alert.resolvedAt?.toISOString() ?? null,
  };
}

export interface ReportOutcome {
  readonly alert: AlertView;
  /** False for a new alert; true when the report was folded into an open one. */
  readonly repeated: boolean;
  readonly escalated: boolean;
}

/**
 * Stores a report: a new alert, or one more occurrence of the open alert with the same
 * fingerprint (taking the more severe severity, and escalating every {@link ESCALATE_EVERY}
 * reports). `reportId` makes it idempotent: the same report (a task re-run) counts once.
 */
export async function reportAlert(
  db: Database,
  report: AlertReport,
  options: {
    readonly reportId?: string;
    readonly createdBy: string | null;
    readonly defaultSource: string;
    /** A person raised it: the audit log records them, in this transaction. */
    readonly raisedBy?: AuditedActor;
  },
): Promise<ReportOutcome> {
  const reportId = options.reportId ?? randomUUID();
  const source = report.source ?? options.defaultSource;
  const fingerprint = alertFingerprint({ ...report, source });
  return db.transaction(async (tx) => {
    const [seen] = await tx.select().from(alertReports).where(eq(alertReports.reportId, reportId)).limit(1);
    if (seen) {
      const [alert] = await tx.select().from(alerts).where(eq(alerts.id, seen.alertId)).limit(1);
      if (alert) return { alert: await viewOf(tx, alert), repeated: alert.occurrences > 1, escalated: false };
    }
    const [stored] = await tx
      .insert(alerts)
      .values({
        type: report.type,
        severity: report.severity,
        raisedSeverity: report.severity,
        message: report.message,
        source,
        fingerprint,
        createdBy: options.createdBy,
      })
      .onConflictDoUpdate({
        target: alerts.fingerprint,
        targetWhere: sql`${alerts.status} <> 'resolved'`,
        set: {
          occurrences: sql`${alerts.occurrences} + 1`,
          lastSeenAt: sql`now()`,
          message: sql`excluded.message`,
          // The enum runs from most to least severe: least() keeps the more severe one.
          severity: sql`least(${alerts.severity}, excluded.severity)`,
        },
      })
      .returning();
    if (!stored) throw new Error("alert upsert returned no row");
    let alert = stored;
    const escalate = stored.occurrences % ESCALATE_EVERY === 0 && stored.severity !== "CRITICAL";
    if (escalate) {
      const [raised] = await tx
        .update(alerts)
        .set({ severity: escalated(stored.severity) })
        .where(eq(alerts.id, stored.id))
        .returning();
      alert = raised ?? stored;
    }
    await tx.insert(alertReports).values({ reportId, alertId: alert.id });
    if (options.raisedBy) {
      await writeAudit(tx, {
        action: "alert.raised",
        ...auditedBy(options.raisedBy),
        target: { type: "alert", id: alert.id },
        details: { type: alert.type, severity: report.severity, occurrences: alert.occurrences },
      });
    }
    return { alert: await viewOf(tx, alert), repeated: alert.occurrences > 1, escalated: escalate };
  });
}

/** An admin's alert (`POST /api/alerts`); only admins of the alert's sector (or any admin) may raise it. */
export async function createAlert(db: Database, actor: AuditedActor, report: AlertReport): Promise<ReportOutcome> {
  if (!mayManageAlerts(actor, report.type)) {
    throw new AppError("FORBIDDEN", `You cannot raise ${report.type} alerts`, { field: "type" });
  }
  return reportAlert(db, report, { createdBy: actor.userId, defaultSource: "admin", raisedBy: actor });
}

export const ALERT_SORTS = ["severity", "newest"] as const;

export const alertListInput = z
  .strictObject({
    ...pageInput,
    /** `open` (the default): active and acknowledged; `all`: resolved too. */
    status: z
      .enum([...ALERT_STATUSES, "open", "all"], { error: "status must be active, acknowledged, resolved, open or all" })
      .default("open"),
    type: z.enum(ALERT_TYPES, { error: `type must be one of ${ALERT_TYPES.join(", ")}` }).optional(),
    severity: z.enum(ALERT_SEVERITIES, { error: `severity must be one of ${ALERT_SEVERITIES.join(", ")}` }).optional(),
    /** `severity` (the default): most severe first, then most recently seen; `newest`: newest first. */
    sort: z.enum(ALERT_SORTS, { error: `sort must be one of ${ALERT_SORTS.join(", ")}` }).default("severity"),
  })
  .default({ limit: 20, status: "open", sort: "severity" });

/**
 * A page's position in the severity order, as an opaque cursor. The order changes as alerts
 * repeat and escalate, so it is an offset: a keyset over values that move would skip rows.
 */
const offsetCursor = (offset: number) => Buffer.from(`offset:${offset}`).toString("base64url");

function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const match = /^offset:(\d{1,9})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match) throw new AppError("BAD_REQUEST", "cursor is not one this API returned", { field: "cursor" });
  return Number(match[1]);
}

export async function listAlerts(db: Database, input: z.infer<typeof alertListInput>): Promise<Page<AlertView>> {
  const status =
    input.status === "all"
      ? undefined
      : input.status === "open"
        ? ne(alerts.status, "resolved")
        : eq(alerts.status, input.status);
  const filter = and(
    status,
    input.type ? eq(alerts.type, input.type) : undefined,
    input.severity ? eq(alerts.severity, input.severity) : undefined,
  );
  if (input.sort === "severity") {
    const offset = offsetOf(input.cursor);
    const rows = await db
      .select()
      .from(alerts)
      .where(filter)
      // The enum runs from CRITICAL to LOW.
      .orderBy(asc(alerts.severity), desc(alerts.lastSeenAt), desc(alerts.id))
      .limit(input.limit + 1)
      .offset(offset);
    const page = rows.slice(0, input.limit);
    return {
      items: await alertViews(db, page),
      nextCursor: rows.length > input.limit ? offsetCursor(offset + input.limit) : null,
    };
  }
  const rows = await db
    .select()
    .from(alerts)
    .where(and(filter, olderThan(alerts.createdAt, alerts.id, decodeCursor(input.cursor))))
    .orderBy(desc(alerts.createdAt), desc(alerts.id))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (row) => row);
  return { items: await alertViews(db, page.items), nextCursor: page.nextCursor };
}

const notFound = () => new AppError("NOT_FOUND", "Alert not found");

/**
 * Acknowledges (someone is on it) or resolves (it is over) an alert. Resolving an acknowledged
 * or active alert closes it; a resolved alert cannot change (a new report opens a new alert).
 */
export async function handleAlert(
  db: Database,
  actor: AuditedActor,
  id: string,
  action: "acknowledge" | "resolve",
): Promise<AlertView> {
  if (!isUuid(id)) throw notFound();
  return db.transaction(async (tx) => {
    const [alert] = await tx.select().from(alerts).where(eq(alerts.id, id)).for("update").limit(1);
    if (!alert) throw notFound();
    if (!mayManageAlerts(actor, alert.type)) throw new AppError("FORBIDDEN", `You cannot handle ${alert.type} alerts`);
    if (alert.status === "resolved") throw new AppError("CONFLICT", "This alert is already resolved");
    if (action === "acknowledge" && alert.status === "acknowledged") return viewOf(tx, alert);
    const now = new Date();
    const [updated] = await tx
      .update(alerts)
      .set(
        action === "acknowledge"
          ? { status: "acknowledged", acknowledgedBy: actor.userId, acknowledgedAt: now }
          : { status: "resolved", resolvedBy: actor.userId, resolvedAt: now },
      )
      .where(eq(alerts.id, id))
      .returning();
    await writeAudit(tx, {
      action: action === "acknowledge" ? "alert.acknowledged" : "alert.resolved",
      ...auditedBy(actor),
      target: { type: "alert", id },
      details: { from: alert.status },
    });
    return viewOf(tx, updated ?? alert);
  });
}
