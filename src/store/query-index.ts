// Lazily built indexes over a read-only Brief, so that a question touches only the claims it is
// about: per place, control claims by source and toll claims by series, each oldest first (a
// line: a few claims, searched by their own `at`), and all of a place's control claims with their
// `at` times in a Float64Array for binary search; per kind of claim, the positions of its claims
// in the brief's timeline. Cached per brief in WeakMaps (a reload makes a new Brief, and
// the old indexes go with the old brief).
import type { Metric } from "./schema.ts";
import type { Brief, StoredClaim, StoredClaimOf } from "./types.ts";

export type ControlClaimOf = StoredClaimOf<"control">;
export type TollClaimOf = StoredClaimOf<"toll">;

/** Claims oldest first, and their `at` times packed for binary search. */
export interface Timeline<C extends StoredClaim = StoredClaim> {
  readonly claims: readonly C[];
  readonly ats: Float64Array;
}

/** The `at` times of claims, packed (a plain loop: Float64Array.from iterates slowly). */
export function timesOf(claims: readonly StoredClaim[]): Float64Array {
  const ats = new Float64Array(claims.length);
  for (let i = 0; i < claims.length; i++) ats[i] = claims[i]!.at;
  return ats;
}

function timelineOf<C extends StoredClaim>(claims: readonly C[]): Timeline<C> {
  return { claims, ats: timesOf(claims) };
}

/**
 * One source's control claims on a place, or one series' figures, oldest first: a claim or a few
 * (a million claims make half a million lines, most of one claim), so a line is the claims alone,
 * searched by their own `at`, in an array of its exact length.
 */
export type Line<C extends StoredClaim = StoredClaim> = readonly C[];

/** Index of the first claim after t in a line (so [0, i) are at or before t). */
export function upperBoundAt(line: Line, t: number): number {
  // As of now, the common case, every claim is at or before t.
  const n = line.length;
  return n === 0 || line[n - 1]!.at <= t ? n : searchLine(line, t, true);
}

/** Index of the first claim at or after t in a line. */
export function lowerBoundAt(line: Line, t: number): number {
  return searchLine(line, t, false);
}

/** The first index of a line whose claim is after t (`after`) or at or after t (not `after`). */
function searchLine(line: Line, t: number, after: boolean): number {
  let lo = 0;
  let hi = line.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = line[mid]!.at;
    if (after ? at <= t : at < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A line of claims pushed one by one: copied when longer than one (a grown array keeps room). */
function lineOf<C extends StoredClaim>(claims: C[]): Line<C> {
  return claims.length > 1 ? claims.slice() : claims;
}

/** Index of the first time > t in a sorted list of times (so [0, i) are <= t). */
export function upperBound(ats: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = ats.length;
  // Asking "as of now" is the common case: everything is at or before t.
  if (hi === 0 || ats[hi - 1]! <= t) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ats[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first time >= t in a sorted list of times. */
export function lowerBound(ats: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = ats.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ats[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A WeakMap-per-brief cache of one lazily computed value. */
export function perBrief<V>(make: (brief: Brief) => V): (brief: Brief) => V {
  const cache = new WeakMap<Brief, V>();
  return (brief) => {
    let value = cache.get(brief);
    if (value === undefined) {
      value = make(brief);
      cache.set(brief, value);
    }
    return value;
  };
}

/** The `at` times of all the brief's claims, in order. */
export const briefTimes = perBrief((brief) => timesOf(brief.claims));

/**
 * The time after which no answer changes: the newest claim or withdrawal. Questions as of any
 * later time have the same answers, so the queries cache them.
 */
export const settledAt = perBrief((brief) => {
  let settled = brief.claims[brief.claims.length - 1]?.at ?? Number.NEGATIVE_INFINITY;
  for (const claim of brief.claims) {
    if (claim.withdrawnAt !== undefined && claim.withdrawnAt > settled) settled = claim.withdrawnAt;
  }
  return settled;
});

/** The claims that were withdrawn, by when they were withdrawn. */
export const withdrawals = perBrief((brief) => {
  const claims = brief.claims
    .filter((c) => c.withdrawnAt !== undefined)
    .sort((a, b) => a.withdrawnAt! - b.withdrawnAt!);
  return { claims, ats: Float64Array.from(claims, (c) => c.withdrawnAt!) };
});

/** The groups a digest reports claims in. */
export const CLAIM_GROUPS = ["control", "toll", "displacement", "statement", "event"] as const;
export type ClaimGroup = (typeof CLAIM_GROUPS)[number];

export function claimGroupOf(claim: StoredClaim): ClaimGroup {
  if (claim.type === "toll") return claim.metric === "displaced" ? "displacement" : "toll";
  return claim.type;
}

/** Per group, the positions (in brief.claims) of its claims, in order. */
export const groupPositions = perBrief((brief) => {
  const lists = new Map<ClaimGroup, number[]>(CLAIM_GROUPS.map((g) => [g, []]));
  for (let i = 0; i < brief.claims.length; i++) {
    lists.get(claimGroupOf(brief.claims[i]!))!.push(i);
  }
  return new Map([...lists].map(([group, list]) => [group, Int32Array.from(list)]));
});

/**
 * The figures that can be compared over time: the same source counting the same metric, people
 * and party in the same place over the same period.
 */
export function seriesKey(claim: TollClaimOf): string {
  return `${claim.source}|${claim.metric}|${claim.who}|${claim.actor ?? ""}|${claim.place}|${claim.since ?? ""}|${claim.until ?? ""}`;
}

export interface PlaceIndex {
  /** Source id to its control claims on this place. */
  readonly control: ReadonlyMap<string, Line<ControlClaimOf>>;
  /** Every control claim on this place, any source, oldest first. */
  readonly controlAll: Timeline<ControlClaimOf>;
  /**
   * The times at which which of these control claims are current can change (each one's
   * `reported`, withdrawal and first correction), sorted: two times with as many of them at or
   * before each have the same current control claims here, so the same pictures.
   */
  readonly controlEvents: Float64Array;
  /** Metric to series key to the series' claims on this place. */
  readonly tolls: ReadonlyMap<Metric, ReadonlyMap<string, Line<TollClaimOf>>>;
  /** As controlEvents, for the toll claims whose place this is. */
  readonly tollEvents: Float64Array;
}

const EMPTY: PlaceIndex = {
  control: new Map(),
  controlAll: { claims: [], ats: new Float64Array(0) },
  controlEvents: new Float64Array(0),
  tolls: new Map(),
  tollEvents: new Float64Array(0),
};

/** When which of these claims are current changes (see PlaceIndex.controlEvents). */
function eventsOf(claims: readonly StoredClaim[]): Float64Array {
  const times: number[] = [];
  for (const claim of claims) {
    times.push(claim.at);
    if (claim.withdrawnAt !== undefined) times.push(claim.withdrawnAt);
    const by = claim.supersededBy?.[0];
    if (by !== undefined) times.push(by.at);
  }
  return Float64Array.from(times).sort();
}

function buildPlaceIndex(claims: readonly StoredClaim[], placeId: string): PlaceIndex {
  const control = new Map<string, ControlClaimOf[]>();
  const controlAll: ControlClaimOf[] = [];
  const tolls = new Map<Metric, Map<string, TollClaimOf[]>>();
  const tollAll: TollClaimOf[] = [];
  for (const claim of claims) {
    if (claim.type === "control") {
      controlAll.push(claim);
      const list = control.get(claim.source);
      if (list === undefined) control.set(claim.source, [claim]);
      else list.push(claim);
    } else if (claim.type === "toll" && claim.place === placeId) {
      tollAll.push(claim);
      let byKey = tolls.get(claim.metric);
      if (byKey === undefined) {
        byKey = new Map();
        tolls.set(claim.metric, byKey);
      }
      const key = seriesKey(claim);
      const list = byKey.get(key);
      if (list === undefined) byKey.set(key, [claim]);
      else list.push(claim);
    }
  }
  return {
    control: new Map([...control].map(([source, list]) => [source, lineOf(list)])),
    controlAll: timelineOf(controlAll),
    controlEvents: eventsOf(controlAll),
    tolls: new Map(
      [...tolls].map(([metric, byKey]) => [
        metric,
        new Map([...byKey].map(([key, list]) => [key, lineOf(list)])),
      ]),
    ),
    tollEvents: eventsOf(tollAll),
  };
}

const placeIndexes = perBrief(() => new Map<string, PlaceIndex>());

/** The control and toll indexes of one place, built on first use. */
export function placeIndex(brief: Brief, placeId: string): PlaceIndex {
  const byPlace = placeIndexes(brief);
  let index = byPlace.get(placeId);
  if (index === undefined) {
    const claims = brief.claimsByPlace.get(placeId);
    index = claims === undefined ? EMPTY : buildPlaceIndex(claims, placeId);
    byPlace.set(placeId, index);
  }
  return index;
}

/** The ids of the places that have at least one control claim, in gazetteer order. */
export const placesWithControl = perBrief((brief) =>
  [...brief.places.keys()].filter((id) =>
    brief.claimsByPlace.get(id)?.some((c) => c.type === "control"),
  ),
);

const trees = perBrief(() => new Map<string, readonly string[]>());

/** The place and every place inside it, depth first, the place itself first. */
export function placeTree(brief: Brief, placeId: string): readonly string[] {
  const byRoot = trees(brief);
  let tree = byRoot.get(placeId);
  if (tree === undefined) {
    const ids: string[] = [];
    const seen = new Set<string>();
    const visit = (id: string): void => {
      // The loader refuses cycles; the guard keeps a hand-built brief from looping forever.
      if (seen.has(id)) return;
      seen.add(id);
      ids.push(id);
      for (const child of brief.children.get(id) ?? []) visit(child);
    };
    visit(placeId);
    tree = ids;
    byRoot.set(placeId, tree);
  }
  return tree;
}

/** The places that are inside no other place: together their trees are the whole brief. */
export const rootPlaces = perBrief((brief) =>
  [...brief.places.values()]
    .filter((p) => p.in === undefined || !brief.places.has(p.in))
    .map((p) => p.id),
);
