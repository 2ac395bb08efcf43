import type { Auth, AuthenticatedSession, PasswordHasher } from "@govconnect/auth";
import type { Database, User, UserRole } from "@govconnect/db";
import { users } from "@govconnect/db";
import type { Executor } from "@govconnect/jobs";
import { eq, sql } from "drizzle-orm";
import { AppError } from "../errors.ts";

/** A user as the API shows them: never the password hash. */
export interface PublicUser {
  readonly id: string;
  readonly username: string;
  readonly fullName: string;
  readonly email: string;
  readonly role: User["role"];
}

export function toPublicUser(user: User): PublicUser {
  return { id: user.id, username: user.username, fullName: user.fullName, email: user.email, role: user.role };
}

const UNIQUE_VIOLATION = "23505";

/** Drizzle wraps the driver's error; PostgreSQL and PGlite both put the constraint name on it. */
function violatedConstraint(error: unknown): string | undefined {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const { code, constraint } = current as { code?: string; constraint?: string };
    if (code === UNIQUE_VIOLATION) return constraint ?? "";
  }
  return undefined;
}

function conflictFrom(error: unknown): AppError | undefined {
  const constraint = violatedConstraint(error);
  if (constraint === undefined) return undefined;
  return constraint.includes("email")
    ? new AppError("CONFLICT", "An account with that email address already exists", { field: "email" })
    : new AppError("CONFLICT", "That username is taken: choose another", { field: "username" });
}

const byUsername = (username: string) => sql`lower(${users.username}) = lower(${username})`;

export interface Registration {
  readonly username: string;
  readonly password: string;
  readonly fullName: string;
  readonly email: string;
}

/** Creates an account. The API only ever creates `user`s; other roles come from the admin CLI. */
export async function registerUser(
  db: Database,
  passwords: PasswordHasher,
  input: Registration,
  role: UserRole = "user",
): Promise<PublicUser> {
  const { user } = await registerUserWith(db, passwords, input, role, async () => undefined);
  return user;
}

/**
 * Creates an account and, in the same transaction, whatever `alsoWrite` writes (the outbox rows
 * of its follow-up tasks): both commit, or neither does.
 */
export async function registerUserWith<T>(
  db: Database,
  passwords: PasswordHasher,
  input: Registration,
  role: UserRole,
  alsoWrite: (tx: Executor, user: PublicUser) => Promise<T>,
): Promise<{ user: PublicUser; written: T }> {
  const passwordHash = await passwords.hash(input.password);
  try {
    return await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(users)
        .values({ username: input.username, email: input.email, fullName: input.fullName, passwordHash, role })
        .returning();
      if (!created) throw new Error("insert returned no row");
      const user = toPublicUser(created);
      return { user, written: await alsoWrite(tx, user) };
    });
  } catch (error) {
    throw conflictFrom(error) ?? error;
  }
}

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
async function checkPassword(
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
 * Checks a username and password. The brute-force guard is asked first (a blocked pair costs no
 * bcrypt); an unknown username and a wrong password answer alike, in the same time.
 */
export async function signIn(
  db: Database,
  auth: Auth,
  input: { readonly username: string; readonly password: string },
  client: { readonly ip: string; readonly userAgent: string | undefined },
): Promise<SignIn> {
  const [user] = await db.select().from(users).where(byUsername(input.username)).limit(1);
  const valid = await checkPassword(auth, input.username, client.ip, input.password, user?.passwordHash);
  if (!user || !valid) throw new AppError("UNAUTHORIZED", INVALID_CREDENTIALS);

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

export async function currentUser(db: Database, session: AuthenticatedSession): Promise<User> {
  const [user] = await db.select().from(users).where(eq(users.id, session.record.userId)).limit(1);
  // The account was removed while the session lived: the session is over.
  if (!user) throw new AppError("UNAUTHORIZED", "Your account no longer exists");
  return user;
}

export interface ProfileChanges {
  readonly fullName?: string | undefined;
  readonly email?: string | undefined;
  readonly newPassword?: string | undefined;
  readonly currentPassword?: string | undefined;
}

/**
 * Changes name, email or password. Email and password changes need the current password (the
 * session alone may be a borrowed laptop); a new password ends every other session.
 */
export async function updateProfile(
  db: Database,
  auth: Auth,
  session: AuthenticatedSession,
  changes: ProfileChanges,
  client: { readonly ip: string },
): Promise<PublicUser> {
  const user = await currentUser(db, session);
  const sensitive = changes.newPassword !== undefined || (changes.email !== undefined && changes.email !== user.email);
  if (sensitive) {
    if (!changes.currentPassword) {
      throw new AppError("BAD_REQUEST", "Enter your current password to change your email or password", {
        field: "currentPassword",
      });
    }
    // Guarded like sign-in: a borrowed session must not become a password-guessing oracle.
    if (!(await checkPassword(auth, user.username, client.ip, changes.currentPassword, user.passwordHash))) {
      throw new AppError("FORBIDDEN", "The current password is not correct", { field: "currentPassword" });
    }
  }
  const values: Partial<typeof users.$inferInsert> = { updatedAt: new Date() };
  if (changes.fullName !== undefined) values.fullName = changes.fullName;
  if (changes.email !== undefined) values.email = changes.email;
  if (changes.newPassword !== undefined) values.passwordHash = await auth.passwords.hash(changes.newPassword);
  const endOtherSessions = () =>
    auth.sessions.revokeAllForUser(user.id, session.jti).catch((error: unknown) => {
      throw new AppError("SERVICE_UNAVAILABLE", "Could not end your other sessions: try again in a few seconds", {
        cause: error,
        retryAfterSeconds: 5,
      });
    });
  // Before the change, so a Redis failure leaves the old password (and the caller can retry)
  // rather than a new password with the old sessions alive...
  if (changes.newPassword !== undefined) await endOtherSessions();
  let updated: User | undefined;
  try {
    [updated] = await db.update(users).set(values).where(eq(users.id, user.id)).returning();
  } catch (error) {
    throw conflictFrom(error) ?? error;
  }
  if (!updated) throw new AppError("UNAUTHORIZED", "Your account no longer exists");
  // ...and after it, for a sign-in that checked the old password while this one was running.
  if (changes.newPassword !== undefined) await endOtherSessions();
  return toPublicUser(updated);
}
