// /sitrep [since]: what changed since a time, grouped; the daily post uses the same builder.

import type { Answer } from "../src/answer/model.ts";
import { usageAnswer } from "../src/answer/simple.ts";
import { resolveTime } from "../src/core/time.ts";
import {
  type ArgsOf,
  COMMON_OPTIONS,
  type Command,
  type CommandContext,
} from "../src/core/types.ts";
import { buildDigest } from "../src/digest/build.ts";

const definition = {
  name: "sitrep",
  description: "What changed: control, tolls, displacement, statements and events since a time",
  usage:
    "[since: 2024-11-29, 12h, 3d] [at:DATE] [brief:ID] | subscribe [HH:MM] [zone] | unsubscribe | schedule | status",
  options: [
    {
      name: "since",
      description: "Start of the period (default: the last 24 hours)",
      kind: "time",
      positional: true,
    },
    ...COMMON_OPTIONS,
  ],
} as const;

const DAY_MS = 86_400_000;

export default {
  definition,
  handle(args: ArgsOf<typeof definition>, context: CommandContext): Answer {
    const { brief, at, now } = context;
    // "12h" counts back from the time the answer is as of, not from the real now.
    const since =
      args.since === undefined
        ? at - DAY_MS
        : resolveTime(args.since, brief.meta.timezone, at, "start");
    if (since === undefined) {
      return usageAnswer(
        `"since:${args.since}" is not a time I can read (try 2024-11-29, 12h or 3d).`,
      );
    }
    if (since > at) {
      return usageAnswer("`since` must be before the time the answer is as of.");
    }
    // The period includes `at` itself: as of T means reported at or before T.
    return buildDigest(brief, { since, until: at + 1, now });
  },
} satisfies Command<typeof definition>;
