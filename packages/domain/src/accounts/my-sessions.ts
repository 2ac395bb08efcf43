import type { Auth } from "@govconnect/auth";
import { AppError } from "@govconnect/contracts";
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

/** Ends one of the caller's sessions (on every instance); says whether it was the current one. */
export async function endMySession(
  auth: Auth,
  actor: SessionActor,
  id: string,
): Promise<{ readonly current: boolean }> {
  const mine = await auth.sessions.list(actor.userId);
  if (!mine.some((session) => session.id === id)) throw new AppError("NOT_FOUND", "None of your sessions has that id");
  await auth.sessions.revoke(id);
  return { current: id === actor.sessionId };
}

/** Ends every session of the caller but this one ("sign out everywhere else"). */
export async function endMyOtherSessions(auth: Auth, actor: SessionActor): Promise<{ readonly ended: number }> {
  return { ended: await auth.sessions.revokeAllForUser(actor.userId, actor.sessionId) };
}
