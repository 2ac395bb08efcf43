import type { PasswordHasher } from "@govconnect/auth";
import type { UserRole } from "@govconnect/contracts";
import { AppError, PRIORITY } from "@govconnect/contracts";
import type { Database, User } from "@govconnect/db";
import { users } from "@govconnect/db";
import type { Executor } from "@govconnect/jobs";
import { insertTask } from "@govconnect/jobs";
import type { ClientInfo } from "../shared/actor.ts";
import type { Dispatch } from "../shared/dispatch.ts";
import type { PublicUser, Registration } from "./schema.ts";
import { accountConflict, byUsername, confirmedElsewhere, toPublicUser } from "./users.ts";

/**
 * Inserts an account row. `confirmedBy` says who vouches for the address, if anyone (an operator,
 * or an invitation's link); such accounts need no onboarding unless it is an operator's.
 */
export async function insertAccount(
  tx: Executor,
  account: Pick<Registration, "username" | "email" | "fullName">,
  passwordHash: string,
  role: UserRole,
  confirmed: { readonly email: boolean; readonly onboarded?: boolean },
): Promise<User> {
  const now = new Date();
  const [created] = await tx
    .insert(users)
    .values({
      username: account.username,
      email: account.email,
      fullName: account.fullName,
      passwordHash,
      role,
      emailVerifiedAt: confirmed.email ? now : null,
      onboardedAt: confirmed.onboarded ? now : null,
    })
    .returning();
  if (!created) throw new Error("insert returned no row");
  return created;
}

/**
 * Refuses a taken username, or an address another account confirmed, before any bcrypt is spent
 * on the sign-up (the unique indexes still decide a race).
 */
async function refuseTaken(db: Database, registration: Registration): Promise<void> {
  const [holder] = await db.select({ id: users.id }).from(users).where(byUsername(registration.username)).limit(1);
  if (holder) throw new AppError("CONFLICT", "That username is taken: choose another", { field: "username" });
  if (await confirmedElsewhere(db, registration.email)) {
    throw new AppError("CONFLICT", "An account with that email address already exists", { field: "email" });
  }
}

/**
 * A citizen's sign-up: a `user` account and its `user_registration` task (onboarding, the welcome
 * email and the link that confirms the address) commit together, so an accepted sign-up never
 * loses its follow-up work; the task is queued after the commit. The address is unconfirmed
 * until that link is opened.
 */
export async function registerUser(
  db: Database,
  passwords: PasswordHasher,
  dispatch: Dispatch,
  registration: Registration,
  client: Pick<ClientInfo, "ip">,
): Promise<PublicUser> {
  await refuseTaken(db, registration);
  const passwordHash = await passwords.hash(registration.password, client.ip);
  const { user, written } = await db
    .transaction(async (tx) => {
      const user = toPublicUser(await insertAccount(tx, registration, passwordHash, "user", { email: false }));
      const written = await insertTask(tx, {
        type: "user_registration",
        payload: { userId: user.id },
        priority: PRIORITY.default,
        ownerId: user.id,
      });
      return { user, written };
    })
    .catch((error: unknown) => {
      throw accountConflict(error) ?? error;
    });
  await dispatch(written);
  return user;
}

/**
 * An account of any role, made by an operator (the admin CLI): no onboarding task, and the address
 * counts as confirmed — the operator vouches for it, as an admin's invitation link would prove it.
 */
export async function createAccount(
  db: Database,
  passwords: PasswordHasher,
  registration: Registration,
  role: UserRole,
): Promise<PublicUser> {
  await refuseTaken(db, registration);
  const passwordHash = await passwords.hash(registration.password);
  return insertAccount(db, registration, passwordHash, role, { email: true }).then(toPublicUser, (error: unknown) => {
    throw accountConflict(error) ?? error;
  });
}
