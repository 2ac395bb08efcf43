import type { Browser, Page, Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  DEMO_PASSWORD,
  DESKTOP,
  endSessionElsewhere,
  freshContext,
  goTo,
  inDays,
  mainNav,
  refuseTrpc,
  registeredCitizen,
  screenshot,
  signIn,
  signInHere,
} from "./pages.ts";
import type { RunningProduct } from "./product.ts";
import { startForSuite } from "./suite.ts";

const SLOW = 240_000;

/**
 * What no message a person reads may contain. The API's own messages name fields, paths and
 * settings for developers ("hospitalId must be the id of a hospital from GET
 * /api/healthcare/hospitals", "send the token as `Authorization: Bearer …`"); the dashboard must
 * have put them in words before they reach a page.
 */
const NOT_PLAIN: ReadonlyArray<{ readonly what: string; readonly pattern: RegExp }> = [
  { what: "a field path (camelCase)", pattern: /\b[a-z]+(?:[A-Z][a-z0-9]*)+\b/ },
  // data.userId, but not an email address (name@example.gov) or a domain after one.
  { what: "a field path (dotted)", pattern: /(?<![@\w.])[a-z][a-zA-Z0-9]*\.[a-z][a-zA-Z0-9]*\b(?![@\w])/ },
  { what: "a URL path", pattern: /\/(?:api|trpc|health)\b|(?:^|\s)\/[a-z][\w-]*\/[\w-]+/i },
  { what: "an environment variable", pattern: /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/ },
  { what: "a protocol word", pattern: /\b(?:token|bearer|json)\b/i },
];

/** Where messages appear: alerts, statuses, error summaries and texts, notices, hints, empty states, dialogs. */
const MESSAGES = [
  '[role="alert"]',
  '[role="status"]',
  "[aria-live]",
  ".error-summary",
  ".error-text",
  ".notice",
  ".success",
  ".failed",
  ".empty",
  ".hint",
  ".banner",
  ".muted",
  "dialog[open]",
].join(", ");

/** Every visible message on the page now, as shown. */
const visibleMessages = (page: Page) =>
  page.evaluate((selector) => {
    const texts = Array.from(document.querySelectorAll<HTMLElement>(selector))
      .filter((element) => element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden")
      // biome-ignore lint/performance/useDomNodeTextContent: the text as shown (hidden parts left out) is what a person reads
      .map((element) => element.innerText.trim())
      .filter((text) => text !== "");
    return [...new Set(texts)];
  }, MESSAGES);

/** Sends a call's input changed by `change` (as a client skipping the form's own checks would). */
async function sendChanged(page: Page, procedure: string, change: (input: Record<string, unknown>) => void) {
  const predicate = (url: URL) => url.pathname.startsWith("/trpc/") && url.pathname.includes(procedure);
  const handler = async (route: Route) => {
    const body = JSON.parse(route.request().postData() ?? "{}") as Record<string, Record<string, unknown>>;
    for (const input of Object.values(body)) change(input);
    await route.continue({ postData: JSON.stringify(body) });
  };
  await page.route(predicate, handler);
  return () => page.unroute(predicate, handler);
}

describe("plain language: no message on any page or state names a field, a URL, a setting or a protocol", () => {
  let product: RunningProduct;
  let browser: Browser;
  const seen: Array<{ where: string; text: string }> = [];
  let states = 0;
  const collect = async (page: Page, where: string) => {
    // The page's calls have answered and it has drawn what they said.
    await page.waitForTimeout(250);
    states += 1;
    for (const text of await visibleMessages(page)) seen.push({ where, text });
  };
  /**
   * The same page, loaded afresh, with its calls refused as rate limited (429) and as broken
   * (500). The session check is let through (its own refusal has a page of its own): this is
   * about what each page says.
   */
  const refused = async (page: Page, path: string, where: string) => {
    for (const kind of ["rateLimited", "broken"] as const) {
      const lift = await refuseTrpc(page, kind, { retryAfterSeconds: 40, only: /^\/trpc\/(?!auth\.session)/ });
      await page.goto("about:blank");
      await page.goto(`${product.url}/#/${path}`);
      await page
        .getByText(kind === "rateLimited" ? /a lot of requests/ : /went wrong on our side/)
        .first()
        .waitFor()
        .catch(async (error: unknown) => {
          await screenshot(page, `plain-language-failed-${where}-${kind}`);
          throw error;
        });
      await collect(page, `${where}, ${kind}`);
      await lift();
    }
  };

  startForSuite({ demoPassword: DEMO_PASSWORD }, (started) => {
    ({ product, browser } = started);
  });

  it(
    "signed out: sign in, register, forgotten and reset password, emailed links, status",
    async () => {
      const context = await freshContext(browser, DESKTOP);
      const page = await context.newPage();
      await goTo(page, product.url, "signin", page.getByRole("button", { name: "Sign in" }));
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByText("There is a problem").waitFor();
      await collect(page, "sign in, empty");
      await signInHere(page, "demo_citizen", "not the password at all");
      await page.getByText("Invalid username or password").waitFor();
      await collect(page, "sign in, wrong password");

      await goTo(page, product.url, "register", page.getByRole("button", { name: "Create account" }));
      await page.getByRole("button", { name: "Create account" }).click();
      await page.getByText("There is a problem").waitFor();
      await collect(page, "register, empty");
      await page.getByLabel("Username").fill("demo_citizen");
      await page.getByLabel("Full name").fill("Someone Else");
      await page.getByLabel("Email").fill("someone.else@example.gov");
      await page.getByLabel("Password").fill("password");
      await page.getByRole("button", { name: "Create account" }).click();
      await page.locator(".error-summary li").first().waitFor();
      await collect(page, "register, refused by the server");
      // Past the form's own checks: the server's words about a malformed address and a blank name.
      const unchecked = await sendChanged(page, "auth.register", (input) => {
        input.email = "not-an-address";
        input.fullName = " ";
        input.username = "x";
      });
      await page.getByLabel("Password").fill("a long enough passphrase 42");
      await page.getByRole("button", { name: "Create account" }).click();
      await page.locator(".error-summary li").nth(1).waitFor();
      await collect(page, "register, server validation");
      await unchecked();

      await goTo(page, product.url, "forgot-password", page.getByRole("button", { name: "Send me a link" }));
      await page.getByRole("button", { name: "Send me a link" }).click();
      await page.getByText("There is a problem").waitFor();
      await collect(page, "forgot password, empty");
      await page.getByLabel("Email").fill("nobody@example.gov");
      await page.getByRole("button", { name: "Send me a link" }).click();
      await page.getByRole("status").first().waitFor();
      await collect(page, "forgot password, sent");

      const token = "A".repeat(32);
      await goTo(page, product.url, `reset-password?token=${token}`, page.getByLabel("New password", { exact: true }));
      await page.getByLabel("New password", { exact: true }).fill("a new passphrase 42");
      await page.getByLabel("New password again").fill("another passphrase");
      await page.getByRole("button", { name: "Save the new password" }).click();
      await page.getByText("There is a problem").waitFor();
      await collect(page, "reset password, mismatch");
      await page.getByLabel("New password again").fill("a new passphrase 42");
      await page.getByRole("button", { name: "Save the new password" }).click();
      await page.getByText("This link is not valid.").waitFor();
      await collect(page, "reset password, bad link");
      await goTo(page, product.url, "reset-password", page.getByRole("link", { name: "Ask for a new link" }));
      await collect(page, "reset password, no link");

      for (const [path, heading] of [
        [`verify-email?token=${token}`, "Confirm your email address"],
        [`accept-invitation?token=${token}`, "Accept your invitation"],
        ["setup", "Setup is done"],
        ["status", "Service status"],
      ] as const) {
        await goTo(page, product.url, path, page.getByRole("heading", { name: heading, exact: true }));
        await page.waitForTimeout(500);
        await collect(page, path);
      }
      const broken = await refuseTrpc(page, "broken", { only: /health\.check/ });
      await page.reload();
      await page.getByText("We could not check the service just now.").waitFor();
      await collect(page, "status, health check failing");
      await broken();

      const limited = await refuseTrpc(page, "rateLimited", { only: /auth\.login/ });
      await page.goto(`${product.url}/#/signin`);
      await signInHere(page, "demo_citizen", DEMO_PASSWORD);
      await page.getByText(/a lot of requests/).waitFor();
      await collect(page, "sign in, rate limited");
      await limited();
      await context.close();
    },
    SLOW,
  );

  it(
    "a citizen: every page, its forms refused by the client and by the server, and every page rate limited and broken",
    async () => {
      const person = await registeredCitizen(product.url, "Asima Chatterjee");
      const context = await freshContext(browser, DESKTOP);
      const page = await signIn(context, product.url, person.username, person.password);
      await page.getByText("You have no upcoming appointments.").waitFor();
      await collect(page, "my appointments, empty");

      await goTo(page, product.url, "book", page.getByRole("button", { name: "Continue" }));
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByText("There is a problem").waitFor();
      await collect(page, "booking, empty");
      await page.getByLabel("Hospital").selectOption({ label: "City General Hospital, Pune" });
      await page.getByLabel("Department").selectOption("Cardiology");
      await page.getByLabel("Date", { exact: true }).fill(inDays(20));
      await page.locator('input[name="appointmentTime"][value="11:00"]').check();
      await page.getByLabel("Phone number").fill("098765 43210");
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByRole("heading", { name: "Check your answers before booking" }).waitFor();
      await collect(page, "check your answers");
      // Past the form's checks, with everything wrong: the API answers in field names; the page must not.
      const unchecked = await sendChanged(page, "appointments.book", (input) => {
        input.hospitalId = "not-a-hospital";
        input.appointmentDate = "someday";
        input.appointmentTime = "25:99";
        input.patientPhone = "call me";
        input.patientName = "";
        input.department = "";
      });
      await page.getByRole("button", { name: "Book this appointment" }).click();
      await page.locator(".error-summary li").nth(3).waitFor();
      await collect(page, "booking, refused by the server's validation");
      await unchecked();
      const past = await sendChanged(page, "appointments.book", (input) => {
        input.appointmentDate = inDays(-1);
      });
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByRole("button", { name: "Book this appointment" }).click();
      await page.locator(".error-summary li").first().waitFor();
      await collect(page, "booking, a date in the past");
      await past();
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByRole("button", { name: "Book this appointment" }).click();
      await page.getByRole("heading", { name: "Appointment booked" }).waitFor();
      await collect(page, "booking confirmed");

      await page.getByRole("link", { name: "View or cancel this appointment" }).click();
      await page.getByRole("button", { name: "Cancel appointment" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Why are you cancelling? (optional)").fill("x".repeat(501));
      await dialog.getByRole("button", { name: "Yes, cancel it" }).click();
      await dialog.getByText("There is a problem").waitFor();
      await collect(page, "cancel, reason too long");
      const long = await sendChanged(page, "appointments.updateStatus", (input) => {
        input.reason = "y".repeat(600);
      });
      await dialog.getByLabel("Why are you cancelling? (optional)").fill("Too far away");
      await dialog.getByRole("button", { name: "Yes, cancel it" }).click();
      await dialog.locator(".error-summary li").first().waitFor();
      await collect(page, "cancel, refused by the server");
      await long();
      await dialog.getByRole("button", { name: "Yes, cancel it" }).click();
      await page.getByText(/is cancelled\./).waitFor();
      await collect(page, "cancelled");

      for (const [path, heading] of [
        ["appointments", "My appointments"],
        ["appointments?view=past", "My appointments"],
        ["appointments?view=cancelled", "My appointments"],
        ["requests", "Track my requests"],
        ["alerts", "Alerts"],
        ["outbox", "Dev outbox"],
        ["developer", "You do not have access to this page"],
        ["appointment?id=00000000-0000-4000-8000-000000000000", "Your appointment"],
        ["booked", "No booking to show"],
      ] as const) {
        await goTo(page, product.url, path, page.getByRole("heading", { name: heading }));
        await page.waitForTimeout(500);
        await collect(page, path);
      }

      await goTo(page, product.url, "account", page.getByRole("heading", { name: "My account" }));
      const nameCard = page.getByRole("region", { name: "Your name" });
      await nameCard.getByLabel("Full name").fill("");
      await nameCard.getByRole("button", { name: "Save name" }).click();
      await nameCard.getByText("There is a problem").waitFor();
      const emailCard = page.getByRole("region", { name: "Your email address" });
      await emailCard.getByLabel("New email address").fill("asima.new@example.gov");
      await emailCard.getByLabel("Current password").fill("not my password");
      await emailCard.getByRole("button", { name: "Change email address" }).click();
      await emailCard.locator(".error-summary li").first().waitFor();
      const passwordCard = page.getByRole("region", { name: "Your password" });
      await passwordCard.getByLabel("Current password").fill(person.password);
      await passwordCard.getByLabel("New password", { exact: true }).fill("password");
      await passwordCard.getByLabel("New password again").fill("password");
      await passwordCard.getByRole("button", { name: "Change password" }).click();
      await passwordCard.locator(".error-summary li").first().waitFor();
      await collect(page, "my account, refused");

      for (const [path, where] of [
        ["appointments", "my appointments"],
        ["book", "booking"],
        ["requests", "track my requests"],
        ["account", "my account"],
      ] as const) {
        await refused(page, path, where);
      }

      // The session check itself refused, on a reload: a page of its own, still signed in.
      await goTo(page, product.url, "requests", page.getByRole("heading", { name: "Track my requests" }));
      const checkRefused = await refuseTrpc(page, "rateLimited", { retryAfterSeconds: 40 });
      await page.reload();
      await page.getByRole("heading", { name: "Please wait a moment" }).waitFor();
      await collect(page, "session check rate limited");
      await checkRefused();
      await page.reload();
      await page.getByRole("heading", { name: "Track my requests" }).waitFor();

      // The session ends: with the cookie gone, the API says "send the token as … Bearer"; the page must not.
      await context.clearCookies();
      await goTo(page, product.url, "appointments?view=past", page.getByRole("heading", { name: "Sign in" }));
      await collect(page, "session gone");
      await signInHere(page, person.username, person.password);
      await page.getByRole("heading", { name: "My appointments" }).waitFor();
      await endSessionElsewhere(context, product.url);
      await goTo(page, product.url, "book", page.getByText("Your session has ended."));
      await collect(page, "session ended elsewhere");
      await context.close();
    },
    SLOW,
  );

  it(
    "staff: the work queue, the sector page, the overview, alerts and the email log, with their forms refused",
    async () => {
      const health = await freshContext(browser, DESKTOP);
      const nurse = await signIn(health, product.url, "demo_health", DEMO_PASSWORD);
      await nurse.getByTestId("queue-count").waitFor();
      await collect(nurse, "work queue");
      await nurse.getByLabel("Search by patient name or reference").fill("nobody by this name");
      await nurse.getByRole("button", { name: "Search" }).click();
      await nurse.getByText("No appointments match this search and these filters.").waitFor();
      await collect(nurse, "work queue, nothing matches");
      await goTo(nurse, product.url, "work-queue?page=999", nurse.getByText("There is no page"));
      await collect(nurse, "work queue, past the end");
      await nurse.goto(`${product.url}/#/work-queue`);
      await nurse
        .getByRole("button", { name: /^Details of APT-/ })
        .first()
        .click();
      await nurse
        .getByRole("button", { name: /^Hide details of APT-/ })
        .first()
        .waitFor();
      await collect(nurse, "work queue, a row's details");
      await nurse
        .getByRole("button", { name: /^Cancel APT-|^Cancel$/ })
        .first()
        .click();
      const dialog = nurse.getByRole("dialog");
      await dialog.getByLabel("Reason (optional)").fill("x".repeat(501));
      await dialog.getByRole("button", { name: "Yes, cancel it" }).click();
      await dialog.getByText("There is a problem").waitFor();
      await collect(nurse, "work queue, cancel reason too long");
      await dialog.getByRole("button", { name: "No, keep it" }).click();
      await mainNav(nurse).getByRole("link", { name: "Healthcare figures" }).click();
      await nurse.getByRole("heading", { name: "Healthcare figures", level: 2 }).waitFor();
      await nurse.locator(".chart-plot").first().waitFor();
      await collect(nurse, "healthcare figures");
      await screenshot(nurse, "staff-healthcare-figures-desktop");
      for (const [path, where] of [
        ["work-queue", "work queue"],
        ["sector", "healthcare figures"],
        ["overview", "overview"],
      ] as const) {
        await refused(nurse, path, where);
      }
      await health.close();

      const agriculture = await freshContext(browser, DESKTOP);
      const farmer = await signIn(agriculture, product.url, "demo_agri", DEMO_PASSWORD);
      await farmer.locator(".chart-plot").first().waitFor();
      await collect(farmer, "sector page");
      await farmer.getByRole("spinbutton", { name: "Crop yield" }).fill("150");
      await farmer.getByRole("button", { name: "Record figures" }).click();
      await farmer.locator(".error-summary li").first().waitFor();
      await collect(farmer, "sector page, out of range");
      // Past the form's checks: the API names the sample's path (data.samples.0.value); the page must not.
      const unchecked = await sendChanged(farmer, "tasks.submit", (input) => {
        const data = input.data as { samples?: Array<{ value: number }> } | undefined;
        for (const sample of data?.samples ?? []) sample.value = -5;
      });
      await farmer.getByRole("spinbutton", { name: "Crop yield" }).fill("4.2");
      await farmer.getByRole("button", { name: "Record figures" }).click();
      await farmer.locator(".error-summary li, .failed").first().waitFor();
      await collect(farmer, "sector page, refused by the server");
      await unchecked();
      await goTo(farmer, product.url, "alerts", farmer.locator(".alert-item, .empty"));
      await farmer.locator("summary", { hasText: "Raise an alert" }).click();
      await farmer.getByRole("button", { name: "Raise alert" }).click();
      await farmer.getByText("There is a problem").waitFor();
      await collect(farmer, "alerts, raise empty");
      for (const [path, where] of [
        ["sector", "sector page"],
        ["alerts", "alerts"],
      ] as const) {
        await refused(farmer, path, where);
      }
      await agriculture.close();

      const admin = await freshContext(browser, DESKTOP);
      const page = await signIn(admin, product.url, "demo_admin", DEMO_PASSWORD);
      for (const [path, heading] of [
        ["admin", "Email log"],
        ["developer", "Developer"],
      ] as const) {
        await goTo(page, product.url, path, page.getByRole("heading", { name: heading, exact: true }));
        await page.waitForTimeout(500);
        await collect(page, path);
      }
      await refused(page, "admin", "email log");
      await admin.close();
    },
    SLOW,
  );

  it(
    "an administrator's own pages: users, audit log, account, with their forms refused",
    async () => {
      const context = await freshContext(browser, DESKTOP);
      const page = await signIn(context, product.url, "demo_admin", DEMO_PASSWORD);
      await goTo(page, product.url, "users", page.getByRole("heading", { name: "Users" }));
      const invite = page.getByRole("region", { name: "Invite someone" });
      await invite.getByRole("button", { name: "Send the invitation" }).click();
      await invite
        .getByText("There is a problem")
        .waitFor()
        .catch(async (error: unknown) => {
          await screenshot(page, "plain-language-failed-invitation-empty");
          throw error;
        });
      await collect(page, "users, invitation empty");
      await invite.getByLabel("Email").fill("demo.citizen.again@example.gov");
      await invite.getByLabel("Full name").fill("Again");
      await invite.getByLabel("Role", { exact: true }).selectOption({ index: 1 });
      const unchecked = await sendChanged(page, "users.invite", (input) => {
        input.email = "nope";
      });
      await invite.getByRole("button", { name: "Send the invitation" }).click();
      await invite.locator(".error-summary li").first().waitFor();
      await collect(page, "users, invitation refused by the server");
      await unchecked();

      await goTo(page, product.url, "audit", page.getByRole("heading", { name: "Audit log" }));
      await page.getByLabel("Target id").fill("x".repeat(64));
      await page.getByRole("button", { name: "Apply filters" }).click();
      await page.waitForTimeout(800);
      await collect(page, "audit log, odd filter");
      await goTo(page, product.url, "account", page.getByTestId("session-current"));
      await collect(page, "admin account");
      for (const [path, where] of [
        ["users", "users"],
        ["audit", "audit log"],
      ] as const) {
        await refused(page, path, where);
      }
      await context.close();

      // The verdict over every state of every page visited (this test runs last).
      const problems = seen.flatMap(({ where, text }) =>
        NOT_PLAIN.filter(({ pattern }) => pattern.test(text)).map(({ what }) => `${where}: ${what} in "${text}"`),
      );
      if (process.env.PLAIN_LANGUAGE_LIST)
        console.log(seen.map(({ where, text }) => `${where} | ${text.replace(/\n/g, " / ")}`).join("\n"));
      expect(states).toBeGreaterThan(40);
      expect(problems).toEqual([]);
    },
    SLOW,
  );
});
