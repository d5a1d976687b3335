// `/watch` and `/unwatch` in chat: the WatchService the core hands those commands (it has already
// checked the options and who may), the request read from the checked options, and the answers.
// The storage and the checks are the ones the CLI uses.
import type { Answer } from "../answer/model.ts";
import { refusalAnswer, usageAnswer } from "../answer/simple.ts";
import type { ChatOrigin, PlatformName, WatchService } from "../core/types.ts";
import type { WatchRepo } from "../state/types.ts";
import type { Store } from "../store/types.ts";
import { WATCH_TRIGGERS, type WatchRequest, type WatchTargetKind } from "../watch/watch.ts";
import {
  addWatchFor,
  describeWatchLine,
  listChannelWatches,
  removeWatchFor,
} from "./watch-admin.ts";

export interface WatchChatOptions {
  readonly watches: WatchRepo;
  readonly getStore: () => Store;
  readonly now: () => number;
  /** Why this bot cannot post to a platform's channels (undefined: it can); a watch is refused. */
  readonly cannotPost?: (platform: PlatformName) => string | undefined;
}

async function listAnswer(options: WatchChatOptions, origin: ChatOrigin): Promise<Answer> {
  const watches = await listChannelWatches(options.watches, origin);
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

/** Checked /watch options as a watch request (`place:Aleppo` names the kind), or the problem. */
function watchRequest(args: Parameters<WatchService["watch"]>[0]): WatchRequest | string {
  const kinded = /^(place|actor|source):(.+)$/i.exec(args.target.trim());
  const query = (kinded?.[2] ?? args.target).replaceAll('"', "").trim();
  if (query === "") return "Say what to watch: a place, an actor or a source.";
  const on = WATCH_TRIGGERS.find((t) => t === args.on);
  if (args.min !== undefined && !/^\d{1,9}$/.test(args.min)) {
    return "min: takes a whole number (min:50).";
  }
  if (args.min !== undefined && on !== undefined && on !== "toll") {
    return "min: only applies to on:toll.";
  }
  return {
    query,
    ...(kinded === null ? {} : { targetKind: kinded[1]!.toLowerCase() as WatchTargetKind }),
    ...(on === undefined ? {} : { on }),
    ...(args.min === undefined ? {} : { min: Number(args.min) }),
    ...(args.mention === undefined ? {} : { mention: args.mention }),
    ...(args.brief === undefined ? {} : { brief: args.brief }),
    ...(args.pictures === undefined ? {} : { pictures: args.pictures }),
  };
}

export function createWatchService(options: WatchChatOptions): WatchService {
  return {
    list: (origin) => listAnswer(options, origin),
    async watch(args, origin) {
      const undeliverable = options.cannotPost?.(origin.platform);
      if (undeliverable !== undefined) {
        return refusalAnswer(
          `Not watching: ${undeliverable}, so no alert could reach this channel. Nothing was stored; ask whoever runs the bot to set it up.`,
        );
      }
      const request = watchRequest(args);
      if (typeof request === "string") return usageAnswer(request);
      const added = await addWatchFor(
        options.watches,
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
    },
    async unwatch(text, origin) {
      const id = text.trim().replace(/^#/, "");
      if (!/^\d{1,9}$/.test(id)) {
        return usageAnswer("Usage: /unwatch <id> (the ids are in /watch list)");
      }
      const removed = await removeWatchFor(options.watches, Number(id), origin);
      if (!removed.ok) return usageAnswer(removed.error);
      return {
        kind: "answer",
        title: "Watch removed",
        verdict: `This channel no longer watches ${describeWatchLine(options.getStore(), removed.watch)}.`,
        sections: [],
      };
    },
  };
}
