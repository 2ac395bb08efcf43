import type { Sector } from "@govconnect/contracts";
import { AppError, localDate, PRIORITY, SECTORS } from "@govconnect/contracts";
import type { Database } from "@govconnect/db";
import { alerts, appointments, hospitals, metricSamples } from "@govconnect/db";
import type { NewTask } from "@govconnect/jobs";
import { and, count, countDistinct, eq, gte, inArray, ne, sql, sum } from "drizzle-orm";
import { z } from "zod";

/**
 * The sampled metrics each dashboard card shows (the original system's field names). Healthcare's
 * `occupiedBeds` is sampled too: available beds are the active hospitals' beds minus it.
 */
export const SAMPLED_METRICS = {
  healthcare: ["occupiedBeds"],
  agriculture: ["activeFarms", "cropYield", "waterUsage"],
  infrastructure: ["trafficFlow", "powerConsumption", "networkUptime"],
} as const satisfies Record<Sector, readonly string[]>;

/** Healthcare figures the metrics schedule samples from the database, so they have a history to chart. */
export const SNAPSHOT_METRICS = ["appointmentsToday", "activePatients", "availableBeds"] as const;

export const dashboardMetrics = z.object({
  healthcare: z.object({ activePatients: z.number(), availableBeds: z.number(), appointmentsToday: z.number() }),
  agriculture: z.object({ activeFarms: z.number(), cropYield: z.number(), waterUsage: z.number() }),
  infrastructure: z.object({ trafficFlow: z.number(), powerConsumption: z.number(), networkUptime: z.number() }),
  alerts: z.object({ critical: z.number(), warning: z.number(), info: z.number() }),
  /** When the newest sample behind these figures was taken (null: none yet). */
  sampledAt: z.string().nullable(),
  computedAt: z.string(),
});
export type DashboardMetrics = z.infer<typeof dashboardMetrics>;

type Latest = { sector: string; metric: string; value: number; at: Date };

/**
 * The newest sample of each named metric: one index seek per metric (LATERAL … LIMIT 1 on
 * `metric_samples_series_idx`), however many samples are stored.
 */
async function latestSamples(db: Database): Promise<Map<string, Latest>> {
  const wanted = SECTORS.flatMap((sector) => SAMPLED_METRICS[sector].map((metric) => sql`(${sector}, ${metric})`));
  const result = (await db.execute(sql`
    select w.sector, w.metric, s.value, s.at
    from (values ${sql.join(wanted, sql`, `)}) as w(sector, metric)
    cross join lateral (
      select value, at from ${metricSamples}
      where ${metricSamples.sector} = w.sector and ${metricSamples.metric} = w.metric
      order by ${metricSamples.at} desc limit 1
    ) s`)) as { rows: Array<{ sector: string; metric: string; value: number | string; at: string | Date }> };
  return new Map(
    result.rows.map((row) => [
      `${row.sector}.${row.metric}`,
      { sector: row.sector, metric: row.metric, value: Number(row.value), at: new Date(row.at) },
    ]),
  );
}

/** Appointments today, patients with live appointments ahead, and beds in active hospitals. */
async function healthcareFigures(db: Database, today: string) {
  const [[todays], [patients], [beds]] = await Promise.all([
    db
      .select({ n: count() })
      .from(appointments)
      .where(and(eq(appointments.appointmentDate, today), ne(appointments.status, "cancelled"))),
    db
      .select({ n: countDistinct(sql`lower(${appointments.patientEmail})`) })
      .from(appointments)
      .where(and(gte(appointments.appointmentDate, today), inArray(appointments.status, ["scheduled", "confirmed"]))),
    db
      .select({ total: sum(hospitals.totalBeds) })
      .from(hospitals)
      .where(eq(hospitals.isActive, true)),
  ]);
  return { appointmentsToday: todays?.n ?? 0, activePatients: patients?.n ?? 0, totalBeds: Number(beds?.total ?? 0) };
}

/** Open alerts by the dashboard's three levels: critical = CRITICAL, warning = HIGH + MEDIUM, info = LOW. */
async function alertCounts(db: Database) {
  const rows = await db
    .select({ severity: alerts.severity, n: count() })
    .from(alerts)
    .where(ne(alerts.status, "resolved"))
    .groupBy(alerts.severity);
  const of = (severity: string) => rows.find((row) => row.severity === severity)?.n ?? 0;
  return { critical: of("CRITICAL"), warning: of("HIGH") + of("MEDIUM"), info: of("LOW") };
}

/** `GET /api/dashboard/metrics`: every figure computed from stored data at this moment. */
export async function computeDashboardMetrics(db: Database, now = new Date()): Promise<DashboardMetrics> {
  const [latest, health, alertFigures] = await Promise.all([
    latestSamples(db),
    healthcareFigures(db, localDate(now)),
    alertCounts(db),
  ]);
  const value = (sector: Sector, metric: string) => latest.get(`${sector}.${metric}`)?.value ?? 0;
  const sampledAt = [...latest.values()].reduce<Date | null>(
    (newest, s) => (!newest || s.at > newest ? s.at : newest),
    null,
  );
  return {
    healthcare: {
      activePatients: health.activePatients,
      availableBeds: Math.max(0, health.totalBeds - value("healthcare", "occupiedBeds")),
      appointmentsToday: health.appointmentsToday,
    },
    agriculture: {
      activeFarms: value("agriculture", "activeFarms"),
      cropYield: value("agriculture", "cropYield"),
      waterUsage: value("agriculture", "waterUsage"),
    },
    infrastructure: {
      trafficFlow: value("infrastructure", "trafficFlow"),
      powerConsumption: value("infrastructure", "powerConsumption"),
      networkUptime: value("infrastructure", "networkUptime"),
    },
    alerts: alertFigures,
    sampledAt: sampledAt?.toISOString() ?? null,
    computedAt: now.toISOString(),
  };
}

const BUCKETS = { minute: 60, hour: 3600, day: 86_400 } as const;
/** Most points one series answer holds: pick a coarser bucket for longer ranges. */
export const MAX_SERIES_POINTS = 1_000;

export const seriesInput = z
  .strictObject({
    sector: z.enum(SECTORS, { error: `sector must be one of ${SECTORS.join(", ")}` }),
    metric: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, { error: "metric must be a metric name like cropYield" }),
    from: z.iso.datetime({ offset: true, error: "from must be an ISO 8601 date-time" }).optional(),
    to: z.iso.datetime({ offset: true, error: "to must be an ISO 8601 date-time" }).optional(),
    bucket: z.enum(["minute", "hour", "day"], { error: "bucket must be minute, hour or day" }).default("hour"),
  })
  .refine((input) => !input.from || !input.to || input.from < input.to, {
    error: "from must be before to",
    path: ["from"],
  });

/**
 * One metric's samples over time, averaged per bucket, oldest first (for a chart). The range is
 * the last 7 days unless given, and holds at most {@link MAX_SERIES_POINTS} buckets.
 */
export async function metricSeries(db: Database, input: z.infer<typeof seriesInput>, now = new Date()) {
  const to = input.to ? new Date(input.to) : now;
  const from = input.from ? new Date(input.from) : new Date(to.getTime() - 7 * 86_400_000);
  const seconds = BUCKETS[input.bucket];
  if ((to.getTime() - from.getTime()) / 1000 / seconds > MAX_SERIES_POINTS) {
    throw new AppError(
      "BAD_REQUEST",
      `That range holds more than ${MAX_SERIES_POINTS} ${input.bucket}s: narrow it or choose a larger bucket`,
      { field: "bucket" },
    );
  }
  // Inlined, not a parameter: GROUP BY must see the very same expression as the SELECT list
  // (the width is one of BUCKETS' constants, never user text).
  const width = sql.raw(String(seconds));
  const bucket = sql<string>`to_timestamp(floor(extract(epoch from ${metricSamples.at}) / ${width}) * ${width})`;
  const rows = await db
    .select({ at: bucket, value: sql<number>`avg(${metricSamples.value})`, samples: count() })
    .from(metricSamples)
    .where(
      and(
        eq(metricSamples.sector, input.sector),
        eq(metricSamples.metric, input.metric),
        gte(metricSamples.at, from),
        sql`${metricSamples.at} <= ${to}`,
      ),
    )
    .groupBy(bucket)
    .orderBy(bucket);
  return {
    sector: input.sector,
    metric: input.metric,
    bucket: input.bucket,
    from: from.toISOString(),
    to: to.toISOString(),
    points: rows.map((row) => ({ at: new Date(row.at).toISOString(), value: Number(row.value), samples: row.samples })),
  };
}

/** The metrics schedule's task: the healthcare figures as they stand at `at`, stored as samples. */
export async function healthcareSnapshotTask(db: Database, at: Date): Promise<NewTask> {
  const { healthcare } = await computeDashboardMetrics(db, at);
  return {
    type: "collect_metrics",
    payload: {
      sector: "healthcare",
      samples: SNAPSHOT_METRICS.map((metric) => ({ metric, value: healthcare[metric], at: at.toISOString() })),
    },
    priority: PRIORITY.least,
    ownerId: null,
  };
}

/** How long computed figures are reused when nothing has changed (time alone moves "today"). */
const METRICS_MAX_AGE_MS = 5_000;

/**
 * {@link computeDashboardMetrics}, computed once per change and shared: every caller (50 clients
 * polling, every live stream) gets the same figures until the feed reports a change — a sample,
 * appointment, alert or hospital, here or on another instance — or 5 s pass.
 */
export interface DashboardMetricsCache {
  current(): Promise<DashboardMetrics>;
}

/** The process's {@link DashboardMetricsCache}, created once at start; `changes` is the dashboard feed. */
export function createDashboardMetricsCache(
  db: Database,
  changes: { readonly version: number },
): DashboardMetricsCache {
  let cached:
    | { readonly version: number; readonly at: number; readonly metrics: Promise<DashboardMetrics> }
    | undefined;
  return {
    current() {
      if (cached && cached.version === changes.version && Date.now() - cached.at < METRICS_MAX_AGE_MS)
        return cached.metrics;
      const metrics = computeDashboardMetrics(db);
      const entry = { version: changes.version, at: Date.now(), metrics };
      cached = entry;
      metrics.catch(() => {
        if (cached === entry) cached = undefined;
      });
      return metrics;
    },
  };
}
