import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "./trpc.ts";

/** The deployment's locale and time zone (`settings.display`): every page writes dates and numbers with them. */
export interface Display {
  readonly locale: string;
  readonly timeZone: string;
}

type Moment = string | Date;

export interface Format {
  /** An instant's day, with its weekday: "Wed 2 Dec 2026". A bare "YYYY-MM-DD" is read as that calendar day. */
  date(at: Moment): string;
  /** An instant's day and time: "Wed 2 Dec 2026, 09:30". */
  dateTime(at: Moment): string;
  /** A clock time: an appointment's "HH:MM" as written (a wall-clock time), or an instant's time. */
  time(at: Moment): string;
  /** A calendar day in full, for the booking flow and confirmations: "Wednesday 2 December 2026". */
  weekdayDate(day: string): string;
  number(value: number, options?: Intl.NumberFormatOptions): string;
  /** How long ago (or ahead) an instant is, in words: "5 minutes ago", "in 2 days". */
  relative(at: Moment, now?: Date): string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CLOCK = /^\d{2}:\d{2}$/;

/**
 * Until `settings.display` answers (or if it cannot), the browser's own settings: a sensible
 * page beats a blank one, and the deployment's values replace them within one round trip.
 */
export function browserDisplay(): Display {
  const options = Intl.DateTimeFormat().resolvedOptions();
  return { locale: options.locale, timeZone: options.timeZone };
}

// Calendar days and clock times are not instants: they are formatted in UTC from a UTC-built
// Date, so no time zone can move "2026-12-02" to the 1st or "09:30" to 04:00.
const dayAsUtc = (day: string) => {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, date ?? 1, 12));
};
const clockAsUtc = (clock: string) => {
  const [hours, minutes] = clock.split(":").map(Number);
  return new Date(Date.UTC(1970, 0, 1, hours ?? 0, minutes ?? 0));
};
const instant = (at: Moment) => (at instanceof Date ? at : new Date(at));

const RELATIVE_STEPS: ReadonlyArray<readonly [Intl.RelativeTimeFormatUnit, number]> = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 7],
  ["week", 4.35],
  ["month", 12],
  ["year", Number.POSITIVE_INFINITY],
];

/** The formatters for one locale and time zone (pure: usable outside React, and in tests). */
export function createFormat({ locale, timeZone }: Display): Format {
  const shortDay: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "short", year: "numeric" };
  const clock: Intl.DateTimeFormatOptions = { hour: "numeric", minute: "2-digit" };
  const zoned = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { ...options, timeZone });
  const utc = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" });
  const dayOnly = zoned(shortDay);
  const dayAndTime = zoned({ ...shortDay, ...clock });
  const timeOnly = zoned(clock);
  const calendarDay = utc(shortDay);
  const calendarDayLong = utc({ weekday: "long", day: "numeric", month: "long", year: "numeric" });
  const wallClock = utc(clock);
  const relativeWords = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const numbers = new Map<string, Intl.NumberFormat>();
  return {
    date: (at) =>
      typeof at === "string" && DAY.test(at) ? calendarDay.format(dayAsUtc(at)) : dayOnly.format(instant(at)),
    dateTime: (at) => dayAndTime.format(instant(at)),
    time: (at) =>
      typeof at === "string" && CLOCK.test(at) ? wallClock.format(clockAsUtc(at)) : timeOnly.format(instant(at)),
    weekdayDate: (day) => calendarDayLong.format(dayAsUtc(day)),
    number(value, options) {
      const key = JSON.stringify(options ?? {});
      let format = numbers.get(key);
      if (!format) {
        format = new Intl.NumberFormat(locale, options);
        numbers.set(key, format);
      }
      return format.format(value);
    },
    relative(at, now = new Date()) {
      let amount = (instant(at).getTime() - now.getTime()) / 1000;
      for (const [unit, size] of RELATIVE_STEPS) {
        if (Math.abs(amount) < size) return relativeWords.format(Math.round(amount), unit);
        amount /= size;
      }
      return relativeWords.format(Math.round(amount), "year");
    },
  };
}

/** The display settings, asked for once per page load (they change only with a redeploy). */
export function useDisplay(): Display {
  const trpc = useTRPC();
  const display = useQuery({
    ...trpc.settings.display.queryOptions(),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  });
  return display.data ?? FALLBACK;
}

const FALLBACK = browserDisplay();

/** The one way pages write dates, times and numbers: `const format = useFormat(); format.date(row.createdAt)`. */
export function useFormat(): Format {
  const { locale, timeZone } = useDisplay();
  return useMemo(() => {
    try {
      return createFormat({ locale, timeZone });
    } catch {
      // A locale or zone this browser does not know (Intl throws RangeError): its own settings.
      return createFormat(FALLBACK);
    }
  }, [locale, timeZone]);
}
