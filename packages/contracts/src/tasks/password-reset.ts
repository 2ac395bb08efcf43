import { z } from "zod";
import { defineTask } from "./define.ts";

/**
 * "Forgot password": the API only writes this task, whatever the address, so its answer and its
 * work are the same whether or not an account uses the address; the worker looks it up and sends.
 * System only (`SYSTEM_ONLY_TASKS`): nobody submits one.
 */
export const passwordResetTask = defineTask({
  type: "password_reset",
  description:
    "Sends a password reset link to the accounts that use an email address; written by POST /api/auth/password/forgot, never submitted",
  payload: z.strictObject({
    email: z
      .string()
      .max(254)
      .pipe(z.email({ error: "email must be a valid address" })),
  }),
  retries: { attempts: 5, delayMs: 2_000 },
});
