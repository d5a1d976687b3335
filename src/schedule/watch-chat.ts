// `/watch` and `/unwatch` in chat: who may (admins, as for daily posts), the text read into a
// watch request, and the answers. The storage and the checks are the ones the CLI uses.
import type { Answer } from "../answer/model.ts";
import { refusalAnswer, usageAnswer } from "../answer/simple.ts";
import type { ChatOrigin } from "../core/admin.ts";
import type { Store } from "../store/types.ts";
import { parseWatchText } from "../watch/watch.ts";
import type { StateDb } from "./db.ts";
import {
  addWatchFor,
  describeWatchLine,
  listChannelWatches,
  removeWatchFor,
} from "./watch-admin.ts";

const WATCH_USAGE =
  "Usage: /watch <place | actor | source> [on:control|disputed|toll|any] [min:N] [mention:@group] [brief:ID], or /watch list";

export interface WatchChatOptions {
  readonly db: StateDb;
  readonly getStore: () => Store;
  readonly now: () => number;
}

function listAnswer(options: WatchChatOptions, origin: ChatOrigin): Answer {
  const watches = listChannelWatches(options.db, origin);
  const store = options.getStore();
  return {
    kind: "answer",
    title: "Watches in this channel",
    ...(watches.length === 0 ? { verdict: "This channel watches nothing." } : {}),
    sections:
      watches.length === 0
        ? []
        : [{ facts: watches.map((w) => ({ text: describeWatchLine(store, w) })) }],
    notes: [
      watches.length === 0
        ? "Start one with /watch <place | actor | source>."
        : "Stop one with /unwatch <id>.",
    ],
  };
}

export function answerWatch(text: string, origin: ChatOrigin, options: WatchChatOptions): Answer {
  if (text.trim().toLowerCase() === "list") return listAnswer(options, origin);
  if (!origin.isAdmin) return refusalAnswer("Only workspace admins can add a watch to a channel.");
  const request = parseWatchText(text);
  if (typeof request === "string") return usageAnswer(`${request}\n${WATCH_USAGE}`);
  const added = addWatchFor(
    options.db,
    options.getStore(),
    request,
    { ...origin, createdBy: origin.user },
    options.now(),
  );
  if (!added.ok) return usageAnswer(added.error);
  return {
    kind: "answer",
    title: added.created ? "Watch added" : "Watch updated",
    verdict: `This channel now watches ${added.text}.`,
    sections: [],
    notes: [
      "Alerts come when a new version of the brief changes what it follows; what is already in the brief raises none.",
    ],
  };
}

export function answerUnwatch(text: string, origin: ChatOrigin, options: WatchChatOptions): Answer {
  if (!origin.isAdmin) return refusalAnswer("Only workspace admins can remove a channel's watch.");
  const id = text.trim().replace(/^#/, "");
  if (!/^\d{1,9}$/.test(id))
    return usageAnswer("Usage: /unwatch <id> (the ids are in /watch list)");
  const removed = removeWatchFor(options.db, Number(id), origin);
  if (!removed.ok) return usageAnswer(removed.error);
  return {
    kind: "answer",
    title: "Watch removed",
    verdict: `This channel no longer watches ${describeWatchLine(options.getStore(), removed.watch)}.`,
    sections: [],
  };
}
