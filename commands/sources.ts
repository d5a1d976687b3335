// /sources [name]: every source with its grade, stance and activity, or one source's profile.

import type { Answer } from "../src/answer/model.ts";
import {
  type ArgsOf,
  COMMON_OPTIONS,
  type Command,
  type CommandContext,
} from "../src/command/types.ts";

const definition = {
  name: "sources",
  description: "The sources behind the brief, how far each is trusted, and what each reported",
  usage: "[source name] [at:DATE] [brief:ID]",
  options: [
    {
      name: "name",
      description: "A source's name or abbreviation",
      kind: "source",
      positional: true,
    },
    ...COMMON_OPTIONS,
  ],
} as const;

export default {
  definition,
  handle(_args: ArgsOf<typeof definition>, _context: CommandContext): Answer {
    return { kind: "answer", title: "Sources", sections: [] };
  },
} satisfies Command<typeof definition>;
