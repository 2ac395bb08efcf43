import type { SessionStore } from "@govconnect/auth";
import type { Logger } from "@govconnect/runtime";
import { AppError } from "../errors.ts";

/** How often the open streams' sessions are checked, all at once (one Redis round trip). */
export const SESSION_CHECK_MS = 10_000;

/** How many live streams one process holds open at once (`LIVE_STREAMS_PER_USER`, `LIVE_STREAMS_PER_IP`). */
export interface LiveStreamLimits {
  /** Per account: every tab of one person, with a few to spare. */
  readonly perUser: number;
  /** Per client address: an office behind one NAT or proxy. */
  readonly perIp: number;
}

/** Whose a stream is: the account, the address it came from, and the session it ends with. */
export interface LiveStreamOwner {
  readonly userId: string;
  readonly ip: string;
  readonly sessionId: string;
}

/** An admitted stream's place: hold it while the stream is open. */
export interface LiveStreamSlot {
  /**
   * Aborts when the client goes (the signal given to `open`), the session ends (logout, password
   * change, idle timeout: seen by the next check), or the process closes. The slot is then free.
   */
  readonly signal: AbortSignal;
  /** Frees the slot (when the stream ends) and aborts `signal`; again is a no-op. */
  release(): void;
}

/**
 * The live (SSE) streams of one API process: how many each account and each address holds, and
 * one timer for all of them that ends those whose session ended (security review M4).
 */
export interface LiveStreams {
  /**
   * Admits a stream, or refuses it with `AppError("TOO_MANY_REQUESTS")` (429, `Retry-After`)
   * when the owner's account or address already holds its limit.
   */
  open(owner: LiveStreamOwner, signal?: AbortSignal): LiveStreamSlot;
  /** Open streams now, the distinct sessions they belong to, and whether the check timer runs. */
  stats(): { readonly streams: number; readonly sessions: number; readonly timer: boolean };
  /** Ends every open stream and stops the timer (at shutdown). */
  close(): void;
}

interface Entry {
  readonly owner: LiveStreamOwner;
  readonly ended: AbortController;
}

export function createLiveStreams(options: {
  readonly sessions: Pick<SessionStore, "activeOf">;
  readonly limits: LiveStreamLimits;
  readonly logger: Logger;
  /** Tests only (there is no setting for it): the period of the session check. */
  readonly checkIntervalMs?: number;
}): LiveStreams {
  const { limits, logger } = options;
  const checkIntervalMs = options.checkIntervalMs ?? SESSION_CHECK_MS;
  /** A stream of an ended session is gone within one check: a freed slot is that far off at most. */
  const retryAfterSeconds = Math.max(1, Math.ceil(checkIntervalMs / 1000));
  const perUser = new Map<string, number>();
  const perIp = new Map<string, number>();
  /** The open streams by session: what the check asks Redis about, and what it ends. */
  const bySession = new Map<string, Set<Entry>>();
  let streams = 0;
  let timer: NodeJS.Timeout | undefined;
  let checking = false;
  let closed = false;

  const count = (map: Map<string, number>, key: string, by: number) => {
    const next = (map.get(key) ?? 0) + by;
    if (next > 0) map.set(key, next);
    else map.delete(key);
  };

  const check = async () => {
    if (checking) return; // the last one is still waiting for Redis: one at a time
    checking = true;
    try {
      const ids = [...bySession.keys()];
      const active = await options.sessions.activeOf(ids);
      for (const id of ids) {
        if (active.has(id)) continue;
        for (const entry of [...(bySession.get(id) ?? [])]) entry.ended.abort();
      }
    } catch (error) {
      // Redis briefly away: keep the streams; the next check decides.
      logger.warn({ err: error }, "live streams' sessions not checked; trying again at the next check");
    } finally {
      checking = false;
    }
  };

  const startTimer = () => {
    if (timer) return;
    timer = setInterval(() => void check(), checkIntervalMs);
    // The check never keeps the process alive on its own.
    timer.unref();
  };
  const stopTimer = () => {
    clearInterval(timer);
    timer = undefined;
  };

  return {
    open(owner, signal) {
      if (closed) {
        throw new AppError("SERVICE_UNAVAILABLE", "The server is shutting down: try again in a few seconds", {
          retryAfterSeconds: 5,
        });
      }
      if ((perUser.get(owner.userId) ?? 0) >= limits.perUser) {
        throw new AppError(
          "TOO_MANY_REQUESTS",
          `At most ${limits.perUser} live views are open per account: close one (another tab or window) and try again`,
          { retryAfterSeconds },
        );
      }
      if ((perIp.get(owner.ip) ?? 0) >= limits.perIp) {
        throw new AppError(
          "TOO_MANY_REQUESTS",
          `At most ${limits.perIp} live views are open from one network address: close one and try again`,
          { retryAfterSeconds },
        );
      }
      const entry: Entry = { owner, ended: new AbortController() };
      count(perUser, owner.userId, 1);
      count(perIp, owner.ip, 1);
      const sessionStreams = bySession.get(owner.sessionId) ?? new Set<Entry>();
      bySession.set(owner.sessionId, sessionStreams);
      sessionStreams.add(entry);
      streams += 1;
      startTimer();

      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        count(perUser, owner.userId, -1);
        count(perIp, owner.ip, -1);
        sessionStreams.delete(entry);
        if (sessionStreams.size === 0 && bySession.get(owner.sessionId) === sessionStreams) {
          bySession.delete(owner.sessionId);
        }
        streams -= 1;
        if (streams === 0) stopTimer();
        // Whatever still listens on the slot's signal (a subscription never read) stops too.
        entry.ended.abort();
      };
      const bound = signal ? AbortSignal.any([signal, entry.ended.signal]) : entry.ended.signal;
      // A stream that is never read (its client left first) never reaches its `finally`: the
      // abort frees its slot all the same.
      if (bound.aborted) release();
      else bound.addEventListener("abort", release, { once: true });
      return { signal: bound, release };
    },
    stats: () => ({ streams, sessions: bySession.size, timer: timer !== undefined }),
    close() {
      closed = true;
      stopTimer();
      for (const entries of [...bySession.values()]) for (const entry of [...entries]) entry.ended.abort();
    },
  };
}
