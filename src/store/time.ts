// Brief times to instants. A plain date is the start of that day in the brief's time zone; a
// date-time carries its own offset. Instants are epoch milliseconds throughout the store.
import { DateTime } from "luxon";

export interface Instant {
  /** Epoch milliseconds. */
  readonly at: number;
  /** The source gave a date only: answers show the date alone. */
  readonly dateOnly: boolean;
}

/** Values kept per distinct dates: a flood of them (typed, not from a brief) starts again. */
const DATES_KEPT = 100_000;

/**
 * `work(date, zone)` kept by zone, then date, so a lookup builds no key string: luxon reads a
 * zone's offsets through Intl, about a tenth of a millisecond a date, and a load's claims and
 * people's `at:` repeat few dates.
 */
function keptByZoneAndDate<V>(work: (date: string, zone: string) => V) {
  const zones = new Map<string, Map<string, V>>();
  return (date: string, zone: string): V => {
    let inZone = zones.get(zone);
    if (inZone === undefined) {
      inZone = new Map();
      zones.set(zone, inZone);
    }
    let value = inZone.get(date);
    if (value === undefined) {
      value = work(date, zone);
      if (inZone.size >= DATES_KEPT) inZone.clear();
      inZone.set(date, value);
    }
    return value;
  };
}

/** The start of `date` in `zone` (NaN for no such day). */
const startMillis = keptByZoneAndDate((date, zone) => {
  const day = DateTime.fromISO(date, { zone });
  return day.isValid ? day.startOf("day").toMillis() : Number.NaN;
});

/**
 * A day ends where the next begins (so a clock going back at midnight leaves no hour in no day),
 * and a load's dates come in runs of days: each start is worked out once, where startOf and
 * endOf of every date read twice as many offsets from Intl.
 */
const boundsOf = keptByZoneAndDate((date, zone): readonly [number, number] | null => {
  const start = startMillis(date, zone);
  const next = Number.isNaN(start) ? Number.NaN : startMillis(nextDate(date), zone);
  return Number.isNaN(next) ? null : [start, next - 1];
});

/** The first and last millisecond of `date` (YYYY-MM-DD) in `zone`, or undefined for no such day. */
export function dayBounds(date: string, zone: string): readonly [number, number] | undefined {
  return boundsOf(date, zone) ?? undefined;
}

/** The calendar day after `date` (YYYY-MM-DD; the proleptic Gregorian calendar has no zone). */
function nextDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** Epoch ms of 00:00 on `date` (YYYY-MM-DD) in `zone` (NaN for no such day). */
export function startOfDay(date: string, zone: string): number {
  return dayBounds(date, zone)?.[0] ?? Number.NaN;
}

/** Reads a validated brief time (date or date-time with offset). */
export function toInstant(value: string, zone: string): Instant {
  if (value.length === 10) return { at: startOfDay(value, zone), dateOnly: true };
  return { at: Date.parse(value), dateOnly: false };
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toISODate() ?? "";
}
