import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { testRedisUrl } from "@govconnect/testing/inject";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser.ts";
import type { RunningProduct } from "./product.ts";
import { startProduct } from "./product.ts";

const artifacts = fileURLToPath(new URL("../artifacts", import.meta.url));

describe("the dashboard, served by the built API", () => {
  let product: RunningProduct;
  let browser: Browser;

  beforeAll(async () => {
    product = await startProduct(testRedisUrl());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
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
    await expect(page.title()).resolves.toBe("GovConnect Dashboard");

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
    await page.getByTestId("health-status").waitFor({ timeout: 30_000 });
  });
});
