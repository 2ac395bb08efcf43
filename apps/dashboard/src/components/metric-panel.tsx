import type { MetricDefinition, Sector } from "@govconnect/contracts";
import { useQuery } from "@tanstack/react-query";
import { useFormat } from "../format.ts";
import { useTRPC } from "../trpc.ts";
import type { Measure } from "./chart.tsx";
import { Change, changeOver, LineChart, withUnit } from "./chart.tsx";
import { Failed, Loading } from "./states.tsx";
import type { TimeRange } from "./time-range.tsx";
import { seriesWindow, TIME_RANGES } from "./time-range.tsx";

/** A figure a panel shows: which metric of which sector, in words, and what its numbers are. */
export interface Figure extends Measure {
  readonly sector: Sector;
  readonly metric: string;
  readonly label: string;
}

/** The decimals a step allows: 0.01 → 2, 0.1 → 1, 1 → 0. */
export const digitsOf = (step: number) => Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));

/**
 * The unit when it says more than the label: "Active farms" need no "farms" after the number
 * (nor "1 farms"), a crop yield needs its "t/ha".
 */
export const unitWorthSaying = (definition: Pick<MetricDefinition, "label" | "unit">) =>
  definition.label.toLowerCase().split(" ").includes(definition.unit.toLowerCase()) ? "" : definition.unit;

/** A sector admin's metric (`SECTOR_METRICS`) as a figure: its unit, decimals and valid range. */
export const figureOf = (sector: Sector, definition: MetricDefinition): Figure => ({
  sector,
  metric: definition.metric,
  label: definition.label,
  unit: unitWorthSaying(definition),
  digits: digitsOf(definition.step),
  floor: definition.min,
  ceiling: definition.max,
});

/**
 * Grafana's stat panel: the figure as it stands (`current`, or the newest point charted), its unit,
 * its change over the period and its chart with axes, for the time range chosen.
 */
export function MetricPanel({
  figure,
  current,
  range,
}: {
  readonly figure: Figure;
  /** The live figure (the overview's), when there is one; else the newest point charted. */
  readonly current?: number | undefined;
  readonly range: TimeRange;
}) {
  const trpc = useTRPC();
  const format = useFormat();
  const series = useQuery({
    ...trpc.dashboard.series.queryOptions({ sector: figure.sector, metric: figure.metric, ...seriesWindow(range) }),
    staleTime: 60_000,
    refetchInterval: 300_000,
  });
  const period = TIME_RANGES[range];
  const points = series.data?.points ?? [];
  const now = current ?? points.at(-1)?.value;
  const label = `${figure.label} over the ${period.label.toLowerCase()}`;
  return (
    <article className="metric-panel" aria-labelledby={`panel-${figure.sector}-${figure.metric}`}>
      <h4 id={`panel-${figure.sector}-${figure.metric}`}>{figure.label}</h4>
      <p className="metric-now">
        <strong className="metric-value" data-testid={`metric-${figure.sector}-${figure.metric}`}>
          {now === undefined
            ? "No figure yet"
            : withUnit(format.number(now, { maximumFractionDigits: figure.digits }), figure.unit)}
        </strong>
        {now !== undefined ? <Change delta={changeOver(points, now)} measure={figure} period={period.short} /> : null}
      </p>
      {series.isPending ? (
        <Loading what="the chart" />
      ) : series.isError ? (
        <Failed error={series.error} retry={() => void series.refetch()} />
      ) : (
        <LineChart
          points={points}
          label={label}
          measure={figure}
          from={series.data.from}
          to={series.data.to}
          hourly={series.data.bucket !== "day"}
          clockAxis={range === "24h"}
        />
      )}
    </article>
  );
}
