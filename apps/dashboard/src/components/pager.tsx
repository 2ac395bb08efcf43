import { useFormat } from "../format.ts";

/**
 * Previous / next between numbered pages (USWDS pagination, reduced to what a short list needs),
 * as links so the page number lives in the address. Nothing when everything fits on one page.
 */
export function Pager({
  page,
  pageCount,
  label,
  hrefOf,
  numbers = false,
}: {
  readonly page: number;
  readonly pageCount: number;
  readonly label: string;
  readonly hrefOf: (page: number) => string;
  /** A link per page near this one, and the first and last (long lists: the staff work queue). */
  readonly numbers?: boolean;
}) {
  const format = useFormat();
  if (pageCount <= 1) return null;
  if (numbers) return <NumberedPager page={page} pageCount={pageCount} label={label} hrefOf={hrefOf} />;
  return (
    <nav className="pager" aria-label={label}>
      {page > 1 ? (
        <a href={hrefOf(page - 1)} rel="prev">
          Previous<span className="visually-hidden"> page</span>
        </a>
      ) : (
        <span />
      )}
      <span>
        Page {format.number(page)} of {format.number(pageCount)}
      </span>
      {page < pageCount ? (
        <a href={hrefOf(page + 1)} rel="next">
          Next<span className="visually-hidden"> page</span>
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}

/** The page numbers to show: the first, the last, and two either side of `page`; null marks a gap. */
export function pageNumbers(page: number, pageCount: number): Array<number | null> {
  const shown = new Set([1, pageCount]);
  for (let n = page - 2; n <= page + 2; n++) if (n >= 1 && n <= pageCount) shown.add(n);
  const sorted = [...shown].sort((a, b) => a - b);
  return sorted.flatMap((n, index) => {
    const previous = sorted[index - 1];
    return previous !== undefined && n - previous > 1 ? [null, n] : [n];
  });
}

/** USWDS pagination: Previous, page numbers (the current one marked), Next. */
function NumberedPager({
  page,
  pageCount,
  label,
  hrefOf,
}: {
  readonly page: number;
  readonly pageCount: number;
  readonly label: string;
  readonly hrefOf: (page: number) => string;
}) {
  const format = useFormat();
  return (
    <nav className="pager pager-numbers" aria-label={label}>
      <ul>
        {page > 1 ? (
          <li>
            <a href={hrefOf(page - 1)} rel="prev">
              Previous<span className="visually-hidden"> page</span>
            </a>
          </li>
        ) : null}
        {pageNumbers(page, pageCount).map((n, index) =>
          n === null ? (
            <li key={`gap-${index}`} className="pager-gap" aria-hidden="true">
              …
            </li>
          ) : (
            <li key={n}>
              <a
                href={hrefOf(n)}
                aria-current={n === page ? "page" : undefined}
                aria-label={`Page ${format.number(n)}${n === page ? ", current page" : ""}`}
              >
                {format.number(n)}
              </a>
            </li>
          ),
        )}
        {page < pageCount ? (
          <li>
            <a href={hrefOf(page + 1)} rel="next">
              Next<span className="visually-hidden"> page</span>
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
