// Local days and times from the zone clock against Intl formatting each instant on its own (what
// answers did before), across zones with daylight saving, odd offsets and changes of offset.
import { describe, expect, it } from "vitest";
import { localDay, localTime } from "../../src/answer/zone-clock.ts";

const ZONES = [
  "UTC",
  "Asia/Damascus", // +02/+03 with daylight saving until 2022, then +03 all year
  "Europe/London",
  "America/St_Johns", // -03:30 / -02:30
  "Asia/Kathmandu", // +05:45 (from +05:30 in 1986)
  "Australia/Lord_Howe", // daylight saving of half an hour
  "Pacific/Apia", // daylight saving until 2021
  "America/Sao_Paulo", // daylight saving changed at midnight
];

const formats = new Map<string, Intl.DateTimeFormat>();
function formatOf(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = formats.get(key);
  if (format === undefined) {
    format = make();
    formats.set(key, format);
  }
  return format;
}

function expected(at: number, zone: string) {
  const format = formatOf(
    `parts|${zone}`,
    () =>
      new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        day: "numeric",
        month: "short",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      }),
  );
  const part: Record<string, string> = {};
  for (const { type, value } of format.formatToParts(at)) part[type] = value;
  return { day: `${part.day} ${part.month} ${part.year}`, time: `${part.hour}:${part.minute}` };
}

function actual(at: number, zone: string) {
  const d = localDay(at, zone);
  return { day: `${d.day} ${d.month} ${d.year}`, time: localTime(at, zone) };
}

/** The zone's offset at an instant, in minutes, as Intl reads it. */
function offsetOf(at: number, zone: string): number {
  const format = formatOf(
    `offset|${zone}`,
    () =>
      new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        hourCycle: "h23",
      }),
  );
  const p: Record<string, number> = {};
  for (const { type, value } of format.formatToParts(at)) p[type] = Number(value);
  const local = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!);
  return Math.round((local - Math.floor(at / 60_000) * 60_000) / 60_000);
}

/** A small deterministic generator, so a failure names the same instants again. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

describe("the zone clock", () => {
  it("gives the day and time Intl gives, for instants spread over fifty years", () => {
    const next = random(7);
    const from = Date.UTC(1980, 0, 1);
    const to = Date.UTC(2030, 0, 1);
    for (const zone of ZONES) {
      for (let i = 0; i < 3_000; i++) {
        const at = Math.floor(from + next() * (to - from));
        expect(actual(at, zone), `${zone} at ${new Date(at).toISOString()}`).toEqual(
          expected(at, zone),
        );
      }
    }
  });

  it("gives the day and time Intl gives around every change of offset, minute by minute", () => {
    for (const zone of ZONES) {
      // Every change of offset from 2018 to 2026: neighbouring hours whose offsets differ.
      let previous = offsetOf(Date.UTC(2018, 0, 1), zone);
      let changes = 0;
      for (let at = Date.UTC(2018, 0, 1); at < Date.UTC(2026, 0, 1); at += 3_600_000) {
        const offset = offsetOf(at, zone);
        if (offset === previous) continue;
        previous = offset;
        changes++;
        for (let t = at - 3_600_000; t <= at + 3_600_000; t += 60_000) {
          expect(actual(t, zone), `${zone} at ${new Date(t).toISOString()}`).toEqual(
            expected(t, zone),
          );
        }
      }
      if (zone === "Europe/London") expect(changes).toBe(16);
    }
  });

  it("refuses an unknown zone as Intl does", () => {
    expect(() => localDay(0, "Mars/Olympus_Mons")).toThrow(RangeError);
  });
});
