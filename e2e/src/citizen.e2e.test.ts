import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  atHome,
  DEMO_PASSWORD,
  DESKTOP,
  displaySettings,
  endSessionElsewhere,
  freshContext,
  holdTrpc,
  inDays,
  mainNav,
  PHONE,
  pageFindings,
  refuseTrpc,
  registeredCitizen,
  screenshot,
  signIn,
  signInHere,
} from "./pages.ts";
import type { RunningProduct } from "./product.ts";
import { START_TIMEOUT, startForSuite } from "./suite.ts";

const SLOW = 180_000;
const HOSPITAL = "City General Hospital, Pune";

/** The visible text of the element that has the focus (what a screen reader would read next). */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    return { id: element?.id ?? "", tag: element?.tagName ?? "", text: (element?.textContent ?? "").trim() };
  });

/** The fields of an iCalendar file (unfolded), by name: the first VEVENT's. */
function calendarFields(ics: string): Record<string, string> {
  const unfolded = ics.replace(/\r\n[ \t]/g, "");
  const event = unfolded.slice(unfolded.indexOf("BEGIN:VEVENT"), unfolded.indexOf("END:VEVENT"));
  return Object.fromEntries(
    event
      .split("\r\n")
      .filter((line) => line.includes(":"))
      .map((line) => [line.slice(0, line.indexOf(":")).split(";")[0] ?? "", line.slice(line.indexOf(":") + 1)]),
  );
}

const icsUtc = (at: Date) => `${at.toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`;
const unescapeText = (value: string) => value.replace(/\\([\\;,])/g, "$1").replace(/\\n/g, "\n");

describe("a citizen's main tasks: book, see, cancel, track — at 1280 and 375 px", () => {
  let product: RunningProduct;
  let browser: Browser;
  let person: { username: string; password: string; fullName: string; email: string };
  let reference = "";
  const findings: string[] = [];
  const check = async (page: Page, label: string, options: { overflow?: boolean } = {}) => {
    findings.push(...(await pageFindings(page, label, options)));
  };

  startForSuite({ demoPassword: DEMO_PASSWORD }, (started) => {
    ({ product, browser } = started);
  });
  beforeAll(async () => {
    person = await registeredCitizen(product.url, "Kamala Sohonie");
  }, START_TIMEOUT);

  it(
    "books with the clock at 13:10: no past slot, errors in a summary, check your answers, a confirmation, an .ics that matches",
    async () => {
      const context = await freshContext(browser, DESKTOP, { bypassCSP: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      const now = new Date();
      const at1310 = new Date(now.getFullYear(), now.getMonth(), now.getDate(), 13, 10);
      await page.clock.setFixedTime(at1310);
      await page.goto(`${product.url}/#/signin`);
      await signInHere(page, person.username, person.password);
      await atHome(page);
      // A citizen's own navigation: no overview of sectors, no task form, no dev outbox.
      expect(await mainNav(page).getByRole("link").allTextContents()).toEqual([
        "My appointments",
        "Book an appointment",
        "Track my requests",
        "Alerts",
        "My account",
      ]);
      await page.getByRole("heading", { name: "My appointments" }).waitFor();
      await page.getByText("You have no upcoming appointments.").waitFor();
      await expect.poll(() => page.title()).toBe("My appointments – GovConnect");
      await screenshot(page, "citizen-home-empty-desktop");
      await check(page, "home, empty (desktop)");

      await mainNav(page).getByRole("link", { name: "Book an appointment" }).click();
      await page.getByRole("heading", { name: "Book an appointment" }).waitFor();
      // The focus moved to the new page's heading.
      await expect.poll(async () => (await focused(page)).text).toBe("Book an appointment");
      await expect.poll(() => page.title()).toBe("Book an appointment – GovConnect");

      // Nothing chosen: the summary lists what to do, takes the focus, and each link finds its field.
      await page.getByRole("button", { name: "Continue" }).click();
      const summary = page.locator(".error-summary");
      await summary.getByText("There is a problem").waitFor();
      expect((await focused(page)).text).toContain("There is a problem");
      await expect.poll(() => page.title()).toBe("Error: Book an appointment – GovConnect");
      expect(await summary.getByRole("link").allTextContents()).toEqual(
        expect.arrayContaining(["Choose a hospital", "Choose a department", "Choose a date", "Choose a time"]),
      );
      await summary.getByRole("link", { name: "Choose a hospital" }).click();
      expect((await focused(page)).id).toBe("book-hospitalId");
      expect(page.url()).toMatch(/#\/book$/);
      await screenshot(page, "book-errors-desktop");
      await check(page, "booking, error summary (desktop)");

      // The hospital's address and phone appear with it; today's past times are gone.
      await page.getByLabel("Hospital").selectOption({ label: HOSPITAL });
      await page.locator("address.place").getByText("Phone:").waitFor();
      await page.getByLabel("Department").selectOption("Cardiology");
      const today = inDays(0, now);
      await expect(page.getByLabel("Date", { exact: true }).getAttribute("min")).resolves.toBe(today);
      await expect(page.getByLabel("Date", { exact: true }).getAttribute("max")).resolves.toBe(inDays(365, now));
      await page.getByLabel("Date", { exact: true }).fill(today);
      const slots = page.locator('input[name="appointmentTime"]');
      await slots.first().waitFor();
      const offered = await slots.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
      expect(offered[0]).toBe("13:30");
      expect(offered.filter((time) => time < "13:30")).toEqual([]);
      expect(offered.at(-1)).toBe("16:30");

      // A day twelve days ahead, shown with its weekday in the deployment's locale.
      const day = inDays(12, now);
      await page.getByLabel("Date", { exact: true }).fill(day);
      const display = await displaySettings(product.url);
      const [y, m, d] = day.split("-").map(Number);
      const weekday = new Intl.DateTimeFormat(display.locale, {
        weekday: "long",
        day: "numeric",
        month: "long",
        year: "numeric",
        timeZone: "UTC",
      }).format(new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1, 12)));
      await expect.poll(() => page.getByTestId("chosen-day").textContent()).toBe(weekday);
      await page.locator('input[name="appointmentTime"][value="10:30"]').check();
      await page.getByLabel("Phone number").fill("call me");
      await page.getByRole("button", { name: "Continue" }).click();
      await summary.getByRole("link", { name: "Enter a phone number of 7 to 15 digits, like 098765 43210" }).waitFor();
      await page.getByLabel("Phone number").fill("098765 43210");
      await page.getByLabel("Symptoms (optional)").fill("Chest pain when climbing stairs");
      await page.getByRole("button", { name: "Continue" }).click();

      // Check your answers: Change goes back to the question, with the focus on it.
      await page.getByRole("heading", { name: "Check your answers before booking" }).waitFor();
      await expect.poll(() => page.title()).toBe("Check your answers – GovConnect");
      const answers = page.getByRole("definition");
      await expect(answers.allTextContents()).resolves.toEqual(expect.arrayContaining([weekday, "098765 43210"]));
      await screenshot(page, "book-check-desktop");
      await check(page, "check your answers (desktop)");
      await page.getByRole("button", { name: "Change phone number" }).click();
      await expect.poll(async () => (await focused(page)).id).toBe("book-patientPhone");
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByRole("heading", { name: "Check your answers before booking" }).waitFor();

      // Rate limited at the last step: still signed in, every answer kept, told when to retry.
      const lift = await refuseTrpc(page, "rateLimited", { retryAfterSeconds: 30, only: /appointments\.book\b/ });
      await page.getByRole("button", { name: "Book this appointment" }).click();
      await summary.getByText("Wait 30 seconds and try again.").waitFor();
      await mainNav(page).waitFor();
      await expect(answers.allTextContents()).resolves.toEqual(expect.arrayContaining([weekday, "098765 43210"]));
      await screenshot(page, "book-rate-limited-desktop");
      await check(page, "booking, rate limited (desktop)");
      await lift();
      await page.getByRole("button", { name: "Book this appointment" }).click();

      // The confirmation page: reference, what happens next, calendar file, print.
      await page.getByRole("heading", { name: "Appointment booked" }).waitFor();
      await expect.poll(() => page.title()).toBe("Appointment booked – GovConnect");
      reference = ((await page.getByTestId("appointment-reference").textContent()) ?? "").trim();
      expect(reference).toMatch(/^APT-[0-9A-F]{8}$/);
      await page.getByRole("heading", { name: "What happens next" }).waitFor();
      await screenshot(page, "booked-desktop");
      await check(page, "confirmation (desktop)");

      const download = page.waitForEvent("download");
      await page.getByRole("link", { name: "Add to calendar" }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe(`appointment-${reference}.ics`);
      const ics = calendarFields(readFileSync((await file.path()) ?? "", "utf8"));
      expect(ics.UID).toBe(`${reference.toLowerCase()}@govconnect`);
      expect(ics.DTSTART).toBe(icsUtc(new Date(y ?? 0, (m ?? 1) - 1, d ?? 1, 10, 30)));
      expect(unescapeText(ics.SUMMARY ?? "")).toBe("Cardiology appointment at City General Hospital");
      expect(unescapeText(ics.LOCATION ?? "")).toMatch(/^City General Hospital, .+Pune/);
      expect(unescapeText(ics.DESCRIPTION ?? "")).toContain(`Reference: ${reference}`);

      // Printed, the confirmation is the record alone: no navigation, buttons or links to act on.
      await page.emulateMedia({ media: "print" });
      expect(await mainNav(page).isVisible()).toBe(false);
      expect(await page.getByRole("link", { name: "Add to calendar" }).isVisible()).toBe(false);
      expect(await page.getByTestId("appointment-reference").isVisible()).toBe(true);
      await screenshot(page, "booked-print");
      await page.emulateMedia({ media: "screen" });

      // Booking again starts from an empty form: nothing of the last booking but the phone number.
      await mainNav(page).getByRole("link", { name: "Book an appointment" }).click();
      await page.getByLabel("Hospital").waitFor();
      await expect(page.getByLabel("Hospital").inputValue()).resolves.toBe("");
      await expect(page.getByLabel("Symptoms (optional)").inputValue()).resolves.toBe("");
      await expect(page.getByLabel("Phone number").inputValue()).resolves.toBe("098765 43210");
      expect(errors).toEqual([]);
      await context.close();
    },
    SLOW,
  );

  it(
    "at 375 px: the appointment under Upcoming, its detail and history, cancelled with a reason after a confirmation",
    async () => {
      const context = await freshContext(browser, PHONE, { bypassCSP: true });
      const page = await signIn(context, product.url, person.username, person.password);
      const item = page.getByTestId(`appointment-${reference}`);
      await item.waitFor();
      await page.getByText("1 upcoming appointment, soonest first").waitFor();
      await screenshot(page, "citizen-home-phone");
      await check(page, "home (phone)");

      await item.getByRole("link").click();
      await page.getByRole("heading", { name: /^Cardiology on / }).waitFor();
      await page.getByText("Booked by you").waitFor();
      await screenshot(page, "appointment-detail-phone");
      await check(page, "appointment detail (phone)");

      await page.getByRole("button", { name: "Cancel appointment" }).click();
      const dialog = page.getByRole("dialog", { name: "Cancel this appointment?" });
      await dialog.waitFor();
      // The focus starts on the harmless choice.
      expect((await focused(page)).text).toBe("No, keep it");
      await dialog.getByLabel("Why are you cancelling? (optional)").fill("I feel better now");
      await screenshot(page, "cancel-dialog-phone");
      await check(page, "cancel dialog (phone)", { overflow: false });
      await dialog.getByRole("button", { name: "Yes, cancel it" }).click();
      const result = page.getByRole("status").filter({ hasText: `Your appointment ${reference} is cancelled.` });
      await result.waitFor();
      await expect
        .poll(async () => (await focused(page)).text)
        .toContain(`Your appointment ${reference} is cancelled.`);
      await page.getByText("Cancelled by you").waitFor();
      await page.getByText("Reason given: I feel better now").waitFor();
      await expect(page.getByRole("button", { name: "Cancel appointment" }).count()).resolves.toBe(0);
      await check(page, "appointment cancelled (phone)");

      await page.getByRole("link", { name: "Back to my appointments" }).click();
      await page.getByText("You have no upcoming appointments.").waitFor();
      await check(page, "home, nothing upcoming (phone)");
      await page
        .getByRole("navigation", { name: "Which appointments" })
        .getByRole("link", { name: "Cancelled" })
        .click();
      await page.getByTestId(`appointment-${reference}`).getByText("Cancelled").waitFor();
      await screenshot(page, "appointments-cancelled-phone");
      await check(page, "cancelled tab (phone)");
      await context.close();
    },
    SLOW,
  );

  it(
    "the demo citizen's lists are in date order and paged with their total; track my requests shows plain stages and loads more",
    async () => {
      const context = await freshContext(browser, DESKTOP, { bypassCSP: true });
      const page = await signIn(context, product.url, "demo_citizen", DEMO_PASSWORD);
      // A citizen holds at most 10 upcoming appointments (MAX_OPEN_BOOKINGS_PER_CITIZEN, security
      // review L6): they fit on one page; the seed's history of attended visits takes two.
      const count = page.getByText(/^\d+ upcoming appointments?, soonest first$/);
      await count.waitFor();
      const upcoming = Number(/^(\d+)/.exec((await count.textContent()) ?? "")?.[1]);
      expect(upcoming).toBeGreaterThan(0);
      expect(upcoming).toBeLessThanOrEqual(10);
      await expect.poll(() => page.locator(".appointment-item h3").count()).toBe(upcoming);
      await screenshot(page, "citizen-home-desktop");
      await check(page, "home with appointments (desktop)");

      // The loading and failed states of the list, each checked as a page of its own.
      const release = await holdTrpc(page, /appointments\.myBookings/);
      await page.getByRole("link", { name: "Past" }).click();
      await page.getByText("Loading your appointments…").waitFor();
      await screenshot(page, "appointments-loading-desktop");
      await check(page, "appointments, loading (desktop)");
      await release();
      const pastCount = page.getByText(/^\d+ past appointments, most recent first$/);
      await pastCount.waitFor();
      const total = Number(/^(\d+)/.exec((await pastCount.textContent()) ?? "")?.[1]);
      expect(total).toBeGreaterThan(10);
      const headings = await page.locator(".appointment-item h3").allTextContents();
      expect(headings).toHaveLength(10);
      await page.getByRole("navigation", { name: "Pages of appointments" }).getByText("Page 1 of 2").waitFor();
      await page.getByRole("link", { name: "Next page" }).click();
      await page.getByText("Page 2 of 2").waitFor();
      await expect.poll(() => page.locator(".appointment-item").count()).toBe(total - 10);
      const lift = await refuseTrpc(page, "broken", { only: /appointments\.myBookings/ });
      await page.getByRole("link", { name: "Cancelled" }).click();
      await page.getByText("Something went wrong on our side. Try again in a moment.").waitFor();
      await screenshot(page, "appointments-failed-desktop");
      await check(page, "appointments, failed (desktop)");
      await lift();
      await page.getByRole("button", { name: "Try again" }).click();
      await page.locator(".appointment-item").first().waitFor();

      await mainNav(page).getByRole("link", { name: "Track my requests" }).click();
      await page.getByRole("heading", { name: "Track my requests" }).waitFor();
      const requests = page.getByTestId("request");
      await requests.first().waitFor();
      expect(await page.locator("form").count()).toBe(0);
      const text = (await page.locator("main").textContent()) ?? "";
      // Plain stages, not the system's: no task types, no "queued" or "failed".
      expect(text).not.toMatch(/user_login|email_notification|appointment_booking|\bqueued\b|\bfailed\b/);
      await requests.first().getByText("Appointment booking").waitFor();
      await requests.first().getByText("Done").waitFor();
      await expect.poll(() => requests.count()).toBe(10);
      await page.getByRole("button", { name: "Show more requests" }).click();
      await expect.poll(() => requests.count()).toBeGreaterThan(10);
      await screenshot(page, "requests-desktop");
      await check(page, "track my requests (desktop)");
      await context.close();
    },
    SLOW,
  );

  it(
    "rate limited while the session is checked: still signed in, told when, and back by itself; 401: said, and the same page after signing in",
    async () => {
      const context = await freshContext(browser, PHONE, { bypassCSP: true });
      const page = await signIn(context, product.url, person.username, person.password);
      const lift = await refuseTrpc(page, "rateLimited", { retryAfterSeconds: 2 });
      await page.goto(`${product.url}/#/requests`);
      await page.reload();
      await page.getByRole("heading", { name: "Please wait a moment" }).waitFor();
      await page
        .getByText("You are still signed in: this page tries again by itself in 2 seconds.", { exact: false })
        .waitFor();
      expect(await page.getByRole("heading", { name: "Sign in" }).count()).toBe(0);
      await screenshot(page, "rate-limited-phone");
      await check(page, "rate limited (phone)");
      await lift();
      await page.getByRole("heading", { name: "Track my requests" }).waitFor({ timeout: 15_000 });

      // The session ends elsewhere: the next call says so, and signing in returns to this page.
      await endSessionElsewhere(context, product.url);
      await page.evaluate(() => {
        window.location.hash = "/book";
      });
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      await page.getByText("Your session has ended. Sign in again to carry on where you were.").waitFor();
      await screenshot(page, "session-ended-phone");
      await check(page, "session ended (phone)");
      await signInHere(page, person.username, person.password);
      await page.getByRole("heading", { name: "Book an appointment" }).waitFor();
      expect(new URL(page.url()).hash).toBe("#/book");
      await context.close();
    },
    SLOW,
  );

  it(
    "the shell: a skip link that stays on the page, pages by role, 24 px targets, dark mode, no sideways scrolling",
    async () => {
      const context: BrowserContext = await freshContext(browser, PHONE, { bypassCSP: true });
      const page = await signIn(context, product.url, person.username, person.password);
      // A fresh load: the focus starts at the top of the page, as a person arriving would have it.
      await page.reload();
      await page.getByRole("heading", { name: "My appointments" }).waitFor();
      await page.keyboard.press("Tab");
      expect((await focused(page)).text).toBe("Skip to main content");
      await page.keyboard.press("Enter");
      expect((await focused(page)).id).toBe("main");
      expect(new URL(page.url()).hash).toBe("#/appointments");
      await page.getByRole("heading", { name: "My appointments" }).waitFor();

      // Pages of other roles: a plain refusal, with the way home. The dev outbox opens by address.
      await page.goto(`${product.url}/#/developer`);
      await page.getByRole("heading", { name: "You do not have access to this page" }).waitFor();
      await check(page, "no access (phone)");
      await page.goto(`${product.url}/#/outbox`);
      await page.getByRole("heading", { name: "Dev outbox" }).waitFor();
      await page.goto(`${product.url}/#/no-such-page`);
      await page.getByRole("heading", { name: "My appointments" }).waitFor();

      // Every button and control is at least 24 × 24 px.
      for (const where of ["appointments", "book", "requests", "account"]) {
        await page.goto(`${product.url}/#/${where}`);
        await page.locator("main h2").first().waitFor();
        await page.waitForTimeout(300);
        const small = await page.evaluate(() =>
          Array.from(document.querySelectorAll<HTMLElement>("button, a.button, .nav a, select, label.slot, .tabs a"))
            .filter((element) => element.offsetParent !== null)
            .map((element) => ({ element, box: element.getBoundingClientRect() }))
            .filter(({ box }) => box.width < 24 || box.height < 24)
            .map(({ element, box }) => `${element.textContent?.trim()} ${box.width}×${box.height}`),
        );
        expect(small, where).toEqual([]);
      }

      // Dark mode follows the system: the colours change, and every text still has its contrast.
      await page.emulateMedia({ colorScheme: "dark" });
      for (const where of ["appointments", "book"]) {
        await page.goto(`${product.url}/#/${where}`);
        await page.locator("main h2").first().waitFor();
        await page.waitForTimeout(300);
        const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
        expect(background).not.toBe("rgb(245, 247, 250)");
        await screenshot(page, `${where}-dark-phone`);
        await check(page, `${where}, dark (phone)`);
      }
      await context.close();
      expect(findings).toEqual([]);
    },
    SLOW,
  );
});
