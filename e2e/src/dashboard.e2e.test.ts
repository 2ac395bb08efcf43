import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  DEMO_PASSWORD,
  DESKTOP,
  endSessionElsewhere,
  freshContext,
  inDays,
  open,
  PHONE,
  pageFindings,
  screenshot,
  sidewaysOverflow,
  signIn,
} from "./pages.ts";
import type { RunningProduct } from "./product.ts";
import { startForSuite } from "./suite.ts";

describe("the dashboard in a real browser (API + workers + Redis + database, built)", () => {
  let product: RunningProduct;
  let browser: Browser;
  const patient = { username: `p_${randomUUID().slice(0, 6)}`, password: "patient passphrase 42" };
  let reference = "";
  let appointmentId = "";

  startForSuite({ demoPassword: DEMO_PASSWORD }, (started) => {
    ({ product, browser } = started);
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
    // A citizen's home: their appointments.
    await page.getByRole("heading", { name: "My appointments" }).waitFor();
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

    await open(page, product.url, "book", "Book an appointment");
    await page.getByLabel("Hospital").selectOption({ label: "City General Hospital, Pune" });
    await page.getByLabel("Department").selectOption("Cardiology");
    await page.getByLabel("Date", { exact: true }).fill(inDays(12));
    await page.locator('input[name="appointmentTime"][value="10:30"]').check();
    // A wrong phone number: the form says so, in words, before anything is sent.
    await page.getByLabel("Phone number").fill("call me");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByText("Enter a phone number of 7 to 15 digits, like 098765 43210").first().waitFor();
    await page.getByLabel("Phone number").fill("+91 98765 43210");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("button", { name: "Book this appointment" }).click();
    await page.getByRole("heading", { name: "Appointment booked" }).waitFor();
    reference = ((await page.getByTestId("appointment-reference").textContent()) ?? "").trim();
    expect(reference).toMatch(/^APT-[0-9A-F]{8}$/);
    appointmentId = new URL(page.url()).hash.split("id=")[1] ?? "";
    await open(page, product.url, "appointments", "My appointments");
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
    // Healthcare staff land on their work queue (its own test drives it); the change goes through
    // the REST route with the staff's session, as the queue's Confirm does through tRPC.
    await staffPage.getByRole("heading", { name: "Work queue" }).waitFor();
    const confirmed = await staff.request.put(`${product.url}/api/appointments/${appointmentId}`, {
      data: { status: "confirmed" },
    });
    expect(confirmed.status()).toBe(200);
    await staff.close();

    const context = await freshContext(browser);
    const page = await signIn(context, product.url, patient.username, patient.password);
    await page.getByTestId(`appointment-${reference}`).getByText("Confirmed").waitFor();
    await open(page, product.url, "outbox", "Dev outbox");
    await page
      .getByRole("button", { name: /Appointment Confirmed - GovConnect Healthcare/ })
      .waitFor({ timeout: 30_000 });
    await context.close();
  });

  it("an admin submits a raw task in the developer area and watches it reach processed without reloading", async () => {
    const context = await freshContext(browser);
    const page = await signIn(context, product.url, "demo_admin", DEMO_PASSWORD);
    await open(page, product.url, "developer", "Developer");
    await page.getByLabel("Task type").selectOption("user_registration");
    await page.getByRole("button", { name: "Submit task" }).click();
    const watch = page.getByTestId("task-watch");
    await watch.getByText("processed").first().waitFor({ timeout: 30_000 });
    expect(await watch.locator("ol li .watch-status").allTextContents()).toEqual(
      expect.arrayContaining(["processing", "processed"]),
    );
    await context.close();
  });

  it("an admin's CRITICAL alert reaches a healthcare admin's overview live", async () => {
    const viewerContext = await freshContext(browser);
    const viewer = await signIn(viewerContext, product.url, "demo_health", DEMO_PASSWORD);
    await open(viewer, product.url, "overview", "Overview");
    await viewer.getByTestId("live-indicator").getByText("Live").waitFor({ timeout: 15_000 });
    // The count once it has loaded (it shows "…" until then).
    const critical = viewer.getByTestId("alerts-critical");
    await expect.poll(async () => (await critical.textContent()) ?? "").toMatch(/^\d+$/);
    const before = Number(await critical.textContent());

    const adminContext = await freshContext(browser);
    const admin = await signIn(adminContext, product.url, "demo_admin", DEMO_PASSWORD);
    await open(admin, product.url, "alerts", "Alerts");
    // The form opens from its summary line (the list is what the page opens on).
    const raise = admin.locator("details.raise-alert");
    await raise.getByText("Raise an alert").click();
    await raise.getByLabel("Severity").selectOption("CRITICAL");
    await raise.getByLabel("What is wrong").fill(`Flood barrier failure ${randomUUID().slice(0, 8)}`);
    await raise.getByRole("button", { name: "Raise alert" }).click();
    await admin.getByText(/^Alert raised/).waitFor();

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
    // The session ends elsewhere (a logout from another client with the same cookie): the
    // browser still holds its cookie, and its next call is refused.
    await endSessionElsewhere(context, product.url);
    await page.evaluate(() => {
      window.location.hash = "/requests";
    });
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.getByText("Your session has ended. Sign in again to carry on where you were.").waitFor();
    await context.close();
  });

  it("every page: screenshots at desktop and 375 px, and no serious accessibility violations", async () => {
    // The admin's own pages (the citizen's and the staff's have files of their own).
    const pages: Array<[name: string, heading: string]> = [
      ["overview", "Overview"],
      ["alerts", "Alerts"],
      ["admin", "Email log"],
      ["developer", "Developer"],
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
        if (size === "desktop" || name === "developer") {
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
