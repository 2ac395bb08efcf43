import { describe, expect, it } from "vitest";
import { ALERT_MANAGERS, HEALTHCARE_STAFF, isHealthcareStaff, mayManageAlerts } from "./roles.ts";

describe("roles", () => {
  it("derives the alert managers from the alert rule: admins and the two sector admins", () => {
    expect([...ALERT_MANAGERS].sort()).toEqual(["admin", "agriculture_admin", "healthcare_admin"]);
    expect(mayManageAlerts({ role: "agriculture_admin" }, "Healthcare")).toBe(false);
    expect(mayManageAlerts({ role: "user" }, "System")).toBe(false);
  });

  it("names healthcare staff once", () => {
    expect(HEALTHCARE_STAFF).toEqual(["healthcare_admin", "admin"]);
    expect(isHealthcareStaff({ role: "agriculture_admin" })).toBe(false);
  });
});
