// /toll [place] [metric]: each source's newest figures for a place and the places inside it.

import {
  attributionOf,
  type Clock,
  describeBreakdown,
  describeDetail,
  describeToll,
  describeTrend,
  metricTitle,
} from "../src/answer/describe.ts";
import { NOTES_KEPT, shareFacts } from "../src/answer/fit.ts";
import {
  actorLabelOf,
  countValue,
  describePlace,
  formatCount,
  formatDay,
  formatFooter,
  formatPeriod,
  joinAnd,
  placeLabelOf,
  plural,
  sourceLabelOf,
} from "../src/answer/format.ts";
import type { Answer, Fact, Rich, Section } from "../src/answer/model.ts";
import { nameNotFoundAnswer } from "../src/answer/not-found.ts";
import { tollChartPicture } from "../src/answer/pictures/toll-chart-spec.ts";
import {
  type ArgsOf,
  COMMON_OPTIONS,
  type Command,
  type CommandContext,
} from "../src/core/types.ts";
import { comparableGroups, type Figure, figuresOf } from "../src/store/figures.ts";
import { registerPreparer } from "../src/store/prepare.ts";
import {
  isStale,
  latestCache,
  placeStateCache,
  staleAfterMs,
  type TollSeries,
  tollPlaces,
  tollSeries,
} from "../src/store/queries.ts";
import { settledAt } from "../src/store/query-index.ts";
import { findPlace } from "../src/store/query-place.ts";
import { METRICS, type Metric, type Place } from "../src/store/schema.ts";
import type { Brief } from "../src/store/types.ts";

const definition = {
  name: "toll",
  description: "Casualty and displacement figures for a place, each with its source and date",
  options: [
    {
      name: "place",
      description: "Place name (default: the brief's region)",
      kind: "place",
      positional: true,
    },
    {
      name: "metric",
      description: "Which figure",
      kind: "choice",
      choices: METRICS,
      positional: true,
    },
    {
      name: "chart",
      description: "Also draw each source's figures over time as a chart",
      kind: "boolean",
      positional: true,
    },
    ...COMMON_OPTIONS,
  ],
} as const;

const NONE_REPORTED: Record<Metric, string> = {
  killed: "how many were killed",
  injured: "how many were injured",
  displaced: "how many were displaced",
  detained: "how many were detained",
  missing: "how many are missing",
};

function whoOf(brief: Brief, f: Figure): string {
  return f.actor === undefined ? f.who : `${f.who} of ${actorLabelOf(brief, f.actor)}`;
}

/** Distinct values named in a difference note; more are summed up as "and others". */
const MAX_VALUES = 4;

interface Aspect {
  readonly name: string;
  /** A cheap key for telling values apart (no formatting). */
  readonly key: (f: Figure) => string;
  readonly text: (f: Figure) => string;
}

function aspectsOf(brief: Brief): readonly Aspect[] {
  const zone = brief.meta.timezone;
  return [
    {
      name: "who is counted",
      key: (f) => (f.actor === undefined ? f.who : `${f.who}|${f.actor}`),
      text: (f) => whoOf(brief, f),
    },
    { name: "place", key: (f) => f.claim.place, text: (f) => placeLabelOf(brief, f.claim.place) },
    {
      name: "period",
      key: (f) => `${f.claim.since ?? ""}|${f.claim.until ?? ""}`,
      text: (f) => formatPeriod(f.claim.since, f.claim.until, zone) ?? "no period given",
    },
    {
      name: "date reported",
      key: (f) => formatDay(f.at, zone),
      text: (f) => formatDay(f.at, zone),
    },
  ];
}

/**
 * Per aspect, the figures with the first distinct values (by the aspect's key) of some figures,
 * in order, up to one past the cap: what `differences` names. Arrays, not maps: every place keeps
 * one per metric.
 */
type Distinct = readonly (readonly Figure[])[];

/**
 * The first distinct values per aspect of figures given per aspect (`figures(i)`, in order),
 * after those of `earlier`.
 */
function distinctValues(
  brief: Brief,
  figures: (aspect: number) => readonly Figure[],
  earlier?: Distinct,
): Distinct {
  return aspectsOf(brief).map((aspect, i) => {
    const before = earlier?.[i] ?? [];
    if (before.length > MAX_VALUES) return before;
    const keys = new Set(before.map(aspect.key));
    const found = [...before];
    for (const f of figures(i)) {
      if (found.length > MAX_VALUES) break;
      const key = aspect.key(f);
      if (keys.has(key)) continue;
      keys.add(key);
      found.push(f);
    }
    return found.length === before.length ? before : found;
  });
}

/** "who is counted (civilians, people) and date reported (29 Nov, 2 Dec)". */
function differences(brief: Brief, distinct: Distinct): string | undefined {
  const differing: string[] = [];
  for (const [i, aspect] of aspectsOf(brief).entries()) {
    // One value past the cap at most: a long brief's hundreds of places are not all named.
    const seen = distinct[i]!;
    if (seen.length < 2) continue;
    const values = seen.slice(0, MAX_VALUES).map(aspect.text);
    if (seen.length > MAX_VALUES) values.push("others");
    differing.push(`${aspect.name} (${values.join(", ")})`);
  }
  return differing.length === 0 ? undefined : joinAnd(differing);
}

/** "4 (SANA, 29 Nov)", "about 7,000 (OCHA, part of a breakdown, 29 Nov)". */
function figureText(brief: Brief, f: Figure): string {
  const part = f.part === undefined ? "" : ", part of a breakdown";
  const day = formatDay(f.at, brief.meta.timezone);
  return `${formatCount(f.count, f.qualifier)} (${sourceLabelOf(brief, f.source)}${part}, ${day})`;
}

/** "civilians on 29 Nov in New Aleppo": what the figures of a comparable group count. */
function groupText(brief: Brief, f: Figure): string {
  const period = formatPeriod(f.claim.since, f.claim.until, brief.meta.timezone);
  const when = period === undefined ? "" : /^\d/.test(period) ? ` on ${period}` : ` ${period}`;
  return `${whoOf(brief, f)}${when} in ${placeLabelOf(brief, f.claim.place)}`;
}

/** Comparable figures (two or more) that a spread note words. */
type Spread = readonly Figure[];

/**
 * The spreads of one place's figures of a metric: each group of comparable figures, breakdown
 * parts included, that has more than one figure. Comparable figures share their place, so every
 * group is one place's and a region's spreads are its places' in turn. Also each group's first
 * figure when it is a whole one: what differenceNote compares.
 */
function placeSpreads(
  brief: Brief,
  series: readonly TollSeries[],
): { readonly spreads: readonly Spread[]; readonly heads: number; readonly distinct: Distinct } {
  const figures = series.flatMap((s) => figuresOf(s.newest));
  const groups = comparableGroups(figures, staleAfterMs(brief));
  const spreads = groups.filter((group) => group.length >= 2);
  const heads = groups.filter((g) => g[0]!.part === undefined).map((g) => g[0]!);
  return { spreads, heads: heads.length, distinct: distinctValues(brief, () => heads) };
}

/**
 * A spread's note: "figures range from A to B", or "the N figures agree: …". Worded only for the
 * notes an answer carries (a region has tens of thousands of spreads; see NOTES_KEPT).
 */
function spreadNote(brief: Brief, metric: Metric, group: Spread): string {
  // A spread is one metric's and kept with its place's figures: its words are kept beside it.
  let note = spreadNotes.get(group);
  if (note === undefined) {
    note = wordSpread(brief, metric, group);
    spreadNotes.set(group, note);
  }
  return note;
}
const spreadNotes = new WeakMap<Spread, string>();

function wordSpread(brief: Brief, metric: Metric, group: Spread): string {
  let low = group[0]!;
  let high = low;
  for (const f of group) {
    if (countValue(f.count) < countValue(low.count)) low = f;
    if (countValue(f.count) > countValue(high.count)) high = f;
  }
  const range =
    countValue(low.count) === countValue(high.count) && low.qualifier === high.qualifier
      ? `the ${plural(group.length, "figure")} agree: ${group.map((f) => figureText(brief, f)).join(", ")}`
      : `figures range from ${figureText(brief, low)} to ${figureText(brief, high)}`;
  return `${metricTitle(metric)}, ${groupText(brief, low)}: ${range}.`;
}

/**
 * Where whole figures (the first of each group: `heads` of them, `distinct` their first values)
 * are not comparable: what differs between them (the date included), with no range drawn across
 * them.
 */
function differenceNote(
  brief: Brief,
  metric: Metric,
  heads: number,
  distinct: Distinct,
): string | undefined {
  if (heads < 2) return undefined;
  const differ = differences(brief, distinct);
  if (differ === undefined) return undefined;
  return `${metricTitle(metric)}: the ${plural(heads, "figure")} are not comparable with each other; they differ in ${differ}, so no range is drawn across them.`;
}

function tollFact(brief: Brief, s: TollSeries, placeId: string | undefined, clock: Clock): Fact {
  const detail = describeDetail(brief, s.newest, clock.at, [
    describeBreakdown(brief, s.newest),
    describeTrend(brief, s.newest, s.earlier),
  ]);
  return {
    text: describeToll(brief, s.newest, {
      metric: false,
      ...(placeId === undefined ? {} : { omitPlace: placeId }),
    }),
    attribution: [attributionOf(brief, s.newest, clock)],
    ...(detail === undefined ? {} : { detail }),
  };
}

/** A metric's figures for a place tree, and what the notes comparing them say. */
interface MetricFigures {
  readonly metric: Metric;
  readonly series: readonly TollSeries[];
  /** One note each, in order (spreadNote). */
  readonly spreads: readonly Spread[];
  /** The note on whole figures that are not comparable, if any (differenceNote). */
  readonly differ?: string;
  /** The oldest newest figure of the metric. */
  readonly oldestAt: number;
}

interface TollSummary {
  readonly metrics: readonly MetricFigures[];
  /** The oldest newest figure: some figure is stale when this is. */
  readonly oldestAt: number;
}

/**
 * One place's figures of one metric, its spreads, and how many of its groups start with a whole
 * figure and those figures' first distinct values (what the region's difference note names).
 */
interface PlaceMetric {
  readonly series: readonly TollSeries[];
  readonly spreads: readonly Spread[];
  readonly heads: number;
  readonly distinct: Distinct;
}

/** Places' figures kept for past states: weighed in series, about 300 bytes each with notes. */
const PAST_PLACE_SERIES_KEPT = 400_000;
const placeMetrics = placeStateCache<PlaceMetric | null>(
  "toll",
  (figures) => 1 + (figures?.series.length ?? 0),
  PAST_PLACE_SERIES_KEPT,
);

/** One place's own figures of a metric as of T, if it has any. */
function placeFigures(
  brief: Brief,
  placeId: string,
  metric: Metric,
  t: number,
): PlaceMetric | undefined {
  const figures = placeMetrics(brief, placeId, metric, t, () => {
    // Most trusted first within the place.
    const series = tollSeries(brief, [placeId], t, { metric });
    return series.length === 0 ? null : { series, ...placeSpreads(brief, series) };
  });
  return figures ?? undefined;
}

// Grouping and comparing every figure touches every series; as of any time after the brief
// settled the result does not change, so it is kept (the facts, with their ages, are not).
const summaries = latestCache<TollSummary>();

/** A metric's figures for the places, in their order, from each place's own (kept) figures. */
function summarizeMetric(
  brief: Brief,
  placeIds: readonly string[],
  m: Metric,
  t: number,
): MetricFigures | undefined {
  let oldestAt = Number.POSITIVE_INFINITY;
  const series: TollSeries[] = [];
  const spreads: Spread[] = [];
  let heads = 0;
  let distinct: Distinct | undefined;
  for (const placeId of placeIds) {
    const own = placeFigures(brief, placeId, m, t);
    if (own === undefined) continue;
    for (const s of own.series) {
      series.push(s);
      if (s.newest.at < oldestAt) oldestAt = s.newest.at;
    }
    for (const spread of own.spreads) spreads.push(spread);
    heads += own.heads;
    // Each place's first values, in place order, are the region's first values.
    distinct =
      distinct === undefined
        ? own.distinct
        : distinct.every((values) => values.length > MAX_VALUES)
          ? distinct
          : distinctValues(brief, (i) => own.distinct[i]!, distinct);
  }
  if (series.length === 0) return undefined;
  const differ = differenceNote(brief, m, heads, distinct ?? []);
  return { metric: m, series, spreads, ...(differ === undefined ? {} : { differ }), oldestAt };
}

/**
 * The figures for a place tree as of T, of one metric or of every one: every metric's are each
 * metric's own, kept once.
 */
function summaryOf(
  brief: Brief,
  placeId: string | undefined,
  metric: Metric | undefined,
  t: number,
): TollSummary {
  if (metric !== undefined) {
    return summaries(brief, `${placeId ?? ""}|${metric}`, t, () => {
      const figures = summarizeMetric(brief, tollPlaces(brief, placeId), metric, t);
      return figures === undefined
        ? { metrics: [], oldestAt: Number.POSITIVE_INFINITY }
        : { metrics: [figures], oldestAt: figures.oldestAt };
    });
  }
  return summaries(brief, `${placeId ?? ""}|`, t, () => {
    const metrics = METRICS.flatMap((m) => summaryOf(brief, placeId, m, t).metrics);
    return { metrics, oldestAt: Math.min(...metrics.map((m) => m.oldestAt)) };
  });
}

/** The region's figures as of now, before the brief is served: a step per metric, then all. */
function* prepareTolls(brief: Brief): Generator<() => void> {
  const region = brief.meta.region === undefined ? undefined : brief.places.get(brief.meta.region);
  const t = settledAt(brief);
  for (const metric of METRICS) yield () => summaryOf(brief, region?.id, metric, t);
  yield () => summaryOf(brief, region?.id, undefined, t);
}
registerPreparer(prepareTolls);

export function answerToll(
  brief: Brief,
  place: Place | undefined,
  metric: Metric | undefined,
  clock: Clock,
): Answer {
  const summary = summaryOf(brief, place?.id, metric, clock.at);

  const sections: Section[] = [];
  const notes: Rich[] = [];
  let moreNotes = 0;
  // First, so that no list of spread notes pushes it out of what a platform shows.
  if (isStale(brief, summary.oldestAt, clock.at)) {
    notes.push(
      `Figures marked stale are more than ${plural(brief.meta.stale_after_hours, "hour")} older than the time of this answer.`,
    );
  }
  // Shared out between the metrics, so a busy place's killed and injured do not fill all a
  // platform shows while its displaced are never seen.
  const kept = shareFacts(summary.metrics.map((m) => m.series.length));
  for (const [i, { metric: m, series, spreads, differ }] of summary.metrics.entries()) {
    const facts = series.slice(0, kept[i]).map((s) => tollFact(brief, s, place?.id, clock));
    sections.push({
      title: metricTitle(m),
      facts,
      ...(series.length > facts.length ? { more: series.length - facts.length } : {}),
    });
    // A region's figures have tens of thousands of spread notes: the first are worded, the rest
    // only counted (wording and copying them all cost more than working the answer out).
    const room = Math.max(0, NOTES_KEPT - notes.length);
    for (let i = 0; i < Math.min(room, spreads.length); i++) {
      notes.push(spreadNote(brief, m, spreads[i]!));
    }
    moreNotes += Math.max(0, spreads.length - room);
    if (differ !== undefined) {
      if (notes.length < NOTES_KEPT) notes.push(differ);
      else moreNotes++;
    }
  }

  const inWhere = place === undefined ? "in this brief" : `for ${place.name}`;
  if (sections.length === 0) {
    notes.push(
      metric === undefined
        ? `No source has reported a toll ${inWhere} yet.`
        : `No source has reported ${NONE_REPORTED[metric]} ${place === undefined ? "in this brief" : `in ${place.name}`} yet.`,
    );
  }

  const subject = metric === undefined ? "Toll" : metricTitle(metric);
  return {
    kind: "answer",
    title:
      place === undefined
        ? `${subject}: ${brief.meta.title}`
        : `${subject} in ${describePlace(brief, place)}`,
    sections,
    ...(notes.length > 0 ? { notes } : {}),
    ...(moreNotes > 0 ? { moreNotes } : {}),
    footer: formatFooter(brief, clock.at, clock.now),
  };
}

/** "Aleppo killed chart": the place, and whether a chart is asked for (the word anywhere). */
function splitChart(text: string | undefined): { readonly name?: string; readonly chart: boolean } {
  if (text === undefined) return { chart: false };
  const words = text.trim().split(/\s+/);
  const rest = words.filter((w) => w.toLowerCase() !== "chart");
  const name = rest.join(" ");
  return { ...(name === "" ? {} : { name }), chart: rest.length < words.length };
}

/** The answer with its chart: the metric asked for, else the first one with figures. */
function withChart(
  answer: Answer,
  brief: Brief,
  place: Place | undefined,
  metric: Metric | undefined,
  clock: Clock,
): Answer {
  const placeIds = tollPlaces(brief, place?.id);
  const charted =
    metric ??
    METRICS.find((m) => tollSeries(brief, placeIds, clock.at, { metric: m }).length > 0) ??
    "killed";
  return { ...answer, pictures: [tollChartPicture(brief, place, charted, clock)] };
}

export default {
  definition,
  handle(args: ArgsOf<typeof definition>, context: CommandContext): Answer {
    const { brief } = context;
    const metric = METRICS.find((m) => m === args.metric?.toLowerCase());
    const { name, chart } = splitChart(args.place);
    let place: Place | undefined;
    if (name === undefined) {
      place = brief.meta.region === undefined ? undefined : brief.places.get(brief.meta.region);
    } else {
      const lookup = findPlace(brief, name);
      if (!lookup.found) return nameNotFoundAnswer(brief, name, context, "place");
      place = lookup.item;
    }
    const answer = answerToll(brief, place, metric, context);
    return chart || args.chart === true ? withChart(answer, brief, place, metric, context) : answer;
  },
} satisfies Command<typeof definition>;
