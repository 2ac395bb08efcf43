import type { AppRouter } from "@govconnect/router";
import { QueryCache, QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, TRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";

/** Typed hooks: `useTRPC().health.check.queryOptions()` knows the router's input and output types. */
export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

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

/** A field's message from the server's validation issues (`issues[].path`), by input path. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  const issues = error.data?.issues ?? [];
  return Object.fromEntries(issues.map((issue) => [issue.path, issue.message]));
}

/** What to tell the user about a failed call. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.message;
  return error instanceof Error ? error.message : "Something went wrong";
}
