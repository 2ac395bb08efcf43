import type { ReactNode } from "react";

/**
 * One column of a {@link DataTable}. Its header is also every cell's `data-label`: at phone width
 * the `stack` layout hides the header row and shows that label in front of each cell instead.
 */
export interface Column<Row> {
  readonly header: string;
  readonly cell: (row: Row) => ReactNode;
  /** The order this column's header asks for (when the table has `sort`): its header becomes a button. */
  readonly sortKey?: string;
}

/**
 * A table sorted by the server: the key and direction it is sorted by, and what a header button
 * asks for (the column's key; descending when it already sorted ascending by it).
 */
export interface TableSort {
  readonly key: string;
  readonly descending: boolean;
  readonly onSort: (key: string, descending: boolean) => void;
}

function Header<Row>({ column, sort }: { readonly column: Column<Row>; readonly sort: TableSort | undefined }) {
  if (!sort || !column.sortKey) {
    return <th scope="col">{column.header}</th>;
  }
  const key = column.sortKey;
  const active = sort.key === key;
  const direction = active ? (sort.descending ? "descending" : "ascending") : "none";
  return (
    <th scope="col" aria-sort={direction}>
      <button type="button" className="sort-button" onClick={() => sort.onSort(key, active && !sort.descending)}>
        {column.header}
        <span className="sort-arrow" aria-hidden="true">
          {active ? (sort.descending ? "▼" : "▲") : "↕"}
        </span>
      </button>
    </th>
  );
}

/**
 * The dashboard's responsive table: it scrolls sideways in its card when too wide, and stacks into
 * one labelled block per row on a phone (`table.stack` in styles.css). The caption is for screen
 * readers only, since each table already sits under a visible heading — unless `captionShown`
 * (a caption that says what the rows are: "Page 3 of 20, earliest first").
 *
 * With `sort`, the headers of columns with a `sortKey` are buttons and the sorted one carries
 * `aria-sort`. With `detail`, a row may have a second row under it spanning every column (an
 * opened disclosure): `detail` returns its content, or null while it is closed.
 */
export function DataTable<Row>({
  caption,
  captionShown = false,
  columns,
  rows,
  rowKey,
  rowTestId,
  sort,
  detail,
}: {
  readonly caption: ReactNode;
  readonly captionShown?: boolean;
  readonly columns: ReadonlyArray<Column<Row>>;
  readonly rows: ReadonlyArray<Row>;
  readonly rowKey: (row: Row) => string;
  /** A `data-testid` for each row, for tests that find one row by what it shows. */
  readonly rowTestId?: ((row: Row) => string) | undefined;
  readonly sort?: TableSort | undefined;
  readonly detail?: ((row: Row) => ReactNode) | undefined;
}) {
  return (
    <div className="table-scroll">
      <table className="stack">
        <caption className={captionShown ? "table-caption" : "visually-hidden"}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <Header key={column.header} column={column} sort={sort} />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const opened = detail?.(row) ?? null;
            return [
              <tr key={rowKey(row)} data-testid={rowTestId?.(row)} className={opened ? "row-opened" : undefined}>
                {columns.map((column) => (
                  <td key={column.header} data-label={column.header}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>,
              opened ? (
                <tr key={`${rowKey(row)}-detail`} className="row-detail">
                  <td colSpan={columns.length}>{opened}</td>
                </tr>
              ) : null,
            ];
          })}
        </tbody>
      </table>
    </div>
  );
}
