// How emails write dates, times and amounts, the same in every template.

/** "Thursday, 3 December 2026" from "2026-12-03", the same in every time zone. */
export function formatDate(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

/**
 * "Thursday, 3 December 2026 at 08:35 UTC" from an ISO date-time with any offset. Said in UTC, and
 * saying so: the worker does not know the reader's time zone, and a security notice must not be
 * an hour off without telling.
 */
export function formatDateTime(dateTime: string): string {
  const utc = new Date(dateTime).toISOString();
  return `${formatDate(utc.slice(0, 10))} at ${utc.slice(11, 16)} UTC`;
}

/** "1 hour", "24 hours": how long a link works, in words. */
export function quantity(count: number, unit: "minute" | "hour" | "day"): string {
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}
