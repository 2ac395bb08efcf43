import { z } from "zod";
import { defineTask } from "./define.ts";
import { ownAccountOnly } from "./own-account.ts";

export const userRegistrationTask = defineTask({
  type: "user_registration",
  description: "Finish onboarding of your account and send its welcome email",
  payload: z.strictObject({
    userId: z.uuid({ error: "userId must be a user id" }),
  }),
  retries: { attempts: 8, delayMs: 2_000 },
  maySubmit: ownAccountOnly("user_registration"),
});
