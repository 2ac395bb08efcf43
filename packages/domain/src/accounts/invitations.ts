import type { Auth } from "@govconnect/auth";
import { hashLinkToken, newLinkToken } from "@govconnect/auth";
import { AppError, ROLE_LABELS } from "@govconnect/contracts";
import type { Database, Invitation } from "@govconnect/db";
import { invitations, users } from "@govconnect/db";
import { writeOutboxEmail } from "@govconnect/jobs";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { auditedBy, writeAudit } from "../audit/audit.ts";
import type { ClientInfo, SessionActor } from "../shared/actor.ts";
import type { Dispatch } from "../shared/dispatch.ts";
import { isUuid } from "../shared/pagination.ts";
import { linkRefusal, spendAllowance, spendLinkAttempt } from "./links.ts";
import { insertAccount } from "./register.ts";
import type { InvitationAcceptance, InvitationRequest, InvitationView, PublicUser } from "./schema.ts";
import { accountConflict, confirmedElsewhere, currentUser, sameAddress, toPublicUser } from "./users.ts";

/** An invitation works for a week: long enough for a new colleague's first days. */
export const INVITATION_VALID_DAYS = 7;

const MAX_OPEN_INVITATIONS_LISTED = 100;

/** Not accepted, withdrawn or expired: an invitation whose link still works. */
const isOpen = and(
  isNull(invitations.acceptedAt),
  isNull(invitations.revokedAt),
  gt(invitations.expiresAt, sql`now()`),
);
const isOpenRow = (invitation: Invitation | undefined): invitation is Invitation =>
  invitation !== undefined &&
  !invitation.acceptedAt &&
  !invitation.revokedAt &&
  invitation.expiresAt.getTime() > Date.now();

/** Invitations with the name of the admin who sent each. */
const withInviter = (db: Database) =>
  db
    .select({ invitation: invitations, invitedBy: users.fullName })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy));

function toInvitationView(row: Invitation, invitedBy: string | null): InvitationView {
  return {
    id: row.id,
    email: row.email,
    fullName: row.fullName,
    role: row.role,
    invitedBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}

/**
 * An admin invites someone to an account with a role: a link is emailed to the address, and an
 * earlier open invitation to the same address stops working. An address that already belongs to
 * an account is refused (change that account's role instead).
 */
export async function inviteUser(
  db: Database,
  auth: Auth,
  dispatch: Dispatch,
  actor: SessionActor,
  request: InvitationRequest,
): Promise<InvitationView> {
  const admin = await currentUser(db, actor);
  if (await confirmedElsewhere(db, request.email)) {
    throw new AppError("CONFLICT", "An account with that email address already exists: change its role instead", {
      field: "email",
    });
  }
  await spendAllowance(auth, "invitation", `user:${admin.id}`, "Too many invitations were sent");
  const { token, hash } = newLinkToken();
  const { invitation, sendTask } = await db.transaction(async (tx) => {
    await tx
      .update(invitations)
      .set({ revokedAt: sql`now()` })
      .where(
        and(
          sameAddress(invitations.email, request.email),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      );
    const [invitation] = await tx
      .insert(invitations)
      .values({
        tokenHash: hash,
        email: request.email,
        fullName: request.fullName,
        role: request.role,
        invitedBy: admin.id,
        expiresAt: new Date(Date.now() + INVITATION_VALID_DAYS * 86_400_000),
      })
      .returning();
    if (!invitation) throw new Error("insert returned no row");
    await writeAudit(tx, {
      action: "invitation.sent",
      ...auditedBy(actor),
      target: { type: "invitation", id: invitation.id },
      details: { email: request.email, role: request.role },
    });
    const email = await writeOutboxEmail(tx, {
      dedupeKey: `invitation/${invitation.id}`,
      template: "invitation",
      recipient: request.email,
      toAccount: false,
      userId: null,
      props: {
        fullName: request.fullName,
        roleLabel: ROLE_LABELS[request.role],
        invitedByName: admin.fullName,
        token,
        validForDays: INVITATION_VALID_DAYS,
      },
    });
    return { invitation, sendTask: email?.sendTask };
  });
  if (sendTask) await dispatch(sendTask);
  return toInvitationView(invitation, admin.fullName);
}

/** Invitations not accepted, withdrawn or expired, newest first. */
export async function listOpenInvitations(db: Database): Promise<InvitationView[]> {
  const rows = await withInviter(db)
    .where(isOpen)
    .orderBy(desc(invitations.createdAt))
    .limit(MAX_OPEN_INVITATIONS_LISTED);
  return rows.map((row) => toInvitationView(row.invitation, row.invitedBy));
}

/** Withdraws an open invitation: its link stops working. */
export async function revokeInvitation(db: Database, actor: SessionActor, id: string): Promise<void> {
  if (!isUuid(id)) throw new AppError("NOT_FOUND", "No open invitation has that id");
  await db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(invitations)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ id: invitations.id, email: invitations.email });
    if (!revoked) throw new AppError("NOT_FOUND", "No open invitation has that id");
    await writeAudit(tx, {
      action: "invitation.revoked",
      ...auditedBy(actor),
      target: { type: "invitation", id: revoked.id },
      details: { email: revoked.email },
    });
  });
}

function invitationRefusal(invitation: Invitation | undefined): AppError {
  if (invitation?.revokedAt) {
    return new AppError(
      "BAD_REQUEST",
      "This invitation was withdrawn or replaced by a newer one: use the newest email",
      {
        field: "token",
      },
    );
  }
  return linkRefusal(invitation && { usedAt: invitation.acceptedAt, expiresAt: invitation.expiresAt });
}

/** What the invitation page shows before the invitee chooses a username: who invited them, as what. */
export async function describeInvitation(db: Database, auth: Auth, token: string, ip: string) {
  await spendLinkAttempt(auth, ip);
  const [row] = await withInviter(db)
    .where(eq(invitations.tokenHash, hashLinkToken(token)))
    .limit(1);
  if (!row || !isOpenRow(row.invitation)) throw invitationRefusal(row?.invitation);
  return toInvitationView(row.invitation, row.invitedBy);
}

/**
 * The invitee chooses a username and password: the account is made with the invitation's role
 * and its address confirmed (the link proved it). The invitation is spent in the same transaction.
 */
export async function acceptInvitation(
  db: Database,
  auth: Auth,
  input: InvitationAcceptance,
  client: ClientInfo,
): Promise<PublicUser> {
  await spendLinkAttempt(auth, client.ip);
  const hash = hashLinkToken(input.token);
  const [found] = await db.select().from(invitations).where(eq(invitations.tokenHash, hash)).limit(1);
  if (!isOpenRow(found)) throw invitationRefusal(found);
  const passwordHash = await auth.passwords.hash(input.password, client.ip);
  return db
    .transaction(async (tx) => {
      const [invitation] = await tx
        .update(invitations)
        .set({ acceptedAt: sql`now()` })
        .where(and(eq(invitations.tokenHash, hash), isOpen))
        .returning();
      if (!invitation) throw invitationRefusal(found);
      if (await confirmedElsewhere(tx, invitation.email)) {
        throw new AppError("CONFLICT", "An account with this email address already exists: sign in to it instead", {
          field: "email",
        });
      }
      // The invitation's link proved the address; an admin chose the role.
      const account = { username: input.username, email: invitation.email, fullName: invitation.fullName };
      const user = await insertAccount(tx, account, passwordHash, invitation.role, { email: true, onboarded: true });
      await tx.update(invitations).set({ acceptedUserId: user.id }).where(eq(invitations.id, invitation.id));
      await writeAudit(tx, {
        action: "invitation.accepted",
        actorId: user.id,
        client,
        target: { type: "invitation", id: invitation.id },
        details: { userId: user.id, username: user.username, role: invitation.role },
      });
      return toPublicUser(user);
    })
    .catch((error: unknown) => {
      throw accountConflict(error) ?? error;
    });
}
