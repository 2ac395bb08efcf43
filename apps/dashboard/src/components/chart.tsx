import type { KeyboardEvent, PointerEvent } from "react";
import { useId, useState } from "react";
import { useFormat } from "../format.ts";

export interface ChartPoint {
  readonly at: string;
  readonly value: number;
}

/** What a chart's numbers are: their unit and decimals, and the bounds no value can pass (0–100 %). */
export interface Measure {
  readonly unit: string;
  readonly digits: number;
  readonly floor?: number | undefined;
  readonly ceiling?: number | undefined;
}

/** "3.40 t/ha", "99.5%", "1,256 farms": a value with its unit, as every figure is written. */
export const withUnit = (text: string, unit: string) =>
  unit === "" ? text : unit === "%" ? `${text}%` : `${text} ${unit}`;

/** A round step near `rough`: 1, 2 or 5 times a power of ten. */
function niceStep(rough: number): number {
  if (!(rough > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const mantissa = rough / power;
  return (mantissa <= 1 ? 1 : mantissa <= 2 ? 2 : mantissa <= 5 ? 5 : 10) * power;
}

/**
 * The value axis of a chart: not each series' own min–max (which makes 99.1 → 99.5 % uptime look
 * like a crash) but zero when the values are not far from it, else a span of at least a tenth of
 * their size, padded and rounded to a nice step, kept within the measure's bounds.
 */
export function valueAxis(values: readonly number[], bounds: Pick<Measure, "floor" | "ceiling"> = {}) {
  const floor = bounds.floor ?? Number.NEGATIVE_INFINITY;
  const ceiling = bounds.ceiling ?? Number.POSITIVE_INFINITY;
  const least = Math.min(...values);
  const most = Math.max(...values);
  let low = least >= 0 && least <= most / 2 ? 0 : least;
  let high = most;
  const minimumSpan = (Math.max(Math.abs(low), Math.abs(high)) || 1) * 0.1;
  if (high - low < minimumSpan) {
    const middle = (high + low) / 2;
    low = low === 0 ? 0 : middle - minimumSpan / 2;
    high = low === 0 ? minimumSpan : middle + minimumSpan / 2;
  }
  const pad = (high - low) * 0.1;
  if (low !== 0) low -= pad;
  high += pad;
  const step = niceStep((high - low) / 4);
  low = Math.max(floor, least >= 0 ? Math.max(0, Math.floor(low / step) * step) : Math.floor(low / step) * step);
  high = Math.min(ceiling, Math.ceil(high / step) * step);
  if (high <= low) high = low + step;
  return { low, high };
}

/** The rise or fall from the first value to `last` (the figure as it stands now). */
export function changeOver(points: readonly ChartPoint[], last: number): number | null {
  const first = points[0];
  return first ? last - first.value : null;
}

/** "▲ 0.30 t/ha", "▼ 12 farms", "No change": a change in words and arrow (the arrow is never the only cue). */
export function Change({
  delta,
  measure,
  period,
}: {
  readonly delta: number | null;
  readonly measure: Measure;
  readonly period: string;
}) {
  const format = useFormat();
  if (delta === null) return null;
  const size = Math.abs(delta);
  const shown = format.number(size, { maximumFractionDigits: measure.digits });
  const none = Number(shown.replace(/[^\d]/g, "")) === 0;
  if (none) return <span className="change change-none">No change over {period}</span>;
  const up = delta > 0;
  return (
    <span className={`change ${up ? "change-up" : "change-down"}`}>
      <span aria-hidden="true">{up ? "▲" : "▼"}</span> {up ? "Up" : "Down"} {withUnit(shown, measure.unit)} over{" "}
      {period}
    </span>
  );
}

const WIDTH = 1000;
const HEIGHT = 300;

/**
 * A line chart with axes (the value axis' bottom, middle and top; the period's start and end),
 * a tooltip for the point under the pointer or chosen with the arrow keys (the plot is a slider
 * over the points, so a screen reader reads each one out), and the figures as a table.
 */
export function LineChart({
  points,
  label,
  measure,
  from,
  to,
  hourly,
  clockAxis,
}: {
  readonly points: readonly ChartPoint[];
  /** What is charted, and over what: "Crop yield over the last 7 days". */
  readonly label: string;
  readonly measure: Measure;
  readonly from: string;
  readonly to: string;
  /** Each point is an hour's average (else a day's): tooltips then give the hour. */
  readonly hourly: boolean;
  /** The axis names its ends by the clock (a 24-hour chart) rather than by the day. */
  readonly clockAxis: boolean;
}) {
  const format = useFormat();
  const id = useId();
  const [active, setActive] = useState<number | null>(null);
  if (points.length === 0) {
    return <p className="chart-empty">No figures were recorded in this period.</p>;
  }
  const start = new Date(from).getTime();
  const end = Math.max(new Date(to).getTime(), start + 1);
  const times = points.map((point) => new Date(point.at).getTime());
  const values = points.map((point) => point.value);
  const axis = valueAxis(values, measure);
  const x = (time: number) => Math.min(1, Math.max(0, (time - start) / (end - start)));
  const y = (value: number) => (axis.high - value) / (axis.high - axis.low);
  const number = (value: number) => format.number(value, { maximumFractionDigits: measure.digits });
  const when = (at: string) => (hourly ? format.dateTime(at) : format.date(at));
  const axisWhen = (at: string) => (clockAxis ? format.time(at) : format.date(at));
  const line = points
    .map(
      (point, index) =>
        `${index === 0 ? "M" : "L"}${(x(times[index] ?? 0) * WIDTH).toFixed(1)},${(y(point.value) * HEIGHT).toFixed(1)}`,
    )
    .join(" ");
  const firstX = (x(times[0] ?? start) * WIDTH).toFixed(1);
  const lastX = (x(times.at(-1) ?? end) * WIDTH).toFixed(1);
  const area = `${line} L${lastX},${HEIGHT} L${firstX},${HEIGHT} Z`;
  const least = Math.min(...values);
  const most = Math.max(...values);
  const latest = points.at(-1);
  const each = hourly ? "an hour's average" : "a day's average";
  const summary = `${label}: ${points.length} ${points.length === 1 ? "figure" : "figures"}, each ${each}; lowest ${withUnit(number(least), measure.unit)}, highest ${withUnit(number(most), measure.unit)}${latest ? `, latest ${withUnit(number(latest.value), measure.unit)}` : ""}.`;
  const shown = active === null ? null : points[active];
  /** A point as the slider reads it out: "3.4 t/ha, Wed 2 Dec 2026, 09:00". */
  const reading = (index: number) => {
    const point = points[index];
    return point ? `${withUnit(number(point.value), measure.unit)}, ${when(point.at)}` : "";
  };

  const nearest = (event: PointerEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const time = start + ((event.clientX - box.left) / box.width) * (end - start);
    let best = 0;
    times.forEach((candidate, index) => {
      if (Math.abs(candidate - time) < Math.abs((times[best] ?? 0) - time)) best = index;
    });
    setActive(best);
  };
  const keys = (event: KeyboardEvent<HTMLDivElement>) => {
    const last = points.length - 1;
    const current = active ?? last;
    const next =
      event.key === "ArrowLeft"
        ? Math.max(0, current - 1)
        : event.key === "ArrowRight"
          ? Math.min(last, current + 1)
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    setActive(next);
  };
  const tipX = shown ? x(new Date(shown.at).getTime()) : 0;
  const middle = (axis.low + axis.high) / 2;
  return (
    <figure className="chart" aria-labelledby={`${id}-summary`}>
      <figcaption id={`${id}-summary`} className="visually-hidden">
        {summary}
      </figcaption>
      <div className="chart-body">
        <div className="chart-y" aria-hidden="true">
          <span>{number(axis.high)}</span>
          <span>{number(middle)}</span>
          <span>{number(axis.low)}</span>
        </div>
        <div
          className="chart-plot"
          role="slider"
          tabIndex={0}
          aria-label={`${label}: choose a figure with the arrow keys`}
          aria-orientation="horizontal"
          aria-valuemin={1}
          aria-valuemax={points.length}
          aria-valuenow={(active ?? points.length - 1) + 1}
          aria-valuetext={reading(active ?? points.length - 1)}
          aria-describedby={`${id}-summary`}
          onPointerMove={nearest}
          onPointerLeave={() => setActive(null)}
          onFocus={() => setActive((current) => current ?? points.length - 1)}
          onBlur={() => setActive(null)}
          onKeyDown={keys}
        >
          <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
            {[0, 0.5, 1].map((line) => (
              <line key={line} className="chart-grid" x1={0} x2={WIDTH} y1={line * HEIGHT} y2={line * HEIGHT} />
            ))}
            <path className="chart-area" d={area} />
            <path className="chart-line" d={line} vectorEffect="non-scaling-stroke" />
          </svg>
          {shown ? (
            <>
              <span
                className="chart-dot"
                aria-hidden="true"
                style={{ left: `${tipX * 100}%`, top: `${y(shown.value) * 100}%` }}
              />
              <span
                className={`chart-tip${tipX > 0.6 ? " chart-tip-left" : tipX < 0.4 ? " chart-tip-right" : ""}${y(shown.value) < 0.4 ? " chart-tip-below" : ""}`}
                aria-hidden="true"
                style={{ left: `${tipX * 100}%`, top: `${y(shown.value) * 100}%` }}
              >
                <strong>{withUnit(number(shown.value), measure.unit)}</strong>
                <br />
                {when(shown.at)}
              </span>
            </>
          ) : null}
        </div>
        <div className="chart-x" aria-hidden="true">
          <span>{axisWhen(from)}</span>
          <span>{axisWhen(to)}</span>
        </div>
      </div>
      <p className="chart-note">Each point is {each}.</p>
      <details className="chart-table">
        <summary>Show the figures as a table</summary>
        <table>
          <caption className="visually-hidden">{label}</caption>
          <thead>
            <tr>
              <th scope="col">{hourly ? "Hour" : "Day"}</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.at}>
                <td>{when(point.at)}</td>
                <td>{withUnit(number(point.value), measure.unit)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
