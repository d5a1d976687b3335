// From two versions of the store to the alerts they raise: per brief that changed, the diff as
// of now, each watch's changes, grouped into one alert per watch, with the thread it belongs to
// (the place and the local day, when the alert is about one place). Pure: the caller stores
// and sends what comes out.
import { createHash } from "node:crypto";
import { formatDay, placeLabelOf } from "../answer/format.ts";
import type { Answer } from "../answer/model.ts";
import type { Brief, Store } from "../store/types.ts";
import { buildAlertAnswer } from "./alert-answer.ts";
import { alertMapPictures } from "./alert-map.ts";
import {
  type BriefChanges,
  type Change,
  claimPlaces,
  diffBriefs,
  hasChanges,
  matchWatch,
} from "./diff.ts";
import type { Watch } from "./watch.ts";

export interface RaisedAlert {
  /** Stable for the same watch and the same changes, on any instance. */
  readonly id: string;
  readonly watch: Watch;
  readonly changes: readonly Change[];
  readonly brief: Brief;
  /** Alerts with the same key share a thread in their channel. */
  readonly threadKey?: string;
  readonly threadName?: string;
}

/** The briefs whose version changed between the two stores, with their diffs as of `now`. */
export function diffStores(previous: Store | undefined, next: Store, now: number): BriefChanges[] {
  if (previous === undefined) return [];
  const diffs: BriefChanges[] = [];
  for (const [id, brief] of next.briefs) {
    const before = previous.briefs.get(id);
    if (before === undefined || before === brief) continue;
    const changes = diffBriefs(before, brief, now);
    if (hasChanges(changes)) diffs.push(changes);
  }
  return diffs;
}

function changePlace(brief: Brief, change: Change): string | undefined {
  switch (change.kind) {
    case "control":
      return change.place;
    case "toll":
      return change.claim.place;
    case "claim":
      return claimPlaces(brief, change.claim)[0];
  }
}

/** YYYY-MM-DD of `at` in the brief's time zone. */
function localDate(at: number, zone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(at);
}

/** One place per alert makes a thread: that place, or the watched place the changes are in. */
function threadOf(brief: Brief, watch: Watch, changes: readonly Change[], now: number) {
  const places = new Set(changes.map((c) => changePlace(brief, c)));
  const [only] = places;
  const place =
    places.size === 1 && only !== undefined
      ? only
      : watch.target.kind === "place"
        ? watch.target.id
        : undefined;
  if (place === undefined) return {};
  const zone = brief.meta.timezone;
  return {
    threadKey: `${brief.id}|${place}|${localDate(now, zone)}`,
    threadName: `${placeLabelOf(brief, place)}: alerts of ${formatDay(now, zone)}`,
  };
}

export function alertId(watch: Watch, keys: readonly string[]): string {
  const hash = createHash("sha256")
    .update([...keys].sort().join("\n"))
    .digest("hex");
  return `alert:${watch.id}:${hash.slice(0, 20)}`;
}

/** Each watch's alert for these diffs (watches of other briefs, or with no change, get none). */
export function raiseAlerts(
  diffs: readonly BriefChanges[],
  watches: readonly Watch[],
  now: number,
): RaisedAlert[] {
  const alerts: RaisedAlert[] = [];
  for (const changes of diffs) {
    for (const watch of watches) {
      const matched = matchWatch(watch, changes);
      if (matched.length === 0) continue;
      alerts.push({
        id: alertId(
          watch,
          matched.map((c) => c.key),
        ),
        watch,
        changes: matched,
        brief: changes.brief,
        ...threadOf(changes.brief, watch, matched, now),
      });
    }
  }
  return alerts;
}

/** The alert's message, for the changes of it still to be told, as of `at` (asked at `now`). */
export function alertAnswer(
  alert: RaisedAlert,
  changes: readonly Change[],
  at: number,
  now = at,
): Answer {
  const answer = buildAlertAnswer(alert.brief, alert.watch, changes, at, now);
  const pictures = alertMapPictures(alert.brief, alert.watch, changes, at, now);
  return pictures.length === 0 ? answer : { ...answer, pictures };
}
