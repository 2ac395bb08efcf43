import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { loadConfigOrExit } from "@govconnect/config";
import type { AppointmentRequest } from "@govconnect/contracts";
import { AppError, addDays, localDate, localInstant, MAX_OPEN_BOOKINGS_PER_CITIZEN } from "@govconnect/contracts";
import type { Database, HospitalType } from "@govconnect/db";
import { appointments, hospitals, metricSamples, users } from "@govconnect/db";
import {
  bookAppointment,
  changeAppointmentStatus,
  computeDashboardMetrics,
  createHospital,
  reportAlert,
} from "@govconnect/domain";
import type { WrittenTask } from "@govconnect/jobs";
import { isExplained } from "@govconnect/runtime";
import { eq, inArray, sum } from "drizzle-orm";
import type { NewAccount } from "./accounts-cli.ts";
import { CliError, createAccount, withDatabase } from "./accounts-cli.ts";
import { readStdin } from "./prompt.ts";

/** One demo account per role, for trying the dashboard locally. Never in production. */
const DEMO_ACCOUNTS: ReadonlyArray<Omit<NewAccount, "password">> = [
  { role: "user", username: "demo_citizen", email: "citizen@demo.govconnect.local", fullName: "Demo Citizen" },
  {
    role: "healthcare_admin",
    username: "demo_health",
    email: "health@demo.govconnect.local",
    fullName: "Demo Healthcare Admin",
  },
  {
    role: "agriculture_admin",
    username: "demo_agri",
    email: "agri@demo.govconnect.local",
    fullName: "Demo Agriculture Admin",
  },
  { role: "admin", username: "demo_admin", email: "admin@demo.govconnect.local", fullName: "Demo Admin" },
];

const HOSPITALS: ReadonlyArray<{
  code: string;
  name: string;
  street: string;
  city: string;
  state: string;
  type: HospitalType;
  departments: string[];
  beds: [total: number, icu: number, emergency: number];
}> = [
  {
    code: "HOSP001",
    name: "City General Hospital",
    street: "12 Jehangir Road",
    city: "Pune",
    state: "Maharashtra",
    type: "government",
    departments: ["Cardiology", "General Medicine", "Orthopedics", "Pediatrics"],
    beds: [650, 60, 40],
  },
  {
    code: "HOSP002",
    name: "Sahyadri Multispeciality",
    street: "30 Karve Road",
    city: "Pune",
    state: "Maharashtra",
    type: "private",
    departments: ["Cardiology", "Neurology", "Oncology"],
    beds: [320, 40, 20],
  },
  {
    code: "HOSP003",
    name: "District Civil Hospital",
    street: "Station Road",
    city: "Nashik",
    state: "Maharashtra",
    type: "government",
    departments: ["General Medicine", "Obstetrics", "Pediatrics"],
    beds: [400, 24, 30],
  },
  {
    code: "HOSP004",
    name: "Lakeside Medical Centre",
    street: "4 Lake View Road",
    city: "Bengaluru",
    state: "Karnataka",
    type: "private",
    departments: ["Dermatology", "ENT", "General Medicine", "Orthopedics"],
    beds: [210, 18, 12],
  },
  {
    code: "HOSP005",
    name: "Government Medical College Hospital",
    street: "Medical College Square",
    city: "Nagpur",
    state: "Maharashtra",
    type: "government",
    departments: ["Cardiology", "General Medicine", "Nephrology", "Pulmonology"],
    beds: [1100, 90, 70],
  },
];

/**
 * Each hand-recorded metric's typical level and daily swing. Healthcare's appointments today and
 * active patients are not here: their history is drawn around what the seeded appointments make of
 * them now, so a chart does not fall off a cliff into the live figure.
 */
const SAMPLED = {
  healthcare: { occupiedBeds: [1700, 250] },
  agriculture: { activeFarms: [1250, 40], cropYield: [3.2, 0.4], waterUsage: [860, 120] },
  infrastructure: { trafficFlow: [5400, 2600], powerConsumption: [310, 90], networkUptime: [99.4, 0.5] },
} as const;

const ALERTS = [
  {
    type: "Healthcare",
    severity: "HIGH",
    message: "ICU occupancy above 90% at City General Hospital",
    source: "bed-monitor",
  },
  {
    type: "Agriculture",
    severity: "MEDIUM",
    message: "Rainfall 40% below seasonal average in Nashik district",
    source: "imd-feed",
  },
  {
    type: "Infrastructure",
    severity: "CRITICAL",
    message: "Water main pressure drop on Station Road",
    source: "scada",
  },
  { type: "Infrastructure", severity: "LOW", message: "Streetlight controller 14 not reporting", source: "smart-city" },
  { type: "System", severity: "LOW", message: "Nightly backup took longer than usual", source: "ops" },
] as const;

/** Counts are whole numbers; the rest keep two decimals. */
const WHOLE = new Set(["occupiedBeds", "appointmentsToday", "activePatients", "activeFarms", "trafficFlow"]);

/** The seed's samples carry this task id: a second run can tell they are there. */
const SEED_SAMPLES_TASK = "00000000-0000-4000-8000-00000000seed".replace("seed", "5eed");

/** Demo hospitals, added in the audit log by the demo admin. */
async function seedHospitals(db: Database) {
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.username, "demo_admin")).limit(1);
  if (!admin) throw new CliError("the demo_admin account is missing: it adds the demo hospitals");
  const actor = { userId: admin.id, role: "admin" } as const;
  const existing = await db
    .select({ code: hospitals.code })
    .from(hospitals)
    .where(
      inArray(
        hospitals.code,
        HOSPITALS.map((h) => h.code),
      ),
    );
  const have = new Set(existing.map((row) => row.code));
  for (const hospital of HOSPITALS) {
    if (have.has(hospital.code)) continue;
    const [totalBeds, icuBeds, emergencyBeds] = hospital.beds;
    await createHospital(db, actor, {
      hospitalId: hospital.code,
      name: hospital.name,
      city: hospital.city,
      state: hospital.state,
      type: hospital.type,
      address: hospital.street,
      phone: "+91 20 2612 0000",
      email: `desk@${hospital.code.toLowerCase()}.example`,
      departments: hospital.departments,
      facilities: ["ICU", "Pharmacy", "Laboratory"],
      totalBeds,
      icuBeds,
      emergencyBeds,
    });
  }
  console.log(`hospitals    ${HOSPITALS.length - have.size} added, ${have.size} already there`);
}

/** The level and swing of the figures the dashboard computes from appointments, as they stand now. */
async function computedLevels(db: Database, now: Date) {
  const { healthcare } = await computeDashboardMetrics(db, now);
  const around = (value: number) => [value, Math.max(1, Math.round(value * 0.3))] as const;
  return {
    appointmentsToday: around(healthcare.appointmentsToday),
    activePatients: around(healthcare.activePatients),
  };
}

/** A week of hourly samples per metric: a daily rhythm plus noise around a typical level. */
async function seedSamples(db: Database, now: Date) {
  const [beds] = await db
    .select({ total: sum(hospitals.totalBeds) })
    .from(hospitals)
    .where(eq(hospitals.isActive, true));
  const totalBeds = Number(beds?.total ?? 0);
  const [already] = await db
    .select({ id: metricSamples.id })
    .from(metricSamples)
    .where(eq(metricSamples.taskId, SEED_SAMPLES_TASK))
    .limit(1);
  if (already) {
    console.log("samples      already there");
    return;
  }
  const levels = { ...SAMPLED, healthcare: { ...SAMPLED.healthcare, ...(await computedLevels(db, now)) } };
  const hourStart = new Date(Math.floor(now.getTime() / 3600_000) * 3600_000);
  const rows = [];
  for (let hour = 7 * 24; hour >= 0; hour--) {
    const at = new Date(hourStart.getTime() - hour * 3600_000);
    const daily = Math.sin(((at.getHours() - 6) / 24) * 2 * Math.PI);
    for (const [sector, metrics] of Object.entries(levels)) {
      for (const [metric, [level, swing]] of Object.entries(metrics)) {
        const ceiling = metric === "networkUptime" ? 100 : Number.POSITIVE_INFINITY;
        const raw = Math.max(0, Math.min(ceiling, level + swing * (0.6 * daily + 0.4 * (Math.random() - 0.5))));
        const value = WHOLE.has(metric) ? Math.round(raw) : Math.round(raw * 100) / 100;
        rows.push({ taskId: SEED_SAMPLES_TASK, sector, metric, value, at });
        // Available beds are what the occupied ones leave of the hospitals' beds, as the dashboard computes them.
        if (metric === "occupiedBeds") {
          rows.push({
            taskId: SEED_SAMPLES_TASK,
            sector,
            metric: "availableBeds",
            value: Math.max(0, totalBeds - value),
            at,
          });
        }
      }
    }
  }
  for (let i = 0; i < rows.length; i += 500) await db.insert(metricSamples).values(rows.slice(i, i + 500));
  console.log(`samples      ${rows.length} (a week, hourly, ${rows.length / 169} metrics)`);
}

async function seedAlerts(db: Database) {
  for (const [index, alert] of ALERTS.entries()) {
    // A fixed report id per alert: a second run counts nothing twice.
    const reportId = `00000000-0000-4000-8000-${String(index + 1).padStart(12, "0")}`;
    await reportAlert(db, alert, { reportId, createdBy: null, defaultSource: "seed" });
  }
  console.log(`alerts       ${ALERTS.length}`);
}

async function seedAppointments(db: Database, now: Date) {
  const [citizen] = await db.select().from(users).where(eq(users.username, "demo_citizen"));
  const [staff] = await db.select().from(users).where(eq(users.username, "demo_health"));
  const all = await db
    .select()
    .from(hospitals)
    .where(
      inArray(
        hospitals.code,
        HOSPITALS.map((h) => h.code),
      ),
    );
  if (!citizen || !staff) return;
  const [mine] = await db
    .select({ id: appointments.id })
    .from(appointments)
    .where(eq(appointments.bookedBy, citizen.id))
    .limit(1);
  if (mine) {
    console.log("appointments demo_citizen has some already");
    return;
  }
  // Nothing is queued from here: the workers' relay queues the emails these bookings wrote.
  const dispatch = async (_task: WrittenTask) => undefined;
  const actor = { userId: staff.id, role: staff.role };
  const requestFor = (i: number, appointmentDate: string): AppointmentRequest | undefined => {
    const hospital = all[i % all.length];
    if (!hospital) return undefined;
    return {
      patientName: "Demo Citizen",
      patientPhone: "+91 98765 43210",
      hospitalId: hospital.id,
      department: hospital.departments[i % hospital.departments.length] ?? "General Medicine",
      appointmentDate,
      appointmentTime: `${String(9 + (i % 8)).padStart(2, "0")}:${i % 2 ? "30" : "00"}`,
      symptoms: i % 3 ? "Follow-up visit" : "Persistent cough",
    };
  };
  const book = async (request: AppointmentRequest | undefined, at: Date) => {
    if (!request) return undefined;
    try {
      return await bookAppointment(db, dispatch, citizen.id, request, "api", at);
    } catch (error) {
      if (!(error instanceof AppError && error.code === "CONFLICT")) throw error;
      return undefined;
    }
  };
  const counts = { past: 0, upcoming: 0, cancelled: 0 };
  // A history first: 14 visits over the last six weeks, each booked five days before it and attended.
  for (let i = 0; i < 14; i++) {
    const date = addDays(localDate(now), -(2 + 3 * (13 - i)));
    const bookedAt = localInstant(addDays(date, -5), "12:00");
    const appointment = await book(requestFor(i, date), bookedAt);
    if (!appointment) continue;
    counts.past++;
    await changeAppointmentStatus(db, dispatch, actor, { id: appointment.id, status: "confirmed" });
    await changeAppointmentStatus(db, dispatch, actor, { id: appointment.id, status: "completed" }, now);
  }
  // What is ahead: a few short of the cap on upcoming appointments (MAX_OPEN_BOOKINGS_PER_CITIZEN),
  // so the demo citizen can still book; some confirmed, and three cancelled again.
  const upcoming = MAX_OPEN_BOOKINGS_PER_CITIZEN - 2;
  for (let i = 0; i < upcoming + 3; i++) {
    const appointment = await book(requestFor(i, addDays(localDate(now), 1 + (i % 10))), now);
    if (!appointment) continue;
    if (i >= upcoming) {
      await changeAppointmentStatus(db, dispatch, actor, { id: appointment.id, status: "cancelled" });
      counts.cancelled++;
      continue;
    }
    counts.upcoming++;
    if (i % 3 === 1) await changeAppointmentStatus(db, dispatch, actor, { id: appointment.id, status: "confirmed" });
  }
  console.log(
    `appointments ${counts.past + counts.upcoming + counts.cancelled} booked for demo_citizen (${counts.upcoming} upcoming, ${counts.past} attended, ${counts.cancelled} cancelled)`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { "password-stdin": { type: "boolean", default: false } }, strict: true });
  const config = loadConfigOrExit();
  if (config.env === "production") throw new CliError("refusing to write demo data with NODE_ENV=production");
  // No password is written in the repository: one is given, or made for this run and shown once.
  const password = values["password-stdin"] ? await readStdin() : `demo-${randomBytes(9).toString("base64url")}`;
  const now = new Date();

  await withDatabase(config, async (database) => {
    const created: string[] = [];
    for (const account of DEMO_ACCOUNTS) {
      try {
        await createAccount(database, config, { ...account, password });
        created.push(account.username);
        console.log(`account      ${account.role.padEnd(17)} ${account.username} (created)`);
      } catch (error) {
        if (!(error instanceof CliError && /taken|already exists/.test(error.message))) throw error;
        console.log(`account      ${account.role.padEnd(17)} ${account.username} (exists, password unchanged)`);
      }
    }
    await seedHospitals(database.db);
    await seedAlerts(database.db);
    await seedAppointments(database.db, now);
    // After the appointments: the history of the figures computed from them is drawn around those figures.
    await seedSamples(database.db, now);
    if (created.length > 0 && !values["password-stdin"]) {
      console.log(`\nSign in as ${created.join(", ")} with the password: ${password}`);
    }
  });
}

main().catch((error: unknown) => {
  const known = error instanceof CliError || isExplained(error);
  console.error(`db:seed: ${known && error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
