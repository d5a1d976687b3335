// A toll chart's data from the brief: each source's figures for one metric in a place and the
// places inside it, oldest first, the most trusted sources' lines kept when there are too many.
import { DateTime } from "luxon";
import { isCurrent, tollPlaces, tollSeries } from "../../store/queries.ts";
import type { Count, Metric, Place } from "../../store/schema.ts";
import type { Brief } from "../../store/types.ts";
import type { Clock } from "../describe.ts";
import { metricTitle } from "../describe.ts";
import {
  actorLabelOf,
  formatCount,
  formatPeriod,
  formatWhen,
  placeLabelOf,
  sourceLabelOf,
} from "../format.ts";
import type { ChartPoint, ChartSeries, Picture, TollChartSpec } from "./types.ts";

/** Lines on one chart: more would be a tangle; the text answer lists every figure. */
export const MAX_LINES = 8;
const GRADES = "ABCDEF";
const DAY = 86_400_000;

function range(count: Count): [number, number] {
  return typeof count === "number" ? [count, count] : [count.low, count.high];
}

export function asOfText(brief: Brief, clock: Clock): string {
  const zone = brief.meta.timezone;
  return `as of ${formatWhen(clock.at, false, zone)} (${zone})`;
}

/** The time axis: from the first figure (or the day the situation began) to the answer's time. */
function timeSpan(brief: Brief, series: readonly ChartSeries[], at: number): [number, number] {
  const zone = brief.meta.timezone;
  let first = Math.min(at, ...series.map((s) => s.points[0]?.at ?? at));
  if (brief.meta.started !== undefined) {
    const started = DateTime.fromISO(brief.meta.started, { zone }).startOf("day").toMillis();
    if (started < first && first - started < 60 * DAY) first = started;
  }
  const start = DateTime.fromMillis(Math.min(first, at - 2 * DAY), { zone }).startOf("day");
  return [start.toMillis(), at];
}

export function tollChartPicture(
  brief: Brief,
  place: Place | undefined,
  metric: Metric,
  clock: Clock,
): Picture {
  const zone = brief.meta.timezone;
  const all = tollSeries(brief, tollPlaces(brief, place?.id), clock.at, {
    metric,
    trend: Number.MAX_SAFE_INTEGER,
  });
  const grade = (source: string) => GRADES.indexOf(brief.sources.get(source)?.reliability ?? "F");
  all.sort((a, b) => grade(a.newest.source) - grade(b.newest.source) || b.newest.at - a.newest.at);
  const kept = all.slice(0, MAX_LINES);
  const series: ChartSeries[] = kept.map((s) => {
    const figures = [...s.earlier]
      .reverse()
      .concat(s.newest)
      .filter((c) => isCurrent(c, clock.at));
    const points: ChartPoint[] = figures.map((c) => {
      const [low, high] = range(c.count);
      return {
        at: c.at,
        low,
        high,
        qualifier: c.qualifier,
        text: formatCount(c.count, c.qualifier),
      };
    });
    const c = s.newest;
    const who = c.actor === undefined ? c.who : `${c.who} of ${actorLabelOf(brief, c.actor)}`;
    const where = c.place === place?.id ? undefined : placeLabelOf(brief, c.place);
    const period = formatPeriod(c.since, c.until, zone);
    const via = c.via === undefined ? "" : ` via ${sourceLabelOf(brief, c.via)}`;
    return {
      source: `${sourceLabelOf(brief, c.source)}${via}`,
      grade: brief.sources.get(c.source)?.reliability ?? "F",
      counts: [who, where, period].filter((p) => p !== undefined).join(", "),
      points,
    };
  });
  const [start, end] = timeSpan(brief, series, clock.at);
  const where = place?.name ?? brief.meta.title;
  const spec: TollChartSpec = {
    kind: "toll-chart",
    title: `${metricTitle(metric)} in ${where}`,
    asOf: asOfText(brief, clock),
    zone,
    start,
    end,
    series,
    omitted: all.length - kept.length,
    footer: `${brief.meta.title} (brief ${brief.id}) · sitrep`,
  };
  const figures = series.map((s) => `${s.source} (${s.grade}): ${s.points.at(-1)?.text ?? ""}`);
  return {
    name: `toll-${place?.id ?? brief.id}-${metric}.png`,
    alt: `Chart of ${metricTitle(metric).toLowerCase()} in ${where}, each source's own figures over time, ${spec.asOf}${figures.length > 0 ? `. Newest: ${figures.join("; ")}` : ": no figures yet"}.`,
    spec,
  };
}
