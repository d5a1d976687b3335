// /who-controls <place>: each source's newest control claims, and a one-line verdict.

import {
  attributionOf,
  type Clock,
  describeControl,
  describeDetail,
} from "../src/answer/describe.ts";
import {
  describePlace,
  formatFooter,
  formatWhen,
  placeWithKind,
  plural,
} from "../src/answer/format.ts";
import type { Answer, Fact, Rich, Section } from "../src/answer/model.ts";
import { placeNotFoundAnswer } from "../src/answer/not-found.ts";
import { describeVerdict, describeVerdictShort } from "../src/answer/verdict.ts";
import {
  type ArgsOf,
  COMMON_OPTIONS,
  type Command,
  type CommandContext,
} from "../src/command/types.ts";
import { controlVerdict, placeTree, type Verdict } from "../src/store/queries.ts";
import { findPlace } from "../src/store/query-place.ts";
import type { Place } from "../src/store/schema.ts";
import type { Brief } from "../src/store/types.ts";

const definition = {
  name: "who-controls",
  description: "Who holds a place, per each source, with dates; disputed when sources disagree",
  usage: "<place> [at:DATE] [brief:ID]",
  options: [
    { name: "place", description: "Place name", kind: "place", required: true, positional: true },
    ...COMMON_OPTIONS,
  ],
} as const;

/** Facts per section, and places inside the asked one, before the rest are only counted. */
const MAX_FACTS = 50;
const MAX_INSIDE = 20;

const GRADE_ORDER = "ABCDEF";

/** Each source's claims, the most trusted source first, then the newest. */
function claimFacts(brief: Brief, verdict: Verdict, clock: Clock): Section["facts"] {
  const views = [...verdict.views].sort((a, b) => {
    const ga = GRADE_ORDER.indexOf(brief.sources.get(a.picture.source)?.reliability ?? "F");
    const gb = GRADE_ORDER.indexOf(brief.sources.get(b.picture.source)?.reliability ?? "F");
    return ga - gb || b.picture.at - a.picture.at;
  });
  const facts: Fact[] = [];
  for (const view of views) {
    for (const claim of view.picture.claims) {
      const detail = describeDetail(brief, claim, clock.at);
      facts.push({
        text: describeControl(brief, claim, { place: false }),
        attribution: [attributionOf(brief, claim, clock)],
        ...(detail === undefined ? {} : { detail }),
      });
    }
  }
  return facts;
}

function capped(title: string, facts: readonly Fact[]): Section {
  if (facts.length <= MAX_FACTS) return { title, facts };
  return { title, facts: facts.slice(0, MAX_FACTS), more: facts.length - MAX_FACTS };
}

function staleNote(brief: Brief, verdict: Verdict, place: Place): string | undefined {
  if (!verdict.stale || verdict.newestAt === undefined) return undefined;
  const dateOnly = verdict.views[0]?.picture.claims[0]?.dateOnly ?? false;
  const when = formatWhen(verdict.newestAt, dateOnly, brief.meta.timezone);
  return `Stale: the newest claim about who controls ${place.name} is from ${when}, more than ${plural(brief.meta.stale_after_hours, "hour")} before the time of this answer.`;
}

export function answerWhoControls(
  brief: Brief,
  place: Place,
  namesakes: readonly Place[],
  clock: Clock,
): Answer {
  const verdict = controlVerdict(brief, place.id, clock.at);
  const sections: Section[] = [];
  const notes: Rich[] = [];
  if (verdict.views.length > 0) {
    sections.push(
      capped(`${place.name}: each source's newest claims`, claimFacts(brief, verdict, clock)),
    );
  }

  let inside = 0;
  for (const id of placeTree(brief, place.id).slice(1)) {
    const child = brief.places.get(id);
    const childVerdict = controlVerdict(brief, id, clock.at);
    if (child === undefined || childVerdict.views.length === 0) continue;
    inside++;
    if (inside > MAX_INSIDE) continue;
    const title = `Inside ${place.name}: ${child.name} (${child.kind}), ${describeVerdictShort(brief, childVerdict)}`;
    sections.push(capped(title, claimFacts(brief, childVerdict, clock)));
  }
  if (inside > MAX_INSIDE) {
    notes.push(
      `${plural(inside - MAX_INSIDE, "more place")} inside ${place.name} ${inside - MAX_INSIDE === 1 ? "has" : "have"} control claims; ask for each by name.`,
    );
  }

  if (verdict.kind === "unknown") {
    notes.push(
      inside > 0
        ? `No source has said who controls ${place.name} as a whole; the claims about places inside it are below.`
        : `No source has reported who controls ${place.name} yet.`,
    );
  }
  if (verdict.kind === "disputed") {
    notes.push(
      "The sources disagree: each one's newest claims are shown side by side; none is taken as fact.",
    );
  }
  const stale = staleNote(brief, verdict, place);
  if (stale !== undefined) notes.push(stale);
  for (const other of namesakes) {
    notes.push([
      { text: `Also called ${place.name}: ${placeWithKind(other)} — ask for it by id ` },
      { text: other.id, style: "code" },
      { text: "." },
    ]);
  }

  return {
    kind: "answer",
    title: `Who controls ${describePlace(brief, place)}`,
    verdict: describeVerdict(brief, verdict, place.name),
    sections,
    ...(notes.length > 0 ? { notes } : {}),
    footer: formatFooter(brief, clock.at, clock.now),
  };
}

export default {
  definition,
  handle(args: ArgsOf<typeof definition>, context: CommandContext): Answer {
    const { brief } = context;
    const lookup = findPlace(brief, args.place);
    if (!lookup.found) {
      return placeNotFoundAnswer(brief, args.place, lookup.suggestions, context);
    }
    return answerWhoControls(brief, lookup.item, lookup.others, context);
  },
} satisfies Command<typeof definition>;
