import { randomUUID } from "node:crypto";
import { addDays, bookableTimes, localDate } from "@govconnect/contracts";
import type { DatabaseHandle } from "@govconnect/db";
import { metricSamples } from "@govconnect/db";
import { openTestDatabase } from "@govconnect/db/testing";
import { testDatabaseTarget } from "@govconnect/testing/inject";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAlert, handleAlert } from "../alerts/alerts.ts";
import { bookAppointment } from "../appointments/book.ts";
import { changeAppointmentStatus } from "../appointments/status.ts";
import { deactivateHospital } from "../hospitals/hospitals.ts";
import { recordingDispatch, TEST_STAFF, testHospital, testUser } from "../testing.ts";
import {
  computeDashboardMetrics,
  createDashboardMetricsCache,
  healthcareSnapshotTask,
  metricSeries,
} from "./metrics.ts";

describe("dashboard metrics", () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await openTestDatabase(testDatabaseTarget());
  });
  afterAll(() => database.close());

  const sample = (sector: string, metric: string, value: number, at: Date) =>
    database.db.insert(metricSamples).values({ taskId: randomUUID(), sector, metric, value, at });

  it("answers zeros on an empty database, in the seed's shape", async () => {
    const metrics = await computeDashboardMetrics(database.db);
    expect(metrics).toEqual({
      healthcare: { activePatients: 0, availableBeds: 0, appointmentsToday: 0 },
      agriculture: { activeFarms: 0, cropYield: 0, waterUsage: 0 },
      infrastructure: { trafficFlow: 0, powerConsumption: 0, networkUptime: 0 },
      alerts: { critical: 0, warning: 0, info: 0 },
      sampledAt: null,
      computedAt: expect.any(String),
    });
  });

  it("computes every figure from stored samples, appointments, hospitals and open alerts", async () => {
    const now = new Date();
    const hour = (h: number) => new Date(now.getTime() - h * 3600_000);
    await sample("agriculture", "cropYield", 3.1, hour(2));
    await sample("agriculture", "cropYield", 3.4, hour(1));
    await sample("agriculture", "activeFarms", 1250, hour(1));
    await sample("agriculture", "waterUsage", 880, hour(3));
    await sample("infrastructure", "networkUptime", 99.2, hour(1));
    await sample("healthcare", "occupiedBeds", 120, hour(1));
    const hospital = await testHospital(database.db, { totalBeds: 300, icuBeds: 10, emergencyBeds: 10 });
    const closed = await testHospital(database.db, { totalBeds: 50, icuBeds: 5, emergencyBeds: 5 });
    await deactivateHospital(database.db, TEST_STAFF, closed.id);

    const { dispatch } = recordingDispatch();
    const patients = await Promise.all([testUser(database.db), testUser(database.db), testUser(database.db)]);
    const book = (bookerId: string, date: string, time: string) =>
      bookAppointment(
        database.db,
        dispatch,
        bookerId,
        {
          patientName: "P",
          patientPhone: "+91 98765 43210",
          hospitalId: hospital.id,
          department: "Cardiology",
          appointmentDate: date,
          appointmentTime: time,
        },
        "api",
      );
    const [a, b, c] = patients;
    if (!a || !b || !c) throw new Error("no patients");
    await book(a.userId, addDays(localDate(now), 2), "09:00");
    await book(a.userId, addDays(localDate(now), 3), "09:00");
    const cancelled = await book(b.userId, addDays(localDate(now), 2), "10:00");
    await changeAppointmentStatus(database.db, dispatch, b, { id: cancelled.id, status: "cancelled" });
    await book(c.userId, addDays(localDate(now), 4), "11:00");
    // One of today's, if a clinic slot is still ahead today.
    const [laterToday] = bookableTimes(localDate(now), now);
    if (laterToday) await book(c.userId, localDate(now), laterToday);

    const admin = await testUser(database.db, "admin");
    const report = (severity: "CRITICAL" | "HIGH" | "MEDIUM" | "LOW") =>
      createAlert(database.db, admin, {
        type: "System",
        severity,
        message: `${severity} ${randomUUID()}`,
        source: "t",
      });
    await report("CRITICAL");
    await report("HIGH");
    await report("MEDIUM");
    await report("LOW");
    const gone = await report("CRITICAL");
    await handleAlert(database.db, admin, gone.alert.id, "resolve");

    const metrics = await computeDashboardMetrics(database.db, now);
    expect(metrics.agriculture).toEqual({ activeFarms: 1250, cropYield: 3.4, waterUsage: 880 });
    expect(metrics.infrastructure).toEqual({ trafficFlow: 0, powerConsumption: 0, networkUptime: 99.2 });
    expect(metrics.healthcare.availableBeds).toBe(300 - 120);
    // Patients a and c have live appointments ahead; b cancelled.
    expect(metrics.healthcare.activePatients).toBe(2);
    expect(metrics.alerts).toEqual({ critical: 1, warning: 2, info: 1 });
    expect(metrics.sampledAt).toBe(hour(1).toISOString());
    const snapshot = await healthcareSnapshotTask(database.db, now);
    expect(snapshot.payload).toEqual({
      sector: "healthcare",
      samples: [
        { metric: "appointmentsToday", value: metrics.healthcare.appointmentsToday, at: now.toISOString() },
        { metric: "activePatients", value: 2, at: now.toISOString() },
        { metric: "availableBeds", value: 180, at: now.toISOString() },
      ],
    });
  });

  it("shares computed figures until the feed reports a change", async () => {
    const feed = { version: 0 };
    const cache = createDashboardMetricsCache(database.db, feed);
    const first = cache.current();
    expect(cache.current()).toBe(first);
    await sample("agriculture", "cropYield", 9.75, new Date());
    expect((await cache.current()).agriculture.cropYield).not.toBe(9.75);
    feed.version += 1;
    expect((await cache.current()).agriculture.cropYield).toBe(9.75);
  });

  it("averages a metric per bucket over a range, oldest first, and refuses ranges too fine to chart", async () => {
    const base = new Date("2026-03-01T10:00:00Z");
    const at = (minutes: number) => new Date(base.getTime() + minutes * 60_000);
    await sample("infrastructure", "trafficFlow", 100, at(5));
    await sample("infrastructure", "trafficFlow", 200, at(35));
    await sample("infrastructure", "trafficFlow", 600, at(65));
    const series = await metricSeries(database.db, {
      sector: "infrastructure",
      metric: "trafficFlow",
      from: base.toISOString(),
      to: at(120).toISOString(),
      bucket: "hour",
    });
    expect(series.points).toEqual([
      { at: "2026-03-01T10:00:00.000Z", value: 150, samples: 2 },
      { at: "2026-03-01T11:00:00.000Z", value: 600, samples: 1 },
    ]);
    await expect(
      metricSeries(database.db, {
        sector: "infrastructure",
        metric: "trafficFlow",
        from: "2026-01-01T00:00:00Z",
        to: "2026-03-01T00:00:00Z",
        bucket: "minute",
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", field: "bucket" });
  });
});
