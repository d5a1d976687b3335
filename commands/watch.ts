// /watch <place | actor | source> [on:…] [min:N] [mention:…] [pictures:on|off]: admins make this channel follow
// something; /watch list shows what it follows, to anyone. It works on the bot's state, through
// the watch service (src/schedule/watch-chat.ts) the core hands it.
import { refusalAnswer } from "../src/answer/simple.ts";
import type { ArgsOf, Command, CommandContext } from "../src/core/types.ts";

const definition = {
  name: "watch",
  description: "Admins: alert this channel when a place, actor or source it follows changes",
  admin: (args: { readonly target?: unknown }) =>
    String(args.target ?? "")
      .trim()
      .toLowerCase() !== "list",
  refusal: "Only workspace admins can add a watch to a channel.",
  options: [
    {
      name: "target",
      description: "A place, an actor or a source (or `list` to see this channel's watches)",
      kind: "target",
      required: true,
      positional: true,
      hint: "<place | actor | source>",
    },
    {
      name: "on",
      description: "What to alert on (default: control; any for a source)",
      kind: "choice",
      choices: ["control", "disputed", "toll", "any"],
    },
    {
      name: "min",
      description: "With on:toll, the smallest rise that alerts",
      kind: "text",
      hint: "N",
    },
    {
      name: "mention",
      description: "The one role, user group or user each alert mentions",
      kind: "text",
      hint: "@group",
    },
    {
      name: "brief",
      description: "Which brief (when there are several)",
      kind: "text",
      hint: "ID",
    },
    {
      name: "pictures",
      description: "Add the control map to control and disputed alerts",
      kind: "boolean",
      hint: "on|off",
    },
  ],
} as const;

export default {
  definition,
  needs: "state",
  handle(args: ArgsOf<typeof definition>, context: CommandContext) {
    const watches = context.services.watches;
    if (watches === undefined) return refusalAnswer("Watches are not set up on this bot.");
    if (args.target.trim().toLowerCase() === "list") return watches.list(context.origin);
    return watches.watch(args, context.origin);
  },
} satisfies Command<typeof definition>;
