// Builds a brief's query and name indexes ahead of the first question. They are lazy so tests and
// the CLI pay only for what they ask, but a bot must not make the first asker after a reload wait
// (at a million claims the indexes take seconds, and chat platforms give the bot three).
import { actorNames, placeNames, sourceNames } from "./names.ts";
import { sourceTimes, stalePlaces } from "./queries.ts";
import {
  briefTimes,
  groupPositions,
  placeIndex,
  placesWithControl,
  settledAt,
  withdrawals,
} from "./query-index.ts";
import type { Brief } from "./types.ts";
import { prepareVerdicts } from "./verdict.ts";

const preparers: ((brief: Brief) => void)[] = [];

/**
 * Adds work to prepareBrief: what a command keeps per brief as of now (worded in the command,
 * so not the store's to know), registered when the command's module loads.
 */
export function registerPreparer(prepare: (brief: Brief) => void): void {
  preparers.push(prepare);
}

export function prepareBrief(brief: Brief): void {
  briefTimes(brief);
  groupPositions(brief);
  settledAt(brief);
  withdrawals(brief);
  placesWithControl(brief);
  for (const placeId of brief.claimsByPlace.keys()) placeIndex(brief, placeId);
  // As of now: each place's verdict and newest control claim (what /who-controls, an actor's
  // places and the stale places read), so the first asker after a reload does not work them out.
  prepareVerdicts(brief);
  stalePlaces(brief, settledAt(brief));
  for (const sourceId of brief.sources.keys()) sourceTimes(brief, sourceId);
  placeNames(brief);
  actorNames(brief);
  sourceNames(brief);
  for (const prepare of preparers) prepare(brief);
}
