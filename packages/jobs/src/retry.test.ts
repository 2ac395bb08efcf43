import { TASK_RETRIES } from "@govconnect/contracts";
import { SendError } from "@govconnect/emails";
import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_MAX_DELAY_MS, retryDelayMs } from "./retry.ts";

const email = { delayMs: 5_000, jitter: 0.5, maxDelayMs: 300_000 };
const top = () => 0.999_999;
const bottom = () => 0;

describe("retryDelayMs", () => {
  it("doubles from the first delay, with the upper half of each wait random", () => {
    expect(retryDelayMs(1, email, undefined, bottom)).toBe(2_500);
    expect(retryDelayMs(1, email, undefined, top)).toBe(4_999);
    expect(retryDelayMs(2, email, undefined, bottom)).toBe(5_000);
    expect(retryDelayMs(4, email, undefined, bottom)).toBe(20_000);
  });

  it("never waits longer than the cap, however many attempts were made", () => {
    expect(retryDelayMs(7, email, undefined, top)).toBeLessThanOrEqual(300_000);
    expect(retryDelayMs(19, email, undefined, top)).toBeLessThanOrEqual(300_000);
    expect(retryDelayMs(19, email, undefined, bottom)).toBe(150_000);
    expect(retryDelayMs(500, { ...email, maxDelayMs: 1_000 }, undefined, top)).toBeLessThanOrEqual(1_000);
  });

  it("waits at least as long as the provider's Retry-After, up to an hour", () => {
    const limited = new SendError("Resend 429: slow down", false, { retryAfterMs: 30_000 });
    expect(retryDelayMs(1, email, limited, bottom)).toBe(30_000);
    // Backoff longer than the Retry-After wins.
    expect(retryDelayMs(8, email, limited, bottom)).toBe(150_000);
    const quota = new SendError("Resend 429: daily quota", false, { retryAfterMs: 86_400_000 });
    expect(retryDelayMs(1, email, quota, bottom)).toBe(3_600_000);
    expect(retryDelayMs(1, email, new Error("boom"), bottom)).toBe(2_500);
  });

  it("gives emails a budget that survives a 40 % failure rate and half an hour of outage", () => {
    const { attempts, delayMs } = TASK_RETRIES.email_notification;
    expect(0.4 ** attempts).toBeLessThan(1e-6);
    let total = 0;
    for (let attempt = 1; attempt < attempts; attempt++) {
      total += retryDelayMs(attempt, { delayMs, maxDelayMs: DEFAULT_RETRY_MAX_DELAY_MS }, undefined, bottom);
    }
    expect(total).toBeGreaterThan(30 * 60_000);
  });
});
