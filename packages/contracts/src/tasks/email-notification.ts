import { z } from "zod";
import { defineTask } from "./define.ts";

export const emailNotificationTask = defineTask({
  type: "email_notification",
  description: "Send one email of the outbox (admins)",
  payload: z.strictObject({
    outboxId: z.uuid({ error: "outboxId must be an email outbox id" }),
  }),
  // A long budget: a provider failing 40 % of calls still loses one email in 10⁸ (0.4^20), and 20
  // attempts with waits of up to 5 minutes ride out 35 to 70 minutes of outage.
  retries: { attempts: 20, delayMs: 5_000 },
});
