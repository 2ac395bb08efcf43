export { type Auth, type AuthenticatedSession, type AuthOptions, createAuth } from "./auth.ts";
export { newTypedCode, normaliseTypedCode } from "./codes.ts";
export { hashLinkToken, newLinkToken } from "./link-tokens.ts";
export {
  isCommonPassword,
  newPasswordSchema,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordInputSchema,
} from "./password-policy.ts";
export { createPasswordHasher, type PasswordHasher } from "./passwords.ts";
export {
  createPendingSignIns,
  PENDING_SIGN_IN_SECONDS,
  type PendingSignIn,
  type PendingSignIns,
} from "./pending-sign-ins.ts";
export {
  ACTION_LIMITS,
  type Caller,
  createRateLimits,
  type LimitedAction,
  LOGIN_IP_MAX_FAILURES,
  LOGIN_PAIR_BLOCK_SECONDS,
  LOGIN_PAIR_MAX_FAILURES,
  type LoginDecision,
  type RateDecision,
  type RateLimits,
  tooManyRequestsMessage,
} from "./rate-limits.ts";
export {
  createSecondFactors,
  type Enrolment,
  normaliseTotpCode,
  RECOVERY_CODE_COUNT,
  type SecondFactors,
  totpCodeAt,
  totpStepOf,
} from "./second-factor.ts";
export { resolveJwtSecret } from "./secret.ts";
export {
  awaitsSecondFactor,
  createSessionStore,
  type SessionRecord,
  type SessionStore,
  type SessionSummary,
  sessionSchema,
} from "./sessions.ts";
export { createSetupCodes, type SetupCodes } from "./setup-codes.ts";
export { createTokenService, TOKEN_TTL_SECONDS, type TokenService, type VerifiedToken } from "./tokens.ts";
