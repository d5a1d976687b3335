// What changed between two versions of a brief, as of now: the places whose verdict changed,
// the new toll figures (with the same source's previous comparable figure), and every new claim.
// Computed once per reload; each watch then picks its own changes (matchWatch). A claim is "new"
// when no claim of the old version has its identity, so an edit to a note is not news, and a
// first load (no old version) has no changes at all: watches never alert on history.
import { createHash } from "node:crypto";
import { countValue } from "../answer/format.ts";
import { isCurrent, previousToll, type TollClaimOf } from "../store/queries.ts";
import { placeTree, seriesKey } from "../store/query-index.ts";
import type { Brief, StoredClaim } from "../store/types.ts";
import { readVerdict, type VerdictLine } from "./verdict-line.ts";
import type { Watch } from "./watch.ts";

export interface ControlChange {
  readonly kind: "control";
  /** Stable across instances and restarts: the same transition on the same claims. */
  readonly key: string;
  readonly place: string;
  readonly before: VerdictLine;
  readonly after: VerdictLine;
  /** New claims on this place that came with the change (any may be empty: a withdrawal). */
  readonly newClaims: readonly StoredClaim[];
}

export interface TollChange {
  readonly kind: "toll";
  readonly key: string;
  readonly claim: TollClaimOf;
  /** The same source's previous figure of the same series, current as of now. */
  readonly previous?: TollClaimOf;
  /** How much the figure rose over `previous` (ranges count as their middle). */
  readonly rise?: number;
}

export interface ClaimChange {
  readonly kind: "claim";
  readonly key: string;
  readonly claim: StoredClaim;
}

export type Change = ControlChange | TollChange | ClaimChange;

export interface BriefChanges {
  readonly brief: Brief;
  /** The time the comparison is as of (now). */
  readonly at: number;
  readonly control: readonly ControlChange[];
  readonly tolls: readonly TollChange[];
  readonly claims: readonly ClaimChange[];
  /** Claims of the old version that are not in the new one as they were, and their successors. */
  readonly delta: {
    readonly removed: readonly StoredClaim[];
    readonly added: readonly StoredClaim[];
  };
}

// What makes a claim the claim it is. Notes, quotes, links, credibility and withdrawal are left
// out: editing them is not a new claim (a withdrawal shows as a verdict change instead).
const IDENTITY_FIELDS = [
  "type",
  "source",
  "via",
  "reported",
  "place",
  "actor",
  "status",
  "extent",
  "metric",
  "count",
  "qualifier",
  "who",
  "since",
  "until",
  "breakdown",
  "summary",
  "about",
  "actors",
  "supersedes",
] as const;

const contents = new WeakMap<StoredClaim, string>();

/** What the claim says, as a string (cached: the next reload compares against it again). */
function contentOf(claim: StoredClaim): string {
  let content = contents.get(claim);
  if (content === undefined) {
    const record = claim as unknown as Record<string, unknown>;
    content = JSON.stringify(IDENTITY_FIELDS.map((f) => record[f] ?? null));
    contents.set(claim, content);
  }
  return content;
}

/** Which claim it is: its id, else what it says. */
function identityOf(claim: StoredClaim): string {
  return claim.id ?? contentOf(claim);
}

/** The claim's id, or a hash of what it says: short and stable, for ledger keys. */
export function claimIdentity(claim: StoredClaim): string {
  if (claim.id !== undefined) return claim.id;
  return `#${createHash("sha256").update(contentOf(claim)).digest("hex").slice(0, 16)}`;
}

function shortHash(parts: readonly string[]): string {
  return createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 16);
}

/** The places a claim is about: its place, a statement's `about` places. */
export function claimPlaces(brief: Brief, claim: StoredClaim): readonly string[] {
  if (claim.type === "statement") return (claim.about ?? []).filter((id) => brief.places.has(id));
  return claim.place === undefined ? [] : [claim.place];
}

/** The actors a claim is about. */
export function claimActors(brief: Brief, claim: StoredClaim): readonly string[] {
  switch (claim.type) {
    case "control":
      return [claim.actor];
    case "toll":
      return [
        ...(claim.actor === undefined ? [] : [claim.actor]),
        ...(claim.breakdown ?? []).flatMap((p) => (p.actor === undefined ? [] : [p.actor])),
      ];
    case "event":
      return claim.actors ?? [];
    case "statement":
      return (claim.about ?? []).filter((id) => brief.actors.has(id));
  }
}

function controlChanges(
  before: Brief,
  after: Brief,
  t: number,
  places: ReadonlySet<string>,
  fresh: readonly StoredClaim[],
): ControlChange[] {
  const changes: ControlChange[] = [];
  for (const place of after.places.keys()) {
    if (!places.has(place)) continue;
    const was = readVerdict(before, place, t);
    const now = readVerdict(after, place, t);
    if (was.key === now.key) continue;
    const evidence = now.claims.map(claimIdentity).sort();
    changes.push({
      kind: "control",
      key: `control|${place}|${was.key}>${now.key}|${shortHash(evidence)}`,
      place,
      before: was,
      after: now,
      newClaims: fresh.filter((c) => c.type === "control" && c.place === place),
    });
  }
  return changes;
}

/**
 * The claims of `after` that `before` does not have, and the places whose control claims differ
 * between the two (a claim added, removed, edited, withdrawn or corrected there): the only places
 * whose verdict can differ, since a verdict reads only its own place's claims.
 */
function compareClaims(before: Brief, after: Brief) {
  const places = new Set<string>();
  const touch = (claim: StoredClaim | undefined) => {
    if (claim?.type === "control") places.add(claim.place);
  };
  // Most of a reload is files that did not change: a claim is first matched with the one at the
  // same place in the same file, field by field, which allocates nothing.
  const byFile = new Map<string, (StoredClaim | undefined)[]>();
  for (const claim of before.claims) {
    let list = byFile.get(claim.file);
    if (list === undefined) {
      list = [];
      byFile.set(claim.file, list);
    }
    list[claim.index] = claim;
  }
  const unmatched: StoredClaim[] = [];
  // Claims that went out and came in (edited or withdrawn ones among them), for baselines.
  const removed: StoredClaim[] = [];
  const replaced: StoredClaim[] = [];
  for (const claim of after.claims) {
    const list = byFile.get(claim.file);
    const old = list?.[claim.index];
    if (old !== undefined && sameClaim(old, claim)) {
      list![claim.index] = undefined;
      if (old.withdrawnAt !== claim.withdrawnAt) {
        touch(claim);
        removed.push(old);
        replaced.push(claim);
      }
    } else unmatched.push(claim);
  }
  // The rest (claims added, moved, edited or removed) are matched by what they say.
  const known = new Map<string, StoredClaim[]>();
  for (const list of byFile.values()) {
    for (const claim of list) {
      if (claim === undefined) continue;
      const identity = identityOf(claim);
      const same = known.get(identity);
      if (same === undefined) known.set(identity, [claim]);
      else same.push(claim);
    }
  }
  const added: StoredClaim[] = [];
  for (const claim of unmatched) {
    const old = known.get(identityOf(claim))?.pop();
    if (old === undefined) {
      added.push(claim);
      replaced.push(claim);
      touch(claim);
      if (claim.supersedes !== undefined) touch(after.claimsById.get(claim.supersedes));
    } else if (!sameClaim(old, claim) || old.withdrawnAt !== claim.withdrawnAt) {
      touch(old);
      touch(claim);
      removed.push(old);
      replaced.push(claim);
    }
  }
  for (const list of known.values()) {
    for (const claim of list) {
      touch(claim);
      removed.push(claim);
    }
  }
  return { added, places, removed, replaced };
}

/**
 * What a claim says and whether it was withdrawn, hashed: two versions of a brief hold the same
 * claim in the same state exactly when their signatures match (baselines are sets of these).
 */
export function claimSignature(claim: StoredClaim): string {
  const withdrawn = claim.withdrawnAt === undefined ? "" : String(claim.withdrawnAt);
  return hash64(`${claim.id ?? ""}|${contentOf(claim)}|${withdrawn}`);
}

/**
 * Two 32-bit FNV-1a hashes with different offsets, as 16 hex digits: a start-up hashes every
 * claim of a watched brief, and a cryptographic hash per claim costs seconds at 200,000 claims.
 * Collisions only matter between claims of one brief, where 64 bits make them vanishingly rare.
 */
function hash64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}

/** The two say the same (notes and the like aside). */
function sameClaim(a: StoredClaim, b: StoredClaim): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  if (a.id !== b.id) return false;
  for (const field of IDENTITY_FIELDS) {
    const u = x[field];
    const v = y[field];
    if (u === v) continue;
    if (!sameValue(u, v)) return false;
  }
  return true;
}

/** Deep equality of the plain data a claim holds (ranges, breakdowns, lists of ids). */
function sameValue(u: unknown, v: unknown): boolean {
  if (u === v) return true;
  if (typeof u !== "object" || typeof v !== "object" || u === null || v === null) return false;
  if (Array.isArray(u) !== Array.isArray(v)) return false;
  const a = u as Record<string, unknown>;
  const b = v as Record<string, unknown>;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => sameValue(a[key], b[key]));
}

/** The figure a correction replaces, when it counts the same (a rise is measured from it). */
function correctedToll(brief: Brief, claim: TollClaimOf): TollClaimOf | undefined {
  const old = claim.supersedes === undefined ? undefined : brief.claimsById.get(claim.supersedes);
  if (old?.type !== "toll" || old.source !== claim.source) return undefined;
  return seriesKey(old) === seriesKey(claim) ? old : undefined;
}

/** Compares two versions of a brief as of `t`; no old version means no changes. */
export function diffBriefs(before: Brief | undefined, after: Brief, t: number): BriefChanges {
  if (before === undefined || before === after) {
    return { brief: after, at: t, control: [], tolls: [], claims: [], delta: NO_DELTA };
  }
  const { added, places, removed, replaced } = compareClaims(before, after);
  const fresh = added.filter((c) => c.at <= t && isCurrent(c, t));
  const tolls: TollChange[] = [];
  for (const claim of fresh) {
    if (claim.type !== "toll") continue;
    const previous = correctedToll(after, claim) ?? previousToll(after, claim, t);
    tolls.push({
      kind: "toll",
      key: `toll|${claimIdentity(claim)}`,
      claim,
      ...(previous === undefined
        ? {}
        : { previous, rise: countValue(claim.count) - countValue(previous.count) }),
    });
  }
  return {
    brief: after,
    at: t,
    control: controlChanges(before, after, t, places, fresh),
    tolls,
    claims: fresh.map((claim) => ({ kind: "claim", key: `claim|${claimIdentity(claim)}`, claim })),
    delta: { removed, added: replaced },
  };
}

const NO_DELTA = { removed: [], added: [] } as const;

function isDisputeFlip(change: ControlChange): boolean {
  return (change.before.kind === "disputed") !== (change.after.kind === "disputed");
}

/** Actors that count as the watched one: itself and those of the same `side`. */
function partyOf(brief: Brief, actorId: string): ReadonlySet<string> {
  const side = brief.actors.get(actorId)?.side;
  if (side === undefined) return new Set([actorId]);
  return new Set([...brief.actors.values()].filter((a) => a.side === side).map((a) => a.id));
}

function fromSource(claim: StoredClaim, source: string): boolean {
  return claim.source === source || claim.via === source;
}

/** Does this control change concern the watch's target? */
function controlConcerns(watch: Watch, brief: Brief, change: ControlChange): boolean {
  const { kind, id } = watch.target;
  if (kind === "place") return placeTree(brief, id).includes(change.place);
  if (kind === "actor") {
    const party = partyOf(brief, id);
    return [...change.before.actors, ...change.after.actors].some((a) => party.has(a));
  }
  return change.newClaims.some((c) => fromSource(c, id));
}

/** Is this claim about the watch's target (a place inside the watched one counts)? */
function claimConcerns(watch: Watch, brief: Brief, claim: StoredClaim): boolean {
  const { kind, id } = watch.target;
  if (kind === "place") {
    const tree = placeTree(brief, id);
    return claimPlaces(brief, claim).some((p) => tree.includes(p));
  }
  if (kind === "actor") {
    const party = partyOf(brief, id);
    return claimActors(brief, claim).some((a) => party.has(a));
  }
  return fromSource(claim, id);
}

function tollPasses(watch: Watch, change: TollChange): boolean {
  if (watch.min === undefined) return true;
  // With no earlier figure from that source, the whole figure is the rise.
  const rise = change.rise ?? countValue(change.claim.count);
  return rise >= watch.min;
}

/** The changes of one reload that this watch alerts on, in a stable order. */
export function matchWatch(watch: Watch, changes: BriefChanges): Change[] {
  const brief = changes.brief;
  if (watch.brief !== brief.id) return [];
  switch (watch.on) {
    case "control":
      return changes.control.filter((c) => controlConcerns(watch, brief, c));
    case "disputed":
      return changes.control.filter((c) => isDisputeFlip(c) && controlConcerns(watch, brief, c));
    case "toll":
      return changes.tolls.filter(
        (c) => claimConcerns(watch, brief, c.claim) && tollPasses(watch, c),
      );
    case "any":
      return changes.claims.filter((c) => claimConcerns(watch, brief, c.claim));
  }
}

export function hasChanges(changes: BriefChanges): boolean {
  return changes.control.length + changes.tolls.length + changes.claims.length > 0;
}
