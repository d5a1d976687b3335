// /unwatch <id>: admins stop one of this channel's watches (the ids are in /watch list). Routed to
// the admin handler like /watch.
import { usageAnswer } from "../src/answer/simple.ts";
import type { Command } from "../src/core/types.ts";

const definition = {
  name: "unwatch",
  description: "Admins: stop one of this channel's watches (its id is in /watch list)",
  usage: "<id>",
  admin: true,
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
  handle: () => usageAnswer("/unwatch is handled by the bot's admin handler."),
} satisfies Command<typeof definition>;
