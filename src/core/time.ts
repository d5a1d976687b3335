// Times typed by people: `2024-11-29`, `2024-11-29T14:30`, `2024-11-29T14:30+02:00`, `today`,
// `yesterday`, `now`, or a duration back from now (`12h`, `3d`, `90m`). Zone-less input is read in
// the brief's time zone.
import { DateTime } from "luxon";
import { isIsoDate } from "../store/schema.ts";
import { dayBounds } from "../store/time.ts";

/** Which end of a day a plain date means: `at:2024-11-29` means the end of that day. */
export type DayEdge = "start" | "end";

const DURATION = /^(\d+)\s*(m|min|h|d|w)$/i;
const UNIT_MS: Record<string, number> = {
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** True when `text` is a time `resolveTime` can read. */
export function isTimeText(text: string): boolean {
  return resolveTime(text, "UTC", 0, "start") !== undefined;
}

/** Epoch ms for a typed time, or undefined when it cannot be read. */
export function resolveTime(
  text: string,
  zone: string,
  now: number,
  edge: DayEdge,
): number | undefined {
  const value = text.trim().toLowerCase();
  if (value === "now") return now;
  if (value === "today" || value === "yesterday") {
    const day = DateTime.fromMillis(now, { zone }).startOf("day");
    const start = value === "today" ? day : day.minus({ days: 1 });
    return edge === "start" ? start.toMillis() : start.endOf("day").toMillis();
  }
  const duration = DURATION.exec(value);
  if (duration) return now - Number(duration[1]) * UNIT_MS[duration[2]!.toLowerCase()]!;
  if (isIsoDate(value)) {
    const bounds = dayBounds(value, zone);
    return bounds === undefined ? undefined : bounds[edge === "start" ? 0 : 1];
  }
  if (/^\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}/.test(value)) {
    const parsed = DateTime.fromISO(value.replace(" ", "T").toUpperCase(), {
      zone,
      setZone: true,
    });
    return parsed.isValid ? parsed.toMillis() : undefined;
  }
  return undefined;
}

const HH_MM = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** `7:30` or `07:30` to `07:30`; undefined when it is not a time of day. */
export function parseLocalTime(text: string): string | undefined {
  const match = HH_MM.exec(text.trim());
  if (match === null) return undefined;
  return `${match[1]!.padStart(2, "0")}:${match[2]}`;
}

/** The canonical IANA name (`europe/berlin` to `Europe/Berlin`); undefined when unknown. */
export function canonicalTimeZone(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === "") return undefined;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
