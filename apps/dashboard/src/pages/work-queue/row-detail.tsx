import { APPOINTMENT_STATUSES } from "@govconnect/contracts";
import { useQuery } from "@tanstack/react-query";
import { QueryState } from "../../components/states.tsx";
import { SummaryList } from "../../components/summary-list.tsx";
import { useFormat } from "../../format.ts";
import { useTRPC } from "../../trpc.ts";
import { HISTORY_WORDS } from "../appointments/words.ts";
import type { QueueAppointment, Status } from "./query.ts";

const isStatus = (value: string): value is Status => (APPOINTMENT_STATUSES as readonly string[]).includes(value);

/** Who changed an appointment, when, and why: its audit trail, oldest first. */
function History({ appointment }: { readonly appointment: QueueAppointment }) {
  const trpc = useTRPC();
  const format = useFormat();
  const history = useQuery(trpc.appointments.history.queryOptions({ id: appointment.id }));
  return (
    <QueryState query={history} what="the history">
      {(data) =>
        data.history.length === 0 ? (
          <p className="muted">No changes recorded yet.</p>
        ) : (
          <ol className="queue-history">
            {data.history.map((entry) => (
              <li key={`${entry.at}-${entry.to}`}>
                <strong>{isStatus(entry.to) ? HISTORY_WORDS[entry.to] : "Changed"}</strong>{" "}
                {entry.actorName ? `by ${entry.actorName}` : "by GovConnect"} · {format.dateTime(entry.at)}
                {entry.reason ? <span className="queue-reason">Reason: {entry.reason}</span> : null}
              </li>
            ))}
          </ol>
        )
      }
    </QueryState>
  );
}

/** An opened row: how to reach the patient, what they said, their doctor, and the history. */
export function RowDetail({ appointment, id }: { readonly appointment: QueueAppointment; readonly id: string }) {
  const format = useFormat();
  return (
    <section id={id} className="queue-detail" aria-label={`Details of ${appointment.reference}`}>
      <div>
        <h4>Patient and visit</h4>
        <SummaryList
          label={`Details of ${appointment.reference}`}
          rows={[
            {
              label: "Phone",
              value: <a href={`tel:${appointment.patientPhone.replace(/\s/g, "")}`}>{appointment.patientPhone}</a>,
            },
            { label: "Email", value: <a href={`mailto:${appointment.patientEmail}`}>{appointment.patientEmail}</a> },
            { label: "Symptoms", value: appointment.symptoms || "None given" },
            { label: "Doctor", value: appointment.doctorName || "Not assigned" },
            { label: "Booked", value: format.dateTime(appointment.createdAt) },
          ]}
        />
      </div>
      <div>
        <h4>History</h4>
        <History appointment={appointment} />
      </div>
    </section>
  );
}
