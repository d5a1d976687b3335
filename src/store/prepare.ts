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
import { prepareVerdict } from "./verdict.ts";

/** A command's preparation of one brief, as steps (so a slice can end between them). */
export type Preparer = (brief: Brief) => Iterable<() => void>;

const preparers: Preparer[] = [];
const warmers: Preparer[] = [];

/**
 * Adds work to prepareBrief: what a command keeps per brief as of now (worded in the command,
 * so not the store's to know), registered when the command's module loads.
 */
export function registerPreparer(prepare: Preparer): void {
  preparers.push(prepare);
}

/**
 * Adds work to warmBrief: what a command keeps per brief for questions about the past, worked
 * out after the brief is served (seconds of work at a million claims, which no reload should
 * wait for), registered when the command's module loads.
 */
export function registerWarmer(warm: Preparer): void {
  warmers.push(warm);
}

/**
 * The preparation as small steps in order: one per place where the work is per place, so a
 * caller can give the event loop a turn between them.
 */
function* preparationSteps(brief: Brief): Generator<() => void> {
  yield () => briefTimes(brief);
  yield () => groupPositions(brief);
  yield () => settledAt(brief);
  yield () => withdrawals(brief);
  yield () => placesWithControl(brief);
  for (const placeId of brief.claimsByPlace.keys()) yield () => placeIndex(brief, placeId);
  // As of now: each place's verdict and newest control claim (what /who-controls, an actor's
  // places and the stale places read), so the first asker after a reload does not work them out.
  for (const placeId of placesWithControl(brief)) yield () => prepareVerdict(brief, placeId);
  yield () => stalePlaces(brief, settledAt(brief));
  for (const sourceId of brief.sources.keys()) yield () => sourceTimes(brief, sourceId);
  yield () => placeNames(brief);
  yield () => actorNames(brief);
  yield () => sourceNames(brief);
  for (const prepare of preparers) yield* prepare(brief);
}

export function prepareBrief(brief: Brief): void {
  for (const step of preparationSteps(brief)) step();
}

/** The warmers' work as small steps in order (see registerWarmer). */
function* warmingSteps(brief: Brief): Generator<() => void> {
  for (const warm of warmers) yield* warm(brief);
}

/** Everything the warmers keep, at once (the benchmarks' steady state, tests). */
export function warmBrief(brief: Brief): void {
  for (const step of warmingSteps(brief)) step();
}

/** Gives the event loop a turn: what other work (an ack) waits for between slices. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs the steps, pausing whenever a slice of `sliceMs` has run, and stops before a step once
 * `wanted` says the work is no longer wanted. Returns whether it ran every step.
 */
async function runInSlices(
  steps: Iterable<() => void>,
  sliceMs: number,
  pause: () => Promise<void>,
  wanted: () => boolean = () => true,
): Promise<boolean> {
  let sliceStart = performance.now();
  for (const step of steps) {
    if (!wanted()) return false;
    step();
    if (performance.now() - sliceStart >= sliceMs) {
      await pause();
      sliceStart = performance.now();
    }
  }
  return wanted();
}

/** How long warming may hold the event loop before it lets other work run: less than preparing. */
export const WARM_SLICE_MS = 10;

/**
 * warmBrief for a running bot, after the brief is served: in slices, with the event loop given
 * a turn after each, stopping as soon as `wanted` says the brief is no longer served (a newer
 * version replaced it, or the bot is closing). Returns whether it finished.
 */
export function warmBriefInSlices(
  brief: Brief,
  wanted: () => boolean,
  sliceMs = WARM_SLICE_MS,
  pause = nextTurn,
): Promise<boolean> {
  return runInSlices(warmingSteps(brief), sliceMs, pause, wanted);
}

/** How long preparation may hold the event loop before it lets other work (an ack) run. */
export const PREPARE_SLICE_MS = 20;

/**
 * prepareBrief for a running bot: the same work, with the event loop given a turn whenever a
 * slice of it has run, so a reload of a large brief (seconds at a million claims) holds up no
 * request's ack for longer than its slowest single step.
 */
export async function prepareBriefInSlices(
  brief: Brief,
  sliceMs = PREPARE_SLICE_MS,
  pause = nextTurn,
): Promise<void> {
  await runInSlices(preparationSteps(brief), sliceMs, pause);
}
