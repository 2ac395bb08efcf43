import { ALERT_SEVERITIES, SECTOR_METRICS } from "@govconnect/contracts";
import type { RouterOutputs } from "@govconnect/router";
import { useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useRef } from "react";
import { Badge } from "../components/badge.tsx";
import type { Figure } from "../components/metric-panel.tsx";
import { figureOf, MetricPanel } from "../components/metric-panel.tsx";
import { QueryState } from "../components/states.tsx";
import type { TimeRange } from "../components/time-range.tsx";
import { DEFAULT_RANGE, TimeRangePicker, timeRangeOf } from "../components/time-range.tsx";
import { useFormat } from "../format.ts";
import { go, href, useHashParam } from "../route.ts";
import { useTRPC } from "../trpc.ts";
import { SEVERITY_LABEL } from "./alerts/words.ts";
import "../staff.css";

type Metrics = RouterOutputs["dashboard"]["metrics"];
type SectorFigures = Omit<Metrics, "alerts" | "sampledAt" | "computedAt">;
type CardSector = keyof SectorFigures;

/** A healthcare count: its label says what is counted ("Active patients"), so no unit follows the number. */
const count = (metric: string, label: string): Figure => ({
  sector: "healthcare",
  metric,
  label,
  unit: "",
  digits: 0,
  floor: 0,
});

/** Each card's figures: healthcare's are counted from appointments and beds, the others are sector admins' metrics. */
const CARDS: ReadonlyArray<{
  readonly sector: CardSector;
  readonly title: string;
  readonly figures: readonly Figure[];
}> = [
  {
    sector: "healthcare",
    title: "Healthcare",
    figures: [
      count("activePatients", "Active patients"),
      count("availableBeds", "Available beds"),
      count("appointmentsToday", "Appointments today"),
    ],
  },
  {
    sector: "agriculture",
    title: "Agriculture",
    figures: SECTOR_METRICS.agriculture.map((definition) => figureOf("agriculture", definition)),
  },
  {
    sector: "infrastructure",
    title: "Infrastructure",
    figures: SECTOR_METRICS.infrastructure.map((definition) => figureOf("infrastructure", definition)),
  },
];

/** The live figure of a card's metric, when the overview's figures have it. */
function currentOf(data: Metrics, sector: CardSector, metric: string): number | undefined {
  const figures: Readonly<Record<string, number>> = data[sector];
  return figures[metric];
}

/**
 * Live status: the subscription pushes fresh figures; while it is down the query falls back to
 * polling, and the indicator says so.
 */
function LiveIndicator({ status }: { readonly status: string }) {
  const live = status === "pending";
  return (
    <p className={`live ${live ? "on" : "off"}`} role="status" data-testid="live-indicator">
      <span className="dot" aria-hidden="true" />
      {live ? "Live" : status === "connecting" ? "Connecting…" : "Reconnecting… (refreshing every 30 s)"}
    </p>
  );
}

/** The most the Alerts page's count shows: more reads as "100 or more". */
const COUNT_LIMIT = 100;

/**
 * Open alerts by severity, in the Alerts page's words, each a link to that list. Counted from the
 * list itself (one page per severity), so the numbers and the list never disagree.
 */
function AlertCounts({ changed }: { readonly changed: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const format = useFormat();
  const counts = useQueries({
    queries: ALERT_SEVERITIES.map((severity) =>
      trpc.alerts.list.queryOptions({ status: "open", severity, sort: "severity", limit: COUNT_LIMIT }),
    ),
  });
  // The live figures say when the alerts changed: count again then (not at first: the counts are fresh).
  const seen = useRef(changed);
  useEffect(() => {
    if (seen.current === changed) return;
    seen.current = changed;
    void queryClient.invalidateQueries({ queryKey: trpc.alerts.list.pathKey() });
  }, [changed, queryClient, trpc]);
  return (
    <article className="card sector" aria-labelledby="card-alerts">
      <h3 id="card-alerts">Alerts not yet resolved</h3>
      <ul className="metrics alert-counts">
        {ALERT_SEVERITIES.map((severity, index) => {
          const answer = counts[index]?.data;
          const shown = answer
            ? answer.nextCursor
              ? `${format.number(COUNT_LIMIT)} or more`
              : format.number(answer.alerts.length)
            : "…";
          return (
            <li key={severity} className="metric">
              <a href={href("alerts", { severity })} className="alert-count-link">
                <Badge value={SEVERITY_LABEL[severity]} tone={severity.toLowerCase()} />{" "}
                <strong className="metric-value" data-testid={`alerts-${severity.toLowerCase()}`}>
                  {shown}
                </strong>
                <span className="visually-hidden"> alerts</span>
              </a>
            </li>
          );
        })}
      </ul>
      <a href={href("alerts")}>See all alerts</a>
    </article>
  );
}

export function Overview() {
  const trpc = useTRPC();
  const format = useFormat();
  const queryClient = useQueryClient();
  const range: TimeRange = timeRangeOf(useHashParam("range"));
  const metricsKey = trpc.dashboard.metrics.queryKey();
  const stream = useSubscription(
    trpc.dashboard.onMetrics.subscriptionOptions(undefined, {
      onData: (event) => queryClient.setQueryData(metricsKey, event.data),
    }),
  );
  const live = stream.status === "pending";
  const metrics = useQuery({ ...trpc.dashboard.metrics.queryOptions(), refetchInterval: live ? false : 30_000 });
  const choose = (next: TimeRange) => go("overview", next === DEFAULT_RANGE ? {} : { range: next });

  return (
    <section aria-labelledby="overview-title" className="overview">
      <div className="section-head">
        <h2 id="overview-title">Overview</h2>
        <LiveIndicator status={stream.status} />
      </div>
      <TimeRangePicker value={range} onChange={choose} />
      <QueryState query={metrics} what="the figures">
        {(data: Metrics) => (
          <>
            {CARDS.map((card) => (
              <article key={card.sector} className="card sector" aria-labelledby={`card-${card.sector}`}>
                <h3 id={`card-${card.sector}`}>{card.title}</h3>
                <div className="metric-panels">
                  {card.figures.map((figure) => (
                    <MetricPanel
                      key={figure.metric}
                      figure={figure}
                      current={currentOf(data, card.sector, figure.metric)}
                      range={range}
                    />
                  ))}
                </div>
              </article>
            ))}
            <AlertCounts changed={JSON.stringify(data.alerts)} />
            <p className="muted">
              Figures as of {format.time(data.computedAt)}
              {data.sampledAt ? `; the newest was recorded ${format.relative(data.sampledAt)}` : "; none recorded yet"}.
            </p>
          </>
        )}
      </QueryState>
    </section>
  );
}
