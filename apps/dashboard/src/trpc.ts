import type { AppRouter } from "@govconnect/router";
import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, TRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { FieldWords, Problem } from "./messages.ts";
import { describeProblems, errorMessage, isSessionEnded } from "./messages.ts";

/** Typed hooks: `useTRPC().health.check.queryOptions()` knows the router's input and output types. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type ApiError = TRPCClientError<AppRouter>;

/** Fired when the server says the session is gone; the session provider shows sign-in, on the same page. */
export const SESSION_ENDED_EVENT = "govconnect:session-ended";

export const isApiError = (error: unknown): error is ApiError => error instanceof TRPCClientError;

export function createQueryClient(): QueryClient {
  const sessionEnded = (error: unknown) => {
    if (isSessionEnded(error)) window.dispatchEvent(new CustomEvent(SESSION_ENDED_EVENT));
  };
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // Auth, input and rate-limit refusals will not change on an immediate retry; network blips might.
        retry: (count, error) => count < 1 && !(isApiError(error) && (error.data?.httpStatus ?? 500) < 500),
      },
    },
    // A read or a write refused for want of a session: the session provider says it ended.
    queryCache: new QueryCache({ onError: sessionEnded }),
    mutationCache: new MutationCache({ onError: sessionEnded }),
  });
}

/**
 * Same-origin in production (the API serves the dashboard) and through Vite's proxy in
 * development. The session is the httpOnly cookie: the page never sees the token. Live
 * procedures use server-sent events; everything else is batched.
 */
export function createClient() {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({ url: "/trpc", eventSourceOptions: () => ({ withCredentials: true }) }),
        false: httpBatchLink({
          url: "/trpc",
          maxItems: 20,
          fetch: (url, options) => fetch(url, { ...options, credentials: "include" }),
        }),
      }),
    ],
  });
}

/**
 * Each field's problem from a failed call, in words (see `describeProblems`), by input path.
 * With `only`, just the fields the form shows: a problem with any other field is then the form's
 * failure, so it is never lost.
 */
export function fieldErrors(error: unknown, only?: readonly string[], words?: FieldWords): Record<string, string> {
  return Object.fromEntries(
    describeProblems(error, words)
      .filter((problem): problem is Problem & { field: string } => problem.field !== null)
      .filter((problem) => !only || only.includes(problem.field))
      .map((problem) => [problem.field, problem.message]),
  );
}

export { errorMessage };

/** Why an emailed link was refused, as its page explains it. */
export type LinkProblem = "expired" | "used" | "withdrawn" | "invalid";

export const LINK_PROBLEMS: Record<LinkProblem, string> = {
  expired: "This link has expired.",
  used: "This link has already been used.",
  withdrawn: "This invitation was withdrawn, or replaced by a newer one.",
  invalid: "This link is not valid. It may be incomplete, or an older link that a newer email replaced.",
};

/**
 * The link problem behind a failed call, if it was the link's token that was refused (the API
 * reports it as an issue on `token`; its words say which problem), or null for any other failure.
 */
export function linkProblem(error: unknown): LinkProblem | null {
  if (!isApiError(error)) return null;
  const issue = error.data?.issues?.find((candidate) => candidate.path === "token");
  if (!issue) return null;
  const words = issue.message.toLowerCase();
  if (words.includes("expired")) return "expired";
  if (words.includes("already used")) return "used";
  if (words.includes("withdrawn")) return "withdrawn";
  return "invalid";
}
