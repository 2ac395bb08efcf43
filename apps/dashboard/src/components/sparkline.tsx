/** A small line chart of a metric's recent values, with a text equivalent for screen readers. */
export function Sparkline({
  points,
  label,
}: {
  readonly points: ReadonlyArray<{ readonly at: string; readonly value: number }>;
  readonly label: string;
}) {
  const width = 160;
  const height = 40;
  if (points.length < 2) {
    return <p className="spark-empty muted">No history yet</p>;
  }
  const values = points.map((p) => p.value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const step = width / (points.length - 1);
  const path = points
    .map(
      (p, i) =>
        `${i === 0 ? "M" : "L"}${(i * step).toFixed(1)},${(height - 4 - ((p.value - min) / span) * (height - 8)).toFixed(1)}`,
    )
    .join(" ");
  const last = values.at(-1) ?? 0;
  return (
    <svg
      className="sparkline"
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`${label}: ${points.length} points from ${format(min)} to ${format(max)}, latest ${format(last)}`}
    >
      <path
        d={path}
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinejoin="round"
        vectorEffect="non-scaling-stroke"
      />
    </svg>
  );
}

export const format = (value: number) =>
  Number.isInteger(value) ? value.toLocaleString("en-IN") : value.toLocaleString("en-IN", { maximumFractionDigits: 2 });
