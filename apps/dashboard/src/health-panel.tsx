import type { RouterOutputs } from "@govconnect/router";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "./trpc.ts";

type Dependency = RouterOutputs["health"]["check"]["checks"]["redis"];

function DependencyRow({ name, check }: { name: string; check: Dependency }) {
  return (
    <li className={`dependency ${check.status}`}>
      <span className="dot" aria-hidden="true" />
      <span className="name">{name}</span>
      <span className="state">
        {check.status === "up" ? `up · ${check.latencyMs} ms` : `down (${check.error ?? "unknown"})`}
      </span>
    </li>
  );
}

/** The service's health as `health.check` reports it, refreshed every 10 seconds. */
export function HealthPanel() {
  const trpc = useTRPC();
  const health = useQuery({ ...trpc.health.check.queryOptions(), refetchInterval: 10_000 });

  if (health.isPending) {
    return (
      <section className="card" aria-busy="true">
        <h2>Service health</h2>
        <p className="muted">Checking the service…</p>
      </section>
    );
  }
  if (health.isError) {
    return (
      <section className="card error" role="alert">
        <h2>Service health</h2>
        <p>The API could not be reached: {health.error.message}</p>
        <button type="button" onClick={() => health.refetch()}>
          Try again
        </button>
      </section>
    );
  }
  const report = health.data;
  return (
    <section className="card" aria-labelledby="health-title">
      <h2 id="health-title">Service health</h2>
      <p className={`status ${report.status}`} data-testid="health-status">
        {report.service}: <strong>{report.status}</strong>
      </p>
      <ul className="dependencies" aria-label="Dependencies">
        <DependencyRow name="Redis" check={report.checks.redis} />
        <DependencyRow name={`Database (${report.checks.database.kind})`} check={report.checks.database} />
      </ul>
      <h3>Features</h3>
      <ul className="features">
        {report.features.map((feature) => (
          <li key={feature}>{feature.replaceAll("_", " ")}</li>
        ))}
      </ul>
      <p className="muted">Checked at {new Date(report.timestamp).toLocaleTimeString()}</p>
    </section>
  );
}
