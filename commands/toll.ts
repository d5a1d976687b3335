// /toll [place] [metric]: each source's newest figures for a place and the places inside it.

import type { Answer } from "../src/answer/model.ts";
import {
  type ArgsOf,
  COMMON_OPTIONS,
  type Command,
  type CommandContext,
} from "../src/command/types.ts";
import { METRICS } from "../src/store/schema.ts";

const definition = {
  name: "toll",
  description: "Casualty and displacement figures for a place, each with its source and date",
  usage: "[place] [killed|injured|displaced|detained|missing] [at:DATE] [brief:ID]",
  options: [
    {
      name: "place",
      description: "Place name (default: the brief's region)",
      kind: "place",
      positional: true,
    },
    {
      name: "metric",
      description: "Which figure",
      kind: "choice",
      choices: METRICS,
      positional: true,
    },
    ...COMMON_OPTIONS,
  ],
} as const;

export default {
  definition,
  handle(_args: ArgsOf<typeof definition>, context: CommandContext): Answer {
    return { kind: "answer", title: `Tolls: ${context.brief.meta.title}`, sections: [] };
  },
} satisfies Command<typeof definition>;
