import type { AuditEvent } from "../audit-events.ts";
import { eventDetails, eventLabel } from "../audit-events.ts";

/** The "What" of an audit or security event: what happened, in words, with its details (if any) under it. */
export function EventWhat({
  event,
  detailsClassName,
}: {
  readonly event: Pick<AuditEvent, "action" | "details">;
  readonly detailsClassName: string;
}) {
  const details = eventDetails(event);
  return (
    <span>
      {eventLabel(event)}
      {details ? (
        <>
          <br />
          <small className={detailsClassName}>{details}</small>
        </>
      ) : null}
    </span>
  );
}
