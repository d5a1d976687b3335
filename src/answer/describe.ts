// Claims in words: who says so (Attribution), what a control or toll claim says, what became of
// a corrected claim, and how a source's figure moved. Shared by every command and the digest.
import type { ControlClaimOf, TollClaimOf } from "../store/queries.ts";
import { correctionOf, isStale } from "../store/queries.ts";
import type { BreakdownPart, ControlStatus, Metric, Who } from "../store/schema.ts";
import type { Brief, StoredClaim } from "../store/types.ts";
import {
  actorLabelOf,
  countValue,
  formatAge,
  formatCount,
  formatDay,
  formatPeriod,
  formatWhen,
  placeLabelOf,
  sourceLabelOf,
} from "./format.ts";
import type { Attribution, Rich, Span } from "./model.ts";

/** The time an answer is as of (T: ages count from it) and the real time of asking. */
export interface Clock {
  readonly at: number;
  readonly now: number;
}

export function attributionOf(brief: Brief, claim: StoredClaim, clock: Clock): Attribution {
  const source = brief.sources.get(claim.source);
  return {
    source: sourceLabelOf(brief, claim.source),
    grade: source?.reliability ?? "F",
    ...(claim.credibility === undefined ? {} : { credibility: claim.credibility }),
    ...(claim.via === undefined ? {} : { via: sourceLabelOf(brief, claim.via) }),
    when: formatWhen(claim.at, claim.dateOnly, brief.meta.timezone),
    age: formatAge(claim.at, clock.at, brief.meta.timezone),
    ...(isStale(brief, claim.at, clock.at) ? { stale: true } : {}),
  };
}

// Participles and past tenses only, so that a plural name reads right: "Syrian government
// forces in control of it", never "Syrian government forces controls it".
const STATUS_WORDS: Record<ControlStatus, { full: string; partial: string }> = {
  controls: { full: "in control of", partial: "in control of part of" },
  contested: { full: "fighting for", partial: "fighting for part of" },
  entered: { full: "entered", partial: "entered part of" },
  approaching: { full: "approaching", partial: "approaching part of" },
  besieging: { full: "besieging", partial: "besieging part of" },
  withdrew: { full: "withdrew from", partial: "withdrew from part of" },
};

/**
 * "HTS in control of part of Aleppo: five neighbourhoods". With `place: false` the place is
 * left out, for answers already about it: "HTS in control of part of it: five neighbourhoods".
 */
export function describeControl(
  brief: Brief,
  claim: ControlClaimOf,
  options: { readonly place: boolean } = { place: true },
): Rich {
  const words = STATUS_WORDS[claim.status][claim.extent];
  const where = options.place ? placeLabelOf(brief, claim.place) : "it";
  const detail = claim.detail === undefined ? "" : `: ${claim.detail}`;
  return [
    { text: actorLabelOf(brief, claim.actor), style: "bold" },
    { text: ` ${words} ${where}${detail}` },
  ];
}

function whoText(brief: Brief, who: Who | undefined, actor: string | undefined): string {
  const people = who ?? "people";
  return actor === undefined ? people : `${people} of ${actorLabelOf(brief, actor)}`;
}

/** "about 7,000 children": one part of a breakdown. */
function describePart(brief: Brief, part: BreakdownPart): string {
  const who = part.who === undefined && part.actor === undefined;
  const figure = formatCount(part.count, part.qualifier);
  return who ? figure : `${figure} ${whoText(brief, part.who, part.actor)}`;
}

/** "of whom about 7,000 children and 120 women". */
export function describeBreakdown(brief: Brief, claim: TollClaimOf): string | undefined {
  if (claim.breakdown === undefined || claim.breakdown.length === 0) return undefined;
  return `of whom ${claim.breakdown.map((p) => describePart(brief, p)).join(", ")}`;
}

/**
 * "more than 255 civilians killed since 27 Nov in New Aleppo". `place` is left out when it is
 * the place the answer is about.
 */
export function describeToll(
  brief: Brief,
  claim: TollClaimOf,
  options: { readonly omitPlace?: string; readonly metric?: boolean } = {},
): Span[] {
  const parts: Span[] = [
    { text: formatCount(claim.count, claim.qualifier), style: "bold" },
    { text: ` ${whoText(brief, claim.who, claim.actor)}` },
  ];
  if (options.metric !== false) parts.push({ text: ` ${claim.metric}` });
  const period = formatPeriod(claim.since, claim.until, brief.meta.timezone);
  // "since 27 Nov" and "on 29 Nov" read in a sentence; a bare "27–29 Nov" needs its "on".
  if (period !== undefined)
    parts.push({ text: /^\d/.test(period) ? ` on ${period}` : ` ${period}` });
  if (claim.place !== options.omitPlace) {
    parts.push({ text: ` in ${placeLabelOf(brief, claim.place)}` });
  }
  return parts;
}

/**
 * "trend: 120 on 28 Nov, 255 on 29 Nov, now 311 (up)": a source's figure after its own earlier
 * figures of the same series, oldest first, each with its date.
 */
export function describeTrend(
  brief: Brief,
  newest: TollClaimOf,
  earlier: readonly TollClaimOf[],
): string | undefined {
  const [previous] = earlier;
  if (previous === undefined) return undefined;
  const now = countValue(newest.count);
  const before = countValue(previous.count);
  const direction = now > before ? "up" : now < before ? "down" : "unchanged";
  const zone = brief.meta.timezone;
  const steps = [...earlier]
    .reverse()
    .map((c) => `${formatCount(c.count, c.qualifier)} on ${formatDay(c.at, zone)}`);
  return `trend: ${steps.join(", ")}, now ${formatCount(newest.count, newest.qualifier)} (${direction})`;
}

/** "(up from 255)": the change from the same source's previous figure, for digests. */
export function describeChange(newest: TollClaimOf, previous: TollClaimOf): string {
  const now = countValue(newest.count);
  const before = countValue(previous.count);
  const direction = now > before ? "up from" : now < before ? "down from" : "unchanged from";
  return `${direction} ${formatCount(previous.count, previous.qualifier)}`;
}

/** What a claim of any type says, in one line, naming its place. */
export function describeClaim(brief: Brief, claim: StoredClaim): Rich {
  switch (claim.type) {
    case "control":
      return describeControl(brief, claim);
    case "toll":
      return describeToll(brief, claim);
    case "statement":
      return claim.summary;
    case "event":
      return claim.place === undefined
        ? claim.summary
        : `${claim.summary} (${placeLabelOf(brief, claim.place)})`;
  }
}

/** "withdrawn on 30 Nov: misidentified town", "corrected on 30 Nov", as of T. */
export function describeCorrection(
  brief: Brief,
  claim: StoredClaim,
  t: number,
): string | undefined {
  const correction = correctionOf(claim, t);
  if (correction === undefined) return undefined;
  const zone = brief.meta.timezone;
  if (correction.kind === "superseded") {
    return `corrected by the source on ${formatDay(correction.by.at, zone)}`;
  }
  const note = correction.note === undefined ? "" : `: ${correction.note}`;
  return `withdrawn by the source on ${formatDay(correction.at, zone)}${note}`;
}

/** The quieter second line of a claim: its quote, what it corrects, and its note. */
export function describeDetail(
  brief: Brief,
  claim: StoredClaim,
  t: number,
  extra: readonly (string | undefined)[] = [],
): string | undefined {
  const parts: string[] = [];
  for (const part of extra) if (part !== undefined) parts.push(part);
  if (claim.quote !== undefined) parts.push(`“${claim.quote}”`);
  const correction = describeCorrection(brief, claim, t);
  if (correction !== undefined) parts.push(correction);
  if (claim.supersedes !== undefined) {
    const old = brief.claimsById.get(claim.supersedes);
    if (old !== undefined) {
      parts.push(`corrects its claim of ${formatDay(old.at, brief.meta.timezone)}`);
    }
  }
  if (claim.note !== undefined) parts.push(claim.note);
  return parts.length === 0 ? undefined : parts.join(" · ");
}

const METRIC_TITLES: Record<Metric, string> = {
  killed: "Killed",
  injured: "Injured",
  displaced: "Displaced",
  detained: "Detained",
  missing: "Missing",
};

export function metricTitle(metric: Metric): string {
  return METRIC_TITLES[metric];
}
