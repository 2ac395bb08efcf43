import type { Auth } from "@govconnect/auth";
import { AppError } from "@govconnect/contracts";
import type { Database, User } from "@govconnect/db";
import { loginEvents, users } from "@govconnect/db";
import type { SQL } from "drizzle-orm";
import { and, desc, eq, ilike, isNotNull, isNull, or, sql } from "drizzle-orm";
import { auditedBy, writeAudit } from "../audit/audit.ts";
import { hasConfirmedFactor } from "../second-factor/factors.ts";
import type { SessionActor } from "../shared/actor.ts";
import type { Page } from "../shared/pagination.ts";
import { containsPattern, decodeCursor, isUuid, olderThan, toPage } from "../shared/pagination.ts";
import type { AdminUserChanges, AdminUserView, UserListInput } from "./schema.ts";
import { endSessions, toPublicUser } from "./users.ts";

// Spelled out: inside a subquery drizzle leaves columns unqualified, and a bare "id" would be login_events'.
const lastSignIn = sql<Date | null>`(select max(le.at) from ${loginEvents} le where le.user_id = "users"."id")`;

function toAdminUserView(user: User, lastSignInAt: Date | string | null, secondFactor: boolean): AdminUserView {
  return {
    ...toPublicUser(user),
    active: user.deactivatedAt === null,
    secondFactor,
    createdAt: user.createdAt.toISOString(),
    // A subquery's timestamp comes back as text from some drivers: normalise it.
    lastSignInAt: lastSignInAt === null ? null : new Date(lastSignInAt).toISOString(),
  };
}

function stateFilter(state: UserListInput["state"]): SQL | undefined {
  if (state === "active") return isNull(users.deactivatedAt);
  if (state === "deactivated") return isNotNull(users.deactivatedAt);
  if (state === "unconfirmed") return isNull(users.emailVerifiedAt);
  return undefined;
}

/** Accounts, newest first, found by part of a name, username or email; keyset pages. */
export async function listUsers(db: Database, input: UserListInput): Promise<Page<AdminUserView>> {
  const cursor = decodeCursor(input.cursor);
  const search = input.q
    ? or(
        ilike(users.username, containsPattern(input.q)),
        ilike(users.fullName, containsPattern(input.q)),
        ilike(users.email, containsPattern(input.q)),
      )
    : undefined;
  const rows = await db
    .select({ user: users, lastSignInAt: lastSignIn, secondFactor: hasConfirmedFactor })
    .from(users)
    .where(
      and(
        search,
        input.role ? eq(users.role, input.role) : undefined,
        stateFilter(input.state),
        olderThan(users.createdAt, users.id, cursor),
      ),
    )
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(input.limit + 1);
  return toPage(
    rows.map((row) => ({ ...row, createdAt: row.user.createdAt, id: row.user.id })),
    input.limit,
    (row) => toAdminUserView(row.user, row.lastSignInAt, row.secondFactor),
  );
}

export async function getUser(db: Database, id: string): Promise<AdminUserView> {
  if (!isUuid(id)) throw new AppError("NOT_FOUND", "No user has that id");
  const [row] = await db
    .select({ user: users, lastSignInAt: lastSignIn, secondFactor: hasConfirmedFactor })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "No user has that id");
  return toAdminUserView(row.user, row.lastSignInAt, row.secondFactor);
}

/**
 * An admin changes a user's role or deactivates (or reactivates) them. Nobody can take away their
 * own admin role or deactivate themself, and the last active admin stays one, so the service can
 * always be run. Deactivation ends the user's sessions on every instance; a new role counts from
 * the user's next request.
 */
export async function updateUser(
  db: Database,
  auth: Auth,
  actor: SessionActor,
  changes: AdminUserChanges,
): Promise<AdminUserView> {
  if (!isUuid(changes.id)) throw new AppError("NOT_FOUND", "No user has that id");
  const losesAdmin = (user: User) =>
    user.role === "admin" &&
    user.deactivatedAt === null &&
    ((changes.role !== undefined && changes.role !== "admin") || changes.active === false);
  if (changes.id === actor.userId && (changes.active === false || (changes.role && changes.role !== "admin"))) {
    throw new AppError(
      "FORBIDDEN",
      "You cannot remove your own administrator role or deactivate yourself: ask another administrator",
    );
  }
  const deactivating = changes.active === false;
  const updated = await db.transaction(async (tx) => {
    const [target] = await tx.select().from(users).where(eq(users.id, changes.id)).for("update");
    if (!target) throw new AppError("NOT_FOUND", "No user has that id");
    if (losesAdmin(target)) {
      // Every active admin row is locked, so two admins demoting each other at once take turns.
      const admins = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.role, "admin"), isNull(users.deactivatedAt)))
        .for("update");
      if (admins.length <= 1) {
        throw new AppError(
          "CONFLICT",
          "This is the last active administrator: make someone else an administrator first",
        );
      }
    }
    const values: Partial<typeof users.$inferInsert> = { updatedAt: new Date() };
    if (changes.role !== undefined) values.role = changes.role;
    if (changes.active === true) values.deactivatedAt = null;
    if (deactivating && target.deactivatedAt === null) values.deactivatedAt = new Date();
    const [row] = await tx.update(users).set(values).where(eq(users.id, target.id)).returning();
    if (!row) throw new Error("update returned no row");
    const audited = { ...auditedBy(actor), target: { type: "user" as const, id: target.id } };
    // One event per change that took effect (a request may change both; a no-op changes nothing).
    if (changes.role !== undefined && changes.role !== target.role) {
      await writeAudit(tx, {
        action: "user.role_changed",
        ...audited,
        details: { from: target.role, to: changes.role },
      });
    }
    if (deactivating && target.deactivatedAt === null) await writeAudit(tx, { action: "user.deactivated", ...audited });
    if (changes.active === true && target.deactivatedAt !== null) {
      await writeAudit(tx, { action: "user.reactivated", ...audited });
    }
    return row;
  });
  // After the commit: a sign-in racing this one finds the account deactivated (or has its new role).
  if (deactivating) await endSessions(auth, updated.id, "the user's");
  else if (changes.role !== undefined) {
    await auth.sessions.setRole(updated.id, updated.role).catch((error: unknown) => {
      throw new AppError(
        "SERVICE_UNAVAILABLE",
        "The role was changed, but its sessions were not updated: send it again",
        {
          cause: error,
          retryAfterSeconds: 5,
        },
      );
    });
  }
  return getUser(db, updated.id);
}
