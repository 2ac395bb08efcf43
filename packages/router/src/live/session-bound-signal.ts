import type { AuthenticatedSession } from "@govconnect/auth";
import type { Context } from "../context.ts";

/** How often a live stream re-checks that its session still exists. */
const SESSION_CHECK_MS = 10_000;

/**
 * A signal for a live stream that aborts when the client goes (`signal`) or the session ends —
 * logout, a password change or the idle timeout — checked every few seconds. Call `dispose`
 * when the stream ends (the checks also stop when the signal aborts).
 */
export function sessionBoundSignal(
  ctx: Pick<Context, "auth">,
  session: AuthenticatedSession,
  signal: AbortSignal | undefined,
): { readonly signal: AbortSignal; dispose(): void } {
  const ended = new AbortController();
  const check = setInterval(() => {
    ctx.auth.sessions.isActive(session.jti).then(
      (active) => active || ended.abort(),
      () => undefined, // Redis briefly away: keep the stream; the next check decides
    );
  }, SESSION_CHECK_MS);
  const bound = signal ? AbortSignal.any([signal, ended.signal]) : ended.signal;
  // A stream that is never read (its client left first) is never disposed: stop checking anyway.
  bound.addEventListener("abort", () => clearInterval(check), { once: true });
  return { signal: bound, dispose: () => clearInterval(check) };
}
