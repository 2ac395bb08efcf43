import type { PasswordHasher } from "@govconnect/auth";
import type { UserRole } from "@govconnect/contracts";
import { PRIORITY } from "@govconnect/contracts";
import type { Database } from "@govconnect/db";
import { users } from "@govconnect/db";
import type { Executor } from "@govconnect/jobs";
import { insertTask } from "@govconnect/jobs";
import type { Dispatch } from "../shared/dispatch.ts";
import type { PublicUser, Registration } from "./schema.ts";
import { accountConflict, toPublicUser } from "./users.ts";

async function insertUser(tx: Executor, registration: Registration, passwordHash: string, role: UserRole) {
  const [created] = await tx
    .insert(users)
    .values({
      username: registration.username,
      email: registration.email,
      fullName: registration.fullName,
      passwordHash,
      role,
    })
    .returning();
  if (!created) throw new Error("insert returned no row");
  return toPublicUser(created);
}

/**
 * A citizen's sign-up: a `user` account and its `user_registration` task (onboarding, the welcome
 * email) commit together, so an accepted sign-up never loses its follow-up work; the task is
 * queued after the commit.
 */
export async function registerUser(
  db: Database,
  passwords: PasswordHasher,
  dispatch: Dispatch,
  registration: Registration,
): Promise<PublicUser> {
  const passwordHash = await passwords.hash(registration.password);
  const { user, written } = await db
    .transaction(async (tx) => {
      const user = await insertUser(tx, registration, passwordHash, "user");
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

/** An account of any role, made by an operator (the admin CLI): no onboarding task. */
export async function createAccount(
  db: Database,
  passwords: PasswordHasher,
  registration: Registration,
  role: UserRole,
): Promise<PublicUser> {
  const passwordHash = await passwords.hash(registration.password);
  return insertUser(db, registration, passwordHash, role).catch((error: unknown) => {
    throw accountConflict(error) ?? error;
  });
}
