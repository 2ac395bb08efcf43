import type { RouterOutputs } from "@govconnect/router";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { format, Sparkline } from "../components/sparkline.tsx";
import { QueryState } from "../components/states.tsx";
import { useTRPC } from "../trpc.ts";

type Metrics = RouterOutputs["dashboard"]["metrics"];
type Sector = "healthcare" | "agriculture" | "infrastructure";

const CARDS: ReadonlyArray<{ sector: Sector; title: string; metrics: ReadonlyArray<[key: string, label: string]> }> = [
  {
    sector: "healthcare",
    title: "Healthcare",
    metrics: [
      ["activePatients", "Active patients"],
      ["availableBeds", "Available beds"],
      ["appointmentsToday", "Appointments today"],
    ],
  },
  {
    sector: "agriculture",
    title: "Agriculture",
    metrics: [
      ["activeFarms", "Active farms"],
      ["cropYield", "Crop yield (t/ha)"],
      ["waterUsage", "Water usage (ML)"],
    ],
  },
  {
    sector: "infrastructure",
    title: "Infrastructure",
    metrics: [
      ["trafficFlow", "Traffic flow (veh/h)"],
      ["powerConsumption", "Power (MW)"],
      ["networkUptime", "Network uptime (%)"],
    ],
  },
];

function MetricRow({ sector, metric, label, value }: { sector: Sector; metric: string; label: string; value: number }) {
  const trpc = useTRPC();
  const series = useQuery({
    ...trpc.dashboard.series.queryOptions({ sector, metric, bucket: "hour" }),
    staleTime: 60_000,
    refetchInterval: 300_000,
  });
  return (
    <li className="metric">
      <span className="metric-label">{label}</span>
      <strong className="metric-value" data-testid={`metric-${sector}-${metric}`}>
        {format(value)}
      </strong>
      {series.data ? (
        <Sparkline points={series.data.points} label={`${label}, last 7 days`} />
      ) : (
        <span className="spark-empty" />
      )}
    </li>
  );
}

/**
 * Live status: the subscription pushes fresh figures; while it is down the query falls back to
 * polling, and the indicator says so.
 */
function LiveIndicator({ status }: { status: string }) {
  const live = status === "pending";
  return (
    <p className={`live ${live ? "on" : "off"}`} role="status" data-testid="live-indicator">
      <span className="dot" aria-hidden="true" />
      {live ? "Live" : status === "connecting" ? "Connecting…" : "Reconnecting… (refreshing every 30 s)"}
    </p>
  );
}

export function Overview() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const metricsKey = trpc.dashboard.metrics.queryKey();
  const stream = useSubscription(
    trpc.dashboard.onMetrics.subscriptionOptions(undefined, {
      onData: (event) => queryClient.setQueryData(metricsKey, event.data),
    }),
  );
  const live = stream.status === "pending";
  const metrics = useQuery({ ...trpc.dashboard.metrics.queryOptions(), refetchInterval: live ? false : 30_000 });

  return (
    <section aria-labelledby="overview-title">
      <div className="section-head">
        <h2 id="overview-title">Overview</h2>
        <LiveIndicator status={stream.status} />
      </div>
      <QueryState query={metrics} what="the figures">
        {(data: Metrics) => (
          <div className="cards">
            {CARDS.map((card) => (
              <article key={card.sector} className="card sector" aria-labelledby={`card-${card.sector}`}>
                <h3 id={`card-${card.sector}`}>{card.title}</h3>
                <ul className="metrics">
                  {card.metrics.map(([metric, label]) => (
                    <MetricRow
                      key={metric}
                      sector={card.sector}
                      metric={metric}
                      label={label}
                      value={(data[card.sector] as Record<string, number>)[metric] ?? 0}
                    />
                  ))}
                </ul>
              </article>
            ))}
            <article className="card sector" aria-labelledby="card-alerts">
              <h3 id="card-alerts">Alerts</h3>
              <ul className="metrics">
                {(
                  [
                    ["critical", "Critical", "CRITICAL"],
                    ["warning", "Warning", "HIGH"],
                    ["info", "Info", "LOW"],
                  ] as const
                ).map(([key, label, level]) => (
                  <li key={key} className="metric">
                    <span className="metric-label">
                      <span className={`badge badge-${level.toLowerCase()}`}>{label}</span>
                    </span>
                    <strong className="metric-value" data-testid={`alerts-${key}`}>
                      {format(data.alerts[key])}
                    </strong>
                  </li>
                ))}
              </ul>
              <a href="#/alerts">See the alerts</a>
            </article>
          </div>
        )}
      </QueryState>
      {metrics.data ? (
        <p className="muted">
          Figures computed {new Date(metrics.data.computedAt).toLocaleTimeString()}
          {metrics.data.sampledAt
            ? `; newest sample ${new Date(metrics.data.sampledAt).toLocaleString()}`
            : "; no samples yet"}
          .
        </p>
      ) : null}
    </section>
  );
}
