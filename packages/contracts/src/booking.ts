import { addDays, localDate, localInstant } from "./dates.ts";

/**
 * How many upcoming appointments (scheduled or confirmed, not yet past) a citizen's account may
 * hold at once: enough for a family's visits, too few to hoard a clinic's day (security review
 * L6). Healthcare staff booking at the desk are not capped.
 */
export const MAX_OPEN_BOOKINGS_PER_CITIZEN = 10;

/** Why a citizen's next booking is refused, in their words. */
export const openBookingsCapMessage = (max = MAX_OPEN_BOOKINGS_PER_CITIZEN) =>
  `You already have ${max} upcoming appointments: cancel one before booking another`;

/** How many days ahead an appointment may be booked. */
export const MAX_BOOKING_DAYS_AHEAD = 365;

/** The half-hour slots of a clinic day, 09:00 to 16:30: the only times an appointment may have. */
export const CLINIC_TIMES: readonly string[] = Array.from(
  { length: 16 },
  (_, i) => `${String(9 + Math.floor(i / 2)).padStart(2, "0")}:${i % 2 ? "30" : "00"}`,
);

/** How long one appointment lasts (a calendar entry's length). */
export const APPOINTMENT_MINUTES = 30;

/** The clinic times of a local date that are still ahead at `now` (none for a past day). */
export function bookableTimes(date: string, now: Date): string[] {
  return CLINIC_TIMES.filter((time) => localInstant(date, time) > now);
}

/** The first and last dates a booking form may offer at `now`. */
export function bookingWindow(now: Date): { readonly first: string; readonly last: string } {
  const today = localDate(now);
  return { first: today, last: addDays(today, MAX_BOOKING_DAYS_AHEAD) };
}
