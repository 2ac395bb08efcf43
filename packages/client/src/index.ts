import type { PublicAppRouter } from "@govconnect/router";
import type { CreateTRPCClient, TRPCClientError } from "@trpc/client";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { EventSourceFetchInit } from "eventsource";
import { EventSource } from "eventsource";

/** GovConnect's API as the client sees it: every procedure, its input, output and errors. */
export type AppRouter = PublicAppRouter;
/** What each procedure takes, e.g. `RouterInputs["appointments"]["book"]`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** What each procedure returns, e.g. `RouterOutputs["dashboard"]["metrics"]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
/** A failed call: `error.message` is safe to show; `error.data.issues` names each bad field. */
export type GovConnectError = TRPCClientError<AppRouter>;
export type GovConnectClient = CreateTRPCClient<AppRouter>;

export {
  ACCOUNT_PAGES,
  type AccountPage,
  type AlertReport,
  APPOINTMENT_TRANSITIONS,
  type AppointmentRequest,
  accountLink,
  alertReport,
  appointmentRequest,
  PRIORITY,
  ROLE_LABELS,
  SECTORS,
  TASK_TYPES,
  type TaskPayload,
  type TaskType,
  taskPayloads,
} from "@govconnect/contracts";

export interface GovConnectClientOptions {
  /** The API's origin, e.g. `https://govconnect.example.gov` (the client calls `<url>/trpc`). */
  readonly url: string;
  /** A fixed token from `auth.login`… */
  readonly token?: string;
  /** …or a function that returns the current one (called for every request, so it can refresh). */
  readonly getToken?: () => string | undefined | Promise<string | undefined>;
  /** Another fetch (tests, proxies); the global one by default. */
  readonly fetch?: typeof fetch;
  /** Calls made in the same tick go as one request, up to this many (the server accepts 20). */
  readonly maxBatchSize?: number;
}

/**
 * A typed GovConnect client: `client.appointments.book.mutate({...})`,
 * `client.dashboard.metrics.query()`, `client.tasks.onStatus.subscribe({ taskId }, { onData })`.
 * Queries and mutations are batched over HTTP; subscriptions are server-sent events. Works in
 * Node 20+ and browsers (in a browser without a token, the session cookie is sent instead).
 */
export function createGovConnectClient(options: GovConnectClientOptions): GovConnectClient {
  const base = `${options.url.replace(/\/+$/, "")}/trpc`;
  const tokenOf = async () => options.token ?? (await options.getToken?.());
  const authorization = async (): Promise<Record<string, string>> => {
    const token = await tokenOf();
    return token ? { authorization: `Bearer ${token}` } : {};
  };
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url: base,
          // The browser's EventSource cannot send a header; this fetch-based one (also for Node 20) can.
          EventSource,
          eventSourceOptions: async () => {
            const headers = await authorization();
            return {
              fetch: (input: string | URL, init: EventSourceFetchInit) =>
                fetchImpl(input, { ...init, headers: { ...init.headers, ...headers }, credentials: "include" }),
            };
          },
        }),
        false: httpBatchLink({
          url: base,
          maxItems: options.maxBatchSize ?? 20,
          headers: authorization,
          fetch: (url, init) => fetchImpl(url, { ...(init as RequestInit), credentials: "include" }),
        }),
      }),
    ],
  });
}
