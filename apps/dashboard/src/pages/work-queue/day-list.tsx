import { useQueries, useQuery } from "@tanstack/react-query";
import { Badge } from "../../components/badge.tsx";
import { DataTable } from "../../components/data-table.tsx";
import { Field } from "../../components/field.tsx";
import { Empty, QueryState } from "../../components/states.tsx";
import { useFormat } from "../../format.ts";
import { useTRPC } from "../../trpc.ts";
import { STATUS_LABEL } from "../appointments/words.ts";
import type { QueueAppointment, QueueInput, QueueQuery } from "./query.ts";
import { queueHref } from "./query.ts";

/** The most one request asks for (the API's limit): a day's list takes as many as it needs. */
const DAY_PAGE = 100;

/** Every appointment of one day (for a hospital or department, when chosen), all pages of it. */
function useWholeDay(day: string, query: QueueQuery) {
  const trpc = useTRPC();
  const input = (page: number): QueueInput => ({
    view: "all",
    sort: "time",
    from: day,
    to: day,
    page,
    pageSize: DAY_PAGE,
    ...(query.hospitalId ? { hospitalId: query.hospitalId } : {}),
    ...(query.department ? { department: query.department } : {}),
  });
  const first = useQuery(trpc.appointments.queue.queryOptions(input(1)));
  const more = Array.from({ length: Math.max(0, (first.data?.pageCount ?? 1) - 1) }, (_, index) => index + 2);
  const rest = useQueries({ queries: more.map((page) => trpc.appointments.queue.queryOptions(input(page))) });
  const pending = first.isPending || rest.some((page) => page.isPending);
  const failed = first.isError ? first : rest.find((page) => page.isError);
  const rows: QueueAppointment[] = [
    ...(first.data?.appointments ?? []),
    ...rest.flatMap((page) => page.data?.appointments ?? []),
  ];
  return {
    isPending: pending,
    isError: Boolean(failed),
    error: failed?.error ?? null,
    data: pending || failed ? undefined : rows,
    refetch: () => Promise.all([first.refetch(), ...rest.map((page) => page.refetch())]),
  };
}

/**
 * A day's list for the clinic's desk, made to be printed: the print styles keep only its table
 * (no navigation, filters or buttons). The day comes from the address (`?print=YYYY-MM-DD`).
 */
export function DayList({
  day,
  query,
  onDay,
}: {
  readonly day: string;
  readonly query: QueueQuery;
  readonly onDay: (day: string) => void;
}) {
  const format = useFormat();
  const whole = useWholeDay(day, query);
  const back = queueHref(query);
  return (
    <section aria-labelledby="day-list-title" className="print-day">
      <h2 id="day-list-title">Day list: {format.weekdayDate(day)}</h2>
      <div className="day-list-tools no-print">
        <Field label="Day">
          {(props) => (
            <input
              {...props}
              type="date"
              value={day}
              onChange={(event) => event.target.value && onDay(event.target.value)}
            />
          )}
        </Field>
        <div className="actions">
          <button type="button" onClick={() => window.print()}>
            Print this list
          </button>
          <a href={back}>Back to the work queue</a>
        </div>
      </div>
      <QueryState query={whole} what="the day's appointments">
        {(rows) =>
          rows.length === 0 ? (
            <Empty>No appointments on {format.weekdayDate(day)}.</Empty>
          ) : (
            <DataTable
              caption={`${format.number(rows.length)} ${rows.length === 1 ? "appointment" : "appointments"} on ${format.weekdayDate(day)}, by time`}
              captionShown
              rows={rows}
              rowKey={(a) => a.id}
              columns={[
                { header: "Time", cell: (a) => <strong>{format.time(a.appointmentTime)}</strong> },
                {
                  header: "Patient",
                  cell: (a) => (
                    <span className="stacked">
                      <span>{a.patientName}</span>
                      <small className="mono">{a.reference}</small>
                    </span>
                  ),
                },
                { header: "Phone", cell: (a) => <span className="nowrap">{a.patientPhone}</span> },
                {
                  header: "Hospital",
                  cell: (a) => (
                    <span className="stacked">
                      <span>{a.hospitalName}</span>
                      <small>{a.department}</small>
                    </span>
                  ),
                },
                { header: "Doctor", cell: (a) => a.doctorName ?? "" },
                { header: "Status", cell: (a) => <Badge value={STATUS_LABEL[a.status]} tone={a.status} /> },
              ]}
            />
          )
        }
      </QueryState>
    </section>
  );
}
