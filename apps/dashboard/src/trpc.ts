import type { AppRouter } from "@govconnect/router";
import { QueryCache, QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, TRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";

/** Typed hooks: `useTRPC().health.check.queryOptions()` knows the router's input and output types. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type ApiError = TRPCClientError<AppRouter>;

/** Fired when the server says the session is gone; the session provider sends the user to sign-in. */
export const SESSION_ENDED_EVENT = "govconnect:session-ended";

export const isApiError = (error: unknown): error is ApiError => error instanceof TRPCClientError;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // Auth and input errors will not change on retry; network blips might.
        retry: (count, error) => count < 1 && !(isApiError(error) && (error.data?.httpStatus ?? 500) < 500),
      },
    },
    queryCache: new QueryCache({
      onError: (error) => {
        if (isApiError(error) && error.data?.code === "UNAUTHORIZED") {
          window.dispatchEvent(new CustomEvent(SESSION_ENDED_EVENT, { detail: error.message }));
        }
      },
    }),
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
 * A field's message from the server's validation issues (`issues[].path`), by input path. With
 * `only`, just the fields the form shows: a message about any other field is then the form's
 * failure (see `FormFailure`), so it is never lost.
 */
export function fieldErrors(error: unknown, only?: readonly string[]): Record<string, string> {
  if (!isApiError(error)) return {};
  const issues = error.data?.issues ?? [];
  return Object.fromEntries(
    issues.filter((issue) => !only || only.includes(issue.path)).map((issue) => [issue.path, issue.message]),
  );
}

const UNREACHABLE = "GovConnect could not be reached. Check your connection and try again.";
const OUR_FAULT = "Something went wrong on our side. Try again in a moment.";

/**
 * What to tell the user about a failed call, in words: the one place API errors become text.
 * The server's messages are written for people; its validation summary names fields
 * (`email: …`), so only the issues' own messages are shown. A call that never reached the
 * server, or a fault on it, gets a sentence of its own.
 */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) {
    // No error shape: the request failed on the way (offline, a proxy's HTML error page).
    if (!error.data) return UNREACHABLE;
    if (error.data.code === "INTERNAL_SERVER_ERROR") return OUR_FAULT;
    const issues = error.data.issues ?? [];
    if (issues.length > 0) return [...new Set(issues.map((issue) => issue.message))].join("; ");
    return error.message;
  }
  if (error instanceof TypeError) return UNREACHABLE;
  return error instanceof Error ? error.message : "Something went wrong";
}

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
