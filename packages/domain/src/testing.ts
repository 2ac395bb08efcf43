import { randomUUID } from "node:crypto";
import type { Actor } from "@govconnect/contracts";
import type { Database, UserRole } from "@govconnect/db";
import { users } from "@govconnect/db";
import type { WrittenTask } from "@govconnect/jobs";
import type { CreateHospitalInput } from "./hospitals/hospitals.ts";
import { createHospital } from "./hospitals/hospitals.ts";

/** An account row with `role` (no password that can sign in), as the actor the domain sees. */
export async function testUser(db: Database, role: UserRole = "user"): Promise<Actor & { email: string }> {
  const name = `u_${randomUUID().slice(0, 8)}`;
  const [row] = await db
    .insert(users)
    .values({ username: name, email: `${name}@example.gov`, fullName: `Test ${name}`, passwordHash: "-", role })
    .returning();
  if (!row) throw new Error("user insert returned no row");
  return { userId: row.id, role: row.role, email: row.email };
}

export const HOSPITAL: CreateHospitalInput = {
  hospitalId: "HOSP001",
  name: "City General Hospital",
  city: "Pune",
  state: "Maharashtra",
  type: "government",
  address: "1 Hospital Road",
  phone: "+91 20 2612 3456",
  email: "desk@citygeneral.example",
  departments: ["Cardiology", "General Medicine", "Pediatrics"],
  facilities: ["ICU", "Pharmacy"],
  totalBeds: 200,
  icuBeds: 20,
  emergencyBeds: 15,
};

/** Whom the audit log records for test setup done by "staff" (no such account needs to exist). */
export const TEST_STAFF = { userId: "00000000-0000-4000-8000-000000000001", role: "admin" } as const;

/** A hospital with a unique code (and optionally other fields). */
export function testHospital(db: Database, overrides: Partial<CreateHospitalInput> = {}) {
  return createHospital(db, TEST_STAFF, {
    ...HOSPITAL,
    hospitalId: `H${randomUUID().slice(0, 8).toUpperCase()}`,
    ...overrides,
  });
}

/** Collects what a domain function asks to dispatch, for tests that look at the rows, not at Redis. */
export function recordingDispatch() {
  const written: WrittenTask[] = [];
  return { written, dispatch: async (task: WrittenTask) => void written.push(task) };
}
