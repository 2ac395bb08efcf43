import type { RouterOutputs } from "@govconnect/router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { createContext, useContext, useEffect, useState } from "react";
import { isApiError, SESSION_ENDED_EVENT, useTRPC } from "./trpc.ts";

export type Me = NonNullable<RouterOutputs["auth"]["session"]["user"]>;

interface Session {
  readonly me: Me | null;
  readonly loading: boolean;
  /**
   * Staff signed in without two-step verification: until it is set up, the session may do nothing
   * else, so the app shows only the set-up page.
   */
  readonly secondFactorSetupRequired: boolean;
  /** Why the user was sent to sign in (an ended session), shown there once. */
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

/**
 * Who is signed in, from `auth.session` (the httpOnly cookie rides along). When any call answers
 * UNAUTHORIZED — the session expired, or ended elsewhere — everything cached is dropped and the
 * sign-in page says why.
 */
export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const current = useQuery({ ...trpc.auth.session.queryOptions(), staleTime: 60_000 });
  const logout = useMutation(trpc.auth.logout.mutationOptions());
  const me = current.data?.user ?? null;
  const signedIn = me !== null;

  useEffect(() => {
    const ended = (event: Event) => {
      if (!signedIn) return;
      queryClient.clear();
      setNotice((event as CustomEvent<string>).detail || "Your session has ended: sign in again");
    };
    window.addEventListener(SESSION_ENDED_EVENT, ended);
    return () => window.removeEventListener(SESSION_ENDED_EVENT, ended);
  }, [queryClient, signedIn]);

  const session: Session = {
    me,
    loading: current.isPending,
    secondFactorSetupRequired: me !== null && current.data?.secondFactorSetupRequired === true,
    // A reload with a cookie whose session is gone says so too.
    notice: notice ?? (current.data?.ended ? "Your session has expired or ended: sign in again" : null),
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
