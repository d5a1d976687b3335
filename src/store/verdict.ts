// Who controls a place as of T, by the rules of the brief format (1.1, "Verdicts"), as data:
// each source's picture, current or overtaken, what each picture says of each party, which
// pictures conflict, and the verdict with its evidence. Renderers word and colour it; watches and
// maps compare it. Pure: the same brief, place and T give the same verdict.

import { isCurrent, staleAfterMs } from "./queries.ts";
import {
  type ControlClaimOf,
  type Line,
  lowerBoundAt,
  perBrief,
  placeIndex,
  placesWithControl,
  upperBound,
  upperBoundAt,
} from "./query-index.ts";
import type { ControlStatus } from "./schema.ts";

export type Extent = "full" | "partial";

import type { Brief } from "./types.ts";

/** What a picture says of a party (rule 3): holds, present, near or gone. */
export type Standing = "holds" | "present" | "near" | "gone";

/** Rule 5. `held-in-part`: one party holds part of it; `split`: two or more each hold part. */
export type VerdictKind = "disputed" | "held" | "held-in-part" | "split" | "contested" | "unknown";

const STANDING_OF: Record<ControlStatus, Standing> = {
  controls: "holds",
  entered: "present",
  contested: "present",
  approaching: "near",
  besieging: "near",
  withdrew: "gone",
};

const STRENGTH: Record<Standing, number> = { holds: 3, present: 2, near: 1, gone: 0 };

/** One party's standing in one picture (or, in a verdict, across the pictures that name it). */
export interface PartyStanding {
  /** The party key: the actors' `side`, or `actor:<id>` for an actor without one. */
  readonly party: string;
  readonly standing: Standing;
  /** For `holds`: all of the place, or part of it. */
  readonly extent: Extent;
  /** The party's actors the claims name, in claim order. */
  readonly actors: readonly string[];
  /** The statuses the claims give (for wording: "approaching", "besieging"). */
  readonly statuses: readonly ControlStatus[];
}

/** Rule 1: one source's control claims on a place made at one time. */
export interface Picture {
  readonly source: string;
  readonly at: number;
  /** The claims' `reported` were plain dates. */
  readonly dateOnly: boolean;
  readonly claims: readonly ControlClaimOf[];
  /** What it says of each party, strongest standing first. */
  readonly parties: readonly PartyStanding[];
}

/** The source behind a verdict: what it says, when, and whom it speaks for. */
export interface Evidence {
  readonly source: string;
  readonly at: number;
  readonly dateOnly: boolean;
  /** The party the source speaks for (its `party` actor's party), when it has one. */
  readonly party?: string;
  /** The actor id of the source's `party`. */
  readonly partyActor?: string;
  readonly picture: Picture;
}

/** A party in a verdict: its standing, and the sources that give it. */
export interface VerdictParty extends PartyStanding {
  /** Source ids whose current pictures give this standing, newest first. */
  readonly sources: readonly string[];
}

/** Two current pictures that cannot both be right (rule 4). */
export interface Conflict {
  readonly a: string;
  readonly b: string;
  /** `holders`: they name different holders; `standing`: they give one party different standings. */
  readonly reason: "holders" | "standing";
  readonly parties: readonly string[];
}

export interface Verdict {
  readonly place: string;
  /** The time T the verdict is as of. */
  readonly at: number;
  readonly kind: VerdictKind;
  /** Rule 5: the newest current picture is older than stale_after_hours at T. */
  readonly stale: boolean;
  /** N: the time of the newest picture. */
  readonly newestAt?: number;
  /**
   * Held, held-in-part, split: the holders first, then the others' standing. Disputed: every
   * party at its strongest standing in any current picture (the evidence says who says what).
   */
  readonly parties: readonly VerdictParty[];
  /** One per current picture, newest first. */
  readonly evidence: readonly Evidence[];
  /** Rule 2: pictures older than N by more than stale_after_hours, newest first. */
  readonly overtaken: readonly Picture[];
  readonly conflicts: readonly Conflict[];
}

/** The party an actor belongs to: its side, or the actor alone. */
export function partyOf(brief: Brief, actorId: string): string {
  const side = brief.actors.get(actorId)?.side;
  return side === undefined ? `actor:${actorId}` : side;
}

/** The actor ids of a party (the actors of its side, or the one actor). */
export function partyActors(brief: Brief, party: string): readonly string[] {
  if (party.startsWith("actor:")) return [party.slice("actor:".length)];
  return [...brief.actors.values()].filter((a) => a.side === party).map((a) => a.id);
}

/** Rule 3: what one picture says of each party; a party's strongest claim in it counts. */
export function readParties(brief: Brief, claims: readonly ControlClaimOf[]): PartyStanding[] {
  const byParty = new Map<
    string,
    { standing: Standing; extent: Extent; actors: string[]; statuses: ControlStatus[] }
  >();
  for (const claim of claims) {
    const party = partyOf(brief, claim.actor);
    const standing = STANDING_OF[claim.status];
    const found = byParty.get(party);
    if (found === undefined) {
      byParty.set(party, {
        standing,
        extent: claim.extent,
        actors: [claim.actor],
        statuses: [claim.status],
      });
      continue;
    }
    if (!found.actors.includes(claim.actor)) found.actors.push(claim.actor);
    if (!found.statuses.includes(claim.status)) found.statuses.push(claim.status);
    if (standing === "holds" && found.standing === "holds") {
      if (claim.extent === "full") found.extent = "full";
    } else if (STRENGTH[standing] > STRENGTH[found.standing]) {
      found.standing = standing;
      found.extent = claim.extent;
    }
  }
  return [...byParty]
    .map(([party, s]) => ({ party, ...s }))
    .sort((a, b) => STRENGTH[b.standing] - STRENGTH[a.standing]);
}

function pictureOf(brief: Brief, source: string, claims: readonly ControlClaimOf[]): Picture {
  const first = claims[0]!;
  return {
    source,
    at: first.at,
    dateOnly: claims.every((c) => c.dateOnly),
    claims,
    parties: readParties(brief, claims),
  };
}

/** Pictures kept per brief, by their newest claim (see sourcePicture), before the map is cleared. */
const PICTURES_KEPT = 100_000;
const pictureCache = perBrief(() => new Map<ControlClaimOf, Picture>());

/**
 * Rule 1 for one source: its newest picture of the place as of T (its newest current claims
 * made at one time). A picture none of whose claims was corrected is the same at every T, so it
 * is kept, by its newest claim: verdicts over a period share most of their pictures.
 */
function sourcePicture(
  brief: Brief,
  source: string,
  line: Line<ControlClaimOf>,
  t: number,
  cache: Map<ControlClaimOf, Picture> = pictureCache(brief),
): Picture | undefined {
  const list = line;
  let i = upperBoundAt(line, t) - 1;
  while (i >= 0 && !isCurrent(list[i]!, t)) i--;
  if (i < 0) return undefined;
  const newest = list[i]!;
  const end = i;
  const claims: ControlClaimOf[] = [];
  let first = i;
  for (; i >= 0 && list[i]!.at === newest.at; i--) {
    first = i;
    if (isCurrent(list[i]!, t)) claims.push(list[i]!);
  }
  claims.reverse();
  if (claims.length !== end - first + 1) return pictureOf(brief, source, claims);
  let picture = cache.get(newest);
  if (picture === undefined) {
    if (cache.size >= PICTURES_KEPT) cache.clear();
    picture = pictureOf(brief, source, claims);
    cache.set(newest, picture);
  }
  return picture;
}

/** Rule 1: each source's newest picture of the place as of T, newest first. */
export function currentPictures(brief: Brief, placeId: string, t: number): readonly Picture[] {
  const pictures: Picture[] = [];
  for (const [source, line] of placeIndex(brief, placeId).control) {
    const picture = sourcePicture(brief, source, line, t);
    if (picture !== undefined) pictures.push(picture);
  }
  return pictures.sort(byNewest);
}

/**
 * Rule 2's current pictures as of T, newest first: each source's newest picture made within
 * stale_after_hours of the newest one. Only the claims of that window are read (a busy place
 * has hundreds of sources, most of them overtaken), then each source found there is read whole.
 */
function windowPictures(
  brief: Brief,
  placeId: string,
  t: number,
  cache: Map<ControlClaimOf, Picture> = pictureCache(brief),
): Picture[] {
  const index = placeIndex(brief, placeId);
  const { claims, ats } = index.controlAll;
  let i = upperBound(ats, t) - 1;
  while (i >= 0 && !isCurrent(claims[i]!, t)) i--;
  if (i < 0) return [];
  const from = claims[i]!.at - staleAfterMs(brief);
  // A window holds a few claims (six on average at a million claims): an array beats a Set.
  const seen: string[] = [];
  const pictures: Picture[] = [];
  for (; i >= 0 && ats[i]! >= from; i--) {
    const claim = claims[i]!;
    if (seen.includes(claim.source) || !isCurrent(claim, t)) continue;
    seen.push(claim.source);
    pictures.push(sourcePicture(brief, claim.source, index.control.get(claim.source)!, t, cache)!);
  }
  return pictures.sort(byNewest);
}

function byNewest(a: Picture, b: Picture): number {
  return b.at - a.at || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0);
}

const holdsAll = (p: PartyStanding) => p.standing === "holds" && p.extent === "full";

/**
 * Rule 4: why two current pictures from different sources conflict, if they do. Asked for every
 * pair of a busy place's current pictures, so it allocates nothing unless they do.
 */
export function conflictOf(a: Picture, b: Picture): Conflict | undefined {
  const holders = holdersConflict(a, b) ?? holdersConflict(b, a);
  if (holders !== undefined) {
    return { a: a.source, b: b.source, reason: "holders", parties: holders };
  }
  for (const pa of a.parties) {
    for (const pb of b.parties) {
      if (pb.party !== pa.party) continue;
      if ((pa.standing === "holds") !== (pb.standing === "holds")) {
        return { a: a.source, b: b.source, reason: "standing", parties: [pa.party] };
      }
      break;
    }
  }
  return undefined;
}

/** A party `x` says holds all of the place, and another that `y` says holds (part of) it. */
function holdersConflict(x: Picture, y: Picture): [string, string] | undefined {
  for (const all of x.parties) {
    if (!holdsAll(all)) continue;
    for (const other of y.parties) {
      if (other.party !== all.party && other.standing === "holds") return [all.party, other.party];
    }
  }
  return undefined;
}

function evidenceOf(brief: Brief, picture: Picture): Evidence {
  const partyActor = brief.sources.get(picture.source)?.party;
  const { source, at, dateOnly } = picture;
  return partyActor === undefined
    ? { source, at, dateOnly, picture }
    : { source, at, dateOnly, picture, party: partyOf(brief, partyActor), partyActor };
}

/**
 * Each party across the current pictures, newest picture first. Holders: holding all where any
 * picture says so. Others: as the newest picture naming them says (the stronger standing among
 * pictures of one time). Disputed (`strongest`): each party at its strongest standing anywhere.
 */
function combineParties(current: readonly Picture[], strongest: boolean): VerdictParty[] {
  const byParty = new Map<
    string,
    { best: PartyStanding; at: number; says: { source: string; p: PartyStanding }[] }
  >();
  for (const picture of current) {
    for (const p of picture.parties) {
      const entry = byParty.get(p.party);
      if (entry === undefined) {
        byParty.set(p.party, { best: p, at: picture.at, says: [{ source: picture.source, p }] });
        continue;
      }
      entry.says.push({ source: picture.source, p });
      const { best } = entry;
      const better =
        p.standing === "holds" && best.standing === "holds"
          ? p.extent === "full" && best.extent === "partial"
          : STRENGTH[p.standing] > STRENGTH[best.standing] &&
            (strongest ||
              best.standing === "holds" ||
              p.standing === "holds" ||
              picture.at === entry.at);
      if (better) {
        entry.best = p;
        entry.at = picture.at;
      }
    }
  }
  const parties: VerdictParty[] = [];
  for (const { best, says } of byParty.values()) {
    // The pictures that agree with the party's standing: their actors and statuses, each once
    // in the order first named, and their sources. Plain loops: judged thousands of times.
    const actors: string[] = [];
    const statuses: ControlStatus[] = [];
    const sources: string[] = [];
    for (const { source, p } of says) {
      if (p.standing !== best.standing) continue;
      for (const actor of p.actors) if (!actors.includes(actor)) actors.push(actor);
      for (const status of p.statuses) if (!statuses.includes(status)) statuses.push(status);
      sources.push(source);
    }
    const { party, standing, extent } = best;
    parties.push({ party, standing, extent, actors, statuses, sources });
  }
  return parties.sort((a, b) => STRENGTH[b.standing] - STRENGTH[a.standing]);
}

/**
 * A verdict but for its overtaken pictures and the list of its conflicts, which only the place's
 * own answer gives (whether there are conflicts is its kind: disputed).
 */
export type VerdictCore = Omit<Verdict, "overtaken" | "conflicts">;

/** What a verdict is as of any T with the same current control claims on the place. */
interface Judged {
  readonly newestAt?: number;
  readonly kind: VerdictKind;
  readonly parties: readonly VerdictParty[];
  readonly evidence: readonly Evidence[];
  /**
   * Filled in when a whole verdict is first asked for: the digest and the places inside a place
   * judge thousands of states and need only whether any pair conflicts.
   */
  conflicts?: readonly Conflict[];
  /** Filled in when a whole verdict is first asked for. */
  overtaken?: readonly Picture[];
}

/** Rules 3 to 6 over the current pictures (newest first). */
function judge(brief: Brief, current: readonly Picture[]): Judged {
  const disputed = anyConflict(current);
  const parties = combineParties(current, disputed);
  return {
    kind: kindOf(parties, disputed),
    ...(current[0] === undefined ? {} : { newestAt: current[0].at }),
    parties,
    evidence: current.map((p) => evidenceOf(brief, p)),
  };
}

/** Rule 4 over the current pictures: whether any two conflict, stopping at the first pair. */
function anyConflict(current: readonly Picture[]): boolean {
  for (let i = 0; i < current.length; i++) {
    for (let j = i + 1; j < current.length; j++) {
      if (conflictOf(current[i]!, current[j]!) !== undefined) return true;
    }
  }
  return false;
}

/** Rule 4: every pair of the current pictures (the judged evidence, newest first) that conflicts. */
function conflictsOf(judged: Judged): readonly Conflict[] {
  if (judged.conflicts === undefined) {
    const conflicts: Conflict[] = [];
    const { evidence } = judged;
    for (let i = 0; i < evidence.length; i++) {
      for (let j = i + 1; j < evidence.length; j++) {
        const conflict = conflictOf(evidence[i]!.picture, evidence[j]!.picture);
        if (conflict !== undefined) conflicts.push(conflict);
      }
    }
    judged.conflicts = conflicts;
  }
  return judged.conflicts;
}

/** Judged verdicts kept per brief for past states of a place, the least recently used dropped. */
const PAST_VERDICTS_KEPT = 20_000;
const settledVerdicts = new WeakMap<Brief, Map<string, Judged>>();
const pastVerdicts = new WeakMap<Brief, Map<string, Judged>>();

function mapOf(caches: WeakMap<Brief, Map<string, Judged>>, brief: Brief): Map<string, Judged> {
  let cache = caches.get(brief);
  if (cache === undefined) {
    cache = new Map();
    caches.set(brief, cache);
  }
  return cache;
}

/**
 * The place's verdict as of T, but for `at` and `stale`: it depends on T only through which of
 * the place's control claims are current, which changes only at the place's control events, so
 * it is kept by how many of those events happened by T (as of a time after every event of the
 * brief, until the brief is reloaded; before, the 20,000 most recently used).
 */
function judgedAt(brief: Brief, placeId: string, t: number): Judged {
  const events = placeIndex(brief, placeId).controlEvents;
  const state = upperBound(events, t);
  if (state === events.length) {
    const cache = mapOf(settledVerdicts, brief);
    let judged = cache.get(placeId);
    if (judged === undefined) {
      judged = judge(brief, windowPictures(brief, placeId, t));
      cache.set(placeId, judged);
    }
    return judged;
  }
  const cache = mapOf(pastVerdicts, brief);
  const key = `${placeId}|${state}`;
  let judged = cache.get(key);
  if (judged === undefined) judged = judge(brief, windowPictures(brief, placeId, t));
  // Deleted and set again: a Map keeps insertion order, so the first key is the least recent.
  else cache.delete(key);
  cache.set(key, judged);
  if (cache.size > PAST_VERDICTS_KEPT) cache.delete(cache.keys().next().value!);
  return judged;
}

/**
 * A verdict as of T from what was judged, with the rest of its fields (`rest`) after these.
 * Never `{ ...verdictOf(), more }`: in Node 20 an object literal that starts with a spread and
 * goes on gets a hidden class of its own each time it runs, allocated in the old generation, so
 * everything young it points to outlives young collections (measured: 4-8 MB per collection
 * when asked in a loop) and every read of it is megamorphic.
 */
function verdictOf<R extends object>(
  brief: Brief,
  placeId: string,
  t: number,
  judged: Judged,
  rest: R,
) {
  return {
    place: placeId,
    at: t,
    stale: judged.newestAt !== undefined && t - judged.newestAt > staleAfterMs(brief),
    ...(judged.newestAt === undefined ? {} : { newestAt: judged.newestAt }),
    evidence: judged.evidence,
    ...rest,
  };
}

/**
 * For the place's control claims `from` to `to` (oldest first), whether each changed the place's
 * verdict: its verdictKey as of just before the claim differs from the one as of the claim. The
 * same verdicts placeVerdictCore gives, each state of the place judged once, with nothing kept
 * after the call: warming a brief walks every claim of every place this way (4 s at a million
 * claims), and through the verdicts and pictures kept for questions it pushed out what recent
 * questions had kept and left the old generation full of what it had pushed out.
 */
export function controlChangesOf(
  brief: Brief,
  placeId: string,
  from: number,
  to: number,
  visit: (claim: ControlClaimOf, changed: boolean) => void,
): void {
  const index = placeIndex(brief, placeId);
  const events = index.controlEvents;
  const claims = index.controlAll.claims;
  const keys = new Map<number, string>();
  const pictures = new Map<ControlClaimOf, Picture>();
  const keyAt = (t: number): string => {
    const state = upperBound(events, t);
    let key = keys.get(state);
    if (key === undefined) {
      key = verdictKey(judge(brief, windowPictures(brief, placeId, t, pictures)));
      keys.set(state, key);
    }
    return key;
  };
  for (let i = from; i < Math.min(to, claims.length); i++) {
    const claim = claims[i]!;
    visit(claim, keyAt(claim.at - 1) !== keyAt(claim.at));
  }
}

/** Works out a place's verdict as of now (after every claim), before the brief is served. */
export function prepareVerdict(brief: Brief, placeId: string): void {
  judgedAt(brief, placeId, Number.POSITIVE_INFINITY);
}

/**
 * Who controls a place as of T, by rules 1 to 6, without the overtaken pictures: what a digest
 * compares over time (verdictKey) and words (describeVerdictShort), at a cost that grows with
 * the reports of the last stale_after_hours, not with every source that ever reported.
 */
export function placeVerdictCore(brief: Brief, placeId: string, t: number): VerdictCore {
  const judged = judgedAt(brief, placeId, t);
  return verdictOf(brief, placeId, t, judged, { kind: judged.kind, parties: judged.parties });
}

/** Who controls a place as of T, by rules 1 to 6. */
export function placeVerdict(brief: Brief, placeId: string, t: number): Verdict {
  const judged = judgedAt(brief, placeId, t);
  if (judged.overtaken === undefined) {
    const current = new Set(judged.evidence.map((e) => e.source));
    const overtaken: Picture[] = [];
    for (const [source, line] of placeIndex(brief, placeId).control) {
      if (current.has(source)) continue;
      const picture = sourcePicture(brief, source, line, t);
      if (picture !== undefined) overtaken.push(picture);
    }
    judged.overtaken = overtaken.sort(byNewest);
  }
  return verdictOf(brief, placeId, t, judged, {
    overtaken: judged.overtaken,
    conflicts: conflictsOf(judged),
    kind: judged.kind,
    parties: judged.parties,
  });
}

/**
 * The verdict from every source's newest picture (newest first), as rules 2 to 6 read it: the
 * straightforward reading placeVerdict must always agree with (tests compare the two).
 */
export function verdictFromPictures(
  brief: Brief,
  placeId: string,
  t: number,
  pictures: readonly Picture[],
): Verdict {
  const newestAt = pictures[0]?.at;
  const staleMs = staleAfterMs(brief);
  const current = pictures.filter((p) => newestAt! - p.at <= staleMs);
  const overtaken = pictures.filter((p) => newestAt! - p.at > staleMs);
  const judged = judge(brief, current);
  return verdictOf(brief, placeId, t, judged, {
    overtaken,
    conflicts: conflictsOf(judged),
    kind: judged.kind,
    parties: judged.parties,
  });
}

function kindOf(parties: readonly VerdictParty[], disputed: boolean): VerdictKind {
  if (disputed) return "disputed";
  const holders = parties.filter((p) => p.standing === "holds");
  if (holders.length > 1) return "split";
  if (holders.length === 1) return holders[0]!.extent === "full" ? "held" : "held-in-part";
  return parties.some((p) => p.standing === "present") ? "contested" : "unknown";
}

/**
 * A verdict's gist, for telling whether a claim changed it: the kind and who holds the place
 * (all or part). Another party's approach, entry or withdrawal beside an unchanged holder is a
 * report, not a change; staleness is left out.
 */
export function verdictKey(verdict: Pick<VerdictCore, "kind" | "parties">): string {
  // Warming makes one per control claim: most verdicts have one holder or none, which need no
  // list to sort and join.
  let only: string | undefined;
  let holders: string[] | undefined;
  for (const p of verdict.parties) {
    if (p.standing !== "holds") continue;
    const holder = `${p.party}:${p.extent}`;
    if (only === undefined) only = holder;
    else {
      holders ??= [only];
      holders.push(holder);
    }
  }
  const list = holders === undefined ? (only ?? "") : holders.sort().join(",");
  return `${verdict.kind}|${list}`;
}

// ---- history --------------------------------------------------------------------------------

/** One moment in a place's history: the pictures made then and the verdict after them. */
export interface HistoryStep {
  readonly at: number;
  /** Pictures sources made at this time (their claims as reported, corrected or not). */
  readonly pictures: readonly Picture[];
  /** Claims withdrawn at this time. */
  readonly withdrawn: readonly ControlClaimOf[];
  /** The verdict as it stood just after this time. */
  readonly verdict: Verdict;
}

/**
 * Every source's control pictures on the place reported by T, oldest first, with the verdict
 * as it stood after each (overtaken and later corrected pictures included: this is how the
 * verdict came about). Withdrawals by T are steps of their own.
 */
export function placeHistory(brief: Brief, placeId: string, t: number): HistoryStep[] {
  const byTime = new Map<number, { pictures: Picture[]; withdrawn: ControlClaimOf[] }>();
  const stepAt = (at: number) => {
    let step = byTime.get(at);
    if (step === undefined) {
      step = { pictures: [], withdrawn: [] };
      byTime.set(at, step);
    }
    return step;
  };
  for (const [source, line] of placeIndex(brief, placeId).control) {
    const end = upperBoundAt(line, t);
    for (let i = 0; i < end; ) {
      const at = line[i]!.at;
      const next = Math.max(i + 1, lowerBoundAt(line, at + 1));
      stepAt(at).pictures.push(pictureOf(brief, source, line.slice(i, Math.min(next, end))));
      for (const claim of line.slice(i, next)) {
        if (claim.withdrawnAt !== undefined && claim.withdrawnAt <= t) {
          stepAt(claim.withdrawnAt).withdrawn.push(claim);
        }
      }
      i = next;
    }
  }
  return [...byTime]
    .sort(([a], [b]) => a - b)
    .map(([at, step]) => ({
      at,
      pictures: step.pictures.sort(byNewest),
      withdrawn: step.withdrawn,
      verdict: placeVerdict(brief, placeId, at),
    }));
}

// ---- actors ---------------------------------------------------------------------------------

/** A place where an actor's party stands, as of T. */
export interface ActorPlace {
  readonly place: string;
  readonly verdict: Verdict;
  /** The party's standing in the verdict. */
  readonly standing: VerdictParty;
}

/**
 * The places where an actor's party (its side) holds, is present in, is near or has left, as
 * of T, by each place's verdict: holders first, then present, near and gone; within one standing
 * the newest evidence first.
 */
export function actorPlaces(brief: Brief, actorId: string, t: number): ActorPlace[] {
  const party = partyOf(brief, actorId);
  const found: ActorPlace[] = [];
  for (const place of placesWithControl(brief)) {
    const verdict = placeVerdict(brief, place, t);
    const standing = verdict.parties.find((p) => p.party === party);
    if (standing !== undefined) found.push({ place, verdict, standing });
  }
  return found.sort(
    (a, b) =>
      STRENGTH[b.standing.standing] - STRENGTH[a.standing.standing] ||
      (b.verdict.newestAt ?? 0) - (a.verdict.newestAt ?? 0) ||
      (a.place < b.place ? -1 : a.place > b.place ? 1 : 0),
  );
}
