import { Badge } from "../../components/badge.tsx";
import type { SummaryRow } from "../../components/summary-list.tsx";
import { SummaryList } from "../../components/summary-list.tsx";
import { useFormat } from "../../format.ts";
import { PlaceDetails } from "./place.tsx";
import type { Appointment, Place } from "./types.ts";
import { STATUS_LABEL } from "./words.ts";

/** One appointment's facts, as its patient needs them on the day. */
export function AppointmentFacts({
  appointment,
  place,
  status = true,
}: {
  readonly appointment: Appointment;
  readonly place: Place;
  readonly status?: boolean;
}) {
  const format = useFormat();
  const rows: SummaryRow[] = [
    { label: "Reference", value: <strong data-testid="appointment-reference">{appointment.reference}</strong> },
    { label: "Date", value: format.weekdayDate(appointment.appointmentDate) },
    { label: "Time", value: format.time(appointment.appointmentTime) },
    { label: "Where", value: <PlaceDetails place={place} /> },
    { label: "Department", value: appointment.department },
    ...(status
      ? [
          {
            label: "Status",
            value: <Badge value={STATUS_LABEL[appointment.status]} tone={appointment.status} />,
          },
        ]
      : []),
    { label: "Patient", value: appointment.patientName },
    { label: "Phone number", value: appointment.patientPhone },
    ...(appointment.symptoms ? [{ label: "Symptoms", value: appointment.symptoms }] : []),
  ];
  return <SummaryList label="Appointment details" rows={rows} />;
}
