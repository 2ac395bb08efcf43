import type { RouterInputs } from "@govconnect/router";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTRPC, useTRPCClient } from "./trpc.ts";

type TaskListInput = Omit<NonNullable<RouterInputs["tasks"]["list"]>, "cursor">;

/**
 * The caller's tasks, newest first, a page at a time ("Show more"). Not tRPC's
 * `infiniteQueryOptions`: it adds a `direction` key to the input, which the API's strict input
 * refuses. The key starts with the procedure's, so invalidating `tasks` reaches it.
 */
export function useTaskPages(input: TaskListInput, refetchInterval: (busy: boolean) => number | false) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  return useInfiniteQuery({
    queryKey: [...trpc.tasks.list.queryKey(input), "pages"],
    queryFn: ({ pageParam, signal }) =>
      client.tasks.list.query({ ...input, ...(pageParam ? { cursor: pageParam } : {}) }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: (query) =>
      refetchInterval(
        query.state.data?.pages.some((page) =>
          page.items.some((item) => item.status === "queued" || item.status === "processing"),
        ) ?? false,
      ),
  });
}
