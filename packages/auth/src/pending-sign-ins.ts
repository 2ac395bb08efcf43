import type { Redis } from "@govconnect/redis";
import { z } from "zod";
import { hashLinkToken, newLinkToken } from "./link-tokens.ts";

/** Long enough to open the app and type a code, short enough that a stolen token is soon worthless. */
export const PENDING_SIGN_IN_SECONDS = 5 * 60;

/** A password checked, a second factor still to come: never a session, good for that one step. */
const pendingSchema = z.object({ userId: z.string(), username: z.string() });
export type PendingSignIn = z.infer<typeof pendingSchema>;

export interface PendingSignIns {
  /** A pending step for the account (256 random bits); only its hash is stored. */
  start(pending: PendingSignIn): Promise<{ readonly token: string; readonly expiresAt: Date }>;
  /** Whose step it is, while it lasts. */
  peek(token: string): Promise<PendingSignIn | null>;
  /** Ends the step; true for the one caller that ended it (two right codes at once make one session). */
  finish(token: string): Promise<boolean>;
}

export function createPendingSignIns(redis: Redis, keyPrefix: string): PendingSignIns {
  const key = (token: string) => `${keyPrefix}:pending-sign-in:${hashLinkToken(token)}`;
  return {
    async start(pending) {
      const { token } = newLinkToken();
      await redis.set(key(token), JSON.stringify(pending), "EX", PENDING_SIGN_IN_SECONDS);
      return { token, expiresAt: new Date(Date.now() + PENDING_SIGN_IN_SECONDS * 1000) };
    },
    async peek(token) {
      const raw = await redis.get(key(token));
      if (raw === null) return null;
      const parsed = pendingSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    },
    async finish(token) {
      return (await redis.del(key(token))) === 1;
    },
  };
}
