import type { Sector, UserRole } from "@govconnect/contracts";
import { SECTOR_METRICS, SECTORS } from "@govconnect/contracts";
import type { RouterOutputs } from "@govconnect/router";
import { useQuery } from "@tanstack/react-query";
import { figureOf, MetricPanel } from "../../components/metric-panel.tsx";
import type { TimeRange } from "../../components/time-range.tsx";
import { DEFAULT_RANGE, TimeRangePicker, timeRangeOf } from "../../components/time-range.tsx";
import { useHashQuery } from "../../hash-query.ts";
import { go, href } from "../../route.ts";
import { useSession } from "../../session.tsx";
import { useStepTitle } from "../../title.ts";
import { useTRPC } from "../../trpc.ts";
import { MetricsForm } from "./metrics-form.tsx";
import "../../staff.css";

type Metrics = RouterOutputs["dashboard"]["metrics"];

const TITLES: Readonly<Record<Sector, string>> = {
  healthcare: "Healthcare",
  agriculture: "Agriculture",
  infrastructure: "Infrastructure",
};

/** The sector a role records figures for: a sector admin's own; an administrator's choice (any). */
function sectorOf(role: UserRole, asked: string | null): Sector | null {
  if (role === "agriculture_admin") return "agriculture";
  if (role === "healthcare_admin") return "healthcare";
  if (role === "admin") return SECTORS.find((sector) => sector === asked) ?? "agriculture";
  return null;
}

/** The live figure of a metric, when the dashboard's figures carry it (healthcare's occupied beds they do not). */
function currentOf(metrics: Metrics | undefined, sector: Sector, metric: string): number | undefined {
  if (!metrics) return undefined;
  const figures: Readonly<Record<string, number>> = metrics[sector];
  return figures[metric];
}

function Charts({ sector }: { readonly sector: Sector }) {
  const trpc = useTRPC();
  const metrics = useQuery(trpc.dashboard.metrics.queryOptions());
  const params = useHashQuery();
  const range: TimeRange = timeRangeOf(params.get("range"));
  const asked = params.get("sector");
  const choose = (next: TimeRange) =>
    go("sector", { ...(asked ? { sector: asked } : {}), ...(next === DEFAULT_RANGE ? {} : { range: next }) });
  return (
    <section className="card" aria-labelledby={`charts-${sector}-title`}>
      <h3 id={`charts-${sector}-title`}>Figures over time</h3>
      <TimeRangePicker value={range} onChange={choose} />
      <div className="metric-panels">
        {SECTOR_METRICS[sector].map((definition) => (
          <MetricPanel
            key={definition.metric}
            figure={figureOf(sector, definition)}
            current={currentOf(metrics.data, sector, definition.metric)}
            range={range}
          />
        ))}
      </div>
    </section>
  );
}

/** An administrator records figures for any sector: which one. */
function SectorChoice({ sector }: { readonly sector: Sector }) {
  return (
    <nav className="queue-tabs" aria-label="Sectors">
      <ul>
        {SECTORS.map((choice) => (
          <li key={choice}>
            <a href={href("sector", { sector: choice })} aria-current={choice === sector ? "page" : undefined}>
              {TITLES[choice]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * A sector admin's home: today's figures entered in a labelled form (units, ranges, checked in
 * words) and each metric's chart over a chosen time range.
 */
export function SectorPage() {
  const { me } = useSession();
  const asked = useHashQuery().get("sector");
  const sector = me ? sectorOf(me.role, asked) : null;
  if (!sector) {
    return (
      <section aria-labelledby="sector-title">
        <h2 id="sector-title">Sector figures</h2>
        <p>Sector figures are recorded by the sector's staff.</p>
      </section>
    );
  }
  const title = TITLES[sector];
  return <SectorFigures sector={sector} title={title} admin={me?.role === "admin"} />;
}

function SectorFigures({
  sector,
  title,
  admin,
}: {
  readonly sector: Sector;
  readonly title: string;
  readonly admin: boolean;
}) {
  const heading = `${title} figures`;
  useStepTitle(heading);
  return (
    <section aria-labelledby="sector-title" className="sector-page">
      <h2 id="sector-title">{heading}</h2>
      {admin ? <SectorChoice sector={sector} /> : null}
      <p>
        Record {title.toLowerCase()} figures as you get them: they appear in the charts below and on the Overview within
        seconds.
      </p>
      <MetricsForm key={sector} sector={sector} title={title} />
      <Charts sector={sector} />
    </section>
  );
}
