import { useEffect, useState } from "react";

/**
 * Appointment dates and times are wall-clock times where the service runs (the deployment's time
 * zone, `settings.display`), not where the browser is: these read the clock there.
 */

/** The date ("YYYY-MM-DD") and time ("HH:MM") it is now in `timeZone`. */
export function wallClock(timeZone: string, now: Date = new Date()): { readonly date: string; readonly time: string } {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(now);
  } catch {
    // A zone this browser does not know: its own clock is the best guess.
    return wallClock(Intl.DateTimeFormat().resolvedOptions().timeZone, now);
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "00";
  return { date: `${part("year")}-${part("month")}-${part("day")}`, time: `${part("hour")}:${part("minute")}` };
}

/**
 * Whether an appointment's time has come (it may be marked as attended): the server refuses
 * earlier, so the button is not offered before.
 */
export function timeHasCome(
  appointment: { readonly appointmentDate: string; readonly appointmentTime: string },
  timeZone: string,
  now: Date = new Date(),
): boolean {
  const clock = wallClock(timeZone, now);
  return `${appointment.appointmentDate} ${appointment.appointmentTime}` <= `${clock.date} ${clock.time}`;
}

/** Now, again every minute: a page that offers what the time allows re-reads the clock. */
export function useMinute(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}
