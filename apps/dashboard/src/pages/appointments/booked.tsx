import { useQuery } from "@tanstack/react-query";
import { QueryState } from "../../components/states.tsx";
import { useFormat } from "../../format.ts";
import { href, useHashParam } from "../../route.ts";
import { useSession } from "../../session.tsx";
import { useTRPC } from "../../trpc.ts";
import { AppointmentFacts } from "./appointment-facts.tsx";
import { calendarUrl } from "./words.ts";

/**
 * The confirmation page (GOV.UK's green panel): the reference, the appointment's facts, what
 * happens next, "Add to calendar" (the `.ics` file the confirmation email also carries) and
 * Print. It has its own address, so a reload shows it again rather than booking again.
 */
export function Booked() {
  const trpc = useTRPC();
  const format = useFormat();
  const { me } = useSession();
  const id = useHashParam("id") ?? "";
  const booked = useQuery({ ...trpc.appointments.get.queryOptions({ id }), enabled: id !== "" });
  return (
    <section aria-labelledby="booked-title">
      {id === "" ? (
        <>
          <h2 id="booked-title">No booking to show</h2>
          <p className="failed">
            This page shows a booking just made, and this address does not name one.{" "}
            <a href={href("appointments")}>See your appointments</a>
          </p>
        </>
      ) : (
        <QueryState query={booked} what="your booking" heading="Appointment booked">
          {({ appointment, hospital }) => (
            <>
              <div className="panel">
                <h2 id="booked-title">Appointment booked</h2>
                <p>
                  {format.weekdayDate(appointment.appointmentDate)} at {format.time(appointment.appointmentTime)}
                </p>
                <p>
                  Your reference is <strong className="reference">{appointment.reference}</strong>
                </p>
              </div>
              <div className="card">
                <AppointmentFacts appointment={appointment} place={hospital} />
                <h3>What happens next</h3>
                <ul>
                  <li>
                    {me?.emailVerified
                      ? `We have sent a confirmation email to ${appointment.patientEmail}, with the appointment for your calendar.`
                      : "Confirm your email address to get emails about this appointment: the link is in the email we sent when you registered."}
                  </li>
                  <li>{hospital.name} will confirm the appointment. We will email you when it does.</li>
                  <li>Please arrive 15 minutes early and bring your reference.</li>
                  <li>If you cannot come, cancel it from My appointments so someone else can have the time.</li>
                </ul>
                <div className="actions no-print">
                  <a
                    className="button"
                    href={calendarUrl(appointment.id)}
                    download={`appointment-${appointment.reference}.ics`}
                  >
                    Add to calendar
                  </a>
                  <button type="button" className="secondary" onClick={() => window.print()}>
                    Print this page
                  </button>
                </div>
                <p className="no-print">
                  <a href={href("appointment", { id: appointment.id })}>View or cancel this appointment</a> ·{" "}
                  <a href={href("appointments")}>All my appointments</a> ·{" "}
                  <a href={href("book")}>Book another appointment</a>
                </p>
              </div>
            </>
          )}
        </QueryState>
      )}
    </section>
  );
}
