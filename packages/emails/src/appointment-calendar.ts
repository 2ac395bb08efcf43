import { APPOINTMENT_MINUTES, localInstant } from "@govconnect/contracts";

/** What a calendar entry says about an appointment. */
export interface CalendarAppointment {
  readonly reference: string;
  readonly hospitalName: string;
  readonly hospitalAddress?: string | undefined;
  readonly department: string;
  readonly date: string;
  readonly time: string;
  readonly doctorName?: string | undefined;
}

/** An RFC 5545 UTC date-time (`20261203T043000Z`). */
const utc = (at: Date) => `${at.toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`;

/** RFC 5545 §3.3.11: backslash, semicolon, comma and newlines escaped in a TEXT value. */
const text = (value: string) => value.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, "\\n");

/** RFC 5545 §3.1: lines longer than 75 octets are folded (CRLF and one space). */
function fold(line: string): string {
  const bytes = Buffer.from(line, "utf8");
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + (start === 0 ? 75 : 74), bytes.length);
    // Never split a UTF-8 sequence: step back off continuation bytes.
    while (end < bytes.length && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
    parts.push(bytes.subarray(start, end).toString("utf8"));
    start = end;
  }
  return parts.join("\r\n ");
}

/** The calendar file's name for an appointment (`appointment-APT-1A2B3C4D.ics`). */
export const calendarFileName = (reference: string) => `appointment-${reference}.ics`;

/**
 * An appointment as an iCalendar file (one VEVENT, times in UTC), for "Add to calendar" and the
 * confirmation email's attachment. The UID is the reference's, so importing it again updates the
 * same entry rather than adding a second.
 */
export function appointmentCalendar(appointment: CalendarAppointment, now = new Date()): string {
  const start = localInstant(appointment.date, appointment.time);
  const end = new Date(start.getTime() + APPOINTMENT_MINUTES * 60_000);
  const location = [appointment.hospitalName, appointment.hospitalAddress].filter(Boolean).join(", ");
  const description = [
    `Reference: ${appointment.reference}`,
    `Department: ${appointment.department}`,
    appointment.doctorName ? `Doctor: ${appointment.doctorName}` : "",
    "Please arrive 15 minutes early.",
  ]
    .filter(Boolean)
    .join("\n");
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//GovConnect//Appointments//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${appointment.reference.toLowerCase()}@govconnect`,
    `DTSTAMP:${utc(now)}`,
    `DTSTART:${utc(start)}`,
    `DTEND:${utc(end)}`,
    `SUMMARY:${text(`${appointment.department} appointment at ${appointment.hospitalName}`)}`,
    `LOCATION:${text(location)}`,
    `DESCRIPTION:${text(description)}`,
    "STATUS:CONFIRMED",
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return `${lines.map(fold).join("\r\n")}\r\n`;
}
