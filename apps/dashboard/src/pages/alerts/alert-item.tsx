import type { RouterOutputs } from "@govconnect/router";
import type { ReactNode } from "react";
import { useEffect, useRef } from "react";
import { Badge } from "../../components/badge.tsx";
import { useFormat } from "../../format.ts";
import { ALERT_STATUS_LABEL, ALERT_STATUS_TONE, SEVERITY_LABEL } from "./words.ts";

export type AlertView = RouterOutputs["alerts"]["list"]["alerts"][number];

/** What happened to an alert last, and whether it went well: shown next to it, one at a time. */
export interface Outcome {
  readonly id: string;
  readonly message: string;
  readonly failed: boolean;
}

/** The result of an action, focused when it appears (the button pressed may be gone with the change). */
export function OutcomeMessage({ outcome }: { readonly outcome: Outcome }) {
  const box = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, []);
  return (
    <p
      ref={box}
      tabIndex={-1}
      className={`${outcome.failed ? "failed" : "success"} alert-outcome`}
      role={outcome.failed ? "alert" : "status"}
      data-testid="alert-outcome"
    >
      {outcome.message}
    </p>
  );
}

/** Who raised, acknowledged and resolved it, and when; and whether repeats escalated it. */
function AlertStory({ alert }: { readonly alert: AlertView }) {
  const format = useFormat();
  const escalated = alert.severity !== alert.raisedSeverity;
  return (
    <ul className="alert-story">
      <li>
        {alert.createdByName ? `Raised by ${alert.createdByName}` : `Reported automatically by ${alert.source}`} ·{" "}
        {format.dateTime(alert.createdAt)}
      </li>
      {escalated ? (
        <li className="alert-escalated">
          Escalated from {SEVERITY_LABEL[alert.raisedSeverity]} to {SEVERITY_LABEL[alert.severity]} after{" "}
          {alert.occurrences} reports · last {format.dateTime(alert.lastSeenAt)}
        </li>
      ) : alert.occurrences > 1 ? (
        <li>
          Reported {alert.occurrences} times · last {format.dateTime(alert.lastSeenAt)}
        </li>
      ) : null}
      {alert.acknowledgedAt ? (
        <li>
          Acknowledged by {alert.acknowledgedByName ?? "a former member of staff"} ·{" "}
          {format.dateTime(alert.acknowledgedAt)}
        </li>
      ) : null}
      {alert.resolvedAt ? (
        <li>
          Resolved by {alert.resolvedByName ?? "a former member of staff"} · {format.dateTime(alert.resolvedAt)}
        </li>
      ) : null}
    </ul>
  );
}

/** One alert: severity, sector and state, its message, its story, and the actions the user may take. */
export function AlertItem({
  alert,
  actions,
  outcome,
}: {
  readonly alert: AlertView;
  readonly actions: ReactNode;
  readonly outcome: Outcome | null;
}) {
  return (
    <li
      className={`alert-item severity-${alert.severity.toLowerCase()}`}
      data-testid={`alert-${alert.id}`}
      aria-labelledby={`alert-${alert.id}-message`}
    >
      <div className="alert-main">
        <p className="alert-head">
          <Badge value={SEVERITY_LABEL[alert.severity]} tone={alert.severity.toLowerCase()} />
          <strong>{alert.type}</strong>
          <Badge value={ALERT_STATUS_LABEL[alert.status]} tone={ALERT_STATUS_TONE[alert.status]} />
        </p>
        <p id={`alert-${alert.id}-message`} className="alert-message">
          {alert.message}
        </p>
        <AlertStory alert={alert} />
      </div>
      {actions}
      {outcome ? <OutcomeMessage outcome={outcome} /> : null}
    </li>
  );
}
