import { useId } from "react";

/**
 * The periods a chart shows (Grafana's time-range picker, reduced to three): how far back, and
 * the bucket the server averages samples over so a chart has a sensible number of points.
 */
export const TIME_RANGES = {
  "24h": { label: "Last 24 hours", short: "24 hours", hours: 24, bucket: "hour" },
  "7d": { label: "Last 7 days", short: "7 days", hours: 7 * 24, bucket: "hour" },
  "30d": { label: "Last 30 days", short: "30 days", hours: 30 * 24, bucket: "day" },
} as const;

export type TimeRange = keyof typeof TIME_RANGES;
export const DEFAULT_RANGE: TimeRange = "7d";

export const isTimeRange = (value: string | null): value is TimeRange => value !== null && value in TIME_RANGES;

/** A range from the address (`?range=24h`), or the default. */
export const timeRangeOf = (value: string | null): TimeRange => (isTimeRange(value) ? value : DEFAULT_RANGE);

const HOUR = 3_600_000;

/**
 * The `dashboard.series` window of a range: from the start of the current hour, so the query (and
 * its cache key) stays the same for an hour instead of changing every millisecond.
 */
export function seriesWindow(range: TimeRange, now: number = Date.now()) {
  const { hours, bucket } = TIME_RANGES[range];
  const hourStart = Math.floor(now / HOUR) * HOUR;
  return { from: new Date(hourStart - hours * HOUR).toISOString(), bucket };
}

/**
 * The picker: "Show the last 24 hours / 7 days / 30 days", on screen, as a radio group (arrow keys
 * move between the choices).
 */
export function TimeRangePicker({
  value,
  onChange,
}: {
  readonly value: TimeRange;
  readonly onChange: (range: TimeRange) => void;
}) {
  const name = useId();
  return (
    <fieldset className="time-range">
      <legend>Show the last</legend>
      <div className="time-range-options">
        {(Object.keys(TIME_RANGES) as TimeRange[]).map((range) => (
          <label key={range} className={range === value ? "chosen" : undefined}>
            <input type="radio" name={name} value={range} checked={range === value} onChange={() => onChange(range)} />
            {TIME_RANGES[range].short}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
