// Reading dataset cells into brief values: dates, whole numbers, coordinates, ids. Each reader
// returns undefined for a cell it cannot read, so the caller can skip the row and say why.
import { isIsoDate, isIsoDateTime } from "../store/schema.ts";

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/**
 * A brief time from a dataset date: `2024-11-29`, a date-time with an offset, `2024-11-29
 * 00:00:00.000` (UCDP: the day), `29 November 2024` or `29-November-2024` (older ACLED exports).
 */
export function readDate(text: string): string | undefined {
  const value = text.trim();
  if (isIsoDate(value) || isIsoDateTime(value)) return value;
  const day = /^(\d{4}-\d{2}-\d{2})[T ]00:00(:00(\.0+)?)?$/.exec(value);
  if (day !== null && isIsoDate(day[1]!)) return day[1];
  const named = /^(\d{1,2})[ -]([A-Za-z]+)[ -](\d{4})$/.exec(value);
  if (named !== null) {
    const month = MONTHS.findIndex(
      (m) => m.startsWith(named[2]!.toLowerCase()) && named[2]!.length >= 3,
    );
    if (month === -1) return undefined;
    const date = `${named[3]}-${String(month + 1).padStart(2, "0")}-${named[1]!.padStart(2, "0")}`;
    return isIsoDate(date) ? date : undefined;
  }
  return undefined;
}

/** A whole number of zero or more (`1,204` and `1 204` too); undefined for anything else. */
export function readWhole(text: string): number | undefined {
  const value = text.trim().replace(/[, _](?=\d{3}\b)/g, "");
  if (!/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A count: a whole number, or a range `270-280`. */
export function readCount(text: string): number | { low: number; high: number } | undefined {
  const range = /^\s*([\d, ]+?)\s*[-–]\s*([\d, ]+)\s*$/.exec(text);
  if (range !== null) {
    const low = readWhole(range[1]!);
    const high = readWhole(range[2]!);
    return low !== undefined && high !== undefined && low <= high ? { low, high } : undefined;
  }
  return readWhole(text);
}

/** A coordinate within ±limit degrees, or undefined. */
export function readDegrees(text: string | undefined, limit: number): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const n = Number(text.trim());
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : undefined;
}

/** A lowercase slug from a name (`Ma'arrat al-Nu'man` → `maarrat-al-numan`); "" if none. */
export function slugOf(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’ʿʾ`]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

/** Text with runs of white space as one space; undefined when nothing is left. */
export function cleanText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const value = (/\s\s|[\t\n\r]/.test(text) ? text.replace(/\s+/g, " ") : text).trim();
  return value === undefined || value === "" ? undefined : value;
}
