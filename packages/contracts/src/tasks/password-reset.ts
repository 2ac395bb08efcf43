import { z } from "zod";
import { defineTask } from "./define.ts";

/**
 * "Forgot password": the API only writes this task, whatever the address, so its answer and its
 * work are the same whether or not an account uses the address; the worker looks it up and sends.
 */
export const passwordResetTask = defineTask({
  type: "password_reset",
  description: "Send a password reset link to the accounts that use an email address",
  payload: z.strictObject({
    email: z
      .string()
      .max(254)
      .pipe(z.email({ error: "email must be a valid address" })),
  }),
  retries: { attempts: 5, delayMs: 2_000 },
});
