// The questions the benchmark asks, drawn from the brief itself so they scale with it: places
// that are reported on a lot and hardly at all, names several places share, transliterated
// aliases, misspellings that only get suggestions, names that match nothing, answers as of a past
// date, /toll with and without a place and a metric, /sources with and without a name, and
// /sitrep for single days. The same brief always gives the same questions.
import { DateTime } from "luxon";
import { METRICS } from "../src/store/schema.ts";
import type { Brief } from "../src/store/types.ts";

export interface Question {
  /** Without the slash: `who-controls`. */
  readonly command: string;
  readonly text: string;
  /** What kind of question this is, for reading the results. */
  readonly kind: string;
}

/** The time the questions are asked: a few hours after the newest claim. */
export function askedAt(brief: Brief): number {
  const newest = brief.claims[brief.claims.length - 1];
  return (newest?.at ?? Date.parse("2024-12-01T00:00:00Z")) + 6 * 3_600_000;
}

/** Drops one letter from the middle and doubles the last one: close, but no place's name. */
function misspell(name: string): string {
  const middle = Math.floor(name.length / 2);
  return `${name.slice(0, middle)}${name.slice(middle + 1)}${name.slice(-1)}`;
}

/** The date (YYYY-MM-DD) of the claims file with the most claims: the busiest day. */
export function busiestDay(brief: Brief): { day: string; claims: number } {
  const counts = new Map<string, number>();
  for (const claim of brief.claims) counts.set(claim.file, (counts.get(claim.file) ?? 0) + 1);
  let best = { day: "", claims: -1 };
  for (const [file, claims] of counts) {
    const day = /(\d{4}-\d{2}-\d{2})\.yaml$/.exec(file)?.[1];
    if (day !== undefined && claims > best.claims) best = { day, claims };
  }
  return best;
}

/** Start and end (epoch ms) of a calendar day in the brief's time zone. */
export function dayBounds(brief: Brief, day: string): { since: number; until: number } {
  const start = DateTime.fromISO(day, { zone: brief.meta.timezone }).startOf("day");
  return { since: start.toMillis(), until: start.plus({ days: 1 }).toMillis() };
}

export function buildQuestions(brief: Brief): Question[] {
  const byCount = [...brief.places.values()]
    .map((place) => ({ place, claims: brief.claimsByPlace.get(place.id)?.length ?? 0 }))
    .sort((a, b) => b.claims - a.claims || (a.place.id < b.place.id ? -1 : 1));
  const common = byCount.slice(0, 8).map((p) => p.place);
  // The least reported places that have any claim (in a big brief every place has several).
  const rare = byCount
    .filter((p) => p.claims > 0)
    .slice(-8)
    .map((p) => p.place);
  const nameCounts = new Map<string, number>();
  for (const place of brief.places.values()) {
    const key = place.name.toLowerCase();
    nameCounts.set(key, (nameCounts.get(key) ?? 0) + 1);
  }
  const shared = [...brief.places.values()].filter(
    (p) => (nameCounts.get(p.name.toLowerCase()) ?? 0) > 1,
  );
  const ambiguous = [...new Set(shared.map((p) => p.name))].slice(0, 4);
  const aliases = common.flatMap((p) => p.aliases?.slice(0, 1) ?? []).slice(0, 4);
  const misspelt = [...common.slice(0, 3), ...rare.slice(0, 2)].map((p) => misspell(p.name));
  const unknown = ["Atlantis", "Qwertyuiop"];
  const now = askedAt(brief);
  const zone = brief.meta.timezone;
  const first = brief.claims[0]?.at ?? now;
  const past = [0.25, 0.5, 0.9].map(
    (f) => DateTime.fromMillis(first + (now - first) * f, { zone }).toISODate()!,
  );

  const questions: Question[] = [];
  const ask = (command: string, text: string, kind: string): void => {
    questions.push({ command, text, kind });
  };
  const named = [
    ...common.map((p) => [p.name, "common place"] as const),
    ...rare.map((p) => [p.name, "rare place"] as const),
    ...ambiguous.map((name) => [name, "ambiguous name"] as const),
    ...aliases.map((name) => [name, "alias"] as const),
    ...misspelt.map((name) => [name, "misspelt name"] as const),
    ...unknown.map((name) => [name, "unknown name"] as const),
  ];

  const inThePast = common.slice(0, 4).map((p, i) => `${p.name} at:${past[i % past.length]}`);
  for (const [name, kind] of named) ask("who-controls", name, kind);
  for (const text of inThePast) ask("who-controls", text, "at in the past");

  ask("toll", "", "region, no place");
  for (const metric of METRICS) ask("toll", metric, "region, one metric");
  for (const [name, kind] of named) ask("toll", name, kind);
  for (const [i, p] of common.entries()) {
    ask("toll", `${p.name} ${METRICS[i % METRICS.length]}`, "place and metric");
  }
  for (const text of inThePast) ask("toll", text, "at in the past");

  const sourcesByCount = [...brief.sources.values()].sort(
    (a, b) =>
      (brief.claimsBySource.get(b.id)?.length ?? 0) - (brief.claimsBySource.get(a.id)?.length ?? 0),
  );
  ask("sources", "", "all sources");
  ask("sources", `at:${past[1]}`, "at in the past");
  for (const source of sourcesByCount.slice(0, 6)) ask("sources", source.name, "source by name");
  for (const source of sourcesByCount.slice(-3)) ask("sources", source.name, "quiet source");
  for (const source of sourcesByCount.slice(0, 4)) {
    const alias = source.aliases?.[0];
    if (alias !== undefined) ask("sources", alias, "source by abbreviation");
  }
  ask("sources", misspell(sourcesByCount[0]?.name ?? "Observatory"), "misspelt name");
  ask("sources", "Nonexistent Bureau", "unknown name");

  ask("sitrep", "", "last 24 hours");
  ask("sitrep", "3d", "last 3 days");
  const busiest = busiestDay(brief).day;
  const days = [busiest, ...past].filter((d) => d !== "");
  for (const day of days) ask("sitrep", `${day} at:${day}`, "one day");
  return questions;
}
