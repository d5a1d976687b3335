// The summary of what was reported in a period: /sitrep answers with it and the daily scheduled
// post sends it. Sections: control changes (claims that changed a place's verdict, with what it
// was before), control reports (the other control claims), tolls (with the change from the same source's
// previous figure), displacement, statements, events, claims withdrawn, and places that went stale
// in the period.
// A period with nothing in it has no facts at all, so the scheduler can skip posting it.
import {
  attributionOf,
  type Clock,
  describeBreakdown,
  describeChange,
  describeClaim,
  describeDetail,
  describeToll,
} from "../answer/describe.ts";
import { FACTS_EACH_KEPT, shareFacts } from "../answer/fit.ts";
import { formatAge, formatFooter, formatWhen, placeLabelOf, plural } from "../answer/format.ts";
import type { Answer, Fact, Section } from "../answer/model.ts";
import { describeVerdictShort } from "../answer/verdict.ts";
import { placesOf } from "../store/brief.ts";
import { registerPreparer, registerWarmer } from "../store/prepare.ts";
import {
  type ClaimGroup,
  claimComesBefore,
  groupInWindow,
  groupOrdinal,
  placesGoneStale,
  placeTree,
  previousToll,
  withdrawnInWindow,
} from "../store/queries.ts";
import {
  briefTimes,
  claimGroupOf,
  groupPositions,
  perBrief,
  placeIndex,
  placesWithControl,
  settledAt,
  upperBound,
} from "../store/query-index.ts";
import type { Brief, StoredClaim } from "../store/types.ts";
import { controlChangesOf, placeVerdictCore } from "../store/verdict.ts";

export interface DigestPeriod {
  /** Start of the period, epoch ms, included. */
  readonly since: number;
  /** End of the period, epoch ms, excluded. */
  readonly until: number;
  /** The real time of asking. */
  readonly now: number;
  /** Only claims about this place and the places inside it. */
  readonly place?: string;
}

/**
 * Control claims of the period checked for whether they changed a verdict, newest first; older
 * ones in a very busy period are listed as reports (findChanges judges each of their places'
 * states once).
 */
const MAX_CONTROL_CHECKS = 2_000;

const GROUP_TITLES: readonly [ClaimGroup, string][] = [
  ["toll", "Tolls"],
  ["displacement", "Displacement"],
  ["statement", "Statements"],
  ["event", "Events"],
];

function claimFact(brief: Brief, claim: StoredClaim, clock: Clock, extraDetail?: string): Fact {
  let text = describeClaim(brief, claim);
  const extra: (string | undefined)[] = [extraDetail];
  if (claim.type === "toll") {
    const previous = previousToll(brief, claim, clock.at);
    if (previous !== undefined) {
      text = [...describeToll(brief, claim), { text: ` (${describeChange(claim, previous)})` }];
    }
    extra.push(describeBreakdown(brief, claim));
  }
  const detail = describeDetail(brief, claim, clock.at, extra);
  return {
    text,
    attribution: [attributionOf(brief, claim, clock)],
    ...(detail === undefined ? {} : { detail }),
  };
}

/** A section before its facts are worded: how many it has, and its first `n` as facts. */
interface PlannedSection {
  readonly title: string;
  readonly total: number;
  readonly facts: (n: number) => Fact[];
}

function plan<T>(title: string, items: readonly T[], total: number, fact: (item: T) => Fact) {
  return { title, total, facts: (n: number) => items.slice(0, n).map(fact) };
}

/** The sections with claims, each with its share of the facts (shareFacts); the rest counted. */
function wordSections(planned: readonly PlannedSection[]): Section[] {
  const present = planned.filter((p) => p.total > 0);
  const shares = shareFacts(present.map((p) => p.total));
  return present.map((p, i) => {
    const facts = p.facts(shares[i]!);
    return p.total > facts.length
      ? { title: p.title, facts, more: p.total - facts.length }
      : { title: p.title, facts };
  });
}

/**
 * The claims of one group in the period, newest first (at most `limit`), how many there are, and
 * each listed claim's place among the group's claims (groupOrdinal).
 */
type GroupClaims = (
  group: ClaimGroup,
  limit: number,
) => {
  readonly claims: readonly StoredClaim[];
  readonly total: number;
  readonly ordinal: (k: number) => number;
};

/** Claims of the whole brief reported in [since, until), by group. */
function briefClaims(brief: Brief, since: number, until: number): GroupClaims {
  return (group, limit) => {
    const { claims, total, newest } = groupInWindow(brief, group, since, until, limit);
    return { claims, total, ordinal: (k) => newest - k };
  };
}

/** Claims about a place and the places inside it, reported in [since, until), by group. */
function placeClaims(brief: Brief, placeId: string, since: number, until: number): GroupClaims {
  const found = new Set<StoredClaim>();
  for (const id of placeTree(brief, placeId)) {
    for (const claim of brief.claimsByPlace.get(id) ?? []) {
      if (claim.at >= since && claim.at < until) found.add(claim);
    }
  }
  const newestFirst = [...found].sort((a, b) => b.at - a.at);
  return (group, limit) => {
    const all = newestFirst.filter((c) => claimGroupOf(c) === group);
    const claims = all.slice(0, limit);
    return { claims, total: all.length, ordinal: (k) => groupOrdinal(brief, group, claims[k]!) };
  };
}

/**
 * Whether each control claim changed its place's verdict (the verdict as of just before the claim
 * differs from the verdict as of the claim) is fixed by the claim, so it is kept for the brief's
 * life, one byte a claim in the order of the brief's control claims (groupOrdinal): 0 until
 * found, then SAME or CHANGED. For the 300,000 of a million claims a Map took 15 MB and a cache
 * miss a read.
 */
const SAME = 1;
const CHANGED = 2;
const changeFlags = perBrief(
  (brief) => new Uint8Array(groupPositions(brief).get("control")?.length ?? 0),
);

/** Keeps what controlChangesOf found of a claim. */
function recordChange(brief: Brief, claim: StoredClaim, changed: boolean): void {
  const ordinal = groupOrdinal(brief, "control", claim);
  if (ordinal >= 0) changeFlags(brief)[ordinal] = changed ? CHANGED : SAME;
}

/**
 * Finds the changes of the given control claims not found yet: place by place, over the run of
 * the place's control claims they fall in (a period's claims of one place are one run), each
 * state of the place judged once (controlChangesOf). A busy day at a million claims is about
 * 1,300 control claims; judged claim by claim, two verdicts each, it took 60 ms.
 */
function findChanges(
  brief: Brief,
  claims: readonly StoredClaim[],
  ordinal: (k: number) => number,
): void {
  const flags = changeFlags(brief);
  const runs = new Map<string, { from: number; to: number }>();
  for (let k = 0; k < claims.length; k++) {
    const claim = claims[k]!;
    if (claim.type !== "control" || flags[ordinal(k)] !== 0) continue;
    const i = indexInPlace(brief, claim);
    const run = runs.get(claim.place);
    if (run === undefined) runs.set(claim.place, { from: i, to: i + 1 });
    else {
      run.from = Math.min(run.from, i);
      run.to = Math.max(run.to, i + 1);
    }
  }
  const record = (claim: StoredClaim, changed: boolean) => recordChange(brief, claim, changed);
  for (const [placeId, { from, to }] of runs) controlChangesOf(brief, placeId, from, to, record);
}

/** A control claim's place among its place's control claims (placeIndex's controlAll). */
function indexInPlace(brief: Brief, claim: StoredClaim & { type: "control" }): number {
  const { claims } = placeIndex(brief, claim.place).controlAll;
  const before = claimComesBefore(brief);
  let lo = 0;
  let hi = claims.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(claims[mid]!, claim)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * What a claim that changed its place's verdict changed it from and to, worked out for the facts
 * shown and kept: a period is asked again far more often than its changes are all shown.
 */
function describeChangeOf(brief: Brief, claim: StoredClaim & { type: "control" }): string {
  const kept = changeWords(brief);
  let words = kept.get(claim);
  if (words === undefined) {
    const before = placeVerdictCore(brief, claim.place, claim.at - 1);
    const after = placeVerdictCore(brief, claim.place, claim.at);
    words = `before: ${describeVerdictShort(brief, before, { stale: false })}; after: ${describeVerdictShort(brief, after, { stale: false })}`;
    kept.set(claim, words);
  }
  return words;
}

const changeWords = perBrief(() => new Map<StoredClaim, string>());

/** How far back from the brief's newest claim the control changes are worked out ahead of time. */
const PREPARED_CHANGES_MS = 4 * 86_400_000;
/** Control claims checked per preparation step (findChanges over the places they are about). */
const CHANGES_PER_STEP = 50;

/**
 * The control changes of the brief's last days, before the brief is served: what "/sitrep",
 * "/sitrep 3d" and the daily post ask about, so their first asker after a reload does not wait
 * for hundreds of verdicts. Older days are worked out after the brief is served (below), or when
 * first asked before that, and kept.
 */
function* prepareControlChanges(brief: Brief): Generator<() => void> {
  const newest = settledAt(brief);
  if (!Number.isFinite(newest)) return;
  const { claims, newest: first } = groupInWindow(
    brief,
    "control",
    newest - PREPARED_CHANGES_MS,
    Number.POSITIVE_INFINITY,
    MAX_CONTROL_CHECKS * 2,
  );
  for (let i = 0; i < claims.length; i += CHANGES_PER_STEP) {
    const step = claims.slice(i, i + CHANGES_PER_STEP);
    yield () => findChanges(brief, step, (k) => first - i - k);
  }
}
registerPreparer(prepareControlChanges);

/** Control claims of one place checked per warming step. */
const WARMED_PER_STEP = 200;

/**
 * Every control claim's change, after the brief is served, place by place (controlChangesOf,
 * which keeps nothing but what it finds): a busy past day is about 1,300 control claims at a
 * million claims, two verdicts each, which took 60 ms on its first ask.
 */
function* warmControlChanges(brief: Brief): Generator<() => void> {
  const record = (claim: StoredClaim, changed: boolean) => recordChange(brief, claim, changed);
  for (const placeId of placesWithControl(brief)) {
    const count = placeIndex(brief, placeId).controlAll.claims.length;
    for (let from = 0; from < count; from += WARMED_PER_STEP) {
      yield () => controlChangesOf(brief, placeId, from, from + WARMED_PER_STEP, record);
    }
  }
}
registerWarmer(warmControlChanges);

/**
 * Control claims split by what they did: "changes" changed their place's verdict, each with what
 * it was before; "reports" did not (a denial, an approach that fits what was known).
 */
function controlSections(brief: Brief, claims: GroupClaims, clock: Clock): PlannedSection[] {
  const { claims: checked, total, ordinal } = claims("control", MAX_CONTROL_CHECKS);
  findChanges(brief, checked, ordinal);
  const flags = changeFlags(brief);
  const changes: (StoredClaim & { type: "control" })[] = [];
  const reports: StoredClaim[] = [];
  for (let k = 0; k < checked.length; k++) {
    const claim = checked[k]!;
    if (claim.type !== "control") continue;
    if (flags[ordinal(k)] === CHANGED) changes.push(claim);
    else if (reports.length < FACTS_EACH_KEPT) reports.push(claim);
  }
  return [
    // The words of a change only for the facts shown: plan words each item as it reaches it.
    plan("Control changes", changes, changes.length, (claim) =>
      claimFact(brief, claim, clock, describeChangeOf(brief, claim)),
    ),
    plan("Control reports", reports, total - changes.length, (claim) =>
      claimFact(brief, claim, clock),
    ),
  ];
}

/** "Nothing new since …", and when the brief's newest claim is older than the period, its date. */
function nothingNew(brief: Brief, since: number, clock: Clock): string {
  const zone = brief.meta.timezone;
  const from = formatWhen(since, false, zone);
  const times = briefTimes(brief);
  const newest = brief.claims[upperBound(times, clock.at) - 1];
  if (newest === undefined) return `Nothing new since ${from}: this brief has no claims yet`;
  if (newest.at >= since) return `Nothing new since ${from}`;
  const when = formatWhen(newest.at, newest.dateOnly, zone);
  return `Nothing new since ${from}: the newest claim in this brief is from ${when} (${formatAge(newest.at, clock.at, zone)})`;
}

/** Builds a digest; the scheduler's tests give /sitrep one of their own. */
export type DigestBuilder = (brief: Brief, period: DigestPeriod) => Answer;

export function buildDigest(brief: Brief, period: DigestPeriod): Answer {
  const { since, until, now } = period;
  // Claims are "as of" an instant (reported <= T); the period excludes `until`.
  const clock: Clock = { at: until - 1, now };
  const zone = brief.meta.timezone;
  const inPlace = period.place === undefined ? undefined : new Set(placeTree(brief, period.place));
  const claims: GroupClaims =
    period.place === undefined
      ? briefClaims(brief, since, until)
      : placeClaims(brief, period.place, since, until);
  const planned: PlannedSection[] = controlSections(brief, claims, clock);
  let count = claims("control", 0).total;
  for (const [group, title] of GROUP_TITLES) {
    const { claims: list, total } = claims(group, FACTS_EACH_KEPT);
    count += total;
    planned.push(plan(title, list, total, (claim) => claimFact(brief, claim, clock)));
  }

  const withdrawn = withdrawnInWindow(brief, since, until).filter(
    (claim) => inPlace === undefined || placesOf(claim).some((id) => inPlace.has(id)),
  );
  count += withdrawn.length;
  planned.push(
    plan("Withdrawn", withdrawn, withdrawn.length, (claim) => claimFact(brief, claim, clock)),
  );

  // Only places that crossed the line in this period: a place stale for weeks is not news.
  const goneStale = placesGoneStale(brief, since, clock.at).filter(
    (p) => inPlace === undefined || inPlace.has(p.place),
  );
  planned.push(
    plan("Gone stale", goneStale, goneStale.length, ({ place, newest }): Fact => {
      const when = formatWhen(newest.at, newest.dateOnly, zone);
      return {
        text: `${placeLabelOf(brief, place)}: no control claim since ${when} (${formatAge(newest.at, clock.at, zone)})`,
        attribution: [attributionOf(brief, newest, clock)],
      };
    }),
  );
  const sections = wordSections(planned);

  const from = formatWhen(since, false, zone);
  const to = formatWhen(clock.at, false, zone);
  const where = period.place === undefined ? "" : `: ${placeLabelOf(brief, period.place)}`;
  return {
    kind: "answer",
    title: `Sitrep${where}: ${brief.meta.title}`,
    verdict:
      count === 0
        ? nothingNew(brief, since, clock)
        : `${plural(count, "claim")} reported or withdrawn from ${from} to ${to}`,
    sections,
    ...(goneStale.length > 0
      ? {
          notes: [
            `Gone stale: no source has updated who controls these places for more than ${plural(brief.meta.stale_after_hours, "hour")}.`,
          ],
        }
      : {}),
    footer: formatFooter(brief, clock.at, now),
  };
}
