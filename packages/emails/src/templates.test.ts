import { describe, expect, it } from "vitest";
import { PREVIEW_SERVICE } from "./preview.ts";
import { renderEmail, TEMPLATE_NAMES, TEMPLATES, TemplateError } from "./templates.ts";

const SUBJECTS: Record<string, string> = {
  welcome: "Welcome to GovConnect Healthcare - Account Created Successfully",
  appointment_scheduled: "Appointment Scheduled - GovConnect Healthcare",
  appointment_status: "Appointment Confirmed - GovConnect Healthcare",
  appointment_reminder: "Appointment Reminder - GovConnect Healthcare",
};

describe.each(TEMPLATE_NAMES)("the %s email", (name) => {
  it("renders its preview props to HTML and text, with the subject, branding and links", async () => {
    const { service: _service, ...props } = TEMPLATES[name].component.PreviewProps;
    const email = await renderEmail(name, props, PREVIEW_SERVICE);
    expect(email.subject).toBe(SUBJECTS[name]);
    expect(email.html).toMatch(/^<!DOCTYPE html/);
    expect(email.html).toContain("GovConnect");
    expect(email.html).toContain('href="https://govconnect.example.gov');
    expect(email.html).toContain("mailto:help@govconnect.example.gov");
    expect(email.text).toContain("GovConnect");
    expect(email.text.length).toBeGreaterThan(100);
    for (const part of [email.subject, email.html, email.text]) {
      expect(part).not.toMatch(/\bundefined\b|\bNaN\b|\[object Object\]/);
    }
  });

  it("refuses props that do not fit the template", async () => {
    await expect(renderEmail(name, { nonsense: true }, PREVIEW_SERVICE)).rejects.toBeInstanceOf(TemplateError);
  });
});

describe("appointment emails", () => {
  it("say what changed, for every status", async () => {
    const { service: _service, ...props } = TEMPLATES.appointment_status.component.PreviewProps;
    for (const [status, subject] of [
      ["confirmed", "Appointment Confirmed - GovConnect Healthcare"],
      ["cancelled", "Appointment Cancelled - GovConnect Healthcare"],
      ["completed", "Appointment Completed - GovConnect Healthcare"],
    ] as const) {
      const email = await renderEmail("appointment_status", { ...props, status }, PREVIEW_SERVICE);
      expect(email.subject).toBe(subject);
      expect(email.text.toLowerCase()).toContain(`appointment ${status}`);
      expect(email.text).toContain("City General Hospital");
      expect(email.text).toMatch(/Thursday,? 3 December 2026/);
    }
  });

  it("leave out the doctor when there is none", async () => {
    const { service: _service, doctorName: _doctor, ...props } = TEMPLATES.appointment_scheduled.component.PreviewProps;
    const email = await renderEmail("appointment_scheduled", props, PREVIEW_SERVICE);
    expect(email.text).not.toContain("Doctor");
  });

  it("refuse an unknown template", async () => {
    await expect(renderEmail("newsletter", {}, PREVIEW_SERVICE)).rejects.toThrow('unknown email template "newsletter"');
  });
});
