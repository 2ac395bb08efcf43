import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { RunningProduct } from "./product.ts";
import { startForSuite } from "./suite.ts";

const artifacts = fileURLToPath(new URL("../artifacts", import.meta.url));

describe("the dashboard, served by the built API", () => {
  let product: RunningProduct;
  let browser: Browser;

  startForSuite({}, (started) => {
    ({ product, browser } = started);
  });

  it("renders the health result fetched through the typed tRPC client", async () => {
    const page = await browser.newPage();
    const failedRequests: string[] = [];
    page.on("requestfailed", (request) => failedRequests.push(request.url()));
    const consoleErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });

    const response = await page.goto(product.url);
    expect(response?.status()).toBe(200);
    // The page itself is never cached (its hashed assets may be): an upgrade is picked up at once.
    expect(response?.headers()["cache-control"]).toBe("no-cache");
    // Each page names itself in the title; the signed-out root is the sign-in page (on a fresh
    // install, the first-run form in its place).
    await expect.poll(() => page.title()).toBe("Sign in – GovConnect");

    // The service's health is a page of its own (linked from every page's footer), not part of sign-in.
    await page.getByRole("link", { name: "Service status" }).click();
    await expect.poll(() => page.title()).toBe("Service status – GovConnect");
    const status = page.getByTestId("health-status");
    await status.waitFor({ timeout: 30_000 });
    await expect(status.textContent()).resolves.toContain("GovConnect Backend: healthy");
    await expect(page.getByRole("list", { name: "Dependencies" }).textContent()).resolves.toMatch(
      /Redis.*up.*Database \(pglite\).*up/,
    );

    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: `${artifacts}/health.png`, fullPage: true });
    expect(failedRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it("keeps client-side routes working on reload", async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${product.url}/some/dashboard/page`);
    expect(response?.status()).toBe(200);
    // A fresh install: the first-run page (the dashboard is there, whatever the path).
    await page.getByRole("heading", { name: "Create the administrator account" }).waitFor({ timeout: 30_000 });
  });
});
