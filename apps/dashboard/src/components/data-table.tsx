import type { ReactNode } from "react";

/**
 * One column of a {@link DataTable}. Its header is also every cell's `data-label`: at phone width
 * the `stack` layout hides the header row and shows that label in front of each cell instead.
 */
export interface Column<Row> {
  readonly header: string;
  readonly cell: (row: Row) => ReactNode;
}

/**
 * The dashboard's responsive table: it scrolls sideways in its card when too wide, and stacks into
 * one labelled block per row on a phone (`table.stack` in styles.css). The caption is for screen
 * readers only, since each table already sits under a visible heading.
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  rowTestId,
}: {
  readonly caption: string;
  readonly columns: ReadonlyArray<Column<Row>>;
  readonly rows: ReadonlyArray<Row>;
  readonly rowKey: (row: Row) => string;
  /** A `data-testid` for each row, for tests that find one row by what it shows. */
  readonly rowTestId?: ((row: Row) => string) | undefined;
}) {
  return (
    <div className="table-scroll">
      <table className="stack">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} data-testid={rowTestId?.(row)}>
              {columns.map((column) => (
                <td key={column.header} data-label={column.header}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
