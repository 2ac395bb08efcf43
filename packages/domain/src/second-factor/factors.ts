import { randomUUID } from "node:crypto";
import type { Auth } from "@govconnect/auth";
import { normaliseTypedCode } from "@govconnect/auth";
import type { AuditAction } from "@govconnect/contracts";
import { AppError, needsSecondFactor } from "@govconnect/contracts";
import type { Database, User } from "@govconnect/db";
import { recoveryCodes, secondFactors, users } from "@govconnect/db";
import type { SecondFactorChange } from "@govconnect/emails";
import type { Executor, WrittenTask } from "@govconnect/jobs";
import { writeOutboxEmail } from "@govconnect/jobs";
import { and, count, eq, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { currentUser, endSessions } from "../accounts/users.ts";
import type { AuditEntry } from "../audit/audit.ts";
import { auditedBy, writeAudit } from "../audit/audit.ts";
import type { SessionActor } from "../shared/actor.ts";
import type { Dispatch } from "../shared/dispatch.ts";
import { isUuid } from "../shared/pagination.ts";
import type { SecondFactorStatus } from "./schema.ts";

/** How a second factor was proved. */
export type SecondFactorMethod = "totp" | "recovery_code";

export const WRONG_CODE =
  "That code is not right: enter the 6 digits your authenticator app shows now (each code works once), or one of your recovery codes";

async function confirmedFactor(db: Pick<Database, "select">, userId: string) {
  const [factor] = await db
    .select()
    .from(secondFactors)
    .where(and(eq(secondFactors.userId, userId), isNotNull(secondFactors.confirmedAt)))
    .limit(1);
  return factor;
}

/**
 * In a query of `users`: whether the row's account has a confirmed second factor. Spelled out:
 * inside a subquery drizzle leaves columns unqualified.
 */
export const hasConfirmedFactor = sql<boolean>`exists (select 1 from ${secondFactors} sf where sf.user_id = "users"."id" and sf.confirmed_at is not null)`;

/** Whether the account signs in with a second factor (one enrolled and confirmed). */
export async function hasSecondFactor(db: Pick<Database, "select">, userId: string): Promise<boolean> {
  return (await confirmedFactor(db, userId)) !== undefined;
}

export async function secondFactorStatusOf(db: Database, actor: SessionActor): Promise<SecondFactorStatus> {
  const factor = await confirmedFactor(db, actor.userId);
  const [left] = await db
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, actor.userId), isNull(recoveryCodes.usedAt)));
  return {
    enrolled: factor !== undefined,
    required: needsSecondFactor(actor),
    enrolledAt: factor?.confirmedAt?.toISOString() ?? null,
    recoveryCodesLeft: factor ? (left?.n ?? 0) : 0,
  };
}

/**
 * Tries a code against the account's second factor, in `tx`: an authenticator code of a time
 * step newer than the last one accepted (so never the same code twice, nor an older one), or an
 * unused recovery code, which is spent. The method that matched, or null.
 */
export async function spendSecondFactorCode(
  tx: Executor,
  auth: Auth,
  userId: string,
  code: string,
  options: { readonly confirmed: boolean } = { confirmed: true },
): Promise<SecondFactorMethod | null> {
  const [factor] = await tx
    .select()
    .from(secondFactors)
    .where(
      and(
        eq(secondFactors.userId, userId),
        options.confirmed ? isNotNull(secondFactors.confirmedAt) : isNull(secondFactors.confirmedAt),
      ),
    )
    .limit(1);
  if (!factor) return null;
  const step = auth.secondFactors.matchingStep(auth.secondFactors.open(factor.sealedSecret), code);
  if (step !== null) {
    // The condition makes it atomic: of two requests with the same code, one moves the step.
    const moved = await tx
      .update(secondFactors)
      .set({ lastStep: step })
      .where(
        and(eq(secondFactors.userId, userId), or(isNull(secondFactors.lastStep), lt(secondFactors.lastStep, step))),
      )
      .returning({ userId: secondFactors.userId });
    return moved.length > 0 ? "totp" : null;
  }
  if (!options.confirmed || normaliseTypedCode(code).length !== 12) return null;
  const spent = await tx
    .update(recoveryCodes)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(recoveryCodes.userId, userId),
        eq(recoveryCodes.codeHash, auth.secondFactors.hashRecoveryCode(code)),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id });
  return spent.length > 0 ? "recovery_code" : null;
}

/** Codes tried for one account, from anywhere; over the allowance, 429 until the hour is over. */
export async function spendCodeAttempt(auth: Auth, userId: string): Promise<void> {
  const decision = await auth.limits.spendAction("second-factor-account", userId);
  if (!decision.allowed) {
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `Too many codes tried for this account: try again in ${Math.ceil(decision.retryAfterSeconds / 60)} minutes`,
      { retryAfterSeconds: decision.retryAfterSeconds },
    );
  }
}

/** Tells the account its second factor changed (to its confirmed address). */
export async function writeSecondFactorNotice(
  tx: Executor,
  account: User,
  change: SecondFactorChange,
  dedupeKey: string,
): Promise<WrittenTask | undefined> {
  const notice = await writeOutboxEmail(tx, {
    dedupeKey,
    template: "second_factor_changed",
    toAccount: true,
    recipient: account.email,
    userId: account.id,
    props: { fullName: account.fullName, username: account.username, changedAt: new Date().toISOString(), change },
  });
  return notice?.sendTask;
}

/** A change to an account's factor: its audit row and the email that tells the account, in `tx`. */
async function recordChange(
  tx: Executor,
  by: Pick<AuditEntry, "actorId" | "client">,
  account: User,
  action: AuditAction,
  change: SecondFactorChange,
): Promise<WrittenTask | undefined> {
  await writeAudit(tx, { action, ...by, target: { type: "user", id: account.id } });
  return writeSecondFactorNotice(tx, account, change, `second-factor/${account.id}/${randomUUID()}`);
}

const dispatchAll = async (dispatch: Dispatch, written: ReadonlyArray<WrittenTask | undefined>) => {
  for (const task of written) if (task) await dispatch(task);
};

async function replaceRecoveryCodes(tx: Executor & Pick<Database, "delete">, auth: Auth, userId: string) {
  const { codes, hashes } = auth.secondFactors.newRecoveryCodes();
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash })));
  return codes;
}

/**
 * Starts (or restarts) enrolment: a new secret, kept sealed and unconfirmed until a first code
 * from it is typed. Refused while a confirmed factor exists (remove or reset it first).
 */
export async function beginEnrolment(db: Database, auth: Auth, actor: SessionActor) {
  const account = await currentUser(db, actor);
  if (await hasSecondFactor(db, actor.userId)) {
    throw new AppError(
      "CONFLICT",
      "Two-step verification is already on for this account: turn it off first to set up a new app",
    );
  }
  const enrolment = await auth.secondFactors.enrol(account.username);
  const sealedSecret = auth.secondFactors.seal(enrolment.secret);
  await db
    .insert(secondFactors)
    .values({ userId: actor.userId, sealedSecret })
    .onConflictDoUpdate({
      target: secondFactors.userId,
      set: { sealedSecret, createdAt: new Date(), lastStep: null },
      // A confirmed factor is never overwritten, even by a request racing the check above.
      setWhere: isNull(secondFactors.confirmedAt),
    });
  return enrolment;
}

/**
 * Confirms enrolment with a first code from the new secret: the factor is on, ten recovery codes
 * are made (shown once), and the session that did it counts as signed in with a second factor.
 */
export async function confirmEnrolment(
  db: Database,
  auth: Auth,
  dispatch: Dispatch,
  actor: SessionActor,
  code: string,
): Promise<{ readonly recoveryCodes: string[] }> {
  await spendCodeAttempt(auth, actor.userId);
  const account = await currentUser(db, actor);
  const result = await db.transaction(async (tx) => {
    const method = await spendSecondFactorCode(tx, auth, actor.userId, code, { confirmed: false });
    if (method === null) return null;
    await tx.update(secondFactors).set({ confirmedAt: new Date() }).where(eq(secondFactors.userId, actor.userId));
    const codes = await replaceRecoveryCodes(tx, auth, actor.userId);
    const notice = await recordChange(tx, auditedBy(actor), account, "second_factor.enrolled", "enrolled");
    return { codes, notice };
  });
  if (!result) {
    throw new AppError("BAD_REQUEST", "That code is not right: enter the 6 digits the app shows for GovConnect now", {
      field: "code",
    });
  }
  await auth.sessions.markSecondFactor(actor.sessionId);
  await dispatchAll(dispatch, [result.notice]);
  return { recoveryCodes: result.codes };
}

/** Checks a code of the caller's own factor before a change to it (re-authentication). */
async function requireOwnCode(
  tx: Executor,
  auth: Auth,
  actor: SessionActor,
  code: string,
): Promise<SecondFactorMethod> {
  const method = await spendSecondFactorCode(tx, auth, actor.userId, code);
  if (method === null) throw new AppError("BAD_REQUEST", WRONG_CODE, { field: "code" });
  return method;
}

/** Ten new recovery codes (the old ones stop working), after a code from the app or a recovery code. */
export async function regenerateRecoveryCodes(
  db: Database,
  auth: Auth,
  dispatch: Dispatch,
  actor: SessionActor,
  code: string,
): Promise<{ readonly recoveryCodes: string[] }> {
  await spendCodeAttempt(auth, actor.userId);
  const account = await currentUser(db, actor);
  const { codes, notice } = await db.transaction(async (tx) => {
    await requireOwnCode(tx, auth, actor, code);
    const fresh = await replaceRecoveryCodes(tx, auth, actor.userId);
    const written = await recordChange(
      tx,
      auditedBy(actor),
      account,
      "second_factor.recovery_codes_regenerated",
      "recovery_codes_regenerated",
    );
    return { codes: fresh, notice: written };
  });
  await dispatchAll(dispatch, [notice]);
  return { recoveryCodes: codes };
}

const deleteFactor = async (tx: Pick<Database, "delete">, userId: string) => {
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.delete(secondFactors).where(eq(secondFactors.userId, userId));
};

/** Turns the caller's second factor off, after a code; never for a role that needs one. */
export async function removeSecondFactor(
  db: Database,
  auth: Auth,
  dispatch: Dispatch,
  actor: SessionActor,
  code: string,
): Promise<void> {
  if (needsSecondFactor(actor)) {
    throw new AppError(
      "FORBIDDEN",
      "Your role needs two-step verification, so it cannot be turned off. To move it to a new phone, ask an administrator to reset it",
    );
  }
  await spendCodeAttempt(auth, actor.userId);
  const account = await currentUser(db, actor);
  const notice = await db.transaction(async (tx) => {
    await requireOwnCode(tx, auth, actor, code);
    await deleteFactor(tx, actor.userId);
    return recordChange(tx, auditedBy(actor), account, "second_factor.removed", "removed");
  });
  await dispatchAll(dispatch, [notice]);
}

/**
 * An admin turns off another account's second factor (a lost phone and lost codes): every
 * session of that account ends, and staff are asked to enrol again at their next sign-in.
 */
export async function resetSecondFactor(
  db: Database,
  auth: Auth,
  dispatch: Dispatch,
  admin: SessionActor,
  userId: string,
): Promise<void> {
  if (userId === admin.userId) {
    throw new AppError("FORBIDDEN", "You cannot reset your own two-step verification: ask another administrator");
  }
  if (!isUuid(userId)) throw new AppError("NOT_FOUND", "No such user");
  const [account] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!account) throw new AppError("NOT_FOUND", "No such user");
  const notice = await db.transaction(async (tx) => {
    const removed = await tx
      .delete(secondFactors)
      .where(eq(secondFactors.userId, account.id))
      .returning({ userId: secondFactors.userId });
    if (removed.length === 0) throw new AppError("CONFLICT", "This account has no two-step verification to reset");
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, account.id));
    return recordChange(tx, auditedBy(admin), account, "second_factor.reset", "reset_by_admin");
  });
  await endSessions(auth, account.id, "the user's");
  await dispatchAll(dispatch, [notice]);
}
