import { errorMessage } from "../messages.ts";

/** What "Show more" needs of an infinite query (TanStack's `useInfiniteQuery` result has it). */
export interface MorePages {
  readonly hasNextPage: boolean;
  readonly isFetchingNextPage: boolean;
  readonly isFetchNextPageError: boolean;
  readonly error: unknown;
  readonly fetchNextPage: () => unknown;
}

/**
 * "Show more" under a list paged by cursor: the next page on a press, "Loading…" meanwhile, and a
 * failure said in words (pressing again retries). Inline content, so it may stand in a sentence's
 * paragraph ("Showing the newest 50 [Show 50 more]"). Nothing when there are no more pages.
 */
export function ShowMore({ list, label }: { readonly list: MorePages; readonly label: string }) {
  return (
    <>
      {list.isFetchNextPageError ? (
        <span className="error-text" role="alert">
          {errorMessage(list.error)}{" "}
        </span>
      ) : null}
      {list.hasNextPage ? (
        <button
          type="button"
          className="secondary"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {list.isFetchingNextPage ? "Loading…" : label}
        </button>
      ) : null}
    </>
  );
}
