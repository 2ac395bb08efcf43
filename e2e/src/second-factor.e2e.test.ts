import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  CODE_LABEL,
  codeFor,
  DEMO_PASSWORD,
  DESKTOP,
  enrolHere,
  freshContext,
  open,
  PHONE,
  pageFindings,
  passSecondFactor,
  registeredCitizen,
  screenshot,
  signIn,
  signInHere,
} from "./pages.ts";
import type { RunningProduct } from "./product.ts";
import { startForSuite } from "./suite.ts";

/** bcrypt, emails and waiting for the authenticator's next 30-second step add up. */
const SLOW = 240_000;
const RECOVERY_CODE = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;
/** How the server words a refused code (the same words at sign-in and in My account). */
const WRONG_CODE = "That code is not right";

async function signOut(page: Page): Promise<void> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Sign out" }).click();
  await page.getByText("You have signed out").waitFor();
}

/** The code step of signing in: a code typed into its field, and Continue. */
async function enterCode(page: Page, code: string): Promise<void> {
  await page.getByLabel(CODE_LABEL).fill(code);
  await page.getByRole("button", { name: "Continue" }).click();
}

/** The code step of signing in is showing (and the password step is not). */
async function onCodeStep(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Continue" }).waitFor();
  await page.getByText("Or enter one of your recovery codes").waitFor();
  expect(await page.getByLabel(CODE_LABEL).getAttribute("autocomplete")).toBe("one-time-code");
  expect(await page.getByLabel("Password").count()).toBe(0);
}

describe("two-step verification in a real browser: set-up, sign-in codes, recovery codes, audit log", () => {
  let product: RunningProduct;
  let browser: Browser;
  /** demo_health's recovery codes, from its set-up. */
  let recoveryCodes: string[] = [];
  /** The appointment demo_health confirmed, as the appointment pages show it (`APT-…`). */
  let reference = "";

  startForSuite({ demoPassword: DEMO_PASSWORD }, (started) => {
    ({ product, browser } = started);
  });

  it(
    "a healthcare admin is sent to set it up, turns it on, signs in again with a code and confirms an appointment",
    async () => {
      const findings: string[] = [];
      const context = await freshContext(browser, DESKTOP, { bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${product.url}/#/signin`);
      await signInHere(page, "demo_health", DEMO_PASSWORD);

      // Forced: the set-up page and signing out are all there is, whatever the address asks for.
      const setup = page.getByRole("heading", { name: "Set up two-step verification" });
      await setup.waitFor();
      await page.getByText("Your role needs two-step verification.").waitFor();
      const nav = page.getByRole("navigation", { name: "Main" });
      await nav.getByRole("button", { name: "Sign out" }).waitFor();
      expect(await nav.getByRole("link").count()).toBe(0);
      await page.evaluate(() => {
        window.location.hash = "/appointments";
      });
      await setup.waitFor();
      expect(await page.getByRole("heading", { name: "Appointments" }).count()).toBe(0);

      await page.getByRole("img", { name: "QR code that adds GovConnect to your authenticator app" }).waitFor();
      await page.getByText("Setup key", { exact: true }).waitFor();
      const key = (await page.getByTestId("totp-secret").textContent()) ?? "";
      expect(key).toMatch(/^[A-Z2-7]{16,}$/);
      await screenshot(page, "two-step-setup-forced-desktop");
      findings.push(...(await pageFindings(page, "set-up, forced (desktop)")));

      // A wrong code: said in words, next to the field.
      await page.getByLabel(CODE_LABEL).fill("000000");
      await page.getByRole("button", { name: "Turn on" }).click();
      await page.getByText(WRONG_CODE).first().waitFor();
      expect(await page.getByLabel(CODE_LABEL).getAttribute("aria-invalid")).toBe("true");

      recoveryCodes = await enrolHere(page, "demo_health");
      expect(recoveryCodes).toHaveLength(10);
      for (const code of recoveryCodes) expect(code).toMatch(RECOVERY_CODE);
      expect(new Set(recoveryCodes).size).toBe(10);
      await page.getByText("Two-step verification is on.").waitFor();
      await page.getByRole("button", { name: "Copy" }).waitFor();
      await page.getByRole("button", { name: "Download as a text file" }).waitFor();
      await screenshot(page, "two-step-recovery-codes-desktop");
      findings.push(...(await pageFindings(page, "recovery codes (desktop)")));
      // The text file has the codes.
      const download = page.waitForEvent("download");
      await page.getByRole("button", { name: "Download as a text file" }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe("govconnect-recovery-codes.txt");
      const saved = readFileSync(await file.path(), "utf8");
      for (const code of recoveryCodes) expect(saved).toContain(code);
      await page.getByRole("button", { name: "I have saved my recovery codes" }).click();
      // Healthcare staff's home: the work queue.
      await page.getByRole("heading", { name: "Work queue" }).waitFor();
      await nav.getByRole("link", { name: "Work queue" }).waitFor();

      // Signed out and in again: the password, then the code step.
      await signOut(page);
      await signInHere(page, "demo_health", DEMO_PASSWORD);
      await onCodeStep(page);
      await screenshot(page, "signin-code-step-desktop");
      findings.push(...(await pageFindings(page, "sign-in code step (desktop)")));
      await enterCode(page, "000000");
      await page.getByText(WRONG_CODE).first().waitFor();
      // Still on the step, with the field marked.
      await onCodeStep(page);
      expect(await page.getByLabel(CODE_LABEL).getAttribute("aria-invalid")).toBe("true");
      await screenshot(page, "signin-code-wrong-desktop");
      await enterCode(page, await codeFor(page, "demo_health"));
      await page.getByRole("heading", { name: "Work queue" }).waitFor();

      // Staff work again: a scheduled demo appointment, confirmed with this session (through the
      // REST route; the work queue's buttons have the staff pages' own test).
      const scheduled = await context.request.get(`${product.url}/api/appointments?status=scheduled`);
      expect(scheduled.status()).toBe(200);
      const [first] = ((await scheduled.json()) as { appointments: Array<{ id: string; reference: string }> })
        .appointments;
      if (!first) throw new Error("the demo data has no scheduled appointment");
      reference = first.reference;
      expect(reference).toMatch(/^APT-[0-9A-F]{8}$/);
      const confirmed = await context.request.put(`${product.url}/api/appointments/${first.id}`, {
        data: { status: "confirmed" },
      });
      expect(confirmed.status()).toBe(200);
      await context.close();
      expect(findings).toEqual([]);
    },
    SLOW,
  );

  it(
    "a recovery code signs in once; used again it is refused in words, and Start again goes back to the password",
    async () => {
      const [code] = recoveryCodes;
      if (!code) throw new Error("no recovery codes: the set-up test did not run");
      const context = await freshContext(browser, PHONE, { bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${product.url}/#/signin`);
      await signInHere(page, "demo_health", DEMO_PASSWORD);
      await onCodeStep(page);
      // The number pad, until a recovery code needs letters.
      const field = page.getByLabel(CODE_LABEL);
      expect(await field.getAttribute("inputmode")).toBe("numeric");
      await page.getByRole("button", { name: /Show the full keyboard/ }).click();
      expect(await field.getAttribute("inputmode")).toBe("text");
      // Typed as people do: any case.
      await enterCode(page, code.toLowerCase());
      await page.getByRole("heading", { name: "Work queue" }).waitFor();
      await signOut(page);

      await signInHere(page, "demo_health", DEMO_PASSWORD);
      await onCodeStep(page);
      await enterCode(page, code);
      await page.getByText(WRONG_CODE).first().waitFor();
      await onCodeStep(page);
      await screenshot(page, "signin-code-refused-phone");
      const findings = await pageFindings(page, "sign-in code refused (phone)");
      await page.getByRole("button", { name: "Start again" }).click();
      await page.getByLabel("Password").waitFor();
      expect(await page.getByLabel("Password").inputValue()).toBe("");
      expect(await page.getByLabel("Username").inputValue()).toBe("demo_health");
      expect(await page.getByRole("button", { name: "Continue" }).count()).toBe(0);
      await context.close();
      expect(findings).toEqual([]);
    },
    SLOW,
  );

  it(
    "My account: two-step verification stays on for staff, new recovery codes after a code, and the security activity",
    async () => {
      // Someone tries demo_health's password from another client: it shows in the activity.
      for (let i = 0; i < 3; i++) {
        const response = await fetch(`${product.url}/api/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json", "user-agent": "curl/8.5.0" },
          body: JSON.stringify({ username: "demo_health", password: `not the password ${i}` }),
        });
        expect(response.status).toBe(401);
      }
      const context = await freshContext(browser);
      const page = await signIn(context, product.url, "demo_health", DEMO_PASSWORD);
      await open(page, product.url, "account", "My account");
      const card = page.getByRole("region", { name: "Two-step verification" });
      await card.getByText("On", { exact: true }).waitFor();
      // One recovery code was spent.
      await card.getByText("9 of 10").waitFor();
      await card.getByText("Your role needs two-step verification, so it stays on.").waitFor();
      expect(await card.getByRole("button", { name: "Turn off" }).count()).toBe(0);

      await card.getByRole("button", { name: "Make new recovery codes" }).click();
      const dialog = page.getByRole("dialog", { name: "Make new recovery codes?" });
      await dialog.getByText("the ones you have now stop working").waitFor();
      await dialog.getByLabel(CODE_LABEL).fill("000000");
      await dialog.getByRole("button", { name: "Make new recovery codes" }).click();
      await dialog.getByText(WRONG_CODE).first().waitFor();
      await dialog.getByLabel(CODE_LABEL).fill(await codeFor(page, "demo_health"));
      // Enter in the field confirms, as the button does.
      await dialog.getByLabel(CODE_LABEL).press("Enter");
      await expect.poll(() => dialog.count()).toBe(0);
      const list = card.getByRole("list", { name: "Your recovery codes" });
      await list.waitFor();
      const fresh = await list.getByRole("listitem").allTextContents();
      expect(fresh).toHaveLength(10);
      for (const code of fresh) expect(code).toMatch(RECOVERY_CODE);
      expect(fresh.filter((code) => recoveryCodes.includes(code))).toEqual([]);
      await card.getByRole("button", { name: "I have saved my recovery codes" }).click();
      await card.getByText("10 of 10").waitFor();

      // Its own sign-ins and security changes, in words, with the device and address.
      const activity = page.getByRole("region", { name: "Recent security activity" });
      await activity.getByText("New recovery codes made").first().waitFor();
      await activity.getByText("Signed in with a recovery code").first().waitFor();
      await activity.getByText("Sign-in failed").first().waitFor();
      await activity.getByText("wrong code").first().waitFor();
      await activity.getByText("wrong password").first().waitFor();
      await activity.getByText("A program (curl)").first().waitFor();
      await activity.getByText("Chrome on Linux").first().waitFor();
      await activity.getByText("127.0.0.1").first().waitFor();
      // Older entries, a page at a time.
      const rows = activity.locator("tbody tr");
      expect(await rows.count()).toBe(10);
      await activity.getByRole("button", { name: "Show older" }).click();
      await expect.poll(() => rows.count()).toBeGreaterThan(10);
      await activity.getByText("Two-step verification turned on").first().waitFor();
      await context.close();
    },
    SLOW,
  );

  it(
    "a citizen turns two-step verification on from My account and off again",
    async () => {
      const person = await registeredCitizen(product.url, "Kamala Sohonie");
      const context = await freshContext(browser);
      const page = await signIn(context, product.url, person.username, person.password);
      await open(page, product.url, "account", "My account");
      const card = page.getByRole("region", { name: "Two-step verification" });
      await card.getByText("Off", { exact: true }).waitFor();
      await card.getByRole("link", { name: "Turn on two-step verification" }).click();
      await page.getByRole("heading", { name: "Set up two-step verification" }).waitFor();
      // Not forced: the rest of the app is there, and nothing says the role needs it.
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My appointments" }).waitFor();
      expect(await page.getByText("Your role needs two-step verification").count()).toBe(0);
      const codes = await enrolHere(page, person.username);
      expect(codes).toHaveLength(10);
      await page.getByRole("button", { name: "I have saved my recovery codes" }).click();
      await page.getByRole("heading", { name: "My account" }).waitFor();
      await card.getByText("On", { exact: true }).waitFor();

      await card.getByRole("button", { name: "Turn off" }).click();
      const dialog = page.getByRole("dialog", { name: "Turn off two-step verification?" });
      await dialog.getByText("Signing in will ask only for your password").waitFor();
      await dialog.getByLabel(CODE_LABEL).fill(await codeFor(page, person.username));
      await dialog.getByRole("button", { name: "Turn off" }).click();
      await card.getByText("Two-step verification is off: signing in needs only your password.").waitFor();
      await card.getByText("Off", { exact: true }).waitFor();
      await signOut(page);
      await signInHere(page, person.username, person.password);
      await page.getByRole("heading", { name: "My appointments" }).waitFor();
      await context.close();
    },
    SLOW,
  );

  it(
    "an admin (set up at first sign-in) finds the confirmation in the audit log, and in its CSV download",
    async () => {
      const context = await freshContext(browser, DESKTOP, { bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${product.url}/#/signin`);
      await signInHere(page, "demo_admin", DEMO_PASSWORD);
      await page.getByRole("heading", { name: "Set up two-step verification" }).waitFor();
      await passSecondFactor(page, "demo_admin");

      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
      await page.getByRole("heading", { name: "Audit log" }).waitFor();
      const filters = page.getByRole("region", { name: "Find entries" });
      await filters.getByLabel("Username").fill("demo_health");
      await filters.getByLabel("Action").selectOption({ label: "Appointment status changed" });
      await filters.getByRole("button", { name: "Apply filters" }).click();
      const entries = page.getByRole("region", { name: "Matching entries" });
      const rows = entries.locator("tbody tr");
      const row = rows.filter({ hasText: reference });
      await row.waitFor();
      // Every match is what the filters asked for (the demo data has more of demo_health's changes).
      expect(await rows.filter({ hasNotText: "Appointment status changed" }).count()).toBe(0);
      expect(await rows.filter({ hasNotText: "demo_health" }).count()).toBe(0);
      // Exactly that one entry is about it, and it is the newest of the matches.
      expect(await row.count()).toBe(1);
      expect(await rows.first().textContent()).toContain(reference);
      await row.getByText("from scheduled to confirmed").waitFor();
      await row.getByText("Chrome on Linux").waitFor();
      await row.getByText("127.0.0.1").waitFor();
      const id = ((await row.getAttribute("data-testid")) ?? "").replace(/^audit-/, "");
      expect(id).toMatch(/^\d+$/);
      await screenshot(page, "audit-filtered-desktop");
      const findings = await pageFindings(page, "audit log, filtered (desktop)");

      // The download: the same filters, the admin's cookie, a line for that entry.
      const href = (await entries.getByRole("link", { name: "Download CSV" }).getAttribute("href")) ?? "";
      expect(href).toBe("/api/admin/audit/export?actor=demo_health&action=appointment.status_changed");
      const csv = await page.evaluate(async (address) => {
        const response = await fetch(address, { credentials: "include" });
        return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
      }, href);
      expect(csv.status).toBe(200);
      expect(csv.type).toContain("text/csv");
      const lines = csv.text.split(/\r?\n/).filter((line) => line !== "");
      expect(lines[0]).toMatch(/^id,at,action,actor_id,actor_username,target_type,target_id/);
      const line = lines.find((candidate) => candidate.startsWith(`${id},`));
      expect(line).toBeDefined();
      expect(line).toContain(",appointment.status_changed,");
      expect(line).toContain(",demo_health,");
      expect(line).toContain(`,appointment,${reference.slice(4).toLowerCase()}`);
      for (const other of lines.slice(1)) expect(other).toContain(",appointment.status_changed,");

      // Unfiltered, the log pages: older, and back to the newest.
      await filters.getByRole("button", { name: "Clear" }).click();
      const all = page.getByRole("region", { name: "All entries" });
      await all.locator("tbody tr").first().waitFor();
      const newest = await all.locator("tbody tr").first().getAttribute("data-testid");
      const pager = all.getByRole("navigation", { name: "Pages of the audit log" });
      expect(await pager.getByRole("button", { name: "Newer" }).isDisabled()).toBe(true);
      await pager.getByRole("button", { name: "Older" }).click();
      await pager.getByText("Page 2").waitFor();
      await expect.poll(() => all.locator("tbody tr").first().getAttribute("data-testid")).not.toBe(newest);
      await pager.getByRole("button", { name: "Newer" }).click();
      await pager.getByText("Page 1").waitFor();
      await expect.poll(() => all.locator("tbody tr").first().getAttribute("data-testid")).toBe(newest);
      await context.close();
      expect(findings).toEqual([]);
    },
    SLOW,
  );

  it(
    "an admin resets a healthcare admin's two-step verification: their devices are signed out and they set it up again",
    async () => {
      const staff = await freshContext(browser);
      const staffPage = await signIn(staff, product.url, "demo_health", DEMO_PASSWORD);

      const context = await freshContext(browser);
      const page = await signIn(context, product.url, "demo_admin", DEMO_PASSWORD);
      await open(page, product.url, "users", "Users");
      await page.getByRole("region", { name: "Accounts" }).getByLabel("Search").fill("demo_health");
      const row = page.getByTestId("user-demo_health");
      await row.getByText("On", { exact: true }).waitFor();
      // Not for oneself: one's own is managed from My account.
      await page.getByRole("region", { name: "Accounts" }).getByLabel("Search").fill("demo_admin");
      await page.getByTestId("user-demo_admin").getByText("(you)").waitFor();
      expect(
        await page
          .getByTestId("user-demo_admin")
          .getByRole("button", { name: /Reset two-step verification/ })
          .count(),
      ).toBe(0);
      await page.getByRole("region", { name: "Accounts" }).getByLabel("Search").fill("demo_health");

      await row.getByRole("button", { name: "Reset two-step verification for Demo Healthcare Admin" }).click();
      const dialog = page.getByRole("dialog", { name: "Reset two-step verification for Demo Healthcare Admin?" });
      await dialog.getByText("will be signed out on all their devices").waitFor();
      await dialog.getByText("they will set it up again the next time they sign in").waitFor();
      await screenshot(page, "users-reset-two-step-dialog-desktop");
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await row.getByText("On", { exact: true }).waitFor();
      await row.getByRole("button", { name: "Reset two-step verification for Demo Healthcare Admin" }).click();
      await dialog.getByRole("button", { name: "Reset two-step verification" }).click();
      await page
        .getByText("Two-step verification of Demo Healthcare Admin is reset, and their devices are signed out.")
        .waitFor();
      await row.getByText("Off", { exact: true }).waitFor();
      expect(await row.getByRole("button", { name: /Reset two-step verification/ }).count()).toBe(0);
      await context.close();

      // Their open session has ended: the next page they open says so.
      await staffPage.evaluate(() => {
        window.location.hash = "/account";
      });
      await staffPage.getByRole("heading", { name: "Sign in" }).waitFor();
      await staff.close();

      // At the next sign-in (on a phone), the set-up again, forced.
      const phone = await freshContext(browser, PHONE, { bypassCSP: true });
      const phonePage = await phone.newPage();
      await phonePage.goto(`${product.url}/#/signin`);
      await signInHere(phonePage, "demo_health", DEMO_PASSWORD);
      await phonePage.getByRole("heading", { name: "Set up two-step verification" }).waitFor();
      await phonePage.getByText("Your role needs two-step verification.").waitFor();
      await phonePage.getByTestId("totp-secret").waitFor();
      await screenshot(phonePage, "two-step-setup-forced-phone");
      const findings = await pageFindings(phonePage, "set-up, forced (phone)");
      await passSecondFactor(phonePage, "demo_health");
      await phone.close();
      expect(findings).toEqual([]);
    },
    SLOW,
  );

  it(
    "the new pages at desktop and 375 px: screenshots, nothing sideways, no serious accessibility violations",
    async () => {
      const findings: string[] = [];
      for (const [size, viewport] of [
        ["desktop", DESKTOP],
        ["phone", PHONE],
      ] as const) {
        const person = await registeredCitizen(product.url, "Asima Chatterjee");
        const context = await freshContext(browser, viewport, { bypassCSP: true });
        const page = await signIn(context, product.url, person.username, person.password);
        await open(page, product.url, "two-step-setup", "Set up two-step verification");
        await page.getByTestId("totp-secret").waitFor();
        await screenshot(page, `two-step-setup-${size}`);
        findings.push(...(await pageFindings(page, `set-up (${size})`)));
        await enrolHere(page, person.username);
        await screenshot(page, `two-step-recovery-codes-${size}`);
        findings.push(...(await pageFindings(page, `recovery codes (${size})`)));
        await page.getByRole("button", { name: "I have saved my recovery codes" }).click();
        await page.getByRole("heading", { name: "My account" }).waitFor();
        const card = page.getByRole("region", { name: "Two-step verification" });
        await card.getByText("10 of 10").waitFor();
        await page.getByRole("region", { name: "Recent security activity" }).locator("tbody tr").first().waitFor();
        await page.waitForLoadState("networkidle").catch(() => undefined);
        await screenshot(page, `account-two-step-${size}`);
        findings.push(...(await pageFindings(page, `account with two-step (${size})`)));
        await card.getByRole("button", { name: "Turn off" }).click();
        await page.getByRole("dialog", { name: "Turn off two-step verification?" }).waitFor();
        await screenshot(page, `account-two-step-off-dialog-${size}`);
        findings.push(...(await pageFindings(page, `turn-off dialog (${size})`, { overflow: false })));
        await page.keyboard.press("Escape");

        await signOut(page);
        await signInHere(page, person.username, person.password);
        await onCodeStep(page);
        await screenshot(page, `signin-code-step-${size}`);
        findings.push(...(await pageFindings(page, `sign-in code step (${size})`)));
        await enterCode(page, await codeFor(page, person.username));
        await page.getByRole("heading", { name: "My appointments" }).waitFor();
        await context.close();

        const admin = await freshContext(browser, viewport, { bypassCSP: true });
        const adminPage = await signIn(admin, product.url, "demo_admin", DEMO_PASSWORD);
        await open(adminPage, product.url, "audit", "Audit log");
        await adminPage.getByRole("region", { name: "All entries" }).locator("tbody tr").first().waitFor();
        await screenshot(adminPage, `audit-${size}`);
        findings.push(...(await pageFindings(adminPage, `audit log (${size})`)));
        await open(adminPage, product.url, "users", "Users");
        await adminPage.getByRole("region", { name: "Accounts" }).getByLabel("Search").fill(person.username);
        await adminPage
          .getByTestId(`user-${person.username}`)
          .getByRole("button", { name: `Reset two-step verification for ${person.fullName}` })
          .click();
        const dialog = adminPage.getByRole("dialog", { name: `Reset two-step verification for ${person.fullName}?` });
        await dialog.getByText("can set two-step verification up again from My account").waitFor();
        await screenshot(adminPage, `users-reset-two-step-dialog-${size}`);
        findings.push(...(await pageFindings(adminPage, `reset dialog (${size})`, { overflow: false })));
        await adminPage.keyboard.press("Escape");
        await admin.close();
      }
      expect(findings).toEqual([]);
    },
    2 * SLOW,
  );
});
