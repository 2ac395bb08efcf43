import { localInstant } from "@govconnect/contracts";
import { describe, expect, it } from "vitest";
import { SECOND_FACTOR_CHANGES } from "./emails/second-factor-changed.tsx";
import { PREVIEW_SERVICE, PREVIEW_TOKEN } from "./preview.ts";
import { LINK_TEMPLATES, renderEmail, TEMPLATE_NAMES, TEMPLATES, TemplateError } from "./templates.ts";

const SUBJECTS: Record<string, string> = {
  welcome: "Welcome to GovConnect Healthcare - Account Created Successfully",
  appointment_scheduled: "Appointment Scheduled - GovConnect Healthcare",
  appointment_status: "Appointment Confirmed - GovConnect Healthcare",
  appointment_reminder: "Appointment Reminder - GovConnect Healthcare",
  email_verification: "Confirm your email address - GovConnect",
  password_reset: "Reset your password - GovConnect",
  password_changed: "Your password was changed - GovConnect",
  email_changed: "Your email address was changed - GovConnect",
  invitation: "You are invited to GovConnect",
  new_sign_in: "A new sign-in to your GovConnect account",
  second_factor_changed: "Your two-step verification was changed - GovConnect",
};

it("every template has its subject pinned here, and only the ones carrying a token are link templates", () => {
  expect([...TEMPLATE_NAMES].sort()).toEqual(Object.keys(SUBJECTS).sort());
  expect(TEMPLATE_NAMES).toHaveLength(11);
  expect([...LINK_TEMPLATES].sort()).toEqual(["email_verification", "invitation", "password_reset"]);
});

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
    const { service: _service, ...props } = TEMPLATES[name].component.PreviewProps;
    const mistyped = Object.fromEntries(Object.keys(props).map((key) => [key, { nonsense: true }]));
    await expect(renderEmail(name, mistyped, PREVIEW_SERVICE)).rejects.toBeInstanceOf(TemplateError);
  });

  it("shows no text the person typed when it goes to an address not yet confirmed (security review L4)", async () => {
    if (name !== "welcome" && name !== "email_verification") return;
    const { service: _service, ...props } = TEMPLATES[name].component.PreviewProps;
    const bait = "Your pension is on hold. Confirm your bank details at http://gov-verify.example/login";
    const email = await renderEmail(
      name,
      { ...props, fullName: bait, username: "gov-verify.example" },
      PREVIEW_SERVICE,
    );
    for (const part of [email.html, email.text]) {
      expect(part).not.toContain("pension");
      expect(part).not.toContain("gov-verify");
    }
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

  it("attach the booking's calendar entry, which reads back as the appointment", async () => {
    const { service: _service, ...props } = TEMPLATES.appointment_scheduled.component.PreviewProps;
    const email = await renderEmail(
      "appointment_scheduled",
      { ...props, hospitalAddress: "1 Hospital Road, Pune; Maharashtra" },
      PREVIEW_SERVICE,
    );
    expect(email.attachments.map((file) => file.filename)).toEqual([`appointment-${props.reference}.ics`]);
    const ics = email.attachments[0]?.content ?? "";
    // Unfold (RFC 5545 §3.1), then read the event's properties.
    const lines = ics.replace(/\r\n /g, "").split("\r\n");
    const value = (name: string) => lines.find((line) => line.startsWith(`${name}:`))?.slice(name.length + 1);
    const start = localInstant(props.date, props.time);
    const utc = (at: Date) => `${at.toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`;
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(value("DTSTART")).toBe(utc(start));
    expect(value("DTEND")).toBe(utc(new Date(start.getTime() + 30 * 60_000)));
    expect(value("UID")).toBe(`${props.reference.toLowerCase()}@govconnect`);
    expect(value("SUMMARY")).toBe(`${props.department} appointment at ${props.hospitalName}`);
    expect(value("LOCATION")).toBe(`${props.hospitalName}\\, 1 Hospital Road\\, Pune\\; Maharashtra`);
    expect(value("DESCRIPTION")).toContain(`Reference: ${props.reference}`);
    expect(ics.split("\r\n").every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const status = await renderEmail("appointment_status", { ...props, status: "cancelled" }, PREVIEW_SERVICE);
    expect(status.attachments).toEqual([]);
  });

  it("say who cancelled, and the reason given", async () => {
    const { service: _service, ...props } = TEMPLATES.appointment_scheduled.component.PreviewProps;
    const email = await renderEmail(
      "appointment_status",
      { ...props, status: "cancelled", changedBy: "hospital", reason: "The doctor is away" },
      PREVIEW_SERVICE,
    );
    expect(email.text).toContain("The hospital has cancelled your appointment");
    expect(email.text).toContain("Reason given: The doctor is away");
  });

  it("refuse an unknown template", async () => {
    await expect(renderEmail("newsletter", {}, PREVIEW_SERVICE)).rejects.toThrow('unknown email template "newsletter"');
  });
});

describe("account emails", () => {
  // Written out rather than built with accountLink: the test pins the URL the dashboard routes.
  it.each([
    ["email_verification", "verify-email"],
    ["password_reset", "reset-password"],
    ["invitation", "accept-invitation"],
  ] as const)("%s links to the %s page with its token, as a button and as text", async (name, page) => {
    const { service: _service, ...props } = TEMPLATES[name].component.PreviewProps;
    const email = await renderEmail(name, props, PREVIEW_SERVICE);
    const link = `https://govconnect.example.gov/#/${page}?token=${PREVIEW_TOKEN}`;
    expect(email.html).toContain(`href="${link}"`);
    expect(email.text).toContain(link);
    // The written-out copy, for mail clients that strip buttons.
    expect(email.html).toContain(`>${link}</a>`);
  });

  it("say for how long the link works, in words", async () => {
    const render = async <T extends "email_verification" | "password_reset" | "invitation">(
      name: T,
      extra: Record<string, number>,
    ) => {
      const { service: _service, ...props } = TEMPLATES[name].component.PreviewProps;
      return (await renderEmail(name, { ...props, ...extra }, PREVIEW_SERVICE)).text;
    };
    expect(await render("email_verification", { validForHours: 1 })).toContain("works once, for 1 hour.");
    expect(await render("email_verification", { validForHours: 48 })).toContain("works once, for 48 hours.");
    expect(await render("password_reset", { validForMinutes: 30 })).toContain("works once, for 30 minutes.");
    expect(await render("invitation", { validForDays: 7 })).toContain("works once, for 7 days.");
  });

  it("email_verification says why the address is being confirmed", async () => {
    const { service: _service, ...props } = TEMPLATES.email_verification.component.PreviewProps;
    const signUp = await renderEmail("email_verification", { ...props, purpose: "sign_up" }, PREVIEW_SERVICE);
    const change = await renderEmail("email_verification", { ...props, purpose: "email_change" }, PREVIEW_SERVICE);
    expect(signUp.text).toContain("finish setting up your account");
    expect(signUp.text).not.toContain("You asked to use this address");
    expect(change.text).toContain("You asked to use this address for your GovConnect account");
    expect(change.text).not.toContain("finish setting up your account");
    for (const email of [signUp, change]) {
      expect(email.text).toContain("ada@example.gov");
      expect(email.text).toContain("If you did not ask for this, ignore this email: nothing changes.");
    }
  });

  it("password_reset names the account, since one address may hold several", async () => {
    const { service: _service, ...props } = TEMPLATES.password_reset.component.PreviewProps;
    const email = await renderEmail("password_reset", { ...props, username: "ada-family" }, PREVIEW_SERVICE);
    expect(email.text).toContain("ada-family");
    expect(email.text).toContain("your password stays the same");
  });

  it("password_changed says who was signed out, when in UTC, and links to the forgot-password page", async () => {
    const { service: _service, ...props } = TEMPLATES.password_changed.component.PreviewProps;
    const reset = await renderEmail("password_changed", { ...props, via: "reset" }, PREVIEW_SERVICE);
    const account = await renderEmail("password_changed", { ...props, via: "account" }, PREVIEW_SERVICE);
    expect(reset.text).toContain("Every device that was signed in to your account has been signed out");
    expect(account.text).toContain("Any other device that was signed in to your account has been signed out");
    for (const email of [reset, account]) {
      expect(email.text).toContain("signed out");
      // 14:05 at +05:30 is 08:35 UTC.
      expect(email.text).toMatch(/Thursday,? 3 December 2026 at 08:35 UTC/);
      expect(email.html).toContain('href="https://govconnect.example.gov/#/forgot-password"');
      expect(email.text).toContain("If this was not you, reset your password now");
      expect(email.text).toContain("help@govconnect.example.gov");
    }
  });

  it("email_changed shows the masked new address and what to do if it was not you", async () => {
    const { service: _service, ...props } = TEMPLATES.email_changed.component.PreviewProps;
    const email = await renderEmail("email_changed", props, PREVIEW_SERVICE);
    expect(email.text).toContain("a***@example.gov");
    expect(email.text).toContain("now go to the new address");
    expect(email.text).toMatch(/Thursday,? 3 December 2026 at 08:35 UTC/);
    expect(email.html).toContain('href="https://govconnect.example.gov/#/forgot-password"');
  });

  it("invitation names the role and who invited, and says the invitee chooses their sign-in", async () => {
    const { service: _service, ...props } = TEMPLATES.invitation.component.PreviewProps;
    const email = await renderEmail("invitation", props, PREVIEW_SERVICE);
    expect(email.text).toContain("Ada Lovelace has invited you to join GovConnect as Healthcare staff");
    expect(email.text).toContain("you choose your own username and password");
    expect(email.text).toContain("If you were not expecting this, ignore this email.");
  });

  it("refuse a short token, a bad address and a date-time without an offset", async () => {
    const verification = TEMPLATES.email_verification.component.PreviewProps;
    const changed = TEMPLATES.password_changed.component.PreviewProps;
    for (const [name, props] of [
      ["email_verification", { ...verification, token: "short" }],
      ["email_verification", { ...verification, address: "not an address" }],
      ["email_verification", { ...verification, validForHours: 0 }],
      ["password_changed", { ...changed, changedAt: "2026-12-03T14:05:00" }],
    ] as const) {
      await expect(renderEmail(name, props, PREVIEW_SERVICE)).rejects.toBeInstanceOf(TemplateError);
    }
  });

  // What the layout and the not-you notice put in every security notice; the new ones add none.
  const urlsIn = (text: string) => [...new Set(text.match(/(https?:|mailto:)[^\s)\]]+/g) ?? [])].sort();
  // Words a citizen should not have to know.
  const JARGON = /\b(IP|user[- ]agent|session|TOTP|OTP|2FA|MFA|second factor|token|URL)\b/i;

  it("new_sign_in says when, from which device and network address, and what to do if it was not you", async () => {
    const { service: _service, ...props } = TEMPLATES.new_sign_in.component.PreviewProps;
    const email = await renderEmail("new_sign_in", props, PREVIEW_SERVICE);
    const { service: _s, ...changedProps } = TEMPLATES.password_changed.component.PreviewProps;
    const reference = await renderEmail("password_changed", changedProps, PREVIEW_SERVICE);
    expect(email.html).toContain("A new sign-in to your account");
    expect(email.text).toContain("Dear Ada Lovelace,");
    // 14:05 at +05:30 is 08:35 UTC.
    expect(email.text).toMatch(
      /Your GovConnect account ada was signed in to on Thursday,? 3 December 2026 at 08:35 UTC from a device it had not been used on before\./,
    );
    expect(email.text).toContain(`Device: ${props.device}`);
    expect(email.text).toContain("Network address: 203.0.113.42");
    expect(email.text).toContain("If this was you, you need do nothing.");
    expect(email.text).toContain(
      "If it was not you, change your password now and sign that device out on the My account page, under Where you are signed in.",
    );
    expect(email.text).toContain("If this was not you, reset your password now");
    expect(email.html).toContain('href="https://govconnect.example.gov/#/forgot-password"');
    expect(urlsIn(email.text)).toEqual(urlsIn(reference.text));
    expect(email.text.replace(props.device, "")).not.toMatch(JARGON);

    const unknown = await renderEmail("new_sign_in", { ...props, device: "an unknown device" }, PREVIEW_SERVICE);
    expect(unknown.text).toContain("Device: an unknown device");
  });

  it("second_factor_changed says what changed, in one sentence per change, and what to do if it was not you", async () => {
    const { service: _service, ...props } = TEMPLATES.second_factor_changed.component.PreviewProps;
    const { service: _s, ...changedProps } = TEMPLATES.password_changed.component.PreviewProps;
    const reference = await renderEmail("password_changed", changedProps, PREVIEW_SERVICE);
    const when = "Thursday, 3 December 2026 at 08:35 UTC";
    const SENTENCES = {
      enrolled: `Two-step verification was turned on for your account ada on ${when}: signing in now needs a code from your authenticator app as well as your password.`,
      removed: `Two-step verification was turned off for your account ada on ${when}: signing in now needs only your password.`,
      reset_by_admin: `An administrator turned off two-step verification for your account ada on ${when}. You will be asked to set it up again the next time you sign in, and every device was signed out.`,
      recovery_codes_regenerated: `New recovery codes were made for your account ada on ${when}. The old ones no longer work.`,
      recovery_code_used: `A recovery code was used to sign in to your account ada on ${when}. Each recovery code works only once: if you are running low, make new ones on the My account page.`,
    } as const satisfies Record<(typeof SECOND_FACTOR_CHANGES)[number], string>;
    expect(Object.keys(SENTENCES).sort()).toEqual([...SECOND_FACTOR_CHANGES].sort());
    for (const change of SECOND_FACTOR_CHANGES) {
      const email = await renderEmail("second_factor_changed", { ...props, change }, PREVIEW_SERVICE);
      expect(email.subject).toBe("Your two-step verification was changed - GovConnect");
      expect(email.html).toContain("Your two-step verification was changed");
      expect(email.text).toContain("Dear Ada Lovelace,");
      // toPlainText may or may not keep the comma after the weekday; compare without it.
      const text = email.text.replace(/\s+/g, " ").replace("Thursday 3", "Thursday, 3");
      expect(text).toContain(SENTENCES[change]);
      for (const other of SECOND_FACTOR_CHANGES) {
        if (other !== change) expect(text).not.toContain(SENTENCES[other]);
      }
      expect(email.text).toContain("If this was not you, reset your password now");
      expect(email.html).toContain('href="https://govconnect.example.gov/#/forgot-password"');
      expect(urlsIn(email.text)).toEqual(urlsIn(reference.text));
      expect(email.text).not.toMatch(JARGON);
    }
  });

  it("new_sign_in and second_factor_changed refuse missing, empty, too long or unknown props", async () => {
    const signIn = TEMPLATES.new_sign_in.component.PreviewProps;
    const factor = TEMPLATES.second_factor_changed.component.PreviewProps;
    const without = <P extends object>(props: P, key: keyof P) => {
      const { [key]: _dropped, ...rest } = props;
      return rest;
    };
    const cases: [string, unknown][] = [
      ...(["fullName", "username", "signedInAt", "ip", "device"] as const).map(
        (key) => ["new_sign_in", without(signIn, key)] as [string, unknown],
      ),
      ...(["fullName", "username", "ip", "device"] as const).map(
        (key) => ["new_sign_in", { ...signIn, [key]: "" }] as [string, unknown],
      ),
      ["new_sign_in", { ...signIn, ip: "1".repeat(65) }],
      ["new_sign_in", { ...signIn, device: "x".repeat(201) }],
      ["new_sign_in", { ...signIn, signedInAt: "2026-12-03T14:05:00" }],
      ...(["fullName", "username", "changedAt", "change"] as const).map(
        (key) => ["second_factor_changed", without(factor, key)] as [string, unknown],
      ),
      ["second_factor_changed", { ...factor, fullName: "" }],
      ["second_factor_changed", { ...factor, change: "disabled" }],
      ["second_factor_changed", { ...factor, changedAt: "2026-12-03T14:05:00" }],
    ];
    for (const [name, props] of cases) {
      await expect(renderEmail(name, props, PREVIEW_SERVICE)).rejects.toBeInstanceOf(TemplateError);
    }
    // The longest allowed values still render.
    await expect(
      renderEmail("new_sign_in", { ...signIn, ip: "1".repeat(64), device: "x".repeat(200) }, PREVIEW_SERVICE),
    ).resolves.toMatchObject({ subject: "A new sign-in to your GovConnect account" });
  });
});
