// Who controls a place as of T, by the rules of the brief format (1.1, "Verdicts"), as data:
// each source's picture, current or overtaken, what each picture says of each party, which
// pictures conflict, and the verdict with its evidence. Renderers word and colour it; watches and
// maps compare it. Pure: the same brief, place and T give the same verdict.

import { isCurrent, latestCache, staleAfterMs } from "./queries.ts";
import {
  type ControlClaimOf,
  lowerBound,
  placeIndex,
  placesWithControl,
  upperBound,
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

// Pictures depend on T only through which claims are current by then (see latestCache): kept.
const picturesCache = latestCache<readonly Picture[]>();

/** Rule 1: each source's newest picture of the place as of T, newest first. */
export function currentPictures(brief: Brief, placeId: string, t: number): readonly Picture[] {
  return picturesCache(brief, placeId, t, () => readPictures(brief, placeId, t));
}

function readPictures(brief: Brief, placeId: string, t: number): Picture[] {
  const pictures: Picture[] = [];
  for (const [source, line] of placeIndex(brief, placeId).control) {
    const list = line.claims;
    let i = upperBound(line.ats, t) - 1;
    while (i >= 0 && !isCurrent(list[i]!, t)) i--;
    if (i < 0) continue;
    const at = list[i]!.at;
    const claims: ControlClaimOf[] = [];
    for (; i >= 0 && list[i]!.at === at; i--) if (isCurrent(list[i]!, t)) claims.push(list[i]!);
    claims.reverse();
    pictures.push(pictureOf(brief, source, claims));
  }
  return pictures.sort(byNewest);
}

function byNewest(a: Picture, b: Picture): number {
  return b.at - a.at || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0);
}

const holdsAll = (p: PartyStanding) => p.standing === "holds" && p.extent === "full";

/** Rule 4: why two current pictures from different sources conflict, if they do. */
export function conflictOf(a: Picture, b: Picture): Conflict | undefined {
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    for (const all of x.parties.filter(holdsAll)) {
      const other = y.parties.find((p) => p.party !== all.party && p.standing === "holds");
      if (other !== undefined) {
        return { a: a.source, b: b.source, reason: "holders", parties: [all.party, other.party] };
      }
    }
  }
  for (const pa of a.parties) {
    const pb = b.parties.find((p) => p.party === pa.party);
    if (pb !== undefined && (pa.standing === "holds") !== (pb.standing === "holds")) {
      return { a: a.source, b: b.source, reason: "standing", parties: [pa.party] };
    }
  }
  return undefined;
}

function evidenceOf(brief: Brief, picture: Picture): Evidence {
  const partyActor = brief.sources.get(picture.source)?.party;
  const base = { source: picture.source, at: picture.at, dateOnly: picture.dateOnly, picture };
  return partyActor === undefined
    ? base
    : { ...base, party: partyOf(brief, partyActor), partyActor };
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
  return [...byParty.values()]
    .map(({ best, says }): VerdictParty => {
      const agreeing = says.filter(({ p }) => p.standing === best.standing);
      return {
        ...best,
        actors: [...new Set(agreeing.flatMap(({ p }) => p.actors))],
        statuses: [...new Set(agreeing.flatMap(({ p }) => p.statuses))],
        sources: agreeing.map(({ source }) => source),
      };
    })
    .sort((a, b) => STRENGTH[b.standing] - STRENGTH[a.standing]);
}

/** Who controls a place as of T, by rules 1 to 6. */
export function placeVerdict(brief: Brief, placeId: string, t: number): Verdict {
  const pictures = currentPictures(brief, placeId, t);
  const newestAt = pictures[0]?.at;
  const staleMs = staleAfterMs(brief);
  const current = pictures.filter((p) => newestAt! - p.at <= staleMs);
  const overtaken = pictures.filter((p) => newestAt! - p.at > staleMs);
  const conflicts: Conflict[] = [];
  for (let i = 0; i < current.length; i++) {
    for (let j = i + 1; j < current.length; j++) {
      const conflict = conflictOf(current[i]!, current[j]!);
      if (conflict !== undefined) conflicts.push(conflict);
    }
  }
  const base = {
    place: placeId,
    at: t,
    stale: newestAt !== undefined && t - newestAt > staleMs,
    ...(newestAt === undefined ? {} : { newestAt }),
    evidence: current.map((p) => evidenceOf(brief, p)),
    overtaken,
    conflicts,
  };
  const parties = combineParties(current, conflicts.length > 0);
  return { ...base, kind: kindOf(parties, conflicts), parties };
}

function kindOf(parties: readonly VerdictParty[], conflicts: readonly Conflict[]): VerdictKind {
  if (conflicts.length > 0) return "disputed";
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
export function verdictKey(verdict: Verdict): string {
  const holders = verdict.parties
    .filter((p) => p.standing === "holds")
    .map((p) => `${p.party}:${p.extent}`)
    .sort();
  return `${verdict.kind}|${holders.join(",")}`;
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
    const end = upperBound(line.ats, t);
    for (let i = 0; i < end; ) {
      const at = line.claims[i]!.at;
      const next = Math.max(i + 1, lowerBound(line.ats, at + 1));
      stepAt(at).pictures.push(pictureOf(brief, source, line.claims.slice(i, Math.min(next, end))));
      for (const claim of line.claims.slice(i, next)) {
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
