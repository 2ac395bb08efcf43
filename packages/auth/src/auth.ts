import type { Redis } from "@govconnect/redis";
import type { PasswordHasher } from "./passwords.ts";
import { createPasswordHasher } from "./passwords.ts";
import type { PendingSignIns } from "./pending-sign-ins.ts";
import { createPendingSignIns } from "./pending-sign-ins.ts";
import type { RateLimits } from "./rate-limits.ts";
import { createRateLimits } from "./rate-limits.ts";
import type { SecondFactors } from "./second-factor.ts";
import { createSecondFactors } from "./second-factor.ts";
import type { SessionRecord, SessionStore } from "./sessions.ts";
import { createSessionStore } from "./sessions.ts";
import type { SetupCodes } from "./setup-codes.ts";
import { createSetupCodes } from "./setup-codes.ts";
import type { TokenService } from "./tokens.ts";
import { createTokenService } from "./tokens.ts";

export interface AuthOptions {
  readonly redis: Redis;
  /** Prefix of every Redis key auth writes (the deployment's QUEUE_PREFIX). */
  readonly keyPrefix: string;
  readonly jwtSecret: string;
  /** What TOTP secrets are sealed under (`SECOND_FACTOR_KEY`); the JWT secret when not set. */
  readonly secondFactorKey?: string | undefined;
  readonly bcryptCost: number;
  readonly sessionIdleSeconds: number;
  /** Requests per window per caller (`points`) and per IP in all (`ipPoints`). */
  readonly rateLimit: { readonly points: number; readonly ipPoints: number; readonly windowSeconds: number };
}

export interface AuthenticatedSession {
  readonly jti: string;
  readonly expiresAt: Date;
  readonly record: SessionRecord;
}

export interface Auth {
  readonly passwords: PasswordHasher;
  readonly tokens: TokenService;
  readonly sessions: SessionStore;
  readonly limits: RateLimits;
  readonly setupCodes: SetupCodes;
  readonly secondFactors: SecondFactors;
  /** Sign-ins waiting for their second factor. */
  readonly pendingSignIns: PendingSignIns;
  /** The live session behind a token: valid signature and times, and a session not ended. */
  authenticate(token: string): Promise<AuthenticatedSession | null>;
}

export function createAuth(options: AuthOptions): Auth {
  const tokens = createTokenService(options.jwtSecret);
  const sessions = createSessionStore(options.redis, {
    keyPrefix: options.keyPrefix,
    idleSeconds: options.sessionIdleSeconds,
  });
  return {
    passwords: createPasswordHasher(options.bcryptCost),
    tokens,
    sessions,
    limits: createRateLimits(options.redis, { keyPrefix: options.keyPrefix, ...options.rateLimit }),
    setupCodes: createSetupCodes(options.redis, options.keyPrefix),
    secondFactors: createSecondFactors(options.secondFactorKey ?? options.jwtSecret),
    pendingSignIns: createPendingSignIns(options.redis, options.keyPrefix),
    async authenticate(token) {
      const verified = tokens.verify(token);
      if (!verified) return null;
      const record = await sessions.touch(verified.jti, verified.userId, verified.expiresAt);
      if (!record || record.userId !== verified.userId) return null;
      return { jti: verified.jti, expiresAt: verified.expiresAt, record };
    },
  };
}
