// The summary of what was reported in a period: /sitrep answers with it and the daily scheduled
// post sends it. Sections: control changes, tolls (with the change from the same source's
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
import { formatAge, formatFooter, formatWhen, placeLabelOf, plural } from "../answer/format.ts";
import type { Answer, Fact, Section } from "../answer/model.ts";
import {
  type ClaimGroup,
  groupInWindow,
  placesGoneStale,
  previousToll,
  withdrawnInWindow,
} from "../store/queries.ts";
import type { Brief, StoredClaim } from "../store/types.ts";

export interface DigestPeriod {
  /** Start of the period, epoch ms, included. */
  readonly since: number;
  /** End of the period, epoch ms, excluded. */
  readonly until: number;
  /** The real time of asking, for ages. */
  readonly now: number;
}

/** Facts per section, newest first; the rest are counted in `more`. */
const MAX_FACTS = 50;

const GROUP_TITLES: readonly [ClaimGroup, string][] = [
  ["control", "Control changes"],
  ["toll", "Tolls"],
  ["displacement", "Displacement"],
  ["statement", "Statements"],
  ["event", "Events"],
];

function claimFact(brief: Brief, claim: StoredClaim, clock: Clock): Fact {
  let text = describeClaim(brief, claim);
  const extra: (string | undefined)[] = [];
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

export function buildDigest(brief: Brief, period: DigestPeriod): Answer {
  const { since, until, now } = period;
  // Claims are "as of" an instant (reported <= T); the period excludes `until`.
  const clock: Clock = { at: until - 1, now };
  const zone = brief.meta.timezone;
  const sections: Section[] = [];
  let count = 0;
  for (const [group, title] of GROUP_TITLES) {
    const { claims, total } = groupInWindow(brief, group, since, until, MAX_FACTS);
    count += total;
    if (total === 0) continue;
    sections.push({
      title,
      facts: claims.map((claim) => claimFact(brief, claim, clock)),
      ...(total > claims.length ? { more: total - claims.length } : {}),
    });
  }

  const withdrawn = withdrawnInWindow(brief, since, until);
  count += withdrawn.length;
  if (withdrawn.length > 0) {
    sections.push({
      title: "Withdrawn",
      facts: withdrawn.slice(0, MAX_FACTS).map((claim) => claimFact(brief, claim, clock)),
      ...(withdrawn.length > MAX_FACTS ? { more: withdrawn.length - MAX_FACTS } : {}),
    });
  }

  // Only places that crossed the line in this period: a place stale for weeks is not news.
  const goneStale = placesGoneStale(brief, since, clock.at);
  if (goneStale.length > 0) {
    const facts = goneStale.slice(0, MAX_FACTS).map(({ place, newest }): Fact => {
      const when = formatWhen(newest.at, newest.dateOnly, zone);
      return {
        text: `${placeLabelOf(brief, place)}: no control claim since ${when} (${formatAge(newest.at, clock.at, zone)})`,
        attribution: [attributionOf(brief, newest, clock)],
      };
    });
    sections.push({
      title: "Gone stale",
      facts,
      ...(goneStale.length > MAX_FACTS ? { more: goneStale.length - MAX_FACTS } : {}),
    });
  }

  const from = formatWhen(since, false, zone);
  const to = formatWhen(clock.at, false, zone);
  return {
    kind: "answer",
    title: `Sitrep: ${brief.meta.title}`,
    verdict:
      count === 0
        ? `Nothing new since ${from}`
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
