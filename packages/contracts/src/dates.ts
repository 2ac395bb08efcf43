/**
 * Appointment dates and times are wall-clock times where the service runs: the process's time
 * zone (`TZ`, e.g. `TZ=Asia/Kolkata`). These helpers keep that arithmetic in one place.
 */

const pad = (value: number) => String(value).padStart(2, "0");

/** "YYYY-MM-DD" of `at` in the service's time zone. */
export function localDate(at: Date): string {
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** "HH:MM" of `at` in the service's time zone, as appointment times are stored. */
export function localTime(at: Date): string {
  return `${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** The instant a local "YYYY-MM-DD" + "HH:MM" names. */
export function localInstant(date: string, time: string): Date {
  const [year, month, day] = date.split("-").map(Number);
  const [hours, minutes] = time.split(":").map(Number);
  return new Date(year ?? 0, (month ?? 1) - 1, day ?? 1, hours ?? 0, minutes ?? 0);
}

/** "YYYY-MM-DD" `days` after the local date `date`. */
export function addDays(date: string, days: number): string {
  const instant = localInstant(date, "12:00");
  instant.setDate(instant.getDate() + days);
  return localDate(instant);
}
