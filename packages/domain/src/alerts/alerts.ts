import { createHash, randomUUID } from "node:crypto";
import type { AlertReport } from "@govconnect/contracts";
import { AppError, mayManageAlerts } from "@govconnect/contracts";
import type { Alert, AlertSeverity, Database } from "@govconnect/db";
import { ALERT_SEVERITIES, ALERT_STATUSES, ALERT_TYPES, alertReports, alerts } from "@govconnect/db";
import { and, desc, eq, ne, sql } from "drizzle-orm";
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
  message: z.string(),
  source: z.string(),
  status: z.enum(ALERT_STATUSES),
  /** The original system's flag: true until the alert is resolved. */
  isActive: z.boolean(),
  occurrences: z.number().int(),
  createdBy: z.uuid().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
export type AlertView = z.infer<typeof alertView>;

export function toAlertView(alert: Alert): AlertView {
  return {
    id: alert.id,
    type: alert.type,
    severity: alert.severity,
    message: alert.message,
    source: alert.source,
    status: alert.status,
    isActive: alert.status !== "resolved",
    occurrences: alert.occurrences,
    createdBy: alert.createdBy,
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
      if (alert) return { alert: toAlertView(alert), repeated: alert.occurrences > 1, escalated: false };
    }
    const [stored] = await tx
      .insert(alerts)
      .values({
        type: report.type,
        severity: report.severity,
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
    return { alert: toAlertView(alert), repeated: alert.occurrences > 1, escalated: escalate };
  });
}

/** An admin's alert (`POST /api/alerts`); only admins of the alert's sector (or any admin) may raise it. */
export async function createAlert(db: Database, actor: AuditedActor, report: AlertReport): Promise<ReportOutcome> {
  if (!mayManageAlerts(actor, report.type)) {
    throw new AppError("FORBIDDEN", `You cannot raise ${report.type} alerts`, { field: "type" });
  }
  return reportAlert(db, report, { createdBy: actor.userId, defaultSource: "admin", raisedBy: actor });
}

export const alertListInput = z
  .strictObject({
    ...pageInput,
    /** `open` (the default): active and acknowledged; `all`: resolved too. */
    status: z
      .enum([...ALERT_STATUSES, "open", "all"], { error: "status must be active, acknowledged, resolved, open or all" })
      .default("open"),
    type: z.enum(ALERT_TYPES, { error: `type must be one of ${ALERT_TYPES.join(", ")}` }).optional(),
    severity: z.enum(ALERT_SEVERITIES, { error: `severity must be one of ${ALERT_SEVERITIES.join(", ")}` }).optional(),
  })
  .default({ limit: 20, status: "open" });

export async function listAlerts(db: Database, input: z.infer<typeof alertListInput>): Promise<Page<AlertView>> {
  const status =
    input.status === "all"
      ? undefined
      : input.status === "open"
        ? ne(alerts.status, "resolved")
        : eq(alerts.status, input.status);
  const rows = await db
    .select()
    .from(alerts)
    .where(
      and(
        status,
        input.type ? eq(alerts.type, input.type) : undefined,
        input.severity ? eq(alerts.severity, input.severity) : undefined,
        olderThan(alerts.createdAt, alerts.id, decodeCursor(input.cursor)),
      ),
    )
    .orderBy(desc(alerts.createdAt), desc(alerts.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, toAlertView);
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
    if (action === "acknowledge" && alert.status === "acknowledged") return toAlertView(alert);
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
    return toAlertView(updated ?? alert);
  });
}
