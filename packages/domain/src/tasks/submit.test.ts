import type { SubmitTaskInput } from "@govconnect/contracts";
import { CITIZEN_TASK_LIMITS, MAX_DELAY_DAYS, PRIORITY, submissionRefusal } from "@govconnect/contracts";
import { describe, expect, it } from "vitest";
import { limitsRefusal } from "./submit.ts";

const DAY_MS = 86_400_000;
const now = new Date("2026-12-02T10:00:00Z");
const inDays = (days: number) => new Date(now.getTime() + days * DAY_MS).toISOString();
const me = "00000000-0000-4000-8000-000000000001";

describe("who may submit what", () => {
  it("L7: nobody submits a system-only type, administrators included", () => {
    const login = {
      taskType: "user_login",
      data: { userId: me, ip: "203.0.113.66", at: now.toISOString() },
      priority: PRIORITY.default,
    } as SubmitTaskInput;
    for (const role of ["user", "healthcare_admin", "agriculture_admin", "admin"] as const) {
      expect(submissionRefusal({ userId: me, role }, login)).toEqual({
        message: "user_login tasks are recorded by the system when someone signs in; they cannot be submitted",
        field: "taskType",
      });
    }
    const reset = { taskType: "password_reset", data: { email: "a@example.gov" }, priority: 5 } as SubmitTaskInput;
    expect(submissionRefusal({ userId: me, role: "admin" }, reset)?.message).toMatch(
      /^password_reset tasks are written by the system .*; they cannot be submitted$/,
    );
    // A type users may submit still follows its own rule.
    const registration = { taskType: "user_registration", data: { userId: me }, priority: 5 } as SubmitTaskInput;
    expect(submissionRefusal({ userId: me, role: "user" }, registration)).toBeNull();
  });

  it("I7: a citizen's priority and delay are limited; staff and admins have the full range", () => {
    const citizen = { role: "user" } as const;
    expect(CITIZEN_TASK_LIMITS).toEqual({ mostUrgent: PRIORITY.default, leastUrgent: PRIORITY.least, maxDelayDays: 7 });
    for (let priority = PRIORITY.most; priority < PRIORITY.default; priority += 1) {
      expect(limitsRefusal(citizen, { priority }, now)).toEqual({
        message: "priority must be from 5 to 10 for your tasks (1 to 4 are kept for staff)",
        field: "priority",
      });
    }
    for (let priority = PRIORITY.default; priority <= PRIORITY.least; priority += 1) {
      expect(limitsRefusal(citizen, { priority }, now)).toBeNull();
    }
    expect(limitsRefusal(citizen, { priority: 5, runAt: inDays(7) }, now)).toBeNull();
    expect(limitsRefusal(citizen, { priority: 5, runAt: inDays(7.01) }, now)).toEqual({
      message: "runAt must be within 7 days for your tasks",
      field: "runAt",
    });
    for (const role of ["healthcare_admin", "agriculture_admin", "admin"] as const) {
      expect(limitsRefusal({ role }, { priority: PRIORITY.most, runAt: inDays(MAX_DELAY_DAYS - 1) }, now)).toBeNull();
    }
  });
});
