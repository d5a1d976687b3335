// /who-controls <place> [history] | <actor>: who holds a place by the verdict rules of the brief
// format (1.1), with each source's current claims; the place's history of pictures; or what an
// actor's side holds, is present in or is near.

import {
  attributionOf,
  type Clock,
  describeControl,
  describeDetail,
} from "../src/answer/describe.ts";
import { FACTS_EACH_KEPT } from "../src/answer/fit.ts";
import {
  actorLabel,
  describePlace,
  formatClaimDate,
  formatFooter,
  formatWhen,
  placeLabelOf,
  placeWithKind,
  plural,
  sourceLabelOf,
} from "../src/answer/format.ts";
import type { Answer, Fact, Rich, Section } from "../src/answer/model.ts";
import { nameNotFoundAnswer } from "../src/answer/not-found.ts";
import { controlMapPicture } from "../src/answer/pictures/control-map-spec.ts";
import { usageAnswer } from "../src/answer/simple.ts";
import {
  describeVerdict,
  describeVerdictShort,
  partyLabel,
  summarizePicture,
  verdictData,
} from "../src/answer/verdict.ts";
import {
  type ArgsOf,
  COMMON_OPTIONS,
  type Command,
  type CommandContext,
} from "../src/core/types.ts";
import { placeTree } from "../src/store/queries.ts";
import { findActor, findPlace } from "../src/store/query-place.ts";
import type { Actor, Place } from "../src/store/schema.ts";
import type { Brief } from "../src/store/types.ts";
import {
  actorPlaces,
  type HistoryStep,
  type Picture,
  partyOf,
  placeHistory,
  placeVerdict,
  placeVerdictCore,
  type Verdict,
} from "../src/store/verdict.ts";

const definition = {
  name: "who-controls",
  description:
    "Who holds a place, per each source, with dates; its history; or what an actor holds",
  options: [
    {
      name: "place",
      description: "Place (add “history” or “map”), “map” for the region's map, or an actor",
      kind: "place",
      required: true,
      positional: true,
      hint: "<place> [history|map] | map | <actor>",
    },
    {
      name: "history",
      description: "Every source's reports on the place, oldest first, with the verdict after each",
      kind: "boolean",
      positional: true,
    },
    {
      name: "map",
      description: "Also draw the place and the places inside it on a control map",
      kind: "boolean",
    },
    ...COMMON_OPTIONS,
  ],
} as const;

/**
 * Places inside the asked one listed (each with its facts, FACTS_EACH_KEPT at most), before the
 * rest are only counted.
 */
const MAX_INSIDE = 20;
/** History steps shown: the newest, so that the answer fits every platform. */
const MAX_STEPS = 12;

const GRADE_ORDER = "ABCDEF";

function gradeOf(brief: Brief, source: string): number {
  return GRADE_ORDER.indexOf(brief.sources.get(source)?.reliability ?? "F");
}

/** The claims of pictures, the most trusted source first, then the newest. */
function pictureFacts(brief: Brief, pictures: readonly Picture[], clock: Clock): Fact[] {
  const sorted = [...pictures].sort(
    (a, b) => gradeOf(brief, a.source) - gradeOf(brief, b.source) || b.at - a.at,
  );
  const facts: Fact[] = [];
  for (const picture of sorted) {
    for (const claim of picture.claims) {
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
  if (facts.length <= FACTS_EACH_KEPT) return { title, facts };
  return {
    title,
    facts: facts.slice(0, FACTS_EACH_KEPT),
    more: facts.length - FACTS_EACH_KEPT,
  };
}

function staleNote(brief: Brief, verdict: Verdict, place: Place): string | undefined {
  if (!verdict.stale || verdict.newestAt === undefined) return undefined;
  const dateOnly = verdict.evidence[0]?.dateOnly ?? false;
  const when = formatWhen(verdict.newestAt, dateOnly, brief.meta.timezone);
  return `Stale: the newest claim about who controls ${place.name} is from ${when}, more than ${plural(brief.meta.stale_after_hours, "hour")} before the time of this answer.`;
}

/** Overtaken sources named in the note; a note longer than a platform shows is cut anyway. */
const OVERTAKEN_NAMED = 12;

function overtakenNote(brief: Brief, verdict: Verdict, place: Place): Rich | undefined {
  if (verdict.overtaken.length === 0) return undefined;
  const zone = brief.meta.timezone;
  // Newest first, and at a busy place hundreds of sources: the first are named, the rest counted.
  const named = verdict.overtaken
    .slice(0, OVERTAKEN_NAMED)
    .map((p) => `${sourceLabelOf(brief, p.source)}, ${formatClaimDate(p.at, verdict.at, zone)}`);
  const rest = verdict.overtaken.length - named.length;
  const which =
    rest > 0 ? `${named.join("; ")}; and ${plural(rest, "more source")}` : named.join("; ");
  return [
    {
      text: `Left out as overtaken, more than ${plural(brief.meta.stale_after_hours, "hour")} older than the newest report: ${which}. See `,
    },
    { text: `/who-controls ${place.name} history`, style: "code" },
    { text: "." },
  ];
}

function insideSections(brief: Brief, place: Place, clock: Clock): [Section[], number] {
  const sections: Section[] = [];
  let inside = 0;
  for (const id of placeTree(brief, place.id).slice(1)) {
    const child = brief.places.get(id);
    // Without the overtaken pictures, which this answer does not list for the places inside.
    const childVerdict = placeVerdictCore(brief, id, clock.at);
    if (child === undefined || childVerdict.evidence.length === 0) continue;
    inside++;
    if (inside > MAX_INSIDE) continue;
    const title = `Inside ${place.name}: ${child.name} (${child.kind}), ${describeVerdictShort(brief, childVerdict)}`;
    const pictures = childVerdict.evidence.map((e) => e.picture);
    sections.push(capped(title, pictureFacts(brief, pictures, clock)));
  }
  return [sections, inside];
}

/** "“Hama” is also an actor: ask for it by id `hama-brigade`." */
function actorNamesakeNote(actor: Actor, query: string): Rich {
  return [
    {
      text: `“${query.trim()}” is also the name of an actor, ${actorLabel(actor, actor.id)}: ask `,
    },
    { text: `/who-controls ${actor.id}`, style: "code" },
    { text: " for what its side holds." },
  ];
}

export function answerWhoControls(
  brief: Brief,
  place: Place,
  namesakes: readonly Place[],
  clock: Clock,
  extraNotes: readonly Rich[] = [],
): Answer {
  const verdict = placeVerdict(brief, place.id, clock.at);
  const sections: Section[] = [];
  const notes: Rich[] = [];
  if (verdict.evidence.length > 0) {
    const pictures = verdict.evidence.map((e) => e.picture);
    sections.push(
      capped(`${place.name}: each source's current claims`, pictureFacts(brief, pictures, clock)),
    );
  }
  const [inside, count] = insideSections(brief, place, clock);
  sections.push(...inside);
  if (count > MAX_INSIDE) {
    notes.push(
      `${plural(count - MAX_INSIDE, "more place")} inside ${place.name} ${count - MAX_INSIDE === 1 ? "has" : "have"} control claims; ask for each by name.`,
    );
  }
  if (verdict.kind === "unknown" && verdict.evidence.length === 0) {
    notes.push(
      count > 0
        ? `No source has said who controls ${place.name} as a whole; the claims about places inside it are below.`
        : `No source has reported who controls ${place.name} yet.`,
    );
  }
  if (verdict.kind === "disputed") {
    notes.push(
      "The sources' current reports conflict: each one's claims are shown side by side; none is taken as fact.",
    );
  }
  const overtaken = overtakenNote(brief, verdict, place);
  if (overtaken !== undefined) notes.push(overtaken);
  const stale = staleNote(brief, verdict, place);
  if (stale !== undefined) notes.push(stale);
  for (const other of namesakes) {
    notes.push([
      { text: `Also called ${place.name}: ${placeWithKind(other)} — ask for it by id ` },
      { text: other.id, style: "code" },
      { text: "." },
    ]);
  }
  notes.push(...extraNotes);

  return {
    kind: "answer",
    title: `Who controls ${describePlace(brief, place)}`,
    verdict: describeVerdict(brief, verdict, place.name),
    control: verdictData(brief, verdict),
    sections,
    ...(notes.length > 0 ? { notes } : {}),
    footer: formatFooter(brief, clock.at, clock.now),
  };
}

/** "per SOHR: HTS approaching; SANA withdrew its claim of 28 Nov". */
function stepText(brief: Brief, step: HistoryStep, t: number): string {
  const zone = brief.meta.timezone;
  const parts = step.pictures.map(
    (p) => `per ${sourceLabelOf(brief, p.source)}: ${summarizePicture(brief, p)}`,
  );
  for (const claim of step.withdrawn) {
    parts.push(
      `${sourceLabelOf(brief, claim.source)} withdrew its claim of ${formatClaimDate(claim.at, t, zone)}`,
    );
  }
  return parts.join("; ");
}

export function answerHistory(brief: Brief, place: Place, clock: Clock): Answer {
  const verdict = placeVerdict(brief, place.id, clock.at);
  const steps = placeHistory(brief, place.id, clock.at);
  const shown = steps.slice(-MAX_STEPS);
  const zone = brief.meta.timezone;
  const facts = shown.map((step): Fact => {
    const claims = step.pictures.flatMap((p) => p.claims.slice(0, 1));
    return {
      text: [
        { text: formatClaimDate(step.at, clock.at, zone), style: "bold" },
        { text: `: ${stepText(brief, step, clock.at)}` },
      ],
      ...(claims.length > 0
        ? { attribution: claims.map((c) => attributionOf(brief, c, clock)) }
        : {}),
      detail: `verdict after: ${describeVerdictShort(brief, step.verdict)}`,
    };
  });
  const notes: Rich[] = [];
  if (steps.length === 0) notes.push(`No source has reported who controls ${place.name} yet.`);
  if (steps.length > shown.length) {
    notes.push(
      `${plural(steps.length - shown.length, "earlier change")} left out; ask with at:DATE for an earlier part of the history.`,
    );
  }
  return {
    kind: "answer",
    title: `Who controls ${describePlace(brief, place)}: history`,
    verdict: describeVerdict(brief, verdict, place.name),
    control: verdictData(brief, verdict),
    sections: facts.length > 0 ? [{ title: "Each source's reports, oldest first", facts }] : [],
    ...(notes.length > 0 ? { notes } : {}),
    footer: formatFooter(brief, clock.at, clock.now),
  };
}

const STANDING_TITLES = {
  holds: "Holds",
  present: "Present in",
  near: "Near",
  gone: "Withdrew from",
} as const;

export function answerActor(brief: Brief, actor: Actor, clock: Clock): Answer {
  const party = partyOf(brief, actor.id);
  const places = actorPlaces(brief, actor.id, clock.at);
  const sections: Section[] = [];
  for (const standing of ["holds", "present", "near", "gone"] as const) {
    const here = places.filter((p) => p.standing.standing === standing);
    if (here.length === 0) continue;
    const facts = here.map(
      (p): Fact => ({
        text: [
          { text: placeLabelOf(brief, p.place), style: "bold" },
          { text: ": " },
          ...spansOf(describeVerdict(brief, p.verdict, placeLabelOf(brief, p.place))),
        ],
      }),
    );
    sections.push(capped(STANDING_TITLES[standing], facts));
  }
  const who = actorLabel(actor, actor.id);
  const side = party.startsWith("actor:")
    ? who
    : `${who} and its side (${partyLabel(brief, party)})`;
  return {
    kind: "answer",
    title: `Where ${who} stands`,
    verdict:
      places.length === 0
        ? `No current report places ${side} in or near any place of this brief.`
        : `${side}: ${summaryCounts(places.map((p) => p.standing.standing))}, by each place's verdict`,
    sections,
    footer: formatFooter(brief, clock.at, clock.now),
  };
}

function spansOf(rich: Rich): readonly { text: string; style?: "bold" | "italic" | "code" }[] {
  return typeof rich === "string" ? [{ text: rich }] : rich;
}

function summaryCounts(standings: readonly string[]): string {
  const parts: string[] = [];
  const count = (s: string) => standings.filter((x) => x === s).length;
  if (count("holds") > 0) parts.push(`holds ${plural(count("holds"), "place")}`);
  if (count("present") > 0) parts.push(`present in ${plural(count("present"), "place")}`);
  if (count("near") > 0) parts.push(`near ${plural(count("near"), "place")}`);
  if (count("gone") > 0) parts.push(`withdrew from ${plural(count("gone"), "place")}`);
  return parts.join(", ");
}

/** "Saraqib history": the place, and whether its history is asked for. */
function splitHistory(text: string): { readonly name: string; readonly history: boolean } {
  const match = /^(.*\S)\s+history$/i.exec(text.trim());
  return match === null ? { name: text, history: false } : { name: match[1]!, history: true };
}

/** "Aleppo map", or "map" alone for the brief's region: the place, and whether a map is asked for. */
function splitMap(text: string): { readonly name: string; readonly map: boolean } {
  const match = /^(?:(.*\S)\s+)?map$/i.exec(text.trim());
  return match === null ? { name: text, map: false } : { name: match[1] ?? "", map: true };
}

/** The answer for a place with its control map. */
function answerWithMap(
  brief: Brief,
  place: Place,
  namesakes: readonly Place[],
  clock: Clock,
): Answer {
  const answer = answerWhoControls(brief, place, namesakes, clock);
  return { ...answer, pictures: [controlMapPicture(brief, place, clock)] };
}

export default {
  definition,
  handle(args: ArgsOf<typeof definition>, context: CommandContext): Answer {
    const { brief } = context;
    const asked = splitMap(args.place);
    if (asked.map || args.map === true) {
      const region =
        brief.meta.region === undefined ? undefined : brief.places.get(brief.meta.region);
      if (asked.name === "") {
        if (region !== undefined) return answerWithMap(brief, region, [], context);
        return usageAnswer(
          "This brief has no region: name the place to map, as in /who-controls Aleppo map.",
        );
      }
      const found = findPlace(brief, asked.name);
      if (found.found) return answerWithMap(brief, found.item, found.others, context);
      return nameNotFoundAnswer(brief, asked.name, context);
    }
    const split = splitHistory(args.place);
    const name = split.name;
    const history = split.history || args.history === true;
    const place = findPlace(brief, name);
    if (place.found) {
      if (history) return answerHistory(brief, place.item, context);
      const actor = findActor(brief, name);
      const notes = actor.found ? [actorNamesakeNote(actor.item, name)] : [];
      return answerWhoControls(brief, place.item, place.others, context, notes);
    }
    const actor = findActor(brief, name);
    if (actor.found) return answerActor(brief, actor.item, context);
    return nameNotFoundAnswer(brief, name, context);
  },
} satisfies Command<typeof definition>;
