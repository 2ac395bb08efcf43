import type { Appointment, Hospital } from "@govconnect/db";
import { appointmentReference } from "./schema.ts";

/** What the appointment emails show of an appointment. */
/** Where a hospital is, on one line: "1 Hospital Road, Pune, Maharashtra". */
export const hospitalAddressLine = (hospital: Partial<Pick<Hospital, "address" | "city" | "state">>) =>
  [hospital.address, hospital.city, hospital.state].filter(Boolean).join(", ");

export function emailDetails(
  appointment: Appointment,
  hospital: Pick<Hospital, "name"> & Partial<Pick<Hospital, "address" | "city" | "state" | "phone">>,
) {
  const address = hospitalAddressLine(hospital);
  return {
    reference: appointmentReference(appointment.id),
    patientName: appointment.patientName,
    hospitalName: hospital.name,
    department: appointment.department,
    date: appointment.appointmentDate,
    time: appointment.appointmentTime,
    ...(appointment.doctorName ? { doctorName: appointment.doctorName } : {}),
    ...(address ? { hospitalAddress: address } : {}),
    ...(hospital.phone ? { hospitalPhone: hospital.phone } : {}),
  };
}
