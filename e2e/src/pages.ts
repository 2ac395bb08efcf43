import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { authenticatorApp } from "@govconnect/auth/testing";
import type { Browser, BrowserContext, Locator, Page, Route } from "playwright-core";

export const artifacts = fileURLToPath(new URL("../artifacts", import.meta.url));
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

export const DESKTOP = { width: 1280, height: 900 } as const;
export const PHONE = { width: 375, height: 812 } as const;

/**
 * A signed-out browser of its own (its own cookies), at a viewport size. `bypassCSP` lets the
 * accessibility checker be injected: the product's CSP rightly refuses inline scripts.
 */
export async function freshContext(
  browser: Browser,
  viewport: { width: number; height: number } = DESKTOP,
  options: { bypassCSP?: boolean } = {},
) {
  return browser.newContext({ viewport, ...options });
}

/**
 * The authenticator app of every account the tests enrol (one for the run of a file, so no code
 * is given twice: the server takes each 30-second step once).
 */
export const authenticator = authenticatorApp();

/** The secret each account enrolled with, by product and username: its sign-ins need codes of it. */
const secrets = new Map<string, string>();
const accountKey = (page: Page, username: string) => `${new URL(page.url()).origin} ${username}`;

export const CODE_LABEL = "Code from your authenticator app";

/** A fresh code for an account enrolled in this run (the set-up page's secret). */
export async function codeFor(page: Page, username: string): Promise<string> {
  const secret = secrets.get(accountKey(page, username));
  if (!secret) throw new Error(`${username} has not enrolled in this run: no secret to make a code from`);
  return authenticator.code(secret);
}

/**
 * On the two-step set-up page: reads the setup key (and remembers it for the account's later
 * sign-ins), turns it on with a code from it, and returns the ten recovery codes it shows,
 * leaving the page there (the caller continues past them).
 */
export async function enrolHere(page: Page, username: string): Promise<string[]> {
  const key = page.getByTestId("totp-secret");
  await key.waitFor();
  const secret = ((await key.textContent()) ?? "").trim();
  if (!/^[A-Z2-7]+=*$/.test(secret)) throw new Error(`the setup key "${secret}" is not base32`);
  secrets.set(accountKey(page, username), secret);
  await page.getByLabel(CODE_LABEL).fill(await authenticator.code(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  const list = page.getByRole("list", { name: "Your recovery codes" });
  await list.waitFor();
  return list.getByRole("listitem").allTextContents();
}

/** The signed-in shell's main navigation: each role's own pages, its home first. */
export const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });

/**
 * The role's home is on screen: the first link of the main navigation is the current page (the
 * shell sends a fresh sign-in there).
 */
export async function atHome(page: Page): Promise<void> {
  await mainNav(page).getByRole("link").first().and(page.locator('[aria-current="page"]')).waitFor();
}

/**
 * After the password: for staff at their first sign-in, the set-up of two-step verification
 * (enrolled, past the recovery codes); for an account that has it, the code step; then the
 * role's home (the signed-in navigation, its first page current).
 */
export async function passSecondFactor(page: Page, username: string): Promise<void> {
  const home = mainNav(page).getByRole("link").first();
  const setup = page.getByRole("heading", { name: "Set up two-step verification" });
  const codeStep = page.getByRole("button", { name: "Continue" });
  await home.or(setup).or(codeStep).first().waitFor();
  if (await setup.isVisible()) {
    await enrolHere(page, username);
    await page.getByRole("button", { name: "I have saved my recovery codes" }).click();
  } else if (await codeStep.isVisible()) {
    await page.getByLabel(CODE_LABEL).fill(await codeFor(page, username));
    await codeStep.click();
  }
  await atHome(page);
}

/** The password step of the sign-in form, in a page already open. */
export async function signInHere(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in through the sign-in form (and two-step verification, for staff) and waits for the role's home. */
export async function signIn(context: BrowserContext, url: string, username: string, password: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${url}/#/signin`);
  await signInHere(page, username, password);
  await passSecondFactor(page, username);
  return page;
}

/**
 * Goes to a page of the app by its address (`path` after `#/`). Moving within the app (only the
 * `#/…` part changes), the app moves the focus to the new page's heading a frame after it renders,
 * which scrolls the page to its top: a click aimed before that can land on whatever the scroll
 * brought under the pointer. So this returns once `ready` is there and two more frames have passed.
 */
export async function goTo(page: Page, url: string, path: string, ready: Locator): Promise<void> {
  const withinTheApp = page.url().startsWith(`${url}/#`);
  await page.goto(`${url}/#/${path}`);
  await ready.first().waitFor();
  if (withinTheApp) {
    await page.evaluate(
      () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
    );
  }
}

/** Opens a page of the app and waits for its heading (and for the focus to have moved to it). */
export async function open(page: Page, url: string, name: string, heading: string): Promise<void> {
  await goTo(page, url, name, page.getByRole("heading", { name: heading, exact: true }));
}

/** axe-core's serious and critical findings on the page as it is now (none is the bar). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
          ): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown }> }> }>;
        };
      }
    ).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.targets.slice(0, 3).join(", ")}`);
}

/** A full-page screenshot into the git-ignored artifacts folder. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: `${artifacts}/${name}.png`, fullPage: true });
}

const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Opens the dev outbox, waits for the newest email with `subject` to `recipient` (the worker sends
 * it within seconds) and returns the address of the link named `link` in it, as the recipient's
 * mail client would follow it. Admins see everyone's emails; others their own.
 */
export async function linkInEmail(
  page: Page,
  url: string,
  email: { subject: string; recipient: string; link: string },
): Promise<string> {
  await open(page, url, "outbox", "Dev outbox");
  const entry = page
    .getByRole("button", { name: new RegExp(`${literally(email.subject)}.*to ${literally(email.recipient)}`, "i") })
    .first();
  await entry.waitFor({ timeout: 30_000 });
  await entry.click();
  const frame = page.frameLocator("iframe.email-frame");
  const href = await frame.getByRole("link", { name: email.link }).getAttribute("href");
  if (!href) throw new Error(`the email "${email.subject}" to ${email.recipient} has no link "${email.link}"`);
  return href;
}

/** The password of the demo accounts the e2e products start with. */
export const DEMO_PASSWORD = "e2e demo passphrase";

/** A new person's account details, with a username of its own. */
export const someone = (fullName: string) => {
  const username = `u_${randomUUID().slice(0, 8)}`;
  return { username, fullName, email: `${username}@example.gov`, password: "first passphrase 42" };
};

/** A new person (`someone`) registered as a citizen through the REST API. */
export async function registeredCitizen(url: string, fullName: string) {
  const person = someone(fullName);
  await registerByApi(url, person);
  return person;
}

/** A citizen account made through the REST API (unconfirmed, as every registration is). */
export async function registerByApi(
  url: string,
  account: { username: string; fullName: string; email: string; password: string },
): Promise<void> {
  const response = await fetch(`${url}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(account),
  });
  if (response.status !== 201) throw new Error(`registration answered ${response.status}: ${await response.text()}`);
}

/** Whether anything sticks out sideways (at phone width, nothing may). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/**
 * What is wrong with the page as it stands, each finding prefixed with `label`: serious
 * accessibility violations and (unless `overflow` is false) anything wider than the screen.
 */
export async function pageFindings(page: Page, label: string, options: { overflow?: boolean } = {}): Promise<string[]> {
  const findings = (await seriousA11yViolations(page)).map((finding) => `${label}: ${finding}`);
  if (options.overflow !== false) {
    const overflow = await sidewaysOverflow(page);
    if (overflow > 1) findings.push(`${label}: ${overflow}px wider than the screen`);
  }
  return findings;
}

/** A tRPC error answer for each procedure of a call (a batch gets one per procedure, in order). */
function trpcErrorBody(url: URL, error: { message: string; code: number; data: Record<string, unknown> }): string {
  const paths = url.pathname.replace(/^\/trpc\//, "").split(",");
  const answer = (path: string) => ({ error: { ...error, data: { ...error.data, path } } });
  return JSON.stringify(url.searchParams.get("batch") === "1" ? paths.map(answer) : answer(paths[0] ?? ""));
}

/** The tRPC error codes' JSON-RPC numbers, as the server sends them. */
const RPC_CODES = { TOO_MANY_REQUESTS: -32029, INTERNAL_SERVER_ERROR: -32603 } as const;

/**
 * Makes the API refuse this page's tRPC calls as the server does (the same status, headers and
 * error shape) while `only` matches the called procedures (all by default): 429 with
 * `retryAfterSeconds` for `rateLimited`, 500 for `broken`. Returns the function that lifts it.
 */
export async function refuseTrpc(
  page: Page,
  kind: "rateLimited" | "broken",
  options: { retryAfterSeconds?: number; only?: RegExp } = {},
): Promise<() => Promise<void>> {
  const wait = options.retryAfterSeconds ?? 30;
  const matches = (url: URL) => url.pathname.startsWith("/trpc/") && (!options.only || options.only.test(url.pathname));
  const handler = async (route: Route) => {
    const url = new URL(route.request().url());
    if (kind === "rateLimited") {
      await route.fulfill({
        status: 429,
        headers: { "content-type": "application/json", "retry-after": String(wait) },
        body: trpcErrorBody(url, {
          message: `Too many requests: the limit is 100 per window; try again in ${wait} s`,
          code: RPC_CODES.TOO_MANY_REQUESTS,
          data: { code: "TOO_MANY_REQUESTS", httpStatus: 429, retryAfterSeconds: wait },
        }),
      });
      return;
    }
    await route.fulfill({
      status: 500,
      headers: { "content-type": "application/json" },
      body: trpcErrorBody(url, {
        message: "Internal server error",
        code: RPC_CODES.INTERNAL_SERVER_ERROR,
        data: { code: "INTERNAL_SERVER_ERROR", httpStatus: 500 },
      }),
    });
  };
  const predicate = (url: URL) => matches(url);
  await page.route(predicate, handler);
  return () => page.unroute(predicate, handler);
}

/** Holds this page's tRPC calls to the procedures `only` matches until the returned function is called. */
export async function holdTrpc(page: Page, only: RegExp): Promise<() => Promise<void>> {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const predicate = (url: URL) => url.pathname.startsWith("/trpc/") && only.test(url.pathname);
  const handler = async (route: Route) => {
    await released;
    await route.continue().catch(() => undefined);
  };
  await page.route(predicate, handler);
  return async () => {
    release();
    await page.unroute(predicate, handler);
  };
}

const pad = (value: number) => String(value).padStart(2, "0");

/** A local date (the date input's "YYYY-MM-DD") `days` after today. */
export function inDays(days: number, from = new Date()): string {
  const date = new Date(from.getFullYear(), from.getMonth(), from.getDate() + days, 12);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The deployment's display settings (`settings.display`), as every page formats with them. */
export async function displaySettings(url: string): Promise<{ locale: string; timeZone: string }> {
  const response = await fetch(`${url}/trpc/settings.display`);
  const body = (await response.json()) as { result: { data: { locale: string; timeZone: string } } };
  return body.result.data;
}

/** Ends a browser's session from outside (another client logging out with the same cookie), as happens when it expires. */
export async function endSessionElsewhere(context: BrowserContext, url: string): Promise<void> {
  const token = (await context.cookies()).find((cookie) => cookie.name === "access_token")?.value;
  const response = await fetch(`${url}/api/auth/logout`, {
    method: "POST",
    headers: { cookie: `access_token=${token}` },
  });
  if (response.status !== 200) throw new Error(`logout answered ${response.status}`);
}
