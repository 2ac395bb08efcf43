import type { Appointment, Hospital } from "@govconnect/db";
import { appointmentReference } from "./schema.ts";

/** What the appointment emails show of an appointment. */
export function emailDetails(appointment: Appointment, hospital: Pick<Hospital, "name">) {
  return {
    reference: appointmentReference(appointment.id),
    patientName: appointment.patientName,
    hospitalName: hospital.name,
    department: appointment.department,
    date: appointment.appointmentDate,
    time: appointment.appointmentTime,
    ...(appointment.doctorName ? { doctorName: appointment.doctorName } : {}),
  };
}
