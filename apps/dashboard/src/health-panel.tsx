import type { RouterOutputs } from "@govconnect/router";
import { useQuery } from "@tanstack/react-query";
import { useFormat } from "./format.ts";
import { errorMessage } from "./messages.ts";
import { useTRPC } from "./trpc.ts";

type Dependency = RouterOutputs["health"]["check"]["checks"]["redis"];

function DependencyRow({ name, check }: { name: string; check: Dependency }) {
  return (
    <li className={`dependency ${check.status}`}>
      <span className="dot" aria-hidden="true" />
      <span className="name">{name}</span>
      <span className="state">{check.status === "up" ? `up · answers in ${check.latencyMs} ms` : "down"}</span>
    </li>
  );
}

/** The service's health as `health.check` reports it, refreshed every 10 seconds. */
export function HealthPanel() {
  const trpc = useTRPC();
  const format = useFormat();
  const health = useQuery({ ...trpc.health.check.queryOptions(), refetchInterval: 10_000 });

  if (health.isPending) {
    return (
      <section className="card" aria-busy="true">
        <h3>Service health</h3>
        <p className="muted">Checking the service…</p>
      </section>
    );
  }
  if (health.isError) {
    return (
      <section className="card error" role="alert">
        <h3>Service health</h3>
        <p>We could not check the service just now. {errorMessage(health.error)}</p>
        <button type="button" onClick={() => health.refetch()}>
          Try again
        </button>
      </section>
    );
  }
  const report = health.data;
  return (
    <section className="card" aria-labelledby="health-title">
      <h3 id="health-title">Service health</h3>
      <p className={`status ${report.status}`} data-testid="health-status">
        {report.service}: <strong>{report.status}</strong>
      </p>
      <ul className="dependencies" aria-label="Dependencies">
        <DependencyRow name="Redis" check={report.checks.redis} />
        <DependencyRow name={`Database (${report.checks.database.kind})`} check={report.checks.database} />
      </ul>
      <h4>Features</h4>
      <ul className="features">
        {report.features.map((feature) => (
          <li key={feature}>{feature.replaceAll("_", " ")}</li>
        ))}
      </ul>
      <p className="muted">Checked at {format.dateTime(report.timestamp)}</p>
    </section>
  );
}
