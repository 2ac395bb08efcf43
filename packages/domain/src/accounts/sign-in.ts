import { createHash, randomBytes } from "node:crypto";
import type { Auth } from "@govconnect/auth";
import { AppError, describeDevice, needsSecondFactor, PRIORITY, usernameKey } from "@govconnect/contracts";
import type { Database, User } from "@govconnect/db";
import { knownDevices, users } from "@govconnect/db";
import type { Executor, WrittenTask } from "@govconnect/jobs";
import { insertTask, writeOutboxEmail } from "@govconnect/jobs";
import { eq, inArray, sql } from "drizzle-orm";
import { writeAudit } from "../audit/audit.ts";
import type { SecondFactorMethod } from "../second-factor/factors.ts";
import {
  hasConfirmedFactor,
  spendCodeAttempt,
  spendSecondFactorCode,
  WRONG_CODE,
  writeSecondFactorNotice,
} from "../second-factor/factors.ts";
import type { FinishSignInInput } from "../second-factor/schema.ts";
import type { ClientInfo } from "../shared/actor.ts";
import type { Dispatch } from "../shared/dispatch.ts";
import type { LoginInput, PublicUser } from "./schema.ts";
import { ACCOUNT_DEACTIVATED, byUsername, toPublicUser } from "./users.ts";

/** A session opened: its token, and whether the account must set up a second factor before anything else. */
export interface SignedIn {
  readonly kind: "signed-in";
  readonly token: string;
  readonly expiresAt: Date;
  readonly user: PublicUser;
  /** Staff without a second factor: this session may only set one up (and sign out). */
  readonly secondFactorSetupRequired: boolean;
  /** The device cookie to (re)set: the browser's own, or a new one at its first sign-in. */
  readonly device: string;
}

/** The password was right and a code is still needed: no session yet, only this pending step. */
export interface SecondFactorNeeded {
  readonly kind: "second-factor";
  readonly pending: string;
  readonly expiresAt: Date;
}

export type SignInOutcome = SignedIn | SecondFactorNeeded;

const INVALID_CREDENTIALS = "Invalid username or password";
const PENDING_ENDED = "This sign-in has expired or was finished: enter your username and password again";

const tooManyAttempts = (retryAfterSeconds: number) =>
  new AppError(
    "TOO_MANY_REQUESTS",
    `Too many failed sign-in attempts: try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`,
    { retryAfterSeconds },
  );

/**
 * Checks a password under the brute-force guard: an attempt is reserved for the username+IP pair
 * and the IP before bcrypt runs (a blocked pair costs nothing, parallel guesses all count), then
 * recorded as failed or succeeded. With no stored hash (unknown user), the same bcrypt time is
 * spent and the answer is false. `onSuccess: "keep"` (a second factor is still to come) gives
 * the attempt back but keeps the pair's failures: only the whole sign-in clears them.
 */
export async function checkPassword(
  auth: Auth,
  username: string,
  ip: string,
  password: string,
  storedHash: string | undefined,
  options: { readonly onSuccess?: "clear" | "keep" } = {},
): Promise<{ readonly valid: boolean; readonly locked: boolean }> {
  const guard = await auth.limits.beginLogin(username, ip);
  if (!guard.allowed) throw tooManyAttempts(guard.retryAfterSeconds);
  const valid = storedHash
    ? await auth.passwords.verify(password, storedHash, ip)
    : await auth.passwords.verifyNobody(password, ip);
  if (!valid) return { valid, locked: (await auth.limits.loginFailed(username, ip)).locked };
  if (options.onSuccess === "keep") await auth.limits.loginStepPassed(username, ip);
  else await auth.limits.loginSucceeded(username, ip);
  return { valid, locked: false };
}

/** A failed sign-in (and the lock it caused, if any): each its own record, so no transaction to join. */
async function auditFailure(
  db: Database,
  client: ClientInfo,
  attempted: { readonly username: string; readonly user: User | undefined },
  reason: "password" | "code" | "deactivated",
  locked: boolean,
): Promise<void> {
  const common = {
    actorId: null,
    client,
    ...(attempted.user ? { target: { type: "user" as const, id: attempted.user.id } } : {}),
  };
  // The name tried, cut short: what someone typed in the username box is not a secret, but it is theirs.
  const details = { username: attempted.username.slice(0, 64), reason };
  await db.transaction(async (tx) => {
    await writeAudit(tx, { action: "sign_in.failed", ...common, details });
    if (locked) await writeAudit(tx, { action: "sign_in.locked", ...common, details });
  });
}

/**
 * Checks a username and password. An unknown username and a wrong password answer alike, in the
 * same time. An account with a second factor gets a pending step (the code comes next); any
 * other gets its session.
 */
export async function signIn(
  db: Database,
  auth: Auth,
  dispatch: Dispatch,
  input: LoginInput,
  client: ClientInfo,
): Promise<SignInOutcome> {
  // One query for the account and whether it has a second factor: an unknown username costs the
  // same round trips as a known one (and the same bcrypt time, below).
  // A spelling no username can have ("İ", "ß") is nobody's: nothing is looked up (security review L2).
  const key = usernameKey(input.username);
  const [found] = key
    ? await db.select({ user: users, factor: hasConfirmedFactor }).from(users).where(byUsername(key)).limit(1)
    : [];
  const user = found?.user;
  const factor = found?.factor === true;
  const { valid, locked } = await checkPassword(auth, input.username, client.ip, input.password, user?.passwordHash, {
    onSuccess: factor ? "keep" : "clear",
  });
  if (!user || !valid) {
    await auditFailure(db, client, { username: input.username, user }, "password", locked);
    throw new AppError("UNAUTHORIZED", INVALID_CREDENTIALS);
  }
  // Said only to someone who knows the password: it tells a guesser nothing.
  if (user.deactivatedAt) {
    await auditFailure(db, client, { username: input.username, user }, "deactivated", false);
    throw new AppError("FORBIDDEN", ACCOUNT_DEACTIVATED);
  }
  if (factor) {
    const pending = await auth.pendingSignIns.start({ userId: user.id, username: user.username });
    return { kind: "second-factor", pending: pending.token, expiresAt: pending.expiresAt };
  }
  return openSession(db, auth, dispatch, user, client, null);
}

/**
 * The second step: a code for the pending sign-in. Wrong codes count toward the same guard as
 * wrong passwords (username+IP, IP) and toward the account's own allowance; a right one is spent
 * in the transaction that records the sign-in.
 */
export async function finishSignIn(
  db: Database,
  auth: Auth,
  dispatch: Dispatch,
  input: FinishSignInInput,
  client: ClientInfo,
): Promise<SignedIn> {
  const pending = await auth.pendingSignIns.peek(input.pending);
  if (!pending) throw new AppError("UNAUTHORIZED", PENDING_ENDED);
  const guard = await auth.limits.beginLogin(pending.username, client.ip);
  if (!guard.allowed) throw tooManyAttempts(guard.retryAfterSeconds);
  await spendCodeAttempt(auth, pending.userId);
  const [user] = await db.select().from(users).where(eq(users.id, pending.userId)).limit(1);
  if (!user || user.deactivatedAt) throw new AppError("UNAUTHORIZED", PENDING_ENDED);
  try {
    const session = await openSession(db, auth, dispatch, user, client, async (tx) => {
      const method = await spendSecondFactorCode(tx, auth, user.id, input.code);
      if (method === null) throw new WrongCode();
      // Two right codes at once: only one finishes the step (the other's transaction rolls back).
      if (!(await auth.pendingSignIns.finish(input.pending))) throw new AppError("UNAUTHORIZED", PENDING_ENDED);
      return method;
    });
    await auth.limits.loginSucceeded(pending.username, client.ip);
    return session;
  } catch (error) {
    if (!(error instanceof WrongCode)) throw error;
    const { locked } = await auth.limits.loginFailed(pending.username, client.ip);
    await auditFailure(db, client, { username: pending.username, user }, "code", locked);
    throw new AppError("UNAUTHORIZED", WRONG_CODE, { field: "code" });
  }
}

class WrongCode extends Error {}

/** A device as the known-devices table keys it: the browser's device cookie, and its user agent. */
const deviceKeys = (client: ClientInfo, device: string) => {
  const hash = (value: string) => createHash("sha256").update(value).digest("hex");
  return [hash(`cookie:${device}`), hash(`agent:${client.userAgent ?? ""}`)];
};

/**
 * Records the device; true when the account has signed in before but never from it (then the
 * owner is told). A device cookie the browser sent back counts as known by itself; without one
 * (API clients), the user agent decides.
 */
async function isNewDevice(tx: Executor, userId: string, client: ClientInfo, device: string): Promise<boolean> {
  const keys = deviceKeys(client, device);
  const lookFor = client.device ? keys : keys.slice(1);
  const [seen] = await tx
    .select({
      any: sql<boolean>`count(*) > 0`,
      known: sql<boolean>`count(*) filter (where ${inArray(knownDevices.deviceHash, lookFor)}) > 0`,
    })
    .from(knownDevices)
    .where(eq(knownDevices.userId, userId));
  await tx
    .insert(knownDevices)
    .values(keys.map((deviceHash) => ({ userId, deviceHash })))
    .onConflictDoUpdate({
      target: [knownDevices.userId, knownDevices.deviceHash],
      set: { lastSeenAt: sql`now()` },
    });
  return Boolean(seen?.any) && !seen?.known;
}

async function writeNewSignInNotice(tx: Executor, user: User, client: ClientInfo, jti: string) {
  const notice = await writeOutboxEmail(tx, {
    dedupeKey: `new-sign-in/${jti}`,
    template: "new_sign_in",
    toAccount: true,
    recipient: user.email,
    userId: user.id,
    props: {
      fullName: user.fullName,
      username: user.username,
      signedInAt: new Date().toISOString(),
      ip: client.ip.slice(0, 64),
      device: describeDevice(client.userAgent ?? null),
    },
  });
  return notice?.sendTask;
}

/**
 * Opens the session and, in one transaction, records the sign-in: the audit event, the
 * `user_login` task, the device (and the new-device email), and whatever `prove` spends (the
 * second factor's code). If that transaction fails, the session is ended again: no sign-in
 * without its record.
 */
async function openSession(
  db: Database,
  auth: Auth,
  dispatch: Dispatch,
  user: User,
  client: ClientInfo,
  prove: ((tx: Executor) => Promise<SecondFactorMethod>) | null,
): Promise<SignedIn> {
  const issued = auth.tokens.issue(user.id);
  await auth.sessions.create(
    issued.jti,
    {
      userId: user.id,
      username: user.username,
      role: user.role,
      createdAt: new Date().toISOString(),
      ip: client.ip,
      ...(client.userAgent ? { userAgent: client.userAgent.slice(0, 200) } : {}),
      ...(prove ? { secondFactor: true } : {}),
    },
    issued.expiresAt,
  );
  const device = client.device ?? randomBytes(16).toString("base64url");
  let written: Array<WrittenTask | undefined>;
  try {
    written = await db.transaction(async (tx) => {
      const method = prove ? await prove(tx) : ("password" as const);
      await writeAudit(tx, {
        action: method === "recovery_code" ? "second_factor.recovery_code_used" : "sign_in.succeeded",
        actorId: user.id,
        client,
        target: { type: "user", id: user.id },
        details: { method },
      });
      const login = await insertTask(tx, {
        type: "user_login",
        payload: {
          userId: user.id,
          ip: client.ip,
          ...(client.userAgent ? { userAgent: client.userAgent.slice(0, 512) } : {}),
          at: new Date().toISOString(),
        },
        priority: PRIORITY.default,
        ownerId: user.id,
      });
      const notices = [
        (await isNewDevice(tx, user.id, client, device))
          ? await writeNewSignInNotice(tx, user, client, issued.jti)
          : undefined,
        method === "recovery_code"
          ? await writeSecondFactorNotice(tx, user, "recovery_code_used", `recovery-code/${issued.jti}`)
          : undefined,
      ];
      return [login, ...notices];
    });
  } catch (error) {
    await auth.sessions.revoke(issued.jti).catch(() => undefined);
    throw error;
  }
  for (const task of written) if (task) await dispatch(task);
  return {
    kind: "signed-in",
    token: issued.token,
    expiresAt: issued.expiresAt,
    user: toPublicUser(user),
    secondFactorSetupRequired: !prove && needsSecondFactor(user),
    device,
  };
}
