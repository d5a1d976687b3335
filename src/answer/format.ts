// How dates, ages, counts, periods and names read in answers. Every command formats through
// here so that "29 Nov 2024, 14:30", "2 days ago" and "more than 255" look the same everywhere.
import type { Actor, Count, Place, Qualifier, Source } from "../store/schema.ts";
import { toInstant } from "../store/time.ts";
import type { Brief } from "../store/types.ts";
import { localDay, localTime } from "./zone-clock.ts";

// en-US: en-GB spells September "Sept", which reads oddly next to the other three-letter months.
const LOCALE = "en-US";
const NUMBER = new Intl.NumberFormat(LOCALE);
const RELATIVE = new Intl.RelativeTimeFormat(LOCALE, { numeric: "always" });
/** "3 days ago" by unit and count: Intl words each once (every fact of an answer has an age). */
const AGES = new Map<string, string>();

function ago(count: number, unit: "minute" | "hour" | "day" | "month" | "year"): string {
  const key = `${count}${unit}`;
  let words = AGES.get(key);
  if (words === undefined) {
    words = RELATIVE.format(-count, unit);
    // Few distinct ages exist (under 60 minutes, 24 hours, 31 days, 12 months; then years).
    AGES.set(key, words);
  }
  return words;
}

// Answers format up to hundreds of thousands of instants per question: days and times come from
// zone-clock.ts, which calls Intl once per hour and zone rather than once per instant.
/** "29 Nov 2024" for a plain date, else "29 Nov 2024, 14:30", in the brief's time zone. */
export function formatWhen(at: number, dateOnly: boolean, zone: string): string {
  const p = localDay(at, zone);
  const date = `${p.day} ${p.month} ${p.year}`;
  return dateOnly ? date : `${date}, ${localTime(at, zone)}`;
}

/** "29 Nov": the short day used inside sentences (periods, trends). */
export function formatDay(at: number, zone: string): string {
  const p = localDay(at, zone);
  return `${p.day} ${p.month}`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long before `asOf` (the time the answer is as of, T) an instant was: "just now",
 * "5 hours ago", "2 days ago", "2 years ago". From a day on it counts calendar days, months and
 * years in `zone`, so that 29 and 30 Nov 2024 are both "2 years ago" as of 30 Nov 2026 and an
 * age does not flip between two neighbouring days.
 */
export function formatAge(at: number, asOf: number, zone = "UTC"): string {
  const elapsed = asOf - at;
  if (elapsed < MINUTE) return "just now";
  if (elapsed < HOUR) return ago(Math.floor(elapsed / MINUTE), "minute");
  if (elapsed < DAY) return ago(Math.floor(elapsed / HOUR), "hour");
  const { y: y1, m: m1, d: d1 } = localDay(at, zone);
  const { y: y2, m: m2, d: d2 } = localDay(asOf, zone);
  const months = (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
  if (months >= 12) return ago(Math.floor(months / 12), "year");
  if (months >= 1) return ago(months, "month");
  const days = Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / DAY);
  return ago(Math.max(1, days), "day");
}

/**
 * "30 Nov", or "30 Nov 2024" when T falls in another year: the date of a claim inside a
 * sentence (verdict lines, histories).
 */
export function formatClaimDate(at: number, asOf: number, zone: string): string {
  const p = localDay(at, zone);
  return p.year === localDay(asOf, zone).year
    ? `${p.day} ${p.month}`
    : `${p.day} ${p.month} ${p.year}`;
}

export function formatNumber(value: number): string {
  return NUMBER.format(value);
}

const QUALIFIER_WORDS: Record<Qualifier, string> = {
  exact: "",
  about: "about ",
  "at-least": "at least ",
  "more-than": "more than ",
  "up-to": "up to ",
};

/** "more than 255", "about 7,000", "4–9". */
export function formatCount(count: Count, qualifier: Qualifier = "exact"): string {
  const figure =
    typeof count === "number"
      ? formatNumber(count)
      : count.low === count.high
        ? formatNumber(count.low)
        : `${formatNumber(count.low)}–${formatNumber(count.high)}`;
  return `${QUALIFIER_WORDS[qualifier]}${figure}`;
}

/** One number to compare figures by: a range counts as its middle. */
export function countValue(count: Count): number {
  return typeof count === "number" ? count : (count.low + count.high) / 2;
}

// Periods repeat across figures (a brief has few distinct since/until pairs): each is worded once.
const MEMO_LIMIT = 50_000;
const periodMemo = new Map<string, string | undefined>();

function remember<V>(memo: Map<string, V>, key: string, make: () => V): V {
  let value = memo.get(key);
  if (value === undefined && !memo.has(key)) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    value = make();
    memo.set(key, value);
  }
  return value as V;
}

/** The period a figure counts: "since 27 Nov", "27–29 Nov", "on 29 Nov", "until 29 Nov". */
export function formatPeriod(
  since: string | undefined,
  until: string | undefined,
  zone: string,
): string | undefined {
  if (since === undefined && until === undefined) return undefined;
  return remember(periodMemo, `${zone}|${since}|${until}`, () => {
    const from = since === undefined ? undefined : localDay(toInstant(since, zone).at, zone);
    const to = until === undefined ? undefined : localDay(toInstant(until, zone).at, zone);
    if (to === undefined) return `since ${from!.day} ${from!.month}`;
    if (from === undefined) return `until ${to.day} ${to.month}`;
    const sameMonth = from.month === to.month && from.year === to.year;
    if (sameMonth && from.day === to.day) return `on ${from.day} ${from.month}`;
    if (sameMonth) return `${from.day}–${to.day} ${to.month}`;
    return `${from.day} ${from.month}–${to.day} ${to.month}`;
  });
}

const SHORT_ALIAS = 20;

/**
 * A source's display name: its first short alias ("SOHR", "Syrian army"), else its name. Aliases
 * written in lower case are search spellings ("witnesses"), not names to show.
 */
export function sourceLabel(source: Source | undefined, id: string): string {
  if (source === undefined) return id;
  const short = source.aliases?.find(
    (a) => a.length <= SHORT_ALIAS && a.length < source.name.length && !/^\p{Ll}/u.test(a),
  );
  return short ?? source.name;
}

export function sourceLabelOf(brief: Brief, id: string): string {
  return sourceLabel(brief.sources.get(id), id);
}

/** An actor's display name: `short` ("HTS"), else its name. */
export function actorLabel(actor: Actor | undefined, id: string): string {
  return actor?.short ?? actor?.name ?? id;
}

export function actorLabelOf(brief: Brief, id: string): string {
  return actorLabel(brief.actors.get(id), id);
}

export function placeLabelOf(brief: Brief, id: string): string {
  return brief.places.get(id)?.name ?? id;
}

const AREA_KINDS = new Set(["region", "governorate", "district"]);

/** "Aleppo governorate", "Syria": a place named so that it is not mistaken for a namesake. */
export function placeWithKind(place: Place): string {
  if (!AREA_KINDS.has(place.kind) || place.name.toLowerCase().includes(place.kind)) {
    return place.name;
  }
  return `${place.name} ${place.kind}`;
}

/** "Aleppo (city, in Aleppo governorate)". */
export function describePlace(brief: Brief, place: Place): string {
  const parent = place.in === undefined ? undefined : brief.places.get(place.in);
  const where = parent === undefined ? "" : `, in ${placeWithKind(parent)}`;
  return `${place.name} (${place.kind}${where})`;
}

/** The footer every answer carries: the brief and the time the answer is as of. */
export function formatFooter(brief: Brief, at: number, now: number): string {
  const zone = brief.meta.timezone;
  const when = formatWhen(at, false, zone);
  const asOf = at >= now ? `as of now, ${when}` : `as of ${when}`;
  return `${brief.meta.title} (brief ${brief.id}), ${asOf} (${zone})`;
}

/** "1 claim", "3 claims". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

// en-GB: no serial comma ("A, B and C").
const AND = new Intl.ListFormat("en-GB", { type: "conjunction" });

/** "A", "A and B", "A, B and C". */
export function joinAnd(items: readonly string[]): string {
  return AND.format(items);
}

/** Place names for a list, with the kind where two share a name: "Aleppo (city)". */
export function distinctPlaceNames(places: readonly Place[]): string[] {
  const counts = new Map<string, number>();
  for (const p of places) counts.set(p.name, (counts.get(p.name) ?? 0) + 1);
  return places.map((p) => ((counts.get(p.name) ?? 0) > 1 ? `${p.name} (${p.kind})` : p.name));
}
