import type { Server } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, freshContext, registeredCitizen, signIn } from "./pages.ts";
import type { RunningProduct } from "./product.ts";
import { startForSuite } from "./suite.ts";

/**
 * Security review L1 in a real browser: a page on another port of the same host is same-*site*,
 * so SameSite=Lax sends the session cookie with its `fetch`; a body-less POST needs no preflight.
 * The API must refuse it from the Fetch Metadata Chromium sends; a cross-site page is the control.
 */
describe("cross-site requests in Chromium (security review L1)", () => {
  let product: RunningProduct;
  let browser: Browser;
  let other: Server;
  let otherPort = 0;
  // Seeded: an installation with an administrator offers sign-in, not the first-run setup.
  startForSuite({ demoPassword: DEMO_PASSWORD }, (started) => {
    ({ product, browser } = started);
  });
  beforeAll(async () => {
    // A page that signs its visitor out of GovConnect, the way the review's page resolved an alert.
    other = createServer((request, response) => {
      const target = new URL(request.url ?? "/", "http://x").searchParams.get("target") ?? "";
      response.setHeader("content-type", "text/html; charset=utf-8");
      response.end(
        `<!doctype html><title>waiting</title><script>fetch(${JSON.stringify(target)}, { method: "POST", credentials: "include", mode: "no-cors" }).finally(() => { document.title = "sent"; });</script>`,
      );
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    otherPort = (other.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => other.close(() => resolve())));

  it("a same-site page's body-less POST with the cookie changes nothing; the person stays signed in", async () => {
    const person = await registeredCitizen(product.url, "Janaki Ammal");
    const context = await freshContext(browser);
    const page = await signIn(context, product.url, person.username, person.password);
    await page.getByRole("heading", { name: "My appointments" }).waitFor();
    const signedIn = async () => (await page.request.get(`${product.url}/api/auth/me`)).status();
    expect(await signedIn()).toBe(200);

    const target = encodeURIComponent(`${product.url}/api/auth/logout`);
    for (const host of ["127.0.0.1", "localhost"]) {
      const visit = await context.newPage();
      const sent = visit.waitForEvent("request", (request) => request.url().endsWith("/api/auth/logout"));
      // 127.0.0.1 on another port: the same site as the product. localhost: another site.
      await visit.goto(`http://${host}:${otherPort}/?target=${target}`);
      await sent;
      await visit.waitForFunction(() => document.title === "sent");
      await visit.close();
    }
    // Both requests were sent (the browser then hides their answers from the pages: CORP). The
    // same-site one carried the cookie, and before the fix it signed the person out.
    expect(await signedIn()).toBe(200);

    // The dashboard's own sign-out still works.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(await signedIn()).toBe(401);
    await context.close();
  });
});
