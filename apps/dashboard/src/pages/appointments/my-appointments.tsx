import { useQuery } from "@tanstack/react-query";
import { Badge } from "../../components/badge.tsx";
import { Pager } from "../../components/pager.tsx";
import { QueryState } from "../../components/states.tsx";
import { useFormat } from "../../format.ts";
import { href, useHashParam } from "../../route.ts";
import { useTRPC } from "../../trpc.ts";
import type { Appointment, BookingView } from "./types.ts";
import { STATUS_LABEL } from "./words.ts";

const VIEWS: ReadonlyArray<{ view: BookingView; label: string; order: string; none: string }> = [
  { view: "upcoming", label: "Upcoming", order: "soonest first", none: "You have no upcoming appointments." },
  { view: "past", label: "Past", order: "most recent first", none: "You have no past appointments." },
  {
    view: "cancelled",
    label: "Cancelled",
    order: "most recently cancelled first",
    none: "You have not cancelled any appointments.",
  },
];

const PAGE_SIZE = 10;

const readView = (value: string | null): BookingView => VIEWS.find((entry) => entry.view === value)?.view ?? "upcoming";

function AppointmentItem({ appointment }: { readonly appointment: Appointment }) {
  const format = useFormat();
  return (
    <li className="appointment-item" data-testid={`appointment-${appointment.reference}`}>
      <h3>
        <a href={href("appointment", { id: appointment.id })}>
          {format.weekdayDate(appointment.appointmentDate)} at {format.time(appointment.appointmentTime)}
        </a>
      </h3>
      <p>
        {appointment.department}, {appointment.hospitalName}
      </p>
      <p className="muted">
        Reference {appointment.reference} · <Badge value={STATUS_LABEL[appointment.status]} tone={appointment.status} />
      </p>
    </li>
  );
}

/**
 * A citizen's home: their appointments, Upcoming / Past / Cancelled (cal.com's split), each in
 * date order from the server, paged, with the total. The view and page live in the address, so
 * Back and a reload keep them.
 */
export function MyAppointments() {
  const trpc = useTRPC();
  const format = useFormat();
  const view = readView(useHashParam("view"));
  const page = Math.max(1, Number(useHashParam("page")) || 1);
  const list = useQuery(trpc.appointments.myBookings.queryOptions({ view, page, pageSize: PAGE_SIZE }));
  const current = VIEWS.find((entry) => entry.view === view) ?? VIEWS[0];
  return (
    <section aria-labelledby="mine-title">
      <div className="section-head">
        <h2 id="mine-title">My appointments</h2>
        <a className="button" href={href("book")}>
          Book an appointment
        </a>
      </div>
      <nav className="tabs" aria-label="Which appointments">
        <ul>
          {VIEWS.map((entry) => (
            <li key={entry.view}>
              <a
                href={href("appointments", entry.view === "upcoming" ? undefined : { view: entry.view })}
                aria-current={entry.view === view ? "page" : undefined}
              >
                {entry.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="card">
        <QueryState query={list} what="your appointments">
          {(data) =>
            data.total === 0 ? (
              <p className="empty">
                {current?.none} <a href={href("book")}>Book an appointment</a>
              </p>
            ) : (
              <>
                <p className="muted" aria-live="polite">
                  {format.number(data.total)} {current?.label.toLowerCase()}{" "}
                  {data.total === 1 ? "appointment" : "appointments"}, {current?.order}
                </p>
                <ul className="appointment-list">
                  {data.appointments.map((appointment) => (
                    <AppointmentItem key={appointment.id} appointment={appointment} />
                  ))}
                </ul>
                <Pager
                  page={data.page}
                  pageCount={data.pageCount}
                  label="Pages of appointments"
                  hrefOf={(n) => href("appointments", { ...(view === "upcoming" ? {} : { view }), page: String(n) })}
                />
              </>
            )
          }
        </QueryState>
      </div>
    </section>
  );
}
