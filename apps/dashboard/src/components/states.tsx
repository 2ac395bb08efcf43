import type { ReactNode } from "react";
import { errorMessage } from "../messages.ts";

export function Loading({ what }: { readonly what: string }) {
  return (
    <p className="muted" aria-busy="true">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { readonly children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function Failed({ error, retry }: { readonly error: unknown; readonly retry?: () => void }) {
  return (
    <div className="failed" role="alert">
      <p>{errorMessage(error)}</p>
      {retry ? (
        <button type="button" className="secondary" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** A failed submit's message, unless it is about fields: those messages stand next to their fields. */
export function FormFailure({ error, fields }: { readonly error: unknown; readonly fields: Record<string, string> }) {
  if (!error || Object.keys(fields).length > 0) return null;
  return <Failed error={error} />;
}

/**
 * A query's three states: loading, failed (with retry), or its content. With `heading`, the
 * loading and failed states carry the page heading the content would have shown, so the page is
 * never without one (the focus moves to it after navigation).
 */
export function QueryState<T>({
  query,
  what,
  heading,
  children,
}: {
  readonly query: { isPending: boolean; isError: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  readonly what: string;
  readonly heading?: string;
  readonly children: (data: T) => ReactNode;
}) {
  const title = heading ? <h2>{heading}</h2> : null;
  if (query.isPending) {
    return (
      <>
        {title}
        <Loading what={what} />
      </>
    );
  }
  if (query.isError || query.data === undefined) {
    return (
      <>
        {title}
        <Failed error={query.error} retry={() => query.refetch()} />
      </>
    );
  }
  return <>{children(query.data)}</>;
}
