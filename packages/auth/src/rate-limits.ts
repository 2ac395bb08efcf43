import { usernameKey } from "@govconnect/contracts";
import type { Redis } from "@govconnect/redis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

/** OWASP: lock a username+IP pair after 10 consecutive failures, for an hour. */
export const LOGIN_PAIR_MAX_FAILURES = 10;
export const LOGIN_PAIR_BLOCK_SECONDS = 60 * 60;
/** And an IP that fails 100 times in a day, whatever usernames it tries (credential stuffing). */
export const LOGIN_IP_MAX_FAILURES = 100;
export const LOGIN_IP_BLOCK_SECONDS = 24 * 60 * 60;

/**
 * Limits of the account flows that send email or spend a single-use link, per key (an account,
 * an address or an IP), on top of the per-request limit: enough for a person, too few to spam an
 * inbox or to try links at scale.
 */
export const ACTION_LIMITS = {
  /** Confirmation links an account may ask for (sign-up's own not counted). */
  "email-confirmation": { points: 5, windowSeconds: 60 * 60 },
  /** Reset links per address asked for, whoever asks. */
  "password-forgot-address": { points: 3, windowSeconds: 60 * 60 },
  /** "Forgot password" requests per IP, whatever the address. */
  "password-forgot-ip": { points: 20, windowSeconds: 60 * 60 },
  /** Tries of an emailed link (confirm, reset, invitation) per IP, good or bad. */
  "link-attempt-ip": { points: 30, windowSeconds: 15 * 60 },
  /** Tries of the first-run setup code per IP. */
  "setup-attempt-ip": { points: 10, windowSeconds: 60 * 60 },
  /**
   * Second-factor codes tried for one account, from anywhere: whoever has the password cannot
   * spread guesses over many addresses (each address is also held by the sign-in guard).
   */
  "second-factor-account": { points: 20, windowSeconds: 60 * 60 },
  /** Invitations an admin may send. */
  invitation: { points: 50, windowSeconds: 60 * 60 },
} as const satisfies Record<string, { points: number; windowSeconds: number }>;
export type LimitedAction = keyof typeof ACTION_LIMITS;

export type RateDecision =
  | { readonly allowed: true; readonly limit: number; readonly remaining: number; readonly resetSeconds: number }
  | {
      readonly allowed: false;
      readonly limit: number;
      readonly retryAfterSeconds: number;
      /** Whose allowance ran out: the caller's own, or its network address's in all (`consume` only). */
      readonly scope?: "caller" | "address";
    };

/**
 * Who a request is charged to: the signed-in user's window (`userId`), else the IP's; and, either
 * way, the IP's total, so accounts opened from one address do not multiply its allowance (L5).
 */
export interface Caller {
  readonly userId: string | undefined;
  readonly ip: string;
}

/** What a caller refused by {@link RateLimits.consume} or {@link RateLimits.peek} is told. */
export function tooManyRequestsMessage(refusal: Extract<RateDecision, { allowed: false }>): string {
  return refusal.scope === "address"
    ? `Too many requests from your network address: the limit is ${refusal.limit} per window for everyone on it; try again in ${refusal.retryAfterSeconds} s`
    : `Too many requests: the limit is ${refusal.limit} per window; try again in ${refusal.retryAfterSeconds} s`;
}

export type LoginDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

export interface RateLimits {
  /** Spends `cost` requests of the caller's window and of its IP's total; refused when either is over. */
  consume(caller: Caller, cost?: number): Promise<RateDecision>;
  /**
   * Whether the caller has a request left in both windows, spending nothing: asked before a
   * request's body is read, so a caller already over its limit costs no parsing (security review M3).
   */
  peek(caller: Caller): Promise<RateDecision>;
  /** Spends one of `action`'s allowance for `key` (see {@link ACTION_LIMITS}). */
  spendAction(action: LimitedAction, key: string): Promise<RateDecision>;
  /**
   * Reserves one password attempt for the username+IP pair and for the IP *before* the password
   * is checked, so parallel guesses count too and a blocked pair costs no bcrypt. Refused when
   * either is blocked or used up.
   */
  beginLogin(username: string, ip: string): Promise<LoginDecision>;
  /**
   * The reserved attempt failed: it stays counted; at the limit the pair (or IP) is blocked from
   * now on, and `locked` says this failure is the one that blocked it.
   */
  loginFailed(username: string, ip: string): Promise<{ readonly locked: boolean }>;
  /** The reserved attempt succeeded: the pair's failures are forgotten and the IP gets its attempt back. */
  loginSucceeded(username: string, ip: string): Promise<void>;
  /**
   * The password was right and a second factor comes next: the attempt is given back, but the
   * pair's failures stay (a right password must not wipe out wrong codes; only a whole sign-in does).
   */
  loginStepPassed(username: string, ip: string): Promise<void>;
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Failures are counted over a day; only a success resets a pair ("consecutive"). */
const FAILURE_WINDOW_SECONDS = 24 * 60 * 60;

/**
 * Atomic counters in Redis (rate-limiter-flexible's Lua), so every API instance shares them.
 * When Redis is not ready they reject at once (the caller answers 503) instead of waiting.
 */
export function createRateLimits(
  redis: Redis,
  options: { keyPrefix: string; points: number; ipPoints: number; windowSeconds: number },
): RateLimits {
  const common = { storeClient: redis, rejectIfRedisNotReady: true } as const;
  const requests = new RateLimiterRedis({
    ...common,
    keyPrefix: `${options.keyPrefix}:rl:requests`,
    points: options.points,
    duration: options.windowSeconds,
  });
  const addressTotals = new RateLimiterRedis({
    ...common,
    keyPrefix: `${options.keyPrefix}:rl:address`,
    points: options.ipPoints,
    duration: options.windowSeconds,
  });
  const callerKey = (caller: Caller) => (caller.userId !== undefined ? `user:${caller.userId}` : `ip:${caller.ip}`);
  /** The refusal for the window that waits longest of those over their limit, if any is. */
  const decide = (
    own: RateLimiterRes | null,
    address: RateLimiterRes | null,
    over: (state: RateLimiterRes, points: number) => boolean,
  ): RateDecision => {
    const refusals = [
      own && over(own, options.points)
        ? { scope: "caller" as const, limit: options.points, retryAfterSeconds: seconds(own.msBeforeNext) }
        : undefined,
      address && over(address, options.ipPoints)
        ? { scope: "address" as const, limit: options.ipPoints, retryAfterSeconds: seconds(address.msBeforeNext) }
        : undefined,
    ].filter((refusal) => refusal !== undefined);
    const longest = refusals.sort((a, b) => b.retryAfterSeconds - a.retryAfterSeconds)[0];
    if (longest) return { allowed: false, ...longest };
    return {
      allowed: true,
      limit: options.points,
      remaining: own ? Math.max(0, options.points - own.consumedPoints) : options.points,
      resetSeconds: own ? seconds(own.msBeforeNext) : options.windowSeconds,
    };
  };
  const pairAttempts = new RateLimiterRedis({
    ...common,
    keyPrefix: `${options.keyPrefix}:rl:login-pair`,
    points: LOGIN_PAIR_MAX_FAILURES,
    duration: FAILURE_WINDOW_SECONDS,
  });
  const ipAttempts = new RateLimiterRedis({
    ...common,
    keyPrefix: `${options.keyPrefix}:rl:login-ip`,
    points: LOGIN_IP_MAX_FAILURES,
    duration: FAILURE_WINDOW_SECONDS,
  });
  const actions = Object.fromEntries(
    Object.entries(ACTION_LIMITS).map(([action, limit]) => [
      action,
      new RateLimiterRedis({
        ...common,
        keyPrefix: `${options.keyPrefix}:rl:action:${action}`,
        points: limit.points,
        duration: limit.windowSeconds,
      }),
    ]),
  ) as Record<LimitedAction, RateLimiterRedis>;
  // The username as every comparison reads it (`usernameKey`): its spellings share one lock.
  const pairKey = (username: string, ip: string) =>
    `${usernameKey(username) ?? username.normalize("NFKC").toLowerCase()}|${ip}`;
  /** A limiter says "over" by rejecting with its state; anything else (Redis down) is a real error. */
  const spend = async (limiter: RateLimiterRedis, key: string, cost: number): Promise<RateLimiterRes> => {
    try {
      return await limiter.consume(key, cost);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return rejection;
      throw rejection;
    }
  };
  /** At the limit, block for the whole period starting now (not when the counting window began). */
  const blockAtLimit = async (limiter: RateLimiterRedis, key: string, limit: number, blockSeconds: number) => {
    const state = await limiter.get(key);
    if (!state || state.consumedPoints < limit) return false;
    await limiter.block(key, blockSeconds);
    return true;
  };

  return {
    async consume(caller, cost = 1) {
      const [own, address] = await Promise.all([
        spend(requests, callerKey(caller), cost),
        spend(addressTotals, caller.ip, cost),
      ]);
      return decide(own, address, (state, points) => state.consumedPoints > points);
    },
    async peek(caller) {
      const [own, address] = await Promise.all([requests.get(callerKey(caller)), addressTotals.get(caller.ip)]);
      // One more request would take a window at its limit over it.
      return decide(own, address, (state, points) => state.consumedPoints >= points);
    },
    async spendAction(action, key) {
      const { points } = ACTION_LIMITS[action];
      const state = await spend(actions[action], key.normalize("NFKC").toLowerCase(), 1);
      return state.consumedPoints > points
        ? { allowed: false, limit: points, retryAfterSeconds: seconds(state.msBeforeNext) }
        : { allowed: true, limit: points, remaining: state.remainingPoints, resetSeconds: seconds(state.msBeforeNext) };
    },
    async beginLogin(username, ip) {
      const [pair, address] = await Promise.all([
        spend(pairAttempts, pairKey(username, ip), 1),
        spend(ipAttempts, ip, 1),
      ]);
      const waits = [
        pair.consumedPoints > LOGIN_PAIR_MAX_FAILURES ? pair.msBeforeNext : 0,
        address.consumedPoints > LOGIN_IP_MAX_FAILURES ? address.msBeforeNext : 0,
      ];
      const wait = Math.max(...waits);
      return wait > 0 ? { allowed: false, retryAfterSeconds: seconds(wait) } : { allowed: true };
    },
    async loginFailed(username, ip) {
      const blocked = await Promise.all([
        blockAtLimit(pairAttempts, pairKey(username, ip), LOGIN_PAIR_MAX_FAILURES, LOGIN_PAIR_BLOCK_SECONDS),
        blockAtLimit(ipAttempts, ip, LOGIN_IP_MAX_FAILURES, LOGIN_IP_BLOCK_SECONDS),
      ]);
      return { locked: blocked.some(Boolean) };
    },
    async loginSucceeded(username, ip) {
      await Promise.all([pairAttempts.delete(pairKey(username, ip)), ipAttempts.reward(ip, 1)]);
    },
    async loginStepPassed(username, ip) {
      await Promise.all([pairAttempts.reward(pairKey(username, ip), 1), ipAttempts.reward(ip, 1)]);
    },
  };
}
