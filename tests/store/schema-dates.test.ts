import { describe, expect, it } from "vitest";
import { isIsoDate, isIsoDateTime } from "../../src/store/schema.ts";

// The checks as they were written first (regular expressions and a Date): the hand-written ones
// that replaced them for speed must accept exactly the same strings.
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function isRealDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function referenceDate(value: string): boolean {
  const m = DATE.exec(value);
  return m !== null && isRealDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

function referenceDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (m === null || !isRealDay(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  const second = m[7] === undefined ? 0 : Number(m[7]);
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || second > 59) return false;
  const offset = m[9];
  if (offset !== undefined && offset !== "Z") {
    if (Number(offset.slice(1, 3)) > 14 || Number(offset.slice(4, 6)) > 59) return false;
  }
  return true;
}

/** A small deterministic generator (no Math.random: a failure must repeat). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

const SEEDS = [
  "2024-11-29",
  "2024-02-29",
  "2023-02-29",
  "1900-02-29",
  "2000-02-29",
  "0000-02-29",
  "0004-02-29",
  "2024-04-31",
  "2024-12-31",
  "2024-13-01",
  "2024-00-10",
  "2024-11-00",
  "2024-11-29T14:30:00+02:00",
  "2024-11-29T12:30:00Z",
  "2024-11-29T12:30Z",
  "2024-11-29T23:59:59.123456789-14:59",
  "2024-11-29T23:59:59.1234567890Z",
  "2024-11-29T24:00:00Z",
  "2024-11-29T12:60:00Z",
  "2024-11-29T12:30:60Z",
  "2024-11-29T12:30:00+15:00",
  "2024-11-29T12:30:00+02:60",
  "2024-11-29T12:30:00.Z",
  "2024-11-29T12:30:00",
  "2024-11-29 12:30:00Z",
  "2024-11-29T12:30:00+0200",
  "",
  "2024-1-29",
  "２０２４-11-29",
];
const ALPHABET = "0123456789-T:.Z+ ";

/** Each seed, and many copies of each with one to three characters changed, cut or added. */
function candidates(): string[] {
  const next = random(7);
  const out = [...SEEDS];
  for (const seed of SEEDS) {
    for (let n = 0; n < 400; n++) {
      let value = seed;
      const edits = 1 + Math.floor(next() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(next() * (value.length + 1));
        const char = ALPHABET[Math.floor(next() * ALPHABET.length)]!;
        const what = next();
        if (what < 0.5) value = value.slice(0, at) + char + value.slice(at + 1);
        else if (what < 0.75) value = value.slice(0, at) + value.slice(at + 1);
        else value = value.slice(0, at) + char + value.slice(at);
      }
      out.push(value);
    }
  }
  return out;
}

describe("date checks", () => {
  it("accept exactly what the regular expressions and Date accepted", () => {
    const values = candidates();
    const dates = values.filter((v) => isIsoDate(v) !== referenceDate(v));
    const times = values.filter((v) => isIsoDateTime(v) !== referenceDateTime(v));
    expect(dates).toEqual([]);
    expect(times).toEqual([]);
    // The mutations reach both sides of each check.
    expect(values.filter(referenceDate).length).toBeGreaterThan(50);
    expect(values.filter(referenceDateTime).length).toBeGreaterThan(50);
  });

  it("accept every day of a leap year and of a common one, and no day after a month's end", () => {
    for (const year of ["2024", "2023", "2100", "0099", "0100"]) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= 32; day++) {
          const value = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
          expect(isIsoDate(value), value).toBe(referenceDate(value));
          expect(isIsoDateTime(`${value}T00:00Z`), value).toBe(
            referenceDateTime(`${value}T00:00Z`),
          );
        }
      }
    }
  });
});
