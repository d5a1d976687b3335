import { describe, expect, it } from "vitest";
import {
  canonicalTimeZone,
  dueAt,
  nextDue,
  parseLocalTime,
  passedDays,
} from "../../src/schedule/due.ts";

const BERLIN = { time: "02:30", timezone: "Europe/Berlin" };
const HOUR = 3_600_000;

describe("parseLocalTime", () => {
  it("reads H:MM and HH:MM and pads the hour", () => {
    expect(parseLocalTime("7:05")).toBe("07:05");
    expect(parseLocalTime("23:59")).toBe("23:59");
  });
  it("refuses times that are not a time of day", () => {
    for (const bad of ["24:00", "7:60", "0730", "7", "noon", ""])
      expect(parseLocalTime(bad)).toBeUndefined();
  });
});

describe("canonicalTimeZone", () => {
  it("returns the canonical IANA name for any capitalisation", () => {
    expect(canonicalTimeZone("europe/berlin")).toBe("Europe/Berlin");
  });
  it("returns undefined for an unknown zone", () => {
    expect(canonicalTimeZone("Mars/Olympus")).toBeUndefined();
  });
});

describe("dueAt", () => {
  it("moves a time in the spring-forward gap forward by the gap", () => {
    expect(new Date(dueAt(BERLIN, "2026-03-29")).toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });
  it("gives one instant for a time that happens twice on a fall-back day", () => {
    const at = dueAt(BERLIN, "2026-10-25");
    expect(["2026-10-25T00:30:00.000Z", "2026-10-25T01:30:00.000Z"]).toContain(
      new Date(at).toISOString(),
    );
  });
  it("reads the time in the subscription's zone", () => {
    expect(
      new Date(dueAt({ time: "07:00", timezone: "Asia/Damascus" }, "2024-11-30")).toISOString(),
    ).toBe("2024-11-30T04:00:00.000Z");
  });
});

describe("passedDays", () => {
  const schedule = { time: "07:00", timezone: "UTC" };
  it("lists today once its time has passed, with the days the catch-up window reaches", () => {
    const now = Date.parse("2026-01-10T07:00:30Z");
    expect(passedDays(schedule, now, 6 * HOUR, 0).map((d) => d.localDate)).toEqual([
      "2026-01-08",
      "2026-01-09",
      "2026-01-10",
    ]);
  });
  it("leaves out days before the subscription was last changed", () => {
    const now = Date.parse("2026-01-10T08:00:00Z");
    expect(passedDays(schedule, now, 6 * HOUR, Date.parse("2026-01-10T07:30:00Z"))).toEqual([]);
  });
});

describe("nextDue", () => {
  const schedule = { time: "07:00", timezone: "UTC" };
  it("is tomorrow once today's post is in the ledger", () => {
    const now = Date.parse("2026-01-10T08:00:00Z");
    const next = nextDue(schedule, now, 6 * HOUR, 0, (d) => d === "2026-01-10");
    expect(next.localDate).toBe("2026-01-11");
  });
  it("is today, already due, when a post inside the catch-up window has not gone out", () => {
    const now = Date.parse("2026-01-10T08:00:00Z");
    const next = nextDue(schedule, now, 6 * HOUR, 0, () => false);
    expect(next).toEqual({ localDate: "2026-01-10", dueAt: Date.parse("2026-01-10T07:00:00Z") });
  });
});
