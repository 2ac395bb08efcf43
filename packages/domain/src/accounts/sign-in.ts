import type { Auth } from "@govconnect/auth";
import { AppError, PRIORITY } from "@govconnect/contracts";
import type { Database } from "@govconnect/db";
import { users } from "@govconnect/db";
import { insertTask } from "@govconnect/jobs";
import type { Dispatch } from "../shared/dispatch.ts";
import type { ClientInfo, LoginInput, PublicUser } from "./schema.ts";
import { ACCOUNT_DEACTIVATED, byUsername, toPublicUser } from "./users.ts";

export interface SignIn {
  readonly token: string;
  readonly expiresAt: Date;
  readonly user: PublicUser;
}

const INVALID_CREDENTIALS = "Invalid username or password";

/**
 * Checks a password under the brute-force guard: an attempt is reserved for the username+IP pair
 * and the IP before bcrypt runs (a blocked pair costs nothing, parallel guesses all count), then
 * recorded as failed or succeeded. With no stored hash (unknown user), the same bcrypt time is
 * spent and the answer is false.
 */
export async function checkPassword(
  auth: Auth,
  username: string,
  ip: string,
  password: string,
  storedHash: string | undefined,
): Promise<boolean> {
  const guard = await auth.limits.beginLogin(username, ip);
  if (!guard.allowed) {
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `Too many failed sign-in attempts: try again in ${Math.ceil(guard.retryAfterSeconds / 60)} minutes`,
      { retryAfterSeconds: guard.retryAfterSeconds },
    );
  }
  const valid = storedHash
    ? await auth.passwords.verify(password, storedHash)
    : await auth.passwords.verifyNobody(password);
  if (valid) await auth.limits.loginSucceeded(username, ip);
  else await auth.limits.loginFailed(username, ip);
  return valid;
}

/**
 * Checks a username and password and opens a session. The brute-force guard is asked first (a
 * blocked pair costs no bcrypt); an unknown username and a wrong password answer alike, in the
 * same time.
 */
export async function signIn(db: Database, auth: Auth, input: LoginInput, client: ClientInfo): Promise<SignIn> {
  const [user] = await db.select().from(users).where(byUsername(input.username)).limit(1);
  const valid = await checkPassword(auth, input.username, client.ip, input.password, user?.passwordHash);
  if (!user || !valid) throw new AppError("UNAUTHORIZED", INVALID_CREDENTIALS);
  // Said only to someone who knows the password: it tells a guesser nothing.
  if (user.deactivatedAt) throw new AppError("FORBIDDEN", ACCOUNT_DEACTIVATED);
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
    },
    issued.expiresAt,
  );
  return { token: issued.token, expiresAt: issued.expiresAt, user: toPublicUser(user) };
}

/** The `user_login` task that records a sign-in (IP, user agent, time), written and queued. */
export async function recordSignIn(
  db: Database,
  dispatch: Dispatch,
  user: Pick<PublicUser, "id">,
  client: ClientInfo,
): Promise<void> {
  const written = await insertTask(db, {
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
  await dispatch(written);
}
