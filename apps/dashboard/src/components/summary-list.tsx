import type { ReactNode } from "react";

export interface SummaryRow {
  readonly label: string;
  readonly value: ReactNode;
  /** "Change": back to the question (the check-your-answers step). */
  readonly change?: () => void;
}

/**
 * GOV.UK's summary list: one label and its value per row, side by side on a wide screen and one
 * under the other on a phone (never a label column that values spill into).
 */
export function SummaryList({ rows, label }: { readonly rows: readonly SummaryRow[]; readonly label?: string }) {
  return (
    <dl className="summary-list" aria-label={label}>
      {rows.map((row) => (
        <div key={row.label} className="summary-row">
          <dt>{row.label}</dt>
          <dd>{row.value}</dd>
          {row.change ? (
            <dd className="summary-change">
              <button type="button" className="link" onClick={row.change}>
                Change<span className="visually-hidden"> {row.label.toLowerCase()}</span>
              </button>
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}
