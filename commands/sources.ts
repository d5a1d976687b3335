// /sources [name]: every source with its grade, stance and activity, or one source's profile.

import {
  attributionOf,
  type Clock,
  describeClaim,
  describeDetail,
} from "../src/answer/describe.ts";
import { shareFacts } from "../src/answer/fit.ts";
import {
  actorLabelOf,
  formatAge,
  formatFooter,
  formatWhen,
  plural,
  sourceLabel,
} from "../src/answer/format.ts";
import type { Answer, Fact, Section } from "../src/answer/model.ts";
import { notFoundAnswer } from "../src/answer/not-found.ts";
import {
  type ArgsOf,
  COMMON_OPTIONS,
  type Command,
  type CommandContext,
} from "../src/core/types.ts";
import { newestClaimsOf, sourceActivity } from "../src/store/queries.ts";
import { briefTimes, upperBound } from "../src/store/query-index.ts";
import { findSource } from "../src/store/query-place.ts";
import {
  RELIABILITY_MEANING,
  SOURCE_KINDS,
  type Source,
  type SourceKind,
} from "../src/store/schema.ts";
import type { Brief } from "../src/store/types.ts";

const definition = {
  name: "sources",
  description: "The sources behind the brief, how far each is trusted, and what each reported",
  options: [
    {
      name: "name",
      description: "A source's name or abbreviation",
      kind: "source",
      positional: true,
    },
    ...COMMON_OPTIONS,
  ],
} as const;

/** Newest claims shown in a profile. */
const NEWEST = 5;
const GRADE_ORDER = "ABCDEF";

const KIND_TITLES: Record<SourceKind, string> = {
  "wire-agency": "Wire agencies",
  monitor: "Monitors",
  "state-media": "State media",
  media: "Media",
  government: "Governments and officials",
  "armed-group": "Armed groups",
  "un-agency": "UN agencies",
  ngo: "NGOs",
  other: "Other sources",
};

const KIND_NAMES: Record<SourceKind, string> = {
  "wire-agency": "wire agency",
  monitor: "monitor",
  "state-media": "state media",
  media: "media",
  government: "government or official",
  "armed-group": "armed group",
  "un-agency": "UN agency",
  ngo: "NGO",
  other: "other",
};

function gradeText(source: Source): string {
  return `${source.reliability}: ${RELIABILITY_MEANING[source.reliability]}`;
}

/** "12 claims, the last on 29 Nov 2024 (2 days ago)" as of T. */
function activityText(brief: Brief, source: Source, clock: Clock): string {
  const { count, last } = sourceActivity(brief, source.id, clock.at);
  if (last === undefined) return "no claims yet";
  const when = formatWhen(last.at, last.dateOnly, brief.meta.timezone);
  return `${plural(count, "claim")}, the last on ${when} (${formatAge(last.at, clock.at, brief.meta.timezone)})`;
}

function stanceText(brief: Brief, source: Source): string | undefined {
  if (source.stance !== undefined) return source.stance;
  if (source.party !== undefined) return `speaks for ${actorLabelOf(brief, source.party)}`;
  return undefined;
}

function sourceFact(brief: Brief, source: Source, clock: Clock): Fact {
  const label = sourceLabel(source, source.id);
  const detail = [gradeText(source), stanceText(brief, source), activityText(brief, source, clock)]
    .filter((part) => part !== undefined)
    .join(" · ");
  return {
    text:
      label === source.name
        ? [{ text: label, style: "bold" }]
        : [{ text: label, style: "bold" }, { text: `: ${source.name}` }],
    detail,
  };
}

// The list's order does not depend on when it is asked: sorted once per brief (with a locale's
// comparison per pair, that was most of the answer's time at hundreds of sources).
const sortedSources = new WeakMap<Brief, ReadonlyMap<string, readonly Source[]>>();

/** The brief's sources by kind, best graded first, then by name. */
function sourcesByKind(brief: Brief): ReadonlyMap<string, readonly Source[]> {
  let byKind = sortedSources.get(brief);
  if (byKind === undefined) {
    const sources = [...brief.sources.values()].sort(
      (a, b) =>
        GRADE_ORDER.indexOf(a.reliability) - GRADE_ORDER.indexOf(b.reliability) ||
        sourceLabel(a, a.id).localeCompare(sourceLabel(b, b.id)),
    );
    byKind = new Map(SOURCE_KINDS.map((kind) => [kind, sources.filter((s) => s.kind === kind)]));
    sortedSources.set(brief, byKind);
  }
  return byKind;
}

function listSources(brief: Brief, clock: Clock): Answer {
  const byKind = sourcesByKind(brief);
  const kinds = SOURCE_KINDS.filter((kind) => (byKind.get(kind)?.length ?? 0) > 0);
  const shares = shareFacts(kinds.map((kind) => byKind.get(kind)!.length));
  const sections = kinds.map((kind, i): Section => {
    const ofKind = byKind.get(kind)!;
    return {
      title: KIND_TITLES[kind],
      facts: ofKind.slice(0, shares[i]).map((s) => sourceFact(brief, s, clock)),
      ...(ofKind.length > shares[i]! ? { more: ofKind.length - shares[i]! } : {}),
    };
  });
  const claims = upperBound(briefTimes(brief), clock.at);
  return {
    kind: "answer",
    title: `Sources: ${brief.meta.title}`,
    verdict: `${plural(brief.sources.size, "source")} behind ${plural(claims, "claim")}`,
    sections,
    notes: [
      "Grades are the Admiralty source reliability scale, A (completely reliable) to F (cannot be judged): how far a source's past reporting can be trusted, not whether any one claim is true.",
    ],
    footer: formatFooter(brief, clock.at, clock.now),
  };
}

function profileFacts(brief: Brief, source: Source, clock: Clock): Fact[] {
  const facts: Fact[] = [{ text: `Kind: ${KIND_NAMES[source.kind]}` }];
  if (source.based_in !== undefined) facts.push({ text: `Based in: ${source.based_in}` });
  if (source.party !== undefined) {
    const party = brief.actors.get(source.party)?.name ?? source.party;
    facts.push({ text: `Speaks for: ${party}, a party to the conflict` });
  }
  if (source.stance !== undefined) facts.push({ text: `Stance: ${source.stance}` });
  facts.push({
    text: `Reliability: ${source.reliability}, ${RELIABILITY_MEANING[source.reliability]}`,
    ...(source.note === undefined ? {} : { detail: source.note }),
  });
  if (source.aliases !== undefined && source.aliases.length > 0) {
    facts.push({ text: `Also known as: ${source.aliases.join(", ")}` });
  }
  if (source.url !== undefined) facts.push({ text: `Web: ${source.url}` });
  facts.push({ text: `Claims: ${activityText(brief, source, clock)}` });
  return facts;
}

function sourceProfile(brief: Brief, source: Source, clock: Clock): Answer {
  const label = sourceLabel(source, source.id);
  const { claims, total } = newestClaimsOf(brief, source.id, clock.at, NEWEST);
  const facts = claims.map((claim): Fact => {
    const detail = describeDetail(brief, claim, clock.at);
    return {
      text: describeClaim(brief, claim),
      attribution: [attributionOf(brief, claim, clock)],
      ...(detail === undefined ? {} : { detail }),
    };
  });
  const sections: Section[] = [{ title: "Profile", facts: profileFacts(brief, source, clock) }];
  if (facts.length > 0) {
    sections.push({
      title: "Newest claims",
      facts,
      ...(total > facts.length ? { more: total - facts.length } : {}),
    });
  }
  return {
    kind: "answer",
    title: label === source.name ? source.name : `${label}: ${source.name}`,
    verdict: [
      { text: `Grade ${source.reliability}`, style: "bold" },
      { text: `: ${RELIABILITY_MEANING[source.reliability]}` },
    ],
    sections,
    ...(facts.length === 0 ? { notes: [`${label} has reported nothing in this brief yet.`] } : {}),
    footer: formatFooter(brief, clock.at, clock.now),
  };
}

export default {
  definition,
  handle(args: ArgsOf<typeof definition>, context: CommandContext): Answer {
    const { brief } = context;
    if (args.name === undefined || args.name.trim() === "") return listSources(brief, context);
    const lookup = findSource(brief, args.name);
    if (!lookup.found) {
      return notFoundAnswer(
        "source",
        args.name,
        lookup.suggestions.map((s) => sourceLabel(s, s.id)),
        formatFooter(brief, context.at, context.now),
      );
    }
    return sourceProfile(brief, lookup.item, context);
  },
} satisfies Command<typeof definition>;
