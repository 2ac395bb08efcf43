import type { Auth } from "@govconnect/auth";
import { AppError } from "@govconnect/contracts";
import type { Database } from "@govconnect/db";
import { auditedBy, writeAudit } from "../audit/audit.ts";
import type { SessionActor } from "../shared/actor.ts";
import type { SessionView } from "./schema.ts";

/** The caller's live sessions, most recently used first, the current one marked. */
export async function listMySessions(auth: Auth, actor: SessionActor): Promise<SessionView[]> {
  const sessions = await auth.sessions.list(actor.userId);
  return sessions.map((session) => ({
    id: session.id,
    userAgent: session.record.userAgent ?? null,
    ip: session.record.ip ?? null,
    createdAt: session.record.createdAt,
    lastUsedAt: session.lastUsedAt.toISOString(),
    current: session.id === actor.sessionId,
  }));
}

/**
 * Ends one of the caller's sessions (on every instance); says whether it was the current one.
 * Sessions live in Redis: the audit row is written first and the session ends inside its
 * transaction, so neither happens without the other.
 */
export async function endMySession(
  db: Database,
  auth: Auth,
  actor: SessionActor,
  id: string,
): Promise<{ readonly current: boolean }> {
  const mine = await auth.sessions.list(actor.userId);
  if (!mine.some((session) => session.id === id)) throw new AppError("NOT_FOUND", "None of your sessions has that id");
  const current = id === actor.sessionId;
  await db.transaction(async (tx) => {
    await writeAudit(tx, {
      action: current ? "sign_out" : "sessions.ended",
      ...auditedBy(actor),
      target: { type: "user", id: actor.userId },
      ...(current ? {} : { details: { count: 1 } }),
    });
    await auth.sessions.revoke(id);
  });
  return { current };
}

/** Ends every session of the caller but this one ("sign out everywhere else"). */
export async function endMyOtherSessions(
  db: Database,
  auth: Auth,
  actor: SessionActor,
): Promise<{ readonly ended: number }> {
  return db.transaction(async (tx) => {
    const others = (await auth.sessions.list(actor.userId)).filter((session) => session.id !== actor.sessionId);
    await writeAudit(tx, {
      action: "sessions.ended",
      ...auditedBy(actor),
      target: { type: "user", id: actor.userId },
      details: { count: others.length },
    });
    return { ended: await auth.sessions.revokeAllForUser(actor.userId, actor.sessionId) };
  });
}

/** Signs the caller out: this session ends on every instance. */
export async function signOut(db: Database, auth: Auth, actor: SessionActor): Promise<void> {
  await db.transaction(async (tx) => {
    await writeAudit(tx, { action: "sign_out", ...auditedBy(actor), target: { type: "user", id: actor.userId } });
    await auth.sessions.revoke(actor.sessionId);
  });
}
