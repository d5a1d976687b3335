// /sitrep [place] [since]: what changed since a time, grouped, for the whole brief or for a place
// and the places inside it; the daily post uses the same builder.

import type { Answer } from "../src/answer/model.ts";
import { nameNotFoundAnswer } from "../src/answer/not-found.ts";
import { usageAnswer } from "../src/answer/simple.ts";
import { isTimeText, resolveTime } from "../src/core/time.ts";
import {
  type ArgsOf,
  COMMON_OPTIONS,
  type Command,
  type CommandContext,
} from "../src/core/types.ts";
import { buildDigest } from "../src/digest/build.ts";
import { findPlace } from "../src/store/query-place.ts";

const definition = {
  name: "sitrep",
  description: "What changed: control, tolls, displacement, statements and events since a time",
  usage:
    "[place] [since: 2024-11-29, 12h, 3d] [at:DATE] [brief:ID] | subscribe [HH:MM] [zone] | unsubscribe | schedule | status",
  options: [
    {
      name: "since",
      description:
        "Start of the period (2024-11-29, 12h, 3d; default 24h), after a place name if any",
      kind: "text",
      positional: true,
    },
    {
      name: "place",
      description: "Only this place and the places inside it",
      kind: "place",
    },
    ...COMMON_OPTIONS,
  ],
} as const;

const DAY_MS = 86_400_000;

/** "Aleppo 3d" → place "Aleppo", since "3d"; "3d" → since; "Aleppo" → place. */
function splitPlaceAndSince(text: string | undefined): { place?: string; since?: string } {
  const words =
    text
      ?.trim()
      .split(/\s+/)
      .filter((w) => w !== "") ?? [];
  if (words.length === 0) return {};
  const last = words[words.length - 1]!;
  if (isTimeText(last)) {
    const place = words.slice(0, -1).join(" ");
    return place === "" ? { since: last } : { place, since: last };
  }
  return { place: words.join(" ") };
}

export default {
  definition,
  handle(args: ArgsOf<typeof definition>, context: CommandContext): Answer {
    const { brief, at, now } = context;
    const split = splitPlaceAndSince(args.since);
    const placeText = args.place ?? split.place;
    const sinceText = split.since;
    let placeId: string | undefined;
    if (placeText !== undefined) {
      const lookup = findPlace(brief, placeText);
      if (!lookup.found) return nameNotFoundAnswer(brief, placeText, context, "place");
      placeId = lookup.item.id;
    }
    // "12h" counts back from the time the answer is as of, not from the real now.
    const since =
      sinceText === undefined
        ? at - DAY_MS
        : resolveTime(sinceText, brief.meta.timezone, at, "start");
    if (since === undefined) {
      return usageAnswer(
        `"since:${sinceText}" is not a time I can read (try 2024-11-29, 12h or 3d).`,
      );
    }
    if (since > at) {
      return usageAnswer("`since` must be before the time the answer is as of.");
    }
    // The period includes `at` itself: as of T means reported at or before T.
    return buildDigest(brief, {
      since,
      until: at + 1,
      now,
      ...(placeId === undefined ? {} : { place: placeId }),
    });
  },
} satisfies Command<typeof definition>;
