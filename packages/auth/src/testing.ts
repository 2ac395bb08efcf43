import { setTimeout as sleep } from "node:timers/promises";
import { totpCodeAt, totpStepOf } from "./second-factor.ts";

const STEP_MS = 30_000;

/** Near the end of a step, the one before it is about to leave the server's window. */
const MARGIN_MS = 2_000;

/**
 * An authenticator app for tests and the e2e suite: a code the server accepts and has not seen.
 * The server takes codes of one step either side of now, each step once and in order, so three
 * codes per secret are available at any moment (previous, current, next step); only when all
 * three are used does this wait for the next step.
 */
export function authenticatorApp() {
  const lastStep = new Map<string, number>();
  return {
    async code(secret: string): Promise<string> {
      for (;;) {
        const at = Date.now();
        const now = totpStepOf(new Date(at));
        // The previous step only while it cannot slip out of the window before the server checks it.
        const earliest = at % STEP_MS < STEP_MS - MARGIN_MS ? now - 1 : now;
        const step = Math.max(earliest, (lastStep.get(secret) ?? Number.NEGATIVE_INFINITY) + 1);
        if (step <= now + 1) {
          lastStep.set(secret, step);
          return totpCodeAt(secret, new Date(step * STEP_MS));
        }
        await sleep((now + 1) * STEP_MS - at + 50);
      }
    },
  };
}
