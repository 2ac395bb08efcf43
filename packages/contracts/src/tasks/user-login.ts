import { z } from "zod";
import { defineTask } from "./define.ts";

/**
 * A sign-in of an account (IP, user agent, time), written by the sign-in itself and stored as the
 * account's login history. System only (`SYSTEM_ONLY_TASKS`): nobody submits one.
 */
export const userLoginTask = defineTask({
  type: "user_login",
  description: "Records a sign-in (IP, user agent, time); written by the system at each sign-in, never submitted",
  payload: z.strictObject({
    userId: z.uuid({ error: "userId must be a user id" }),
    ip: z.string().min(1).max(64),
    userAgent: z.string().max(512).optional(),
    at: z.iso.datetime({ error: "at must be an ISO 8601 date-time" }),
  }),
  retries: { attempts: 5, delayMs: 1_000 },
});
