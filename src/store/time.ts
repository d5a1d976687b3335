// Brief times to instants. A plain date is the start of that day in the brief's time zone; a
// date-time carries its own offset. Instants are epoch milliseconds throughout the store.
import { DateTime } from "luxon";

export interface Instant {
  /** Epoch milliseconds. */
  readonly at: number;
  /** The source gave a date only: answers show the date alone. */
  readonly dateOnly: boolean;
}

/** Zone to date to the start of that day: by zone first, so a lookup builds no key string. */
const dayStarts = new Map<string, Map<string, number>>();

/** Epoch ms of 00:00 on `date` (YYYY-MM-DD) in `zone`; cached, briefs repeat few dates. */
export function startOfDay(date: string, zone: string): number {
  let inZone = dayStarts.get(zone);
  if (inZone === undefined) {
    inZone = new Map();
    dayStarts.set(zone, inZone);
  }
  let at = inZone.get(date);
  if (at === undefined) {
    at = DateTime.fromISO(date, { zone }).startOf("day").toMillis();
    inZone.set(date, at);
  }
  return at;
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
