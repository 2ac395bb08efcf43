import { AppError } from "@govconnect/contracts";
import type { Database, Hospital } from "@govconnect/db";
import { HOSPITAL_TYPES, hospitals } from "@govconnect/db";
import { and, arrayContains, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { auditedBy, writeAudit } from "../audit/audit.ts";
import type { AuditedActor } from "../shared/actor.ts";
import { isUuid } from "../shared/pagination.ts";

const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be text` })
    .trim()
    .min(1, { error: `${field} is required` })
    .max(max, { error: `${field} must be at most ${max} characters` });

const beds = (field: string) =>
  z
    .number({ error: `${field} must be a number` })
    .int({ error: `${field} must be a whole number` })
    .min(0, { error: `${field} cannot be negative` })
    .max(100_000, { error: `${field} must be at most 100000` });

const names = (field: string, min: number) =>
  z
    .array(text(`each of ${field}`, 80), { error: `${field} must be a list of names` })
    .min(min, { error: `${field} must name at least ${min}` })
    .max(50, { error: `${field} may name at most 50` })
    .transform((list) => [...new Set(list)]);

const hospitalFields = {
  /** The public code (`HOSP001`), as the original system's `hospitalId`. */
  hospitalId: z
    .string({ error: "hospitalId must be text" })
    .trim()
    .regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, {
      error: "hospitalId must be 2-32 capital letters, digits or -, e.g. HOSP001",
    }),
  name: text("name", 160),
  city: text("city", 80),
  state: text("state", 80),
  type: z.enum(HOSPITAL_TYPES, { error: `type must be one of ${HOSPITAL_TYPES.join(", ")}` }),
  address: z.string().trim().max(300, { error: "address must be at most 300 characters" }).default(""),
  phone: text("phone", 30),
  email: z.email({ error: "email must be an email address" }).max(254),
  departments: names("departments", 1),
  facilities: names("facilities", 0).default([]),
  totalBeds: beds("totalBeds"),
  icuBeds: beds("icuBeds"),
  emergencyBeds: beds("emergencyBeds"),
};

const bedsFit = (hospital: { totalBeds: number; icuBeds: number; emergencyBeds: number }) =>
  hospital.icuBeds + hospital.emergencyBeds <= hospital.totalBeds;
const BEDS_MESSAGE = "icuBeds and emergencyBeds together cannot exceed totalBeds";

export const createHospitalInput = z
  .strictObject(hospitalFields)
  .refine(bedsFit, { error: BEDS_MESSAGE, path: ["totalBeds"] });
export type CreateHospitalInput = z.infer<typeof createHospitalInput>;

export const updateHospitalInput = z.strictObject({
  id: z.string().max(100),
  changes: z
    .strictObject(hospitalFields)
    .omit({ hospitalId: true })
    .partial()
    .refine((changes) => Object.keys(changes).length > 0, { error: "changes must change at least one field" }),
});
export type UpdateHospitalInput = z.infer<typeof updateHospitalInput>;

export const hospitalListInput = z
  .strictObject({
    city: z.string().trim().max(80).optional(),
    state: z.string().trim().max(80).optional(),
    type: z.enum(HOSPITAL_TYPES, { error: `type must be one of ${HOSPITAL_TYPES.join(", ")}` }).optional(),
    department: z.string().trim().max(80).optional(),
  })
  .default({});

export const hospitalView = z.object({
  id: z.uuid(),
  hospitalId: z.string(),
  name: z.string(),
  city: z.string(),
  state: z.string(),
  type: z.enum(HOSPITAL_TYPES),
  address: z.string(),
  phone: z.string(),
  email: z.string(),
  totalBeds: z.number().int(),
  icuBeds: z.number().int(),
  emergencyBeds: z.number().int(),
  departments: z.array(z.string()),
  /** The original system's name for `departments`. */
  specialties: z.array(z.string()),
  facilities: z.array(z.string()),
  isActive: z.boolean(),
  createdAt: z.string(),
});
export type HospitalView = z.infer<typeof hospitalView>;

export function toHospitalView(hospital: Hospital): HospitalView {
  return {
    id: hospital.id,
    hospitalId: hospital.code,
    name: hospital.name,
    city: hospital.city,
    state: hospital.state,
    type: hospital.type,
    address: hospital.address,
    phone: hospital.phone,
    email: hospital.email,
    totalBeds: hospital.totalBeds,
    icuBeds: hospital.icuBeds,
    emergencyBeds: hospital.emergencyBeds,
    departments: hospital.departments,
    specialties: hospital.departments,
    facilities: hospital.facilities,
    isActive: hospital.isActive,
    createdAt: hospital.createdAt.toISOString(),
  };
}

/** Active hospitals, by name; filters match case-insensitively. */
export async function listHospitals(db: Database, filter: z.infer<typeof hospitalListInput>): Promise<HospitalView[]> {
  const rows = await db
    .select()
    .from(hospitals)
    .where(
      and(
        eq(hospitals.isActive, true),
        filter.city ? sql`lower(${hospitals.city}) = lower(${filter.city})` : undefined,
        filter.state ? sql`lower(${hospitals.state}) = lower(${filter.state})` : undefined,
        filter.type ? eq(hospitals.type, filter.type) : undefined,
        filter.department ? arrayContains(hospitals.departments, [filter.department]) : undefined,
      ),
    )
    .orderBy(asc(hospitals.name))
    .limit(500);
  return rows.map(toHospitalView);
}

const notFound = () => new AppError("NOT_FOUND", "Hospital not found");

/** A hospital by id, deactivated ones included (their appointments still name them). */
export async function findHospital(db: Pick<Database, "select">, id: string): Promise<Hospital | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(hospitals).where(eq(hospitals.id, id)).limit(1);
  return row;
}

export async function getHospital(db: Database, id: string): Promise<HospitalView> {
  const hospital = await findHospital(db, id);
  if (!hospital) throw notFound();
  return toHospitalView(hospital);
}

export async function createHospital(
  db: Database,
  actor: AuditedActor,
  input: CreateHospitalInput,
): Promise<HospitalView> {
  const { hospitalId, ...fields } = input;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(hospitals)
      .values({ ...fields, code: hospitalId })
      .onConflictDoNothing({ target: hospitals.code })
      .returning();
    if (!row)
      throw new AppError("CONFLICT", `A hospital with hospitalId ${hospitalId} exists`, { field: "hospitalId" });
    await writeAudit(tx, {
      action: "hospital.created",
      ...auditedBy(actor),
      target: { type: "hospital", id: row.id },
      details: { hospitalId, name: row.name },
    });
    return toHospitalView(row);
  });
}

export async function updateHospital(
  db: Database,
  actor: AuditedActor,
  input: UpdateHospitalInput,
): Promise<HospitalView> {
  return db.transaction(async (tx) => {
    const current = await findHospital(tx, input.id);
    if (!current) throw notFound();
    const merged = { ...current, ...input.changes };
    if (!bedsFit(merged)) throw new AppError("BAD_REQUEST", BEDS_MESSAGE, { field: "changes.totalBeds" });
    const [row] = await tx
      .update(hospitals)
      .set({ ...input.changes, updatedAt: new Date() })
      .where(eq(hospitals.id, current.id))
      .returning();
    await writeAudit(tx, {
      action: "hospital.changed",
      ...auditedBy(actor),
      target: { type: "hospital", id: current.id },
      details: { changed: Object.keys(input.changes) },
    });
    return toHospitalView(row ?? current);
  });
}

/** Takes a hospital out of the lists and bookings; its appointments and history stay. */
export async function deactivateHospital(db: Database, actor: AuditedActor, id: string): Promise<HospitalView> {
  if (!isUuid(id)) throw notFound();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(hospitals)
      .set({ isActive: false, updatedAt: new Date() })
      .where(eq(hospitals.id, id))
      .returning();
    if (!row) throw notFound();
    await writeAudit(tx, {
      action: "hospital.changed",
      ...auditedBy(actor),
      target: { type: "hospital", id },
      details: { changed: ["isActive"] },
    });
    return toHospitalView(row);
  });
}
