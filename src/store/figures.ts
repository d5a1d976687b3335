// Comparing figures by the brief format's rules (1.1, "Comparing figures"): a figure is a toll
// claim's count, or a part of its breakdown (of the part's own who and actor, in the parent's
// place and period); two figures are comparable when they share metric, who, actor, place and
// period and were reported within stale_after_hours of each other. Pure: no answer wording here.
import type { TollClaimOf } from "./query-index.ts";
import type { Count, Metric, Qualifier, Who } from "./schema.ts";

/** One figure: a toll's count, or one part of its breakdown. */
export interface Figure {
  readonly claim: TollClaimOf;
  /** The index of the breakdown part this figure is, when it is one. */
  readonly part?: number;
  readonly metric: Metric;
  readonly who: Who;
  readonly actor?: string;
  readonly count: Count;
  readonly qualifier: Qualifier;
  readonly source: string;
  readonly at: number;
}

/** A toll's own figure and one figure per part of its breakdown. */
export function figuresOf(claim: TollClaimOf): Figure[] {
  const own: Figure = {
    claim,
    metric: claim.metric,
    who: claim.who,
    ...(claim.actor === undefined ? {} : { actor: claim.actor }),
    count: claim.count,
    qualifier: claim.qualifier,
    source: claim.source,
    at: claim.at,
  };
  const parts = (claim.breakdown ?? []).map(
    (part, index): Figure => ({
      claim,
      part: index,
      metric: claim.metric,
      who: part.who ?? claim.who,
      ...((part.actor ?? claim.actor) === undefined ? {} : { actor: part.actor ?? claim.actor }),
      count: part.count,
      qualifier: part.qualifier ?? "exact",
      source: claim.source,
      at: claim.at,
    }),
  );
  return [own, ...parts];
}

/** What two comparable figures share: metric, who, actor, place and period. */
export function comparableKey(figure: Figure): string {
  const c = figure.claim;
  return `${figure.metric}|${figure.who}|${figure.actor ?? ""}|${c.place}|${c.since ?? ""}|${c.until ?? ""}`;
}

/**
 * Groups of comparable figures, each group's newest figure first and one figure per source (its
 * newest). Figures of one key are grouped from the newest back while they are within `withinMs`
 * of the group's newest, so every two figures of a group were reported within it of each other.
 * Groups come in the order of their first figure in `figures`.
 */
export function comparableGroups(figures: readonly Figure[], withinMs: number): Figure[][] {
  const order = new Map<Figure, number>(figures.map((figure, index) => [figure, index]));
  const byKey = new Map<string, Figure[]>();
  for (const figure of figures) {
    const key = comparableKey(figure);
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [figure]);
    else list.push(figure);
  }
  const groups: { first: number; figures: Figure[] }[] = [];
  for (const list of byKey.values()) {
    const sorted = [...list].sort((a, b) => b.at - a.at);
    let current: Figure[] = [];
    const close = () => {
      if (current.length === 0) return;
      const first = Math.min(...current.map((f) => order.get(f)!));
      groups.push({ first, figures: current });
      current = [];
    };
    for (const figure of sorted) {
      if (current.length > 0 && current[0]!.at - figure.at > withinMs) close();
      if (!current.some((f) => f.source === figure.source)) current.push(figure);
    }
    close();
  }
  return groups.sort((a, b) => a.first - b.first).map((g) => g.figures);
}
