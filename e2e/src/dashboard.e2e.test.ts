import { randomUUID } from "node:crypto";
import { testRedisUrl } from "@govconnect/testing/inject";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser.ts";
import { DESKTOP, freshContext, open, PHONE, pageFindings, screenshot, sidewaysOverflow, signIn } from "./pages.ts";
import type { RunningProduct } from "./product.ts";
import { startProduct } from "./product.ts";

const DEMO_PASSWORD = "e2e demo passphrase";

/** A date a few days ahead, as the date input takes it. */
function inDays(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
}

describe("the dashboard in a real browser (API + workers + Redis + database, built)", () => {
  let product: RunningProduct;
  let browser: Browser;
  const patient = { username: `p_${randomUUID().slice(0, 6)}`, password: "patient passphrase 42" };
  let reference = "";

  beforeAll(async () => {
    product = await startProduct(testRedisUrl(), { demoPassword: DEMO_PASSWORD });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it("registers, books an appointment, and shows its confirmation email in the dev outbox", async () => {
    const context = await freshContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${product.url}/#/register`);
    await page.getByLabel("Username").fill(patient.username);
    await page.getByLabel("Full name").fill("Kamala Sohonie");
    await page.getByLabel("Email").fill(`${patient.username}@example.gov`);
    await page.getByLabel("Password").fill(patient.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    // The session is the httpOnly cookie: nothing of it is readable by the page.
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))).toBe("{}");
    expect(await page.evaluate(() => document.cookie)).not.toContain("access_token");

    // A new account is unconfirmed: it gets no email but the confirmation link until it confirms.
    const email = `${patient.username}@example.gov`;
    await page.getByRole("heading", { name: `Confirm your email address: we sent a link to ${email}` }).waitFor();
    await open(page, product.url, "outbox", "Dev outbox");
    await page.getByRole("button", { name: /Welcome to GovConnect Healthcare/ }).waitFor({ timeout: 30_000 });
    const confirmation = page.getByRole("button", { name: /Confirm your email address - GovConnect/ });
    await confirmation.waitFor({ timeout: 30_000 });
    await confirmation.click();
    const link = page.frameLocator("iframe.email-frame").getByRole("link", { name: "Confirm email address" });
    const href = (await link.getAttribute("href")) ?? "";
    expect(href).toMatch(new RegExp(`^${product.url}/#/verify-email\\?token=`));
    await page.goto(href);
    await page.getByText(`Thank you: your email address ${email} is confirmed.`).waitFor();
    await expect(page.getByRole("heading", { name: /we sent a link to/ }).count()).resolves.toBe(0);

    await open(page, product.url, "appointments", "Appointments");
    await page.getByLabel("Hospital").selectOption({ label: "City General Hospital, Pune" });
    await page.getByLabel("Department").selectOption("Cardiology");
    await page.getByLabel("Date").fill(inDays(12));
    await page.getByRole("radio", { name: "10:30" }).check();
    // A wrong phone number: the server's message appears next to the field.
    await page.getByLabel("Phone").fill("call me");
    await page.getByRole("button", { name: "Book" }).click();
    await page.getByText("patientPhone must be a phone number of 7 to 15 digits").first().waitFor();
    await page.getByLabel("Phone").fill("+91 98765 43210");
    await page.getByRole("button", { name: "Book" }).click();
    const booked = page.getByText(/Booked: APT-[0-9A-F]{8}/);
    await booked.waitFor();
    reference = /APT-[0-9A-F]{8}/.exec((await booked.textContent()) ?? "")?.[0] ?? "";
    expect(reference).not.toBe("");
    await page.getByTestId(`appointment-${reference}`).waitFor();

    await open(page, product.url, "outbox", "Dev outbox");
    await page
      .getByRole("button", { name: /Appointment Scheduled - GovConnect Healthcare/ })
      .waitFor({ timeout: 30_000 });
    const frame = page.frameLocator("iframe.email-frame");
    await frame.getByText(reference).first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a healthcare admin confirms it; the patient sees the status and the status email", async () => {
    const staff = await freshContext(browser);
    const staffPage = await signIn(staff, product.url, "demo_health", DEMO_PASSWORD);
    await open(staffPage, product.url, "appointments", "Appointments");
    await staffPage.getByRole("heading", { name: "All appointments" }).waitFor();
    await staffPage.getByRole("button", { name: `Confirm ${reference}` }).click();
    await staffPage.getByTestId(`appointment-${reference}`).getByText("confirmed").first().waitFor();
    await staff.close();

    const context = await freshContext(browser);
    const page = await signIn(context, product.url, patient.username, patient.password);
    await open(page, product.url, "appointments", "Appointments");
    await page.getByTestId(`appointment-${reference}`).getByText("confirmed").waitFor();
    await open(page, product.url, "outbox", "Dev outbox");
    await page
      .getByRole("button", { name: /Appointment Confirmed - GovConnect Healthcare/ })
      .waitFor({ timeout: 30_000 });
    await context.close();
  });

  it("submits a task and watches it reach processed without reloading", async () => {
    const context = await freshContext(browser);
    const page = await signIn(context, product.url, patient.username, patient.password);
    await open(page, product.url, "tasks", "Tasks");
    await page.getByLabel("Task type").selectOption("user_registration");
    await page.getByRole("button", { name: "Submit task" }).click();
    const watch = page.getByTestId("task-watch");
    await watch.getByText("processed").first().waitFor({ timeout: 30_000 });
    expect(await watch.locator("ol li").allTextContents()).toEqual(expect.arrayContaining(["processing", "processed"]));
    await context.close();
  });

  it("an admin's CRITICAL alert reaches a signed-in user's overview live", async () => {
    const viewerContext = await freshContext(browser);
    const viewer = await signIn(viewerContext, product.url, patient.username, patient.password);
    await viewer.getByTestId("live-indicator").getByText("Live").waitFor({ timeout: 15_000 });
    const before = Number(await viewer.getByTestId("alerts-critical").textContent());

    const adminContext = await freshContext(browser);
    const admin = await signIn(adminContext, product.url, "demo_admin", DEMO_PASSWORD);
    await open(admin, product.url, "alerts", "Alerts");
    await admin.getByLabel("Severity").selectOption("CRITICAL");
    await admin.getByLabel("Message").fill(`Flood barrier failure ${randomUUID().slice(0, 8)}`);
    await admin.getByRole("button", { name: "Raise alert" }).click();
    await admin.getByText("Alert raised").waitFor();

    await viewer
      .getByTestId("alerts-critical")
      .getByText(String(before + 1))
      .waitFor({ timeout: 15_000 });
    await adminContext.close();
    await viewerContext.close();
  });

  it("sends the user back to sign-in with a message when the session ends", async () => {
    const context = await freshContext(browser);
    const page = await signIn(context, product.url, patient.username, patient.password);
    // The session ends elsewhere (a logout from another client with the same token): the
    // browser still holds its cookie, and its next call is refused.
    const token = (await context.cookies()).find((cookie) => cookie.name === "access_token")?.value;
    const logout = await fetch(`${product.url}/api/auth/logout`, {
      method: "POST",
      headers: { cookie: `access_token=${token}` },
    });
    expect(logout.status).toBe(200);
    // Its next call is refused (or the live stream's session check got there first).
    await page.evaluate(() => {
      window.location.hash = "/tasks";
    });
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.getByText("Your session has expired or ended: sign in again").waitFor();
    await context.close();
  });

  it("every page: screenshots at desktop and 375 px, and no serious accessibility violations", async () => {
    const pages: Array<[name: string, heading: string]> = [
      ["overview", "Overview"],
      ["appointments", "Appointments"],
      ["tasks", "Tasks"],
      ["alerts", "Alerts"],
      ["admin", "Administration"],
      ["outbox", "Dev outbox"],
    ];
    const findings: string[] = [];
    for (const [size, viewport] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      const anonymous = await freshContext(browser, viewport, { bypassCSP: true });
      const signInPage = await anonymous.newPage();
      await signInPage.goto(`${product.url}/#/signin`);
      await signInPage.getByRole("heading", { name: "Sign in" }).waitFor();
      await screenshot(signInPage, `signin-${size}`);
      findings.push(...(await pageFindings(signInPage, "signin", { overflow: false })));
      await anonymous.close();

      const context = await freshContext(browser, viewport, { bypassCSP: true });
      const page: Page = await signIn(context, product.url, "demo_admin", DEMO_PASSWORD);
      for (const [name, heading] of pages) {
        await open(page, product.url, name, heading);
        // Let the page's queries settle, so the picture shows data rather than spinners.
        await page.waitForLoadState("networkidle").catch(() => undefined);
        await page.waitForTimeout(300);
        await screenshot(page, `${name}-${size}`);
        if (size === "desktop" || name === "appointments") {
          findings.push(...(await pageFindings(page, `${name} (${size})`, { overflow: false })));
        }
        // Nothing may stick out sideways at phone width.
        const overflow = await sidewaysOverflow(page);
        if (overflow > 1) findings.push(`${name} (${size}): ${overflow}px wider than the screen`);
      }
      await context.close();
    }
    expect(findings).toEqual([]);
  });
});
