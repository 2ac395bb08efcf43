import { HealthPanel } from "../health-panel.tsx";

/**
 * The service's status, on a page of its own (GOV.UK keeps infrastructure status off the sign-in
 * page): for anyone, signed in or not, linked from every page's footer.
 */
export function ServiceStatus() {
  return (
    <section aria-labelledby="status-title">
      <h2 id="status-title">Service status</h2>
      <HealthPanel />
    </section>
  );
}
