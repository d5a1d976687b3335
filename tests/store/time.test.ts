import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { dayBounds, startOfDay, toInstant } from "../../src/store/time.ts";

/** Every date from `from` for `days` days, as YYYY-MM-DD. */
function datesFrom(from: string, days: number): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) =>
    new Date(start + i * 86_400_000).toISOString().slice(0, 10),
  );
}

// Zones whose clocks change at midnight (Damascus, Beirut, Havana, Santiago, Asuncion), skip a
// whole day (Apia, 2011) or move by half an hour (Lord Howe), and plain UTC.
const ZONES = [
  "Asia/Damascus",
  "Asia/Beirut",
  "America/Havana",
  "America/Santiago",
  "America/Asuncion",
  "Pacific/Apia",
  "Australia/Lord_Howe",
  "UTC",
];

describe("the bounds of a day in a zone", () => {
  it("starts each day where luxon starts it and ends it just before the next one starts", () => {
    for (const zone of ZONES) {
      const dates = datesFrom("2010-01-01", 4 * 366);
      for (const [i, date] of dates.slice(0, -1).entries()) {
        const next = dates[i + 1]!;
        const start = DateTime.fromISO(date, { zone }).startOf("day").toMillis();
        const nextStart = DateTime.fromISO(next, { zone }).startOf("day").toMillis();
        expect(dayBounds(date, zone), `${date} in ${zone}`).toEqual([start, nextStart - 1]);
      }
    }
  });

  it("leaves no hour in no day where a clock goes back at midnight", () => {
    // Havana, 2012-11-04: at 01:00 summer time the clock went back to 00:00.
    const [, endOfThird] = dayBounds("2012-11-03", "America/Havana")!;
    const [startOfFourth] = dayBounds("2012-11-04", "America/Havana")!;
    expect(startOfFourth - endOfThird).toBe(1);
  });

  it("has no bounds for a day that does not exist, and reads dates and times as instants", () => {
    expect(dayBounds("2024-02-30", "UTC")).toBeUndefined();
    expect(startOfDay("2024-02-30", "UTC")).toBeNaN();
    expect(toInstant("2024-11-29", "Asia/Damascus")).toEqual({
      at: Date.parse("2024-11-29T00:00:00+03:00"),
      dateOnly: true,
    });
    expect(toInstant("2024-11-29T10:00:00+03:00", "Asia/Damascus")).toEqual({
      at: Date.parse("2024-11-29T07:00:00Z"),
      dateOnly: false,
    });
  });
});
