import { useState } from "react";
import { Badge } from "../../components/badge.tsx";
import type { Column } from "../../components/data-table.tsx";
import { DataTable } from "../../components/data-table.tsx";
import { useDisplay, useFormat } from "../../format.ts";
import { STATUS_LABEL } from "../appointments/words.ts";
import { useMinute } from "./clock.ts";
import type { QueueAppointment, QueueQuery, QueueSort } from "./query.ts";
import { changed, SORTS, VIEWS } from "./query.ts";
import { RowDetail } from "./row-detail.tsx";
import type { Move } from "./status-dialog.tsx";
import { movesOf, moveVerb, StatusDialog } from "./status-dialog.tsx";

const SORT_KEYS = { time: "time", patient: "patient", status: "status" } as const;

/** The column a sort orders by, and whether it runs backwards. */
const sortParts = (sort: QueueSort) => ({ key: sort.replace(/^-/, ""), descending: sort.startsWith("-") });
const sortOf = (key: string, descending: boolean): QueueSort => `${descending ? "-" : ""}${key}` as QueueSort;

/**
 * A page of the queue: sortable headers (the server sorts), a Details disclosure per row, and the
 * moves staff may make, each behind its confirmation. `onDone` gets each move's result message.
 */
export function QueueTable({
  query,
  appointments,
  onChange,
  onDone,
}: {
  readonly query: QueueQuery;
  readonly appointments: readonly QueueAppointment[];
  readonly onChange: (next: QueueQuery) => void;
  readonly onDone: (message: string) => void;
}) {
  const format = useFormat();
  const { timeZone } = useDisplay();
  // "Mark as attended" appears once an appointment's time comes, without a reload.
  const now = useMinute();
  const [opened, setOpened] = useState<ReadonlySet<string>>(() => new Set());
  const [asked, setAsked] = useState<{ readonly appointment: QueueAppointment; readonly move: Move } | null>(null);
  const toggle = (id: string) => {
    const next = new Set(opened);
    if (!next.delete(id)) next.add(id);
    setOpened(next);
  };
  const detailId = (appointment: QueueAppointment) => `queue-detail-${appointment.id}`;
  const columns: ReadonlyArray<Column<QueueAppointment>> = [
    {
      header: "When",
      sortKey: SORT_KEYS.time,
      cell: (a) => (
        <span className="stacked">
          <span className="nowrap">{format.date(a.appointmentDate)}</span>
          <strong>{format.time(a.appointmentTime)}</strong>
        </span>
      ),
    },
    {
      header: "Patient",
      sortKey: SORT_KEYS.patient,
      cell: (a) => (
        <span className="stacked">
          <span>{a.patientName}</span>
          <small className="muted mono">{a.reference}</small>
        </span>
      ),
    },
    {
      header: "Hospital",
      cell: (a) => (
        <span className="stacked">
          <span>{a.hospitalName}</span>
          <small className="muted">{a.department}</small>
        </span>
      ),
    },
    {
      header: "Status",
      sortKey: SORT_KEYS.status,
      cell: (a) => <Badge value={STATUS_LABEL[a.status]} tone={a.status} />,
    },
    {
      header: "Actions",
      cell: (a) => (
        <span className="actions">
          <button
            type="button"
            className="secondary"
            aria-expanded={opened.has(a.id)}
            aria-controls={detailId(a)}
            onClick={() => toggle(a.id)}
          >
            {opened.has(a.id) ? "Hide details" : "Details"}
            <span className="visually-hidden"> of {a.reference}</span>
          </button>
          {movesOf(a, timeZone, now).map((move) => (
            <button
              key={move}
              type="button"
              className={move === "cancelled" ? "danger" : undefined}
              onClick={() => setAsked({ appointment: a, move })}
            >
              {moveVerb(move)}
              <span className="visually-hidden"> {a.reference}</span>
            </button>
          ))}
        </span>
      ),
    },
  ];
  const { key, descending } = sortParts(query.sort);
  return (
    <>
      <DataTable
        caption={`${VIEWS[query.view].heading}, ${SORTS[query.sort]}`}
        captionShown
        columns={columns}
        rows={appointments}
        rowKey={(a) => a.id}
        rowTestId={(a) => `appointment-${a.reference}`}
        sort={{ key, descending, onSort: (next, down) => onChange(changed(query, { sort: sortOf(next, down) })) }}
        detail={(a) => (opened.has(a.id) ? <RowDetail appointment={a} id={detailId(a)} /> : null)}
      />
      {asked ? (
        <StatusDialog
          appointment={asked.appointment}
          move={asked.move}
          onClose={() => setAsked(null)}
          onDone={(message) => {
            setAsked(null);
            onDone(message);
          }}
        />
      ) : null}
    </>
  );
}
