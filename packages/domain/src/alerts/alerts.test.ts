import { randomUUID } from "node:crypto";
import type { Actor, AlertReport } from "@govconnect/contracts";
import type { DatabaseHandle } from "@govconnect/db";
import { openTestDatabase } from "@govconnect/db/testing";
import { testDatabaseTarget } from "@govconnect/testing/inject";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testUser } from "../testing.ts";
import {
  alertFingerprint,
  alertListInput,
  createAlert,
  ESCALATE_EVERY,
  escalated,
  handleAlert,
  listAlerts,
  reportAlert,
} from "./alerts.ts";

describe("alerts", () => {
  let database: DatabaseHandle;
  let admin: Actor;
  let health: Actor;
  let agri: Actor;
  let citizen: Actor;
  const unique = (report: Partial<AlertReport> = {}): AlertReport => ({
    type: "Infrastructure",
    severity: "LOW",
    message: `Substation ${randomUUID()} voltage dip of 12 V`,
    source: "grid-monitor",
    ...report,
  });
  const fromTask = (report: AlertReport, reportId = randomUUID()) =>
    reportAlert(database.db, report, { reportId, createdBy: null, defaultSource: "alert_processing" });

  beforeAll(async () => {
    database = await openTestDatabase(testDatabaseTarget());
    admin = await testUser(database.db, "admin");
    health = await testUser(database.db, "healthcare_admin");
    agri = await testUser(database.db, "agriculture_admin");
    citizen = await testUser(database.db);
  });
  afterAll(() => database.close());

  it("fingerprints without case, spacing or the numbers in a message", () => {
    const a = alertFingerprint({ type: "System", source: "db", message: "Disk 93% full on node 4" });
    const b = alertFingerprint({ type: "System", source: "DB", message: "disk  97% full on node 4" });
    const c = alertFingerprint({ type: "Healthcare", source: "db", message: "Disk 93% full on node 4" });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect([escalated("LOW"), escalated("HIGH"), escalated("CRITICAL")]).toEqual(["MEDIUM", "CRITICAL", "CRITICAL"]);
  });

  it("folds repeats of an open alert into it, keeps the more severe level, and escalates every third report", async () => {
    const report = unique();
    const first = await fromTask(report);
    expect(first).toMatchObject({ repeated: false, escalated: false, alert: { occurrences: 1, severity: "LOW" } });
    const second = await fromTask({ ...report, message: report.message.replace("12 V", "14 V") });
    expect(second).toMatchObject({ repeated: true, alert: { id: first.alert.id, occurrences: 2, severity: "LOW" } });
    const third = await fromTask(report);
    expect(third).toMatchObject({ escalated: true, alert: { occurrences: 3, severity: "MEDIUM" } });
    const louder = await fromTask({ ...report, severity: "HIGH" });
    expect(louder.alert).toMatchObject({ occurrences: 4, severity: "HIGH" });
  });

  it("counts one report once, however often its task runs", async () => {
    const reportId = randomUUID();
    const report = unique();
    await fromTask(report, reportId);
    const again = await fromTask(report, reportId);
    expect(again.alert.occurrences).toBe(1);
  });

  it("opens a new alert for a report of a resolved one", async () => {
    const report = unique();
    const first = await fromTask(report);
    await handleAlert(database.db, admin, first.alert.id, "resolve");
    const next = await fromTask(report);
    expect(next.alert.id).not.toBe(first.alert.id);
    expect(next.repeated).toBe(false);
  });

  it("lets admins raise any alert and sector admins their sector's only", async () => {
    await expect(createAlert(database.db, citizen, unique({ type: "System" }))).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(createAlert(database.db, agri, unique({ type: "Healthcare" }))).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "You cannot raise Healthcare alerts",
    });
    const raised = await createAlert(database.db, health, unique({ type: "Healthcare", source: undefined }));
    expect(raised.alert).toMatchObject({
      type: "Healthcare",
      source: "admin",
      createdBy: health.userId,
      isActive: true,
    });
    expect((await createAlert(database.db, admin, unique({ type: "System" }))).alert.status).toBe("active");
  });

  it("acknowledges, then resolves; a resolved alert cannot change; others' sectors are refused", async () => {
    const { alert } = await createAlert(database.db, admin, unique({ type: "Agriculture" }));
    await expect(handleAlert(database.db, health, alert.id, "acknowledge")).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const acknowledged = await handleAlert(database.db, agri, alert.id, "acknowledge");
    expect(acknowledged).toMatchObject({ status: "acknowledged", isActive: true, acknowledgedAt: expect.any(String) });
    const resolved = await handleAlert(database.db, agri, alert.id, "resolve");
    expect(resolved).toMatchObject({ status: "resolved", isActive: false });
    await expect(handleAlert(database.db, agri, alert.id, "acknowledge")).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This alert is already resolved",
    });
    await expect(handleAlert(database.db, admin, randomUUID(), "resolve")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(handleAlert(database.db, admin, "nope", "resolve")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("lists open alerts by default, and filters by status, type and severity", async () => {
    const critical = await createAlert(database.db, admin, unique({ type: "System", severity: "CRITICAL" }));
    const open = await listAlerts(database.db, alertListInput.parse({ limit: 100, sort: "newest" }));
    expect(open.items.every((a) => a.status !== "resolved")).toBe(true);
    expect(open.items[0]?.id).toBe(critical.alert.id);
    const resolved = await listAlerts(database.db, alertListInput.parse({ limit: 100, status: "resolved" }));
    expect(resolved.items.length).toBeGreaterThan(0);
    expect(resolved.items.every((a) => a.status === "resolved")).toBe(true);
    const filtered = await listAlerts(
      database.db,
      alertListInput.parse({ limit: 100, status: "all", type: "System", severity: "CRITICAL" }),
    );
    expect(filtered.items.map((a) => a.id)).toContain(critical.alert.id);
    expect(filtered.items.every((a) => a.type === "System" && a.severity === "CRITICAL")).toBe(true);
  });

  it("sorts by severity first (the default), then by when each was last seen, paging without gaps", async () => {
    const type = "Agriculture" as const;
    const low = await createAlert(database.db, admin, unique({ type, severity: "LOW" }));
    const critical = await createAlert(database.db, admin, unique({ type, severity: "CRITICAL" }));
    const medium = await createAlert(database.db, admin, unique({ type, severity: "MEDIUM" }));
    const high = await createAlert(database.db, admin, unique({ type, severity: "HIGH" }));
    const mine = (ids: string[]) => ids.filter((id) => [low, critical, medium, high].some((a) => a.alert.id === id));
    const first = await listAlerts(database.db, alertListInput.parse({ type, limit: 2 }));
    expect(first.nextCursor).not.toBeNull();
    const rest = await listAlerts(database.db, alertListInput.parse({ type, limit: 100, cursor: first.nextCursor }));
    const order = [...first.items, ...rest.items];
    expect(new Set(order.map((a) => a.id)).size).toBe(order.length);
    const rank = (severity: string) => ["CRITICAL", "HIGH", "MEDIUM", "LOW"].indexOf(severity);
    expect(order.map((a) => rank(a.severity))).toEqual([...order.map((a) => rank(a.severity))].sort((a, b) => a - b));
    expect(mine(order.map((a) => a.id))).toEqual([critical, high, medium, low].map((a) => a.alert.id));
    await expect(
      listAlerts(database.db, alertListInput.parse({ type, cursor: Buffer.from("offset:x").toString("base64url") })),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("names who raised, acknowledged and resolved an alert, and keeps the severity first reported", async () => {
    const report = unique({ type: "Agriculture", severity: "MEDIUM" });
    const raised = await createAlert(database.db, agri, report);
    expect(raised.alert).toMatchObject({ raisedSeverity: "MEDIUM", createdByName: expect.stringMatching(/^Test /) });
    for (let i = 1; i < ESCALATE_EVERY; i += 1) await createAlert(database.db, agri, report);
    const acknowledged = await handleAlert(database.db, admin, raised.alert.id, "acknowledge");
    expect(acknowledged).toMatchObject({ severity: "HIGH", raisedSeverity: "MEDIUM", resolvedByName: null });
    expect(acknowledged.acknowledgedByName).toMatch(/^Test /);
    const resolved = await handleAlert(database.db, agri, raised.alert.id, "resolve");
    expect(resolved.resolvedByName).toBe(raised.alert.createdByName);
    const system = await fromTask(unique());
    expect(system.alert.createdByName).toBeNull();
  });
});
