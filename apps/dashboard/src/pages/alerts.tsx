import type { AlertSeverity, AlertType } from "@govconnect/contracts";
import { ALERT_SEVERITIES, ALERT_TYPES, mayManageAlerts } from "@govconnect/contracts";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "../components/confirm-dialog.tsx";
import { Field } from "../components/field.tsx";
import { ShowMore } from "../components/show-more.tsx";
import { Empty, QueryState } from "../components/states.tsx";
import { useFormat } from "../format.ts";
import { useHashQuery } from "../hash-query.ts";
import { errorMessage } from "../messages.ts";
import { go } from "../route.ts";
import { useSession } from "../session.tsx";
import { useTRPC, useTRPCClient } from "../trpc.ts";
import type { AlertView as Alert, Outcome } from "./alerts/alert-item.tsx";
import { AlertItem, OutcomeMessage } from "./alerts/alert-item.tsx";
import { RaiseAlert } from "./alerts/raise-alert.tsx";
import type { AlertView } from "./alerts/words.ts";
import { ALERT_VIEWS, SEVERITY_LABEL } from "./alerts/words.ts";
import "../staff.css";

const PAGE = 20;

/** The list the address asks for (`#/alerts?status=resolved&type=Agriculture&severity=HIGH`). */
function useAlertFilters() {
  const params = useHashQuery();
  const [status, type, severity] = [params.get("status"), params.get("type"), params.get("severity")];
  return {
    status: (status !== null && Object.hasOwn(ALERT_VIEWS, status) ? status : "open") as AlertView,
    type: ALERT_TYPES.find((candidate) => candidate === type),
    severity: ALERT_SEVERITIES.find((candidate) => candidate === severity),
  };
}
type Filters = ReturnType<typeof useAlertFilters>;

const show = (filters: Filters) =>
  go("alerts", {
    ...(filters.status === "open" ? {} : { status: filters.status }),
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.severity ? { severity: filters.severity } : {}),
  });

function AlertFilters({ filters }: { readonly filters: Filters }) {
  return (
    <div className="filters">
      <Field label="Show">
        {(props) => (
          <select
            {...props}
            value={filters.status}
            onChange={(e) => show({ ...filters, status: e.target.value as AlertView })}
          >
            {(Object.keys(ALERT_VIEWS) as AlertView[]).map((view) => (
              <option key={view} value={view}>
                {ALERT_VIEWS[view].label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Sector">
        {(props) => (
          <select
            {...props}
            value={filters.type ?? ""}
            onChange={(e) => show({ ...filters, type: ALERT_TYPES.find((type) => type === e.target.value) })}
          >
            <option value="">All sectors</option>
            {ALERT_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Severity">
        {(props) => (
          <select
            {...props}
            value={filters.severity ?? ""}
            onChange={(e) => show({ ...filters, severity: ALERT_SEVERITIES.find((level) => level === e.target.value) })}
          >
            <option value="">Any severity</option>
            {ALERT_SEVERITIES.map((severity: AlertSeverity) => (
              <option key={severity} value={severity}>
                {SEVERITY_LABEL[severity]}
              </option>
            ))}
          </select>
        )}
      </Field>
    </div>
  );
}

/**
 * Alerts, most severe first (then most recently seen), filtered by state, sector and severity in
 * the address; who raised, acknowledged and resolved each, and when; escalation called out. Those
 * who may handle an alert's sector acknowledge and resolve it (resolving asks first), each action's
 * result next to the alert it was about.
 */
export function Alerts() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const format = useFormat();
  const queryClient = useQueryClient();
  const { me } = useSession();
  const filters = useAlertFilters();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [resolving, setResolving] = useState<Alert | null>(null);
  const input = {
    status: filters.status,
    sort: "severity" as const,
    limit: PAGE,
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.severity ? { severity: filters.severity } : {}),
  };
  // Pages by hand, as My account's security activity does: tRPC's infinite options add a
  // `direction` the API's strict input refuses. The key is tRPC's, so invalidations reach it.
  const list = useInfiniteQuery({
    queryKey: trpc.alerts.list.infiniteQueryKey(input),
    queryFn: ({ pageParam, signal }) =>
      client.alerts.list.query({ ...input, ...(pageParam ? { cursor: pageParam } : {}) }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 15_000,
  });
  const settle = { onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.alerts.list.pathKey() }) };
  const acknowledge = useMutation(trpc.alerts.acknowledge.mutationOptions(settle));
  const resolve = useMutation(trpc.alerts.resolve.mutationOptions(settle));
  const may = (type: AlertType) => me !== null && mayManageAlerts(me, type);
  const raisable = ALERT_TYPES.filter(may);

  const act = (alert: Alert, action: "acknowledge" | "resolve") => {
    setOutcome(null);
    const mutation = action === "acknowledge" ? acknowledge : resolve;
    mutation.mutate(
      { id: alert.id },
      {
        onSuccess: () => {
          setResolving(null);
          setOutcome({
            id: alert.id,
            failed: false,
            message:
              action === "acknowledge"
                ? "Acknowledged: everyone now sees that you are handling it."
                : `Resolved: “${alert.message}” is closed.`,
          });
        },
        onError: (error) => {
          setResolving(null);
          setOutcome({ id: alert.id, failed: true, message: errorMessage(error) });
        },
      },
    );
  };

  const actionsOf = (alert: Alert) =>
    may(alert.type) && alert.status !== "resolved" ? (
      <div className="actions">
        {alert.status === "active" ? (
          <button
            type="button"
            className="secondary"
            disabled={acknowledge.isPending}
            onClick={() => act(alert, "acknowledge")}
          >
            Acknowledge<span className="visually-hidden"> alert: {alert.message}</span>
          </button>
        ) : null}
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setOutcome(null);
            setResolving(alert);
          }}
        >
          Resolve<span className="visually-hidden"> alert: {alert.message}</span>
        </button>
      </div>
    ) : null;

  return (
    <section aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts</h2>
      {raisable.length > 0 ? <RaiseAlert types={raisable} /> : null}
      <section className="card" aria-labelledby="alert-list-title">
        <h3 id="alert-list-title">{ALERT_VIEWS[filters.status].heading}, most severe first</h3>
        <AlertFilters filters={filters} />
        <QueryState query={list} what="alerts">
          {(data) => {
            const alerts = data.pages.flatMap((page) => page.alerts);
            // An alert that left this list (resolved in the "not yet resolved" list) keeps its message here.
            const away = outcome && !alerts.some((alert) => alert.id === outcome.id) ? outcome : null;
            return (
              <>
                {away ? <OutcomeMessage outcome={away} /> : null}
                {alerts.length === 0 ? (
                  <Empty>No alerts here. All quiet.</Empty>
                ) : (
                  <>
                    <ul className="alert-list">
                      {alerts.map((alert) => (
                        <AlertItem
                          key={alert.id}
                          alert={alert}
                          actions={actionsOf(alert)}
                          outcome={outcome?.id === alert.id ? outcome : null}
                        />
                      ))}
                    </ul>
                    <p className="list-more" aria-live="polite">
                      {list.hasNextPage
                        ? `Showing the ${format.number(alerts.length)} most severe`
                        : alerts.length === 1
                          ? "Showing 1 alert"
                          : `Showing all ${format.number(alerts.length)} alerts`}
                      <ShowMore list={list} label={`Show ${PAGE} more`} />
                    </p>
                  </>
                )}
              </>
            );
          }}
        </QueryState>
      </section>
      {resolving ? (
        <ConfirmDialog
          title="Resolve this alert?"
          confirmLabel="Yes, resolve it"
          cancelLabel="No, keep it open"
          pending={resolve.isPending}
          onConfirm={() => act(resolving, "resolve")}
          onCancel={() => setResolving(null)}
        >
          <p>
            <strong>{SEVERITY_LABEL[resolving.severity]}</strong>, {resolving.type}: {resolving.message}
          </p>
          <p>It leaves the list of alerts not yet resolved, for everyone. A new report of it opens a new alert.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
