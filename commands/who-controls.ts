// /who-controls <place>: each source's newest control claims, and a one-line verdict.

import type { Answer } from "../src/answer/model.ts";
import {
  type ArgsOf,
  COMMON_OPTIONS,
  type Command,
  type CommandContext,
} from "../src/command/types.ts";

const definition = {
  name: "who-controls",
  description: "Who holds a place, per each source, with dates; disputed when sources disagree",
  usage: "<place> [at:DATE] [brief:ID]",
  options: [
    { name: "place", description: "Place name", kind: "place", required: true, positional: true },
    ...COMMON_OPTIONS,
  ],
} as const;

export default {
  definition,
  handle(args: ArgsOf<typeof definition>, _context: CommandContext): Answer {
    return { kind: "answer", title: `Who controls ${args.place}`, sections: [] };
  },
} satisfies Command<typeof definition>;
