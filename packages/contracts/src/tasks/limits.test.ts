import { describe, expect, it } from "vitest";
import { z } from "zod";
import { submitTaskInput, TASK_TYPES } from "./index.ts";
import { CITIZEN_TASK_LIMITS, STAFF_TASK_LIMITS, SYSTEM_ONLY_TASK_TYPES, taskLimits } from "./limits.ts";

describe("who may ask what of the queue", () => {
  it("names the system-only task types among the registry's, and documents them as such", () => {
    expect(SYSTEM_ONLY_TASK_TYPES).toEqual(["user_login", "password_reset"]);
    for (const type of SYSTEM_ONLY_TASK_TYPES) expect(TASK_TYPES).toContain(type);
    // The OpenAPI document is generated from this schema: each branch says what it is.
    const schema = z.toJSONSchema(submitTaskInput, { io: "input" }) as unknown as {
      oneOf: Array<{ description?: string; properties: { taskType: { const: string } } }>;
    };
    const described = Object.fromEntries(schema.oneOf.map((b) => [b.properties.taskType.const, b.description ?? ""]));
    expect(described.user_login).toBe(
      "System only: user_login tasks are recorded by the system when someone signs in; they cannot be submitted.",
    );
    expect(described.password_reset).toMatch(/^System only: /);
    expect(described.user_registration).not.toMatch(/System only/);
  });

  it("gives citizens the normal-to-low priorities and a week ahead, everyone else the whole range", () => {
    expect(taskLimits("user")).toBe(CITIZEN_TASK_LIMITS);
    for (const role of ["healthcare_admin", "agriculture_admin", "admin"] as const) {
      expect(taskLimits(role)).toBe(STAFF_TASK_LIMITS);
    }
    expect(CITIZEN_TASK_LIMITS).toEqual({ mostUrgent: 5, leastUrgent: 10, maxDelayDays: 7 });
    expect(STAFF_TASK_LIMITS).toEqual({ mostUrgent: 1, leastUrgent: 10, maxDelayDays: 366 });
  });
});
