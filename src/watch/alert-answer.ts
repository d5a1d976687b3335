// An alert as an Answer: the change in one line with its evidence ("Saraqib: disputed (AFP,
// SOHR, 29 Nov) → held by HTS (per AFP and SOHR, 2 Dec)"), then the claims behind it, attributed
// like every answer. Several changes from one reload make one alert: one section per change.
// The renderers apply the same limits and escaping as to any answer; the mention is not part of
// the Answer (it is not brief text) and is added by the transport.
import {
  attributionOf,
  type Clock,
  describeClaim,
  describeControl,
  describeDetail,
  describeToll,
} from "../answer/describe.ts";
import {
  formatCount,
  formatDay,
  formatFooter,
  placeLabelOf,
  plural,
  sourceLabelOf,
} from "../answer/format.ts";
import { type Answer, type Fact, plain, type Section } from "../answer/model.ts";
import type { Brief, StoredClaim } from "../store/types.ts";
import { type Change, claimPlaces } from "./diff.ts";
import { verdictWithEvidence } from "./verdict-line.ts";
import { targetName, type Watch } from "./watch.ts";

/** Claims shown under one change, before the rest are only counted. */
const MAX_CLAIMS = 10;

/** The one line a change is told in. */
export function describeChangeLine(brief: Brief, change: Change): string {
  const zone = brief.meta.timezone;
  switch (change.kind) {
    case "control":
      return `${placeLabelOf(brief, change.place)}: ${verdictWithEvidence(change.before)} → ${verdictWithEvidence(change.after)}`;
    case "toll": {
      const { claim, previous } = change;
      const figure = plain(describeToll(brief, claim, { omitPlace: claim.place }));
      const source = sourceLabelOf(brief, claim.source);
      const from =
        previous === undefined
          ? "its first figure of this count"
          : `${change.rise! >= 0 ? "up" : "down"} from ${formatCount(previous.count, previous.qualifier)} (${formatDay(previous.at, zone)})`;
      return `${placeLabelOf(brief, claim.place)}: ${figure} (per ${source}, ${formatDay(claim.at, zone)}), ${from}`;
    }
    case "claim": {
      const { claim } = change;
      const where = claimPlaces(brief, claim)[0];
      const lead = where === undefined ? "" : `${placeLabelOf(brief, where)}: `;
      const what =
        claim.type === "control"
          ? plain(describeControl(brief, claim, { place: where === undefined }))
          : claim.type === "toll"
            ? plain(describeToll(brief, claim, { omitPlace: claim.place }))
            : claim.summary;
      return `${lead}${what} (per ${sourceLabelOf(brief, claim.source)}, ${formatDay(claim.at, zone)})`;
    }
  }
}

function claimFact(brief: Brief, claim: StoredClaim, clock: Clock, isNew: boolean): Fact {
  const text =
    claim.type === "control" ? describeControl(brief, claim) : describeClaim(brief, claim);
  const detail = describeDetail(brief, claim, clock.at, [isNew ? "new" : undefined]);
  return {
    text,
    attribution: [attributionOf(brief, claim, clock)],
    ...(detail === undefined ? {} : { detail }),
  };
}

/** The claims behind a change: the new verdict's pictures, a figure and the one before it. */
function claimsBehind(change: Change): {
  claims: readonly StoredClaim[];
  fresh: ReadonlySet<StoredClaim>;
} {
  switch (change.kind) {
    case "control":
      return { claims: change.after.claims, fresh: new Set(change.newClaims) };
    case "toll":
      return {
        claims: change.previous === undefined ? [change.claim] : [change.claim, change.previous],
        fresh: new Set([change.claim]),
      };
    case "claim":
      return { claims: [change.claim], fresh: new Set([change.claim]) };
  }
}

function changeSection(brief: Brief, change: Change, clock: Clock, title?: string): Section {
  const { claims, fresh } = claimsBehind(change);
  const facts = claims.slice(0, MAX_CLAIMS).map((c) => claimFact(brief, c, clock, fresh.has(c)));
  const more = claims.length - facts.length;
  return {
    ...(title === undefined ? {} : { title }),
    facts,
    ...(more > 0 ? { more } : {}),
  };
}

/** "Saraqib (control)", "HTS (toll, min 50)". */
export function describeWatch(brief: Brief | undefined, watch: Watch): string {
  const min = watch.min === undefined ? "" : `, rise of at least ${watch.min}`;
  return `${targetName(brief, watch.target)} (${watch.target.kind}, on ${watch.on}${min})`;
}

export function buildAlertAnswer(
  brief: Brief,
  watch: Watch,
  changes: readonly Change[],
  at: number,
  now = at,
): Answer {
  const clock: Clock = { at, now };
  const name = targetName(brief, watch.target);
  // Watch 0 is one described on the command line, not stored: there is nothing to unwatch.
  const stop = watch.id > 0 ? `; /unwatch ${watch.id} stops it` : "";
  const notes = [`This channel watches ${describeWatch(brief, watch)}${stop}.`];
  const footer = formatFooter(brief, at, now);
  if (changes.length === 1) {
    const change = changes[0]!;
    return {
      kind: "answer",
      title: `Alert: ${name}`,
      verdict: describeChangeLine(brief, change),
      // The new verdict as data: Discord colours a place that became disputed amber.
      ...(change.kind === "control" ? { control: change.after.data } : {}),
      sections: [changeSection(brief, change, clock, "The claims behind it")],
      notes,
      footer,
    };
  }
  return {
    kind: "answer",
    title: `Alert: ${name}, ${plural(changes.length, "change")}`,
    verdict: `${plural(changes.length, "change")} in the newest version of the brief`,
    sections: changes.map((c) => changeSection(brief, c, clock, describeChangeLine(brief, c))),
    notes,
    footer,
  };
}
