// /sitrep [since]: what changed since a time, grouped; the daily post uses the same builder.

import type { Answer } from "../src/answer/model.ts";
import {
  type ArgsOf,
  COMMON_OPTIONS,
  type Command,
  type CommandContext,
} from "../src/command/types.ts";

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

export default {
  definition,
  handle(_args: ArgsOf<typeof definition>, context: CommandContext): Answer {
    return { kind: "answer", title: `Sitrep: ${context.brief.meta.title}`, sections: [] };
  },
} satisfies Command<typeof definition>;
