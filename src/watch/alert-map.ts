// The control map an alert carries when its watch asked for pictures (pictures:on) and control
// changed: the watched place; for an actor, the smallest place holding every place that changed;
// for a source, the brief's region. Drawn from the new version of the brief, as of the alert.
import { controlMapPicture } from "../answer/pictures/control-map-spec.ts";
import type { Picture } from "../answer/pictures/types.ts";
import type { Place } from "../store/schema.ts";
import type { Brief } from "../store/types.ts";
import type { Change } from "./diff.ts";
import type { Watch } from "./watch.ts";

/** The place and its parents, innermost first (a loop in the brief ends the walk). */
function lineageOf(brief: Brief, id: string): string[] {
  const chain: string[] = [];
  for (let at: string | undefined = id; at !== undefined && !chain.includes(at); ) {
    chain.push(at);
    at = brief.places.get(at)?.in;
  }
  return chain;
}

/** The innermost place that holds all of `ids` (itself, when there is one). */
function commonPlace(brief: Brief, ids: readonly string[]): string | undefined {
  const [first, ...rest] = ids;
  if (first === undefined) return undefined;
  const shared = rest.map((id) => new Set(lineageOf(brief, id)));
  return lineageOf(brief, first).find((p) => shared.every((s) => s.has(p)));
}

function mapPlace(brief: Brief, watch: Watch, changed: readonly string[]): Place | undefined {
  const region = brief.meta.region;
  const id =
    watch.target.kind === "place"
      ? watch.target.id
      : watch.target.kind === "actor"
        ? (commonPlace(brief, changed) ?? region)
        : region;
  return id === undefined ? undefined : brief.places.get(id);
}

/** The map for these changes, or none (pictures off, no control change, no place to draw). */
export function alertMapPictures(
  brief: Brief,
  watch: Watch,
  changes: readonly Change[],
  at: number,
  now: number,
): Picture[] {
  if (watch.pictures !== true) return [];
  const changed = changes.flatMap((c) => (c.kind === "control" ? [c.place] : []));
  if (changed.length === 0) return [];
  const place = mapPlace(brief, watch, changed);
  return place === undefined ? [] : [controlMapPicture(brief, place, { at, now })];
}
