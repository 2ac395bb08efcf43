import type { RouterOutputs } from "@govconnect/router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { createContext, useContext, useEffect, useState } from "react";
import { isRateLimited, retryAfterSeconds, SESSION_ENDED } from "./messages.ts";
import { isApiError, SESSION_ENDED_EVENT, useTRPC } from "./trpc.ts";

export type Me = NonNullable<RouterOutputs["auth"]["session"]["user"]>;

interface Session {
  readonly me: Me | null;
  /** The first check of the session has not answered yet. */
  readonly loading: boolean;
  /**
   * The check could not answer (rate limited, offline, a fault): whether anyone is signed in is
   * unknown, so the app says what happened instead of showing sign-in as if the user had left.
   */
  readonly problem: unknown;
  /**
   * Staff signed in without two-step verification: until it is set up, the session may do nothing
   * else, so the app shows only the set-up page.
   */
  readonly secondFactorSetupRequired: boolean;
  /** Why the user is asked to sign in (an ended session), shown there once. */
  readonly notice: string | null;
  signedIn(): Promise<void>;
  /** The account changed (name, email, confirmation): read it again. */
  refresh(): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}

/** A rate-limited check is tried again once the limit allows (a few times); nothing else is. */
const retrySessionCheck = (count: number, error: unknown) => count < 3 && isRateLimited(error);
const sessionRetryDelay = (_count: number, error: unknown) =>
  Math.min(60, Math.max(1, retryAfterSeconds(error) ?? 10)) * 1000;

/**
 * Who is signed in, from `auth.session` (the httpOnly cookie rides along). When any call answers
 * UNAUTHORIZED — the session expired, or ended elsewhere — everything cached is dropped and the
 * sign-in page says why; the address stays, so signing in again returns to the same page.
 * A failed check (429, offline) keeps whoever was signed in: only the server saying "nobody"
 * signs the page out.
 */
export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const current = useQuery({
    ...trpc.auth.session.queryOptions(),
    staleTime: 60_000,
    retry: retrySessionCheck,
    retryDelay: sessionRetryDelay,
  });
  const logout = useMutation(trpc.auth.logout.mutationOptions());
  const me = current.data?.user ?? null;
  const signedIn = me !== null;

  useEffect(() => {
    const ended = () => {
      if (!signedIn) return;
      queryClient.clear();
      setNotice(SESSION_ENDED);
    };
    window.addEventListener(SESSION_ENDED_EVENT, ended);
    return () => window.removeEventListener(SESSION_ENDED_EVENT, ended);
  }, [queryClient, signedIn]);

  const unknown = current.data === undefined;
  const session: Session = {
    me,
    loading: unknown && current.isPending && !current.failureReason,
    problem: unknown ? (current.error ?? current.failureReason ?? null) : null,
    secondFactorSetupRequired: me !== null && current.data?.secondFactorSetupRequired === true,
    // A reload with a cookie whose session is gone says so too.
    notice: notice ?? (current.data?.ended ? SESSION_ENDED : null),
    async signedIn() {
      setNotice(null);
      await queryClient.resetQueries();
    },
    async refresh() {
      await current.refetch();
    },
    async signOut() {
      await logout.mutateAsync().catch((error: unknown) => {
        if (!(isApiError(error) && error.data?.code === "UNAUTHORIZED")) throw error;
      });
      queryClient.clear();
      setNotice("You have signed out");
      await current.refetch();
    },
  };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
