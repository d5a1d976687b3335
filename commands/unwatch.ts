// /unwatch <id>: admins stop one of this channel's watches (the ids are in /watch list), through
// the watch service like /watch.
import { refusalAnswer } from "../src/answer/simple.ts";
import type { ArgsOf, Command, CommandContext } from "../src/core/types.ts";

const definition = {
  name: "unwatch",
  description: "Admins: stop one of this channel's watches (its id is in /watch list)",
  admin: true,
  refusal: "Only workspace admins can remove a channel's watch.",
  options: [
    {
      name: "id",
      description: "The watch's id, from /watch list",
      kind: "text",
      required: true,
      positional: true,
    },
  ],
} as const;

export default {
  definition,
  needs: "state",
  handle(args: ArgsOf<typeof definition>, context: CommandContext) {
    const watches = context.services.watches;
    if (watches === undefined) return refusalAnswer("Watches are not set up on this bot.");
    return watches.unwatch(args.id, context.origin);
  },
} satisfies Command<typeof definition>;
