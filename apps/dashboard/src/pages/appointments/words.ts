import { localInstant } from "@govconnect/contracts";
import type { FieldWords } from "../../messages.ts";
import { isPlain } from "../../messages.ts";
import type { Appointment, Status } from "./types.ts";

/** The booking form's fields in words: the API's messages about them name the fields. */
export const BOOKING_WORDS: FieldWords = {
  hospitalId: "Choose a hospital from the list",
  department: "Choose a department",
  appointmentDate: (message) =>
    isPlain(message)
      ? message
      : /future/i.test(message)
        ? "Choose a date and time that are still ahead"
        : /within/i.test(message)
          ? "Choose a date within the next year"
          : "Choose a date",
  appointmentTime: "Choose a time",
  patientName: "Enter the full name of the person the appointment is for",
  patientPhone: "Enter a phone number, like 098765 43210",
  patientEmail: "Appointments are booked for the signed-in account only",
  symptoms: "Describe the symptoms in 2000 characters or fewer",
};

/** An appointment's status as its patient reads it. */
export const STATUS_LABEL: Readonly<Record<Status, string>> = {
  scheduled: "Booked",
  confirmed: "Confirmed",
  cancelled: "Cancelled",
  completed: "Attended",
};

/** What a change of status is called in an appointment's history. */
export const HISTORY_WORDS: Readonly<Record<Status, string>> = {
  scheduled: "Booked",
  confirmed: "Confirmed",
  cancelled: "Cancelled",
  completed: "Marked as attended",
};

/** A patient may cancel an appointment that is still ahead and not cancelled or attended already. */
export const mayCancel = (
  appointment: Pick<Appointment, "status" | "appointmentDate" | "appointmentTime">,
  now = new Date(),
) =>
  (appointment.status === "scheduled" || appointment.status === "confirmed") &&
  localInstant(appointment.appointmentDate, appointment.appointmentTime) > now;

/** The `.ics` file of an appointment (served with the session cookie): "Add to calendar". */
export const calendarUrl = (id: string) => `/api/appointments/${encodeURIComponent(id)}/calendar`;
