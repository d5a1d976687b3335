// The questions the commands ask of a brief, all "as of" a time T (epoch ms): which claims are
// current (corrections applied), each source's newest control picture and the verdict it adds
// up to, each source's newest figures, claims in a window, source activity and stale places.
// Every query goes through an index (see query-index.ts); none scans all claims.
import {
  briefTimes,
  type ClaimGroup,
  type ControlClaimOf,
  groupPositions,
  type Line,
  lowerBound,
  lowerBoundAt,
  perBrief,
  placeIndex,
  placesWithControl,
  placeTree,
  rootPlaces,
  seriesKey,
  settledAt,
  type TollClaimOf,
  timesOf,
  upperBound,
  upperBoundAt,
  withdrawals,
} from "./query-index.ts";
import type { Metric } from "./schema.ts";
import type { Brief, StoredClaim } from "./types.ts";

export type { ClaimGroup, ControlClaimOf, TollClaimOf } from "./query-index.ts";
export { placeTree, rootPlaces } from "./query-index.ts";

const sourceTimeCache = perBrief(() => new Map<string, Float64Array>());

/** The `at` times of a source's claims, in order: counts as of T are a binary search. */
export function sourceTimes(brief: Brief, sourceId: string): Float64Array {
  const bySource = sourceTimeCache(brief);
  let times = bySource.get(sourceId);
  if (times === undefined) {
    times = timesOf(brief.claimsBySource.get(sourceId) ?? []);
    bySource.set(sourceId, times);
  }
  return times;
}

const HOUR = 3_600_000;

/** How a claim has been corrected by T, if it has. */
export type Correction =
  | { readonly kind: "superseded"; readonly by: StoredClaim }
  | { readonly kind: "withdrawn"; readonly at: number; readonly note?: string };

export function correctionOf(claim: StoredClaim, t: number): Correction | undefined {
  const by = claim.supersededBy?.[0];
  const superseded = by !== undefined && by.at <= t ? by : undefined;
  const withdrawn = claim.withdrawnAt !== undefined && claim.withdrawnAt <= t;
  if (withdrawn && (superseded === undefined || claim.withdrawnAt! <= superseded.at)) {
    const note = claim.withdrawn?.note;
    return note === undefined
      ? { kind: "withdrawn", at: claim.withdrawnAt! }
      : { kind: "withdrawn", at: claim.withdrawnAt!, note };
  }
  return superseded === undefined ? undefined : { kind: "superseded", by: superseded };
}

/** Reported by T, and neither superseded nor withdrawn by T. */
export function isCurrent(claim: StoredClaim, t: number): boolean {
  if (claim.at > t) return false;
  if (claim.withdrawnAt !== undefined && claim.withdrawnAt <= t) return false;
  const by = claim.supersededBy?.[0];
  return by === undefined || by.at > t;
}

/** The brief's stale_after_hours in ms. */
export function staleAfterMs(brief: Brief): number {
  return brief.meta.stale_after_hours * HOUR;
}

/** A claim made at `at` is stale as of T when it is older than the brief's stale_after_hours. */
export function isStale(brief: Brief, at: number, t: number): boolean {
  return t - at > staleAfterMs(brief);
}

/** Where the claims reported in [since, until) start and end in the brief's sorted claims. */
export function windowBounds(brief: Brief, since: number, until: number): [number, number] {
  const times = briefTimes(brief);
  const start = lowerBound(times, since);
  return [start, Math.max(start, lowerBound(times, until))];
}

/** Claims reported in [since, until), oldest first. */
export function claimsInWindow(brief: Brief, since: number, until: number): readonly StoredClaim[] {
  return brief.claims.slice(...windowBounds(brief, since, until));
}

/**
 * The newest `limit` claims of one group reported in [since, until), newest first, and how many
 * there are. `newest` is the first one's place among the group's claims (groupOrdinal): the
 * others follow it, one less each.
 */
export function groupInWindow(
  brief: Brief,
  group: ClaimGroup,
  since: number,
  until: number,
  limit: number,
): { readonly claims: readonly StoredClaim[]; readonly total: number; readonly newest: number } {
  const [start, end] = windowBounds(brief, since, until);
  const positions = groupPositions(brief).get(group)!;
  const first = lowerBound(positions, start);
  const last = lowerBound(positions, end);
  const claims: StoredClaim[] = [];
  for (let i = last - 1; i >= first && claims.length < limit; i--) {
    claims.push(brief.claims[positions[i]!]!);
  }
  return { claims, total: last - first, newest: last - 1 };
}

/**
 * Whether one claim comes before another in the brief's claims: the older first, and claims of
 * one time (a day's date-only reports: a busy day has a thousand control claims of one time) in
 * load order, their files' order then their place in the file. So a claim is found among any
 * list of the brief's claims in its order by halving, never by walking the claims of its time.
 */
export const claimComesBefore = perBrief((brief) => {
  const ranks = new Map<string, number>(brief.claimFiles.map((file, i) => [file, i]));
  return (a: StoredClaim, b: StoredClaim): boolean => {
    if (a.at !== b.at) return a.at < b.at;
    const rankA = ranks.get(a.file) ?? -1;
    const rankB = ranks.get(b.file) ?? -1;
    return rankA < rankB || (rankA === rankB && a.index < b.index);
  };
});

/**
 * A claim's place among its group's claims, oldest first (what per-claim figures kept in typed
 * arrays are indexed by), or -1 when it is not one of them.
 */
export function groupOrdinal(brief: Brief, group: ClaimGroup, claim: StoredClaim): number {
  const positions = groupPositions(brief).get(group)!;
  const before = claimComesBefore(brief);
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(brief.claims[positions[mid]!]!, claim)) lo = mid + 1;
    else hi = mid;
  }
  return lo < positions.length && brief.claims[positions[lo]!] === claim ? lo : -1;
}

/** Claims withdrawn in [since, until), newest withdrawal first. */
export function withdrawnInWindow(
  brief: Brief,
  since: number,
  until: number,
): readonly StoredClaim[] {
  const { claims, ats } = withdrawals(brief);
  return claims.slice(lowerBound(ats, since), lowerBound(ats, until)).reverse();
}

/** The newest `limit` current claims of a timeline, as of T, newest first. */
function newestCurrent<C extends StoredClaim>(line: Line<C>, t: number, limit: number): C[] {
  const found: C[] = [];
  for (let i = upperBoundAt(line, t) - 1; i >= 0 && found.length < limit; i--) {
    const claim = line[i]!;
    if (isCurrent(claim, t)) found.push(claim);
  }
  return found;
}

/** Answers kept per brief for past states (see stateAt), the least recently used dropped first. */
const PAST_STATES_KEPT = 512;

/**
 * What is known as of T: how many claims were reported and how many withdrawals made by T. Which
 * claims are current (reported, not withdrawn, not yet superseded) depends on T only through
 * these two counts, so every T with the same state has the same current claims.
 */
export function stateAt(brief: Brief, t: number): string {
  return `${upperBound(briefTimes(brief), t)}|${upperBound(withdrawals(brief).ats, t)}`;
}

/**
 * A per-brief, per-key cache of values that depend on T only through which claims are current as
 * of T (not on T itself: no ages, nothing marked stale). As of any time after the brief settled
 * (see settledAt), "as of now" and most questions, a value is kept until the brief is reloaded;
 * as of a past time it is kept by state (stateAt), the 512 most recently used per brief, so a
 * past day asked again, or any time between the same two claims, is not worked out again.
 */
export function latestCache<V>(): (brief: Brief, key: string, t: number, make: () => V) => V {
  const settled = new WeakMap<Brief, Map<string, V>>();
  const past = new WeakMap<Brief, Map<string, V>>();
  const mapOf = (caches: WeakMap<Brief, Map<string, V>>, brief: Brief): Map<string, V> => {
    let cache = caches.get(brief);
    if (cache === undefined) {
      cache = new Map();
      caches.set(brief, cache);
    }
    return cache;
  };
  return (brief, key, t, make) => {
    if (t >= settledAt(brief)) {
      const cache = mapOf(settled, brief);
      let value = cache.get(key);
      if (value === undefined) {
        value = make();
        cache.set(key, value);
      }
      return value;
    }
    const cache = mapOf(past, brief);
    const pastKey = `${stateAt(brief, t)}|${key}`;
    let value = cache.get(pastKey);
    if (value === undefined) value = make();
    // Deleted and set again: a Map keeps insertion order, so the first key is the least recent.
    else cache.delete(pastKey);
    cache.set(pastKey, value);
    if (cache.size > PAST_STATES_KEPT) cache.delete(cache.keys().next().value!);
    return value;
  };
}

/** Past states are dropped down to this share of the budget at once, not one at a time. */
const EVICT_TO = 0.8;

/**
 * The least recently used values dropped until the weight is `target`, with one walk from the
 * oldest: starting a new walk per value (Map.entries().next()) skips every key deleted before
 * it, so dropping one at a time was quadratic over a region's thousands of places.
 */
function dropOldest<V>(
  cache: { values: Map<string, V>; weight: number },
  weigh: (value: V) => number,
  target: number,
): void {
  for (const [key, value] of cache.values) {
    if (cache.weight <= target || cache.values.size <= 1) return;
    cache.values.delete(key);
    cache.weight -= weigh(value);
  }
}

/**
 * A per-brief cache of values about one place that depend on T only through which of the
 * place's claims of one kind are current (not on T itself): it changes only at the place's
 * events (PlaceIndex.controlEvents, tollEvents), so a value is kept by how many of them happened
 * by T. As of a time after all of them, until the brief is reloaded; before, the most recently
 * used, dropped oldest first once their weight (`weigh`: a value's size) passes `budget`. A
 * region-wide question as of a past day thus reuses every place that has not changed since a
 * time already asked about.
 */
export function placeStateCache<V>(
  kind: "control" | "toll",
  weigh: (value: V) => number,
  budget: number,
): (brief: Brief, placeId: string, key: string, t: number, make: () => V) => V {
  const settled = new WeakMap<Brief, Map<string, V>>();
  const past = new WeakMap<Brief, { values: Map<string, V>; weight: number }>();
  return (brief, placeId, key, t, make) => {
    const index = placeIndex(brief, placeId);
    const events = kind === "control" ? index.controlEvents : index.tollEvents;
    const state = upperBound(events, t);
    if (state === events.length) {
      let cache = settled.get(brief);
      if (cache === undefined) {
        cache = new Map();
        settled.set(brief, cache);
      }
      const settledKey = `${placeId}|${key}`;
      let value = cache.get(settledKey);
      if (value === undefined) {
        value = make();
        cache.set(settledKey, value);
      }
      return value;
    }
    let cache = past.get(brief);
    if (cache === undefined) {
      cache = { values: new Map(), weight: 0 };
      past.set(brief, cache);
    }
    const pastKey = `${placeId}|${state}|${key}`;
    let value = cache.values.get(pastKey);
    if (value === undefined) {
      value = make();
      cache.weight += weigh(value);
    } else cache.values.delete(pastKey);
    // Deleted and set again: a Map keeps insertion order, so the first key is the least recent.
    cache.values.set(pastKey, value);
    if (cache.weight > budget) dropOldest(cache, weigh, budget * EVICT_TO);
    return value;
  };
}

// ---- control -------------------------------------------------------------------------------
// Who controls a place: see verdict.ts (placeVerdict, placeHistory, actorPlaces).

// ---- tolls ---------------------------------------------------------------------------------

/** One source's figures for one comparable series: the newest, then earlier ones. */
export interface TollSeries {
  readonly key: string;
  readonly newest: TollClaimOf;
  /** Earlier current figures of the same series, newest first (at most `trend`). */
  readonly earlier: readonly TollClaimOf[];
}

export interface TollQuery {
  readonly metric?: Metric;
  /** How many earlier figures to return per series (default 2). */
  readonly trend?: number;
}

const GRADES = "ABCDEF";
/** Series kept for past states of places: about 100 bytes each. */
const PAST_SERIES_KEPT = 400_000;
const latestSeries = placeStateCache<readonly TollSeries[]>(
  "toll",
  (series) => series.length + 1,
  PAST_SERIES_KEPT,
);

/** One place's series as of T: the most trusted source first, then the newest figure. */
function placeSeries(
  brief: Brief,
  placeId: string,
  t: number,
  metric: Metric | undefined,
  trend: number,
): readonly TollSeries[] {
  return latestSeries(brief, placeId, `${metric ?? ""}|${trend}`, t, () => {
    const series: TollSeries[] = [];
    for (const [m, byKey] of placeIndex(brief, placeId).tolls) {
      if (metric !== undefined && m !== metric) continue;
      for (const [key, line] of byKey) {
        const [newest, ...earlier] = newestCurrent(line, t, trend + 1);
        if (newest !== undefined) series.push({ key, newest, earlier });
      }
    }
    // Grades looked up once per source, not twice per comparison: a busy place has thousands of
    // series, and the region's toll sorts every place's.
    const grades = new Map<string, number>();
    const grade = (s: TollSeries): number => {
      let g = grades.get(s.newest.source);
      if (g === undefined) {
        g = GRADES.indexOf(brief.sources.get(s.newest.source)?.reliability ?? "F");
        grades.set(s.newest.source, g);
      }
      return g;
    };
    return series.sort((a, b) => grade(a) - grade(b) || b.newest.at - a.newest.at);
  });
}

/**
 * Each source's newest figure per series for the given places, as of T: in the order of
 * `placeIds`, and within a place the most trusted source first, then the newest figure.
 */
export function tollSeries(
  brief: Brief,
  placeIds: readonly string[],
  t: number,
  query: TollQuery = {},
): TollSeries[] {
  const series: TollSeries[] = [];
  for (const placeId of placeIds) {
    for (const s of placeSeries(brief, placeId, t, query.metric, query.trend ?? 2)) series.push(s);
  }
  return series;
}

/** The same source's figure for the same series just before this one, current as of T. */
export function previousToll(brief: Brief, claim: TollClaimOf, t: number): TollClaimOf | undefined {
  const line = placeIndex(brief, claim.place).tolls.get(claim.metric)?.get(seriesKey(claim));
  if (line === undefined) return undefined;
  for (let i = lowerBoundAt(line, claim.at) - 1; i >= 0; i--) {
    if (isCurrent(line[i]!, t)) return line[i];
  }
  return undefined;
}

/** Toll figures for a place tree, or for the whole brief when no place is given. */
export function tollPlaces(brief: Brief, placeId: string | undefined): readonly string[] {
  if (placeId !== undefined) return placeTree(brief, placeId);
  return rootPlaces(brief).flatMap((root) => placeTree(brief, root));
}

// ---- sources -------------------------------------------------------------------------------

export interface SourceActivity {
  /** Claims the source reported by T (corrected ones included: it did report them). */
  readonly count: number;
  /** Its newest claim reported by T. */
  readonly last?: StoredClaim;
}

export function sourceActivity(brief: Brief, sourceId: string, t: number): SourceActivity {
  const list = brief.claimsBySource.get(sourceId) ?? [];
  const count = upperBound(sourceTimes(brief, sourceId), t);
  const last = list[count - 1];
  return last === undefined ? { count } : { count, last };
}

/** The source's newest claims reported by T, newest first, and how many it made in all. */
export function newestClaimsOf(
  brief: Brief,
  sourceId: string,
  t: number,
  limit: number,
): { readonly claims: readonly StoredClaim[]; readonly total: number } {
  const list = brief.claimsBySource.get(sourceId) ?? [];
  const total = upperBound(sourceTimes(brief, sourceId), t);
  return { claims: list.slice(Math.max(0, total - limit), total).reverse(), total };
}

// ---- staleness -----------------------------------------------------------------------------

export interface StalePlace {
  readonly place: string;
  /** The newest current control claim on it, as of T. */
  readonly newest: ControlClaimOf;
}

const latestNewest = latestCache<readonly StalePlace[]>();

/**
 * The place's newest current control claim as of T, from any source: of the claims made at that
 * time, the newest of the source that first reported on the place (as the place's index lists
 * its sources), so that the same brief always names the same one.
 */
function newestControlOf(brief: Brief, place: string, t: number): ControlClaimOf | undefined {
  const index = placeIndex(brief, place);
  const { claims, ats } = index.controlAll;
  let i = upperBound(ats, t) - 1;
  while (i >= 0 && !isCurrent(claims[i]!, t)) i--;
  if (i < 0) return undefined;
  const newest = claims[i]!;
  // Others made at the same time: the first source in the index's order wins.
  const tied = new Map<string, ControlClaimOf>([[newest.source, newest]]);
  for (i--; i >= 0 && ats[i] === newest.at; i--) {
    const claim = claims[i]!;
    if (!tied.has(claim.source) && isCurrent(claim, t)) tied.set(claim.source, claim);
  }
  if (tied.size === 1) return newest;
  for (const source of index.control.keys()) {
    const claim = tied.get(source);
    if (claim !== undefined) return claim;
  }
  return newest;
}

/** Each place's newest current control claim as of T, newest first. */
function newestControl(brief: Brief, t: number): readonly StalePlace[] {
  return latestNewest(brief, "", t, () => {
    const found: StalePlace[] = [];
    for (const place of placesWithControl(brief)) {
      const newest = newestControlOf(brief, place, t);
      if (newest !== undefined) found.push({ place, newest });
    }
    return found.sort(byNewestThenPlace);
  });
}

/** Newest first; claims reported at the same instant in place id order, so output is stable. */
function byNewestThenPlace(a: StalePlace, b: StalePlace): number {
  return b.newest.at - a.newest.at || (a.place < b.place ? -1 : a.place > b.place ? 1 : 0);
}

/**
 * Places that went stale between `since` and T: their newest control claim as of T is older than
 * stale_after_hours, and was not yet at `since`. Such a claim was reported in
 * [since - stale, T - stale), so only the places of the control claims reported then are checked,
 * not every place: a past day's digest at a million claims stays fast.
 */
export function placesGoneStale(brief: Brief, since: number, t: number): readonly StalePlace[] {
  const staleMs = staleAfterMs(brief);
  if (t >= settledAt(brief)) {
    // As of now, every place's newest claim is already cached: filtering it is cheaper.
    return newestControl(brief, t).filter(
      (p) => p.newest.at >= since - staleMs && isStale(brief, p.newest.at, t),
    );
  }
  // A past period (a day's digest) depends on since and T alone: kept when asked again.
  const kept = goneStaleKept(brief);
  const key = `${since}|${t}`;
  let found = kept.get(key);
  if (found === undefined) {
    found = goneStaleAt(brief, since, t);
    if (kept.size >= GONE_STALE_KEPT) kept.delete(kept.keys().next().value!);
    kept.set(key, found);
  }
  return found;
}

/** placesGoneStale's answers for past periods kept per brief, the oldest dropped first. */
const GONE_STALE_KEPT = 64;
const goneStaleKept = perBrief(() => new Map<string, readonly StalePlace[]>());

function goneStaleAt(brief: Brief, since: number, t: number): readonly StalePlace[] {
  const staleMs = staleAfterMs(brief);
  const [start, end] = windowBounds(brief, since - staleMs, t - staleMs);
  const candidates = new Set<string>();
  for (let i = start; i < end; i++) {
    const claim = brief.claims[i]!;
    if (claim.type === "control") candidates.add(claim.place);
  }
  const found: StalePlace[] = [];
  for (const place of candidates) {
    const newest = newestControlOf(brief, place, t);
    if (newest !== undefined && isStale(brief, newest.at, t) && newest.at + staleMs >= since) {
      found.push({ place, newest });
    }
  }
  return found.sort(byNewestThenPlace);
}

/** Places whose newest control claim is older than stale_after_hours as of T, stalest last. */
export function stalePlaces(brief: Brief, t: number): StalePlace[] {
  return newestControl(brief, t).filter((p) => isStale(brief, p.newest.at, t));
}
