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
import {
  actorLabelOf,
  countValue,
  describePlace,
  formatCount,
  formatFooter,
  formatPeriod,
  joinAnd,
  placeLabelOf,
  plural,
  sourceLabelOf,
} from "../src/answer/format.ts";
import type { Answer, Fact, Rich, Section } from "../src/answer/model.ts";
import { placeNotFoundAnswer } from "../src/answer/not-found.ts";
import {
  type ArgsOf,
  COMMON_OPTIONS,
  type Command,
  type CommandContext,
} from "../src/core/types.ts";
import {
  isStale,
  latestCache,
  type TollSeries,
  tollPlaces,
  tollSeries,
} from "../src/store/queries.ts";
import { findPlace } from "../src/store/query-place.ts";
import { METRICS, type Metric, type Place } from "../src/store/schema.ts";
import type { Brief } from "../src/store/types.ts";

const definition = {
  name: "toll",
  description: "Casualty and displacement figures for a place, each with its source and date",
  usage: "[place] [killed|injured|displaced|detained|missing] [at:DATE] [brief:ID]",
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
    ...COMMON_OPTIONS,
  ],
} as const;

const MAX_FACTS = 50;

const NONE_REPORTED: Record<Metric, string> = {
  killed: "how many were killed",
  injured: "how many were injured",
  displaced: "how many were displaced",
  detained: "how many were detained",
  missing: "how many are missing",
};

function whoOf(brief: Brief, s: TollSeries): string {
  const who = s.newest.who;
  return s.newest.actor === undefined ? who : `${who} of ${actorLabelOf(brief, s.newest.actor)}`;
}

/** Distinct values named in a difference note; more are summed up as "and others". */
const MAX_VALUES = 4;

interface Aspect {
  readonly name: string;
  /** A cheap key for telling values apart (no formatting). */
  readonly key: (s: TollSeries) => string;
  readonly text: (s: TollSeries) => string;
}

function aspectsOf(brief: Brief): readonly Aspect[] {
  const zone = brief.meta.timezone;
  return [
    {
      name: "who is counted",
      key: (s) =>
        s.newest.actor === undefined ? s.newest.who : `${s.newest.who}|${s.newest.actor}`,
      text: (s) => whoOf(brief, s),
    },
    { name: "place", key: (s) => s.newest.place, text: (s) => placeLabelOf(brief, s.newest.place) },
    {
      name: "period",
      key: (s) => `${s.newest.since ?? ""}|${s.newest.until ?? ""}`,
      text: (s) => formatPeriod(s.newest.since, s.newest.until, zone) ?? "no period given",
    },
  ];
}

/** "they differ in who is counted (civilians, people) and period (since 27 Nov, on 29 Nov)". */
function differences(brief: Brief, series: readonly TollSeries[]): string | undefined {
  const differing: string[] = [];
  for (const aspect of aspectsOf(brief)) {
    // Stops at one value past the cap: a long brief's hundreds of places are not all named.
    const seen = new Map<string, TollSeries>();
    for (const s of series) {
      const key = aspect.key(s);
      if (!seen.has(key)) seen.set(key, s);
      if (seen.size > MAX_VALUES) break;
    }
    if (seen.size < 2) continue;
    const values = [...seen.values()].slice(0, MAX_VALUES).map(aspect.text);
    if (seen.size > MAX_VALUES) values.push("others");
    differing.push(`${aspect.name} (${values.join(", ")})`);
  }
  return differing.length === 0 ? undefined : `they differ in ${joinAnd(differing)}`;
}

/** "Killed: figures range from 4 (SANA) to more than 255 (SOHR); they differ in ...". */
function spreadNote(
  brief: Brief,
  metric: Metric,
  series: readonly TollSeries[],
): string | undefined {
  if (series.length < 2) return undefined;
  let low = series[0]!.newest;
  let high = low;
  for (const { newest } of series) {
    if (countValue(newest.count) < countValue(low.count)) low = newest;
    if (countValue(newest.count) > countValue(high.count)) high = newest;
  }
  const lowText = `${formatCount(low.count, low.qualifier)} (${sourceLabelOf(brief, low.source)})`;
  const highText = `${formatCount(high.count, high.qualifier)} (${sourceLabelOf(brief, high.source)})`;
  const range =
    low === high
      ? `the ${plural(series.length, "figure")} agree at ${lowText}`
      : `figures range from ${lowText} to ${highText}`;
  const differ = differences(brief, series);
  const comparable = differ === undefined ? "" : `; ${differ}, so they are not directly comparable`;
  return `${metricTitle(metric)}: ${range}${comparable}.`;
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

/** A metric's figures for a place tree, and the note on how they differ. */
interface MetricFigures {
  readonly metric: Metric;
  readonly series: readonly TollSeries[];
  readonly spread?: string;
}

interface TollSummary {
  readonly metrics: readonly MetricFigures[];
  /** The oldest newest figure: some figure is stale when this is. */
  readonly oldestAt: number;
}

// Grouping and comparing every figure touches every series; as of any time after the brief
// settled the result does not change, so it is kept (the facts, with their ages, are not).
const summaries = latestCache<TollSummary>();

function summarize(
  brief: Brief,
  placeIds: readonly string[],
  metric: Metric | undefined,
  t: number,
): TollSummary {
  // In tree order (the place, then what is inside it); within a place, most trusted first.
  const all = tollSeries(brief, placeIds, t, metric === undefined ? {} : { metric });
  const byMetric = new Map<Metric, TollSeries[]>();
  let oldestAt = Number.POSITIVE_INFINITY;
  for (const s of all) {
    if (s.newest.at < oldestAt) oldestAt = s.newest.at;
    const list = byMetric.get(s.newest.metric);
    if (list === undefined) byMetric.set(s.newest.metric, [s]);
    else list.push(s);
  }
  const metrics = METRICS.flatMap((m): MetricFigures[] => {
    const series = byMetric.get(m);
    if (series === undefined) return [];
    const spread = spreadNote(brief, m, series);
    return [spread === undefined ? { metric: m, series } : { metric: m, series, spread }];
  });
  return { metrics, oldestAt };
}

export function answerToll(
  brief: Brief,
  place: Place | undefined,
  metric: Metric | undefined,
  clock: Clock,
): Answer {
  const placeIds = tollPlaces(brief, place?.id);
  const key = `${place?.id ?? ""}|${metric ?? ""}`;
  const summary = summaries(brief, key, clock.at, () =>
    summarize(brief, placeIds, metric, clock.at),
  );

  const sections: Section[] = [];
  const notes: Rich[] = [];
  for (const { metric: m, series, spread } of summary.metrics) {
    const facts = series.slice(0, MAX_FACTS).map((s) => tollFact(brief, s, place?.id, clock));
    sections.push({
      title: metricTitle(m),
      facts,
      ...(series.length > MAX_FACTS ? { more: series.length - MAX_FACTS } : {}),
    });
    if (spread !== undefined) notes.push(spread);
  }

  const inWhere = place === undefined ? "in this brief" : `for ${place.name}`;
  if (sections.length === 0) {
    notes.push(
      metric === undefined
        ? `No source has reported a toll ${inWhere} yet.`
        : `No source has reported ${NONE_REPORTED[metric]} ${place === undefined ? "in this brief" : `in ${place.name}`} yet.`,
    );
  }
  if (isStale(brief, summary.oldestAt, clock.at)) {
    notes.push(
      `Figures marked stale are more than ${plural(brief.meta.stale_after_hours, "hour")} older than the time of this answer.`,
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
    footer: formatFooter(brief, clock.at, clock.now),
  };
}

export default {
  definition,
  handle(args: ArgsOf<typeof definition>, context: CommandContext): Answer {
    const { brief } = context;
    const metric = METRICS.find((m) => m === args.metric?.toLowerCase());
    if (args.place === undefined) {
      const region =
        brief.meta.region === undefined ? undefined : brief.places.get(brief.meta.region);
      return answerToll(brief, region, metric, context);
    }
    const lookup = findPlace(brief, args.place);
    if (!lookup.found) {
      return placeNotFoundAnswer(brief, args.place, lookup.suggestions, context);
    }
    return answerToll(brief, lookup.item, metric, context);
  },
} satisfies Command<typeof definition>;
