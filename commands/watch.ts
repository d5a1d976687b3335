// /watch <place | actor | source> [on:…] [min:N] [mention:…]: admins make this channel follow
// something; /watch list shows what it follows. It changes the bot's state, so it is routed to
// the admin handler (src/schedule/watch-chat.ts) with who is asking; `handle` is never called.
import { usageAnswer } from "../src/answer/simple.ts";
import type { Command } from "../src/core/types.ts";

const definition = {
  name: "watch",
  description: "Admins: alert this channel when a place, actor or source it follows changes",
  usage:
    "<place | actor | source> [on:control|disputed|toll|any] [min:N] [mention:@group] [brief:ID] | list",
  admin: true,
  options: [
    {
      name: "target",
      description: "A place, an actor or a source (or `list` to see this channel's watches)",
      kind: "target",
      required: true,
      positional: true,
    },
    {
      name: "on",
      description: "What to alert on (default: control; any for a source)",
      kind: "choice",
      choices: ["control", "disputed", "toll", "any"],
    },
    { name: "min", description: "With on:toll, the smallest rise that alerts", kind: "text" },
    {
      name: "mention",
      description: "The one role, user group or user each alert mentions",
      kind: "text",
    },
    {
      name: "brief",
      description: "Which brief (when there are several)",
      kind: "text",
    },
  ],
} as const;

export default {
  definition,
  handle: () => usageAnswer("/watch is handled by the bot's admin handler."),
} satisfies Command<typeof definition>;
