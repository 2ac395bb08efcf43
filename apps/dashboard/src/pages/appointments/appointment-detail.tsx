import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { QueryState } from "../../components/states.tsx";
import { useFormat } from "../../format.ts";
import { plainOr } from "../../messages.ts";
import { href, useHashParam } from "../../route.ts";
import { useSession } from "../../session.tsx";
import { useTRPC } from "../../trpc.ts";
import { AppointmentFacts } from "./appointment-facts.tsx";
import { CancelDialog } from "./cancel-dialog.tsx";
import type { Appointment } from "./types.ts";
import { calendarUrl, HISTORY_WORDS, mayCancel } from "./words.ts";

/** Who made a change, as the patient reads it: "you", the member of staff, or GovConnect itself. */
function who(actorId: string | null, actorName: string | null, myId: string | undefined): string {
  if (actorId && actorId === myId) return "you";
  return actorName ?? "GovConnect";
}

/** Everything that happened to an appointment, oldest first: what, who, when and why. */
function History({ id }: { readonly id: string }) {
  const trpc = useTRPC();
  const format = useFormat();
  const { me } = useSession();
  const history = useQuery(trpc.appointments.history.queryOptions({ id }));
  return (
    <section className="card" aria-labelledby="history-title">
      <h3 id="history-title">History</h3>
      <QueryState query={history} what="the history">
        {(data) => (
          <ol className="status-timeline">
            {data.history.map((step) => (
              <li key={`${step.at}-${step.to}`}>
                <strong>{HISTORY_WORDS[step.to as keyof typeof HISTORY_WORDS] ?? "Changed"}</strong> by{" "}
                {who(step.actorId, step.actorName, me?.id)}
                <br />
                <time dateTime={step.at} className="muted">
                  {format.dateTime(step.at)}
                </time>
                {step.reason ? (
                  <p className="reason">Reason given: {plainOr(step.reason, "a reason was given")}</p>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </QueryState>
    </section>
  );
}

/**
 * One appointment (`#/appointment?id=…`): its facts and place, add to calendar, print, its
 * history, and cancelling it behind a confirmation with an optional reason, then a result message
 * that takes the focus.
 */
export function AppointmentDetail() {
  const trpc = useTRPC();
  const format = useFormat();
  const id = useHashParam("id") ?? "";
  const appointment = useQuery({ ...trpc.appointments.get.queryOptions({ id }), enabled: id !== "" });
  const [cancelling, setCancelling] = useState(false);
  const [cancelled, setCancelled] = useState<Appointment | null>(null);
  const result = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (cancelled) result.current?.focus();
  }, [cancelled]);
  if (id === "") {
    return (
      <section aria-labelledby="detail-title">
        <h2 id="detail-title">Your appointment</h2>
        <p className="failed">
          This address does not name an appointment. <a href={href("appointments")}>See your appointments</a>
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="detail-title">
      <p className="no-print">
        <a href={href("appointments")}>Back to my appointments</a>
      </p>
      <QueryState query={appointment} what="the appointment" heading="Your appointment">
        {(data) => (
          <>
            <h2 id="detail-title">
              {data.appointment.department} on {format.weekdayDate(data.appointment.appointmentDate)}
            </h2>
            {cancelled ? (
              <p className="success" role="status" tabIndex={-1} ref={result}>
                Your appointment {cancelled.reference} is cancelled. We will email you to confirm it.
              </p>
            ) : null}
            <div className="card">
              <AppointmentFacts appointment={data.appointment} place={data.hospital} />
              <div className="actions no-print">
                {data.appointment.status !== "cancelled" ? (
                  <a
                    className="button secondary"
                    href={calendarUrl(data.appointment.id)}
                    download={`appointment-${data.appointment.reference}.ics`}
                  >
                    Add to calendar
                  </a>
                ) : null}
                <button type="button" className="secondary" onClick={() => window.print()}>
                  Print
                </button>
                {mayCancel(data.appointment) ? (
                  <button type="button" className="danger" onClick={() => setCancelling(true)}>
                    Cancel appointment
                  </button>
                ) : null}
              </div>
            </div>
            <History id={data.appointment.id} />
            {cancelling ? (
              <CancelDialog
                appointment={data.appointment}
                onClose={() => setCancelling(false)}
                onDone={(done) => {
                  setCancelling(false);
                  setCancelled(done);
                }}
              />
            ) : null}
          </>
        )}
      </QueryState>
    </section>
  );
}
