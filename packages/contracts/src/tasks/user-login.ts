import { z } from "zod";
import { defineTask } from "./define.ts";
import { ownAccountOnly } from "./own-account.ts";

export const userLoginTask = defineTask({
  type: "user_login",
  description: "Record a sign-in of your account (IP, user agent, time)",
  payload: z.strictObject({
    userId: z.uuid({ error: "userId must be a user id" }),
    ip: z.string().min(1).max(64),
    userAgent: z.string().max(512).optional(),
    at: z.iso.datetime({ error: "at must be an ISO 8601 date-time" }),
  }),
  retries: { attempts: 5, delayMs: 1_000 },
  maySubmit: ownAccountOnly("user_login"),
});
