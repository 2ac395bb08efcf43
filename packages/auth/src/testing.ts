import { setTimeout as sleep } from "node:timers/promises";
import { totpCodeAt, totpStepOf } from "./second-factor.ts";

const STEP_MS = 30_000;

/**
 * An authenticator app for tests and the e2e suite: the code of a secret for now, or for the
 * next step when this step's code was already given (the server accepts each step once, and
 * one step ahead). Waits for the next step only when both are used up.
 */
export function authenticatorApp() {
  const lastStep = new Map<string, number>();
  return {
    async code(secret: string): Promise<string> {
      for (;;) {
        const now = totpStepOf(new Date());
        const step = Math.max(now, (lastStep.get(secret) ?? Number.NEGATIVE_INFINITY) + 1);
        if (step <= now + 1) {
          lastStep.set(secret, step);
          return totpCodeAt(secret, new Date(step * STEP_MS));
        }
        await sleep((now + 1) * STEP_MS - Date.now() + 50);
      }
    },
  };
}
