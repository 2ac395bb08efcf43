import type { Auth, LimitedAction } from "@govconnect/auth";
import { hashLinkToken, newLinkToken } from "@govconnect/auth";
import { AppError } from "@govconnect/contracts";
import type { AccountToken } from "@govconnect/db";
import { accountTokens } from "@govconnect/db";
import type { Executor } from "@govconnect/jobs";
import { and, eq, gt, isNull, sql } from "drizzle-orm";

export type LinkPurpose = AccountToken["purpose"];

/** How long each kind of emailed link works (OWASP: a reset link short, a confirmation a day). */
export const LINK_VALID_MINUTES = { email_verification: 24 * 60, password_reset: 60 } as const satisfies Record<
  LinkPurpose,
  number
>;

export interface NewLink {
  readonly purpose: LinkPurpose;
  /** What the email carries; never stored. */
  readonly token: string;
  readonly hash: string;
  readonly expiresAt: Date;
}

/** A fresh link, not stored yet: it is stored only once the email carrying it is written. */
export function newLink(purpose: LinkPurpose): NewLink {
  return { purpose, ...newLinkToken(), expiresAt: new Date(Date.now() + LINK_VALID_MINUTES[purpose] * 60_000) };
}

/** Stores a link's hash for `userId`, and the address it was sent to (which opening it proves). */
export async function storeLink(tx: Executor, link: NewLink, userId: string, email: string): Promise<void> {
  await tx.insert(accountTokens).values({
    tokenHash: link.hash,
    purpose: link.purpose,
    userId,
    email,
    expiresAt: link.expiresAt,
  });
}

/** Why a link no longer works, in words for the person who opened it. */
export function linkRefusal(link: { readonly usedAt: Date | null; readonly expiresAt: Date } | undefined): AppError {
  if (!link) {
    return new AppError(
      "BAD_REQUEST",
      "This link is not valid: check that you copied all of it, or ask for a new one",
      { field: "token" },
    );
  }
  if (link.usedAt)
    return new AppError("BAD_REQUEST", "This link was already used: ask for a new one", { field: "token" });
  return new AppError("BAD_REQUEST", "This link has expired: ask for a new one", { field: "token" });
}

/** Not used yet and not expired: what a link must be to be spent (or retired). */
const stillUsable = and(isNull(accountTokens.usedAt), gt(accountTokens.expiresAt, sql`now()`));

async function findLink(db: Executor, purpose: LinkPurpose, hash: string): Promise<AccountToken | undefined> {
  const [link] = await db
    .select()
    .from(accountTokens)
    .where(and(eq(accountTokens.tokenHash, hash), eq(accountTokens.purpose, purpose)))
    .limit(1);
  return link;
}

/** The link behind `token` if it can still be used, else the refusal (nothing is spent). */
export async function usableLink(db: Executor, purpose: LinkPurpose, token: string): Promise<AccountToken> {
  const link = await findLink(db, purpose, hashLinkToken(token));
  if (!link || link.usedAt || link.expiresAt.getTime() <= Date.now()) throw linkRefusal(link);
  return link;
}

/**
 * Spends the link behind `token`: one statement checks and marks it used, so two requests with
 * the same link cannot both succeed. Throws the refusal when it cannot be used.
 */
export async function spendLink(tx: Executor, purpose: LinkPurpose, token: string): Promise<AccountToken> {
  const hash = hashLinkToken(token);
  const [spent] = await tx
    .update(accountTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(accountTokens.tokenHash, hash), eq(accountTokens.purpose, purpose), stillUsable))
    .returning();
  if (spent) return spent;
  throw linkRefusal(await findLink(tx, purpose, hash));
}

/** Retires a user's unused links of one purpose: only the newest one sent should work. */
export async function retireLinks(tx: Executor, purpose: LinkPurpose, userId: string): Promise<void> {
  await tx
    .update(accountTokens)
    .set({ expiresAt: sql`now()` })
    .where(and(eq(accountTokens.userId, userId), eq(accountTokens.purpose, purpose), stillUsable));
}

/** Spends one of an action's allowance (see `ACTION_LIMITS`), or refuses with when to try again. */
export async function spendAllowance(auth: Auth, action: LimitedAction, key: string, what: string): Promise<void> {
  const decision = await auth.limits.spendAction(action, key).catch((error: unknown) => {
    throw new AppError("SERVICE_UNAVAILABLE", "The service is briefly unavailable: try again in a few seconds", {
      cause: error,
      retryAfterSeconds: 5,
    });
  });
  if (!decision.allowed) {
    const minutes = Math.ceil(decision.retryAfterSeconds / 60);
    throw new AppError("TOO_MANY_REQUESTS", `${what}: try again in ${minutes} minute${minutes === 1 ? "" : "s"}`, {
      retryAfterSeconds: decision.retryAfterSeconds,
    });
  }
}

/** Every emailed link's page spends one try of the IP's allowance, good link or bad. */
export const spendLinkAttempt = (auth: Auth, ip: string) =>
  spendAllowance(auth, "link-attempt-ip", ip, "Too many links were tried from your network");
