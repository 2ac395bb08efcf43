import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { alerts, appointments, createDatabase, hospitals, metricSamples, users } from "@govconnect/db";
import { computeDashboardMetrics } from "@govconnect/domain";
import { createDatabase as createServerDatabase, runNodeScript } from "@govconnect/testing";
import { testDatabaseTarget } from "@govconnect/testing/inject";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dataDir = mkdtempSync(join(tmpdir(), "govconnect-seed-"));
const target = testDatabaseTarget();
let databaseEnv: Record<string, string> = { DATA_DIR: dataDir };

beforeAll(async () => {
  if (target.kind === "postgres") {
    databaseEnv = {
      DATABASE_URL: await createServerDatabase(target.serverUrl, `seed_${randomUUID().replaceAll("-", "")}`),
    };
  }
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const seed = () =>
  runNodeScript("apps/api/src/cli/seed.ts", ["--password-stdin"], {
    env: { NODE_ENV: "test", BCRYPT_COST: "4", ...databaseEnv },
    stdin: "a demo passphrase\n",
  }).finished;

const openSeeded = () =>
  createDatabase(
    databaseEnv.DATABASE_URL
      ? { kind: "postgres", url: databaseEnv.DATABASE_URL }
      : { kind: "pglite", dataDir: join(dataDir, "pglite") },
  );

async function counts() {
  const database = await openSeeded();
  try {
    const of = async (
      table: typeof users | typeof hospitals | typeof alerts | typeof appointments | typeof metricSamples,
    ) => (await database.db.select({ n: count() }).from(table))[0]?.n ?? 0;
    return {
      users: await of(users),
      hospitals: await of(hospitals),
      alerts: await of(alerts),
      appointments: await of(appointments),
      samples: await of(metricSamples),
    };
  } finally {
    await database.close();
  }
}

// Each test starts a Node.js process that opens (on PGlite: creates) a database: a minute is not
// always enough on a busy CI machine running the e2e suite alongside. A safety limit, not a target.
describe("pnpm db:seed", { timeout: 180_000 }, () => {
  it("fills a development database with demo accounts, hospitals, a week of samples, alerts and appointments", async () => {
    const result = await seed();
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/account +admin +demo_admin \(created\)/);
    expect(result.stdout).toMatch(/samples +1690 \(a week, hourly, 10 metrics\)/);
    const first = await counts();
    expect(first).toMatchObject({ users: 4, hospitals: 5, alerts: 5, samples: 1690 });
    expect(first.appointments).toBeGreaterThanOrEqual(20);
  });

  it("draws the history of the figures computed from appointments around what the seeded ones make of them", async () => {
    const database = await openSeeded();
    try {
      const live = (await computeDashboardMetrics(database.db)).healthcare;
      for (const metric of ["activePatients", "appointmentsToday"] as const) {
        const samples = await database.db
          .select({ value: metricSamples.value })
          .from(metricSamples)
          .where(and(eq(metricSamples.sector, "healthcare"), eq(metricSamples.metric, metric)));
        const values = samples.map((sample) => sample.value);
        // The level is today's figure; the daily swing is 30 % of it (at least 1), and no figure is negative.
        const swing = Math.max(1, Math.round(live[metric] * 0.3));
        expect(values.length, metric).toBe(169);
        expect(Math.min(...values), metric).toBeGreaterThanOrEqual(0);
        expect(Math.max(...values), metric).toBeLessThanOrEqual(live[metric] + swing);
      }
    } finally {
      await database.close();
    }
  });

  it("changes nothing when run again", async () => {
    const before = await counts();
    const result = await seed();
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/demo_admin \(exists, password unchanged\)/);
    expect(await counts()).toEqual(before);
  });

  it("refuses to run in production", async () => {
    const result = await runNodeScript("apps/api/src/cli/seed.ts", [], {
      env: { NODE_ENV: "production", JWT_SECRET: "x".repeat(40), ...databaseEnv },
    }).finished;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("db:seed: refusing to write demo data with NODE_ENV=production");
  });
});
