import { testRedisUrl } from "@govconnect/testing/inject";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchChromium } from "./browser.ts";
import type { RunningProduct } from "./product.ts";
import { startProduct } from "./product.ts";

/** Starting a seeded product beside other files' products on a busy machine: a safety limit, not a target. */
export const START_TIMEOUT = 240_000;

export interface Started {
  readonly product: RunningProduct;
  readonly browser: Browser;
}

/**
 * A describe block's product (on the suite's Redis, seeded when `demoPassword` is given) and its
 * Chromium: started before the block's tests and handed to `onStarted`, stopped after them. A
 * block's own set-up goes in a `beforeAll` after this call (hooks run in the order they are made).
 */
export function startForSuite(options: { readonly demoPassword?: string }, onStarted: (started: Started) => void) {
  let product: RunningProduct | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    product = await startProduct(testRedisUrl(), options);
    browser = await launchChromium();
    onStarted({ product, browser });
  }, START_TIMEOUT);
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });
}
