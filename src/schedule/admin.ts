// The chat side of daily summaries and watches: `/sitrep subscribe|unsubscribe|schedule|status`,
// `/watch` and `/unwatch`, as the AdminHandler platforms call once they know who is asking and
// whether they are an admin.
import type { Answer, Fact } from "../answer/model.ts";
import { refusalAnswer, usageAnswer } from "../answer/simple.ts";
import type { AdminHandler, AdminSubcommand, ChatOrigin } from "../core/admin.ts";
import type { PlatformName } from "../core/types.ts";
import type { Store } from "../store/types.ts";
import { chooseBrief } from "./brief-choice.ts";
import type { StateDb } from "./db.ts";
import { describeLastDelivery, describeNextPost, describeSubscription } from "./describe.ts";
import { canonicalTimeZone, parseLocalTime } from "./due.ts";
import { listSubscriptions, removeSubscription, upsertSubscription } from "./subscriptions.ts";
import { answerUnwatch, answerWatch } from "./watch-chat.ts";

export interface ScheduleAdminOptions {
  readonly db: StateDb;
  readonly getStore: () => Store;
  readonly now: () => number;
  /** Only for showing when a missed post will still go out; default 6. */
  readonly catchUpHours?: number;
  /**
   * Why this bot cannot post to a platform's channels (undefined: it can). A subscription there
   * is refused, and `/sitrep schedule` shows existing ones as undeliverable.
   */
  readonly cannotPost?: (platform: PlatformName) => string | undefined;
  /** `/sitrep status`, when the bot offers it. */
  readonly status?: (origin: ChatOrigin) => Answer | Promise<Answer>;
  /** `/sitrep reload [accept]` (admins): show, or take on purpose, a held-back brief version. */
  readonly reload?: (accept: boolean, origin: ChatOrigin) => Answer | Promise<Answer>;
}

const DEFAULT_TIME = "07:00";
const SUBSCRIBE_USAGE =
  "Usage: /sitrep subscribe [HH:MM] [time zone] [brief:ID] [empty:yes|no] [pictures:on|off], e.g. /sitrep subscribe 07:30 Europe/Berlin";

export interface SubscribeArgs {
  readonly time?: string;
  readonly timezone?: string;
  readonly brief?: string;
  readonly postWhenEmpty?: boolean;
  /** pictures:on: the region's control map on days control changed. */
  readonly pictures?: boolean;
}

/** Reads `07:30 Europe/Berlin brief:x empty:yes` in any order; a string is the usage error. */
export function parseSubscribeText(text: string): SubscribeArgs | string {
  const args: { -readonly [K in keyof SubscribeArgs]: SubscribeArgs[K] } = {};
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    const option = /^([a-z]+):(.*)$/i.exec(word);
    if (option !== null && option[1]!.toLowerCase() === "brief") {
      args.brief = option[2]!;
    } else if (option !== null && option[1]!.toLowerCase() === "empty") {
      const value = option[2]!.toLowerCase();
      if (value !== "yes" && value !== "no") return "empty: takes yes or no.";
      args.postWhenEmpty = value === "yes";
    } else if (option !== null && option[1]!.toLowerCase() === "pictures") {
      const value = option[2]!.toLowerCase();
      if (!["on", "off", "yes", "no"].includes(value)) return "pictures: takes on or off.";
      args.pictures = value === "on" || value === "yes";
    } else if (/^\d{1,2}:\d{2}$/.test(word)) {
      const time = parseLocalTime(word);
      if (time === undefined)
        return `"${word}" is not a time of day; use HH:MM from 00:00 to 23:59.`;
      args.time = time;
    } else {
      const zone = canonicalTimeZone(word);
      if (zone === undefined) {
        return `"${word}" is not a time (HH:MM), a time zone (e.g. Europe/Berlin), brief:ID, empty:yes|no or pictures:on|off.`;
      }
      args.timezone = zone;
    }
  }
  return args;
}

function readBriefOption(text: string): { brief?: string; rest: string[] } {
  const rest: string[] = [];
  let brief: string | undefined;
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    const match = /^brief:(.+)$/i.exec(word);
    if (match !== null) brief = match[1]!.toLowerCase();
    else rest.push(word);
  }
  return brief === undefined ? { rest } : { brief, rest };
}

export function createScheduleAdmin(options: ScheduleAdminOptions): AdminHandler {
  const { db, getStore, now } = options;
  const catchUpHours = options.catchUpHours ?? 6;

  function subscribe(text: string, origin: ChatOrigin): Answer {
    if (!origin.isAdmin) {
      return refusalAnswer("Only workspace admins can subscribe a channel to daily summaries.");
    }
    const args = parseSubscribeText(text);
    if (typeof args === "string") return usageAnswer(`${args}\n${SUBSCRIBE_USAGE}`);
    const undeliverable = options.cannotPost?.(origin.platform);
    if (undeliverable !== undefined) {
      return refusalAnswer(
        `Not subscribed: ${undeliverable}. Nothing was stored; ask whoever runs the bot to set it up.`,
      );
    }
    const choice = chooseBrief(getStore(), args.brief);
    if (!choice.ok) return usageAnswer(choice.error);
    const at = now();
    const { subscription, created } = upsertSubscription(
      db,
      {
        platform: origin.platform,
        workspace: origin.workspace,
        channel: origin.channel,
        brief: choice.brief.id,
        time: args.time ?? DEFAULT_TIME,
        timezone: args.timezone ?? choice.brief.meta.timezone,
        postWhenEmpty: args.postWhenEmpty ?? false,
        pictures: args.pictures ?? false,
        createdBy: origin.user,
      },
      at,
    );
    const when = `${subscription.time} ${subscription.timezone}`;
    return {
      kind: "answer",
      title: created ? "Daily summary scheduled" : "Daily summary updated",
      verdict: `This channel gets the ${choice.brief.meta.title} summary every day at ${when}.`,
      sections: [
        {
          facts: [{ text: `Next post: ${describeNextPost(db, subscription, at, catchUpHours)}` }],
        },
      ],
      notes: [
        subscription.postWhenEmpty
          ? "Days with nothing new still get a post."
          : "Days with nothing new are skipped; subscribe again with empty:yes to post anyway.",
        subscription.pictures
          ? "On days control changed, the post carries the region's control map."
          : "Subscribe with pictures:on for the region's control map on days control changed.",
      ],
    };
  }

  function unsubscribe(text: string, origin: ChatOrigin): Answer {
    if (!origin.isAdmin) {
      return refusalAnswer("Only workspace admins can stop a channel's daily summaries.");
    }
    const { brief, rest } = readBriefOption(text);
    if (rest.length > 0) return usageAnswer("Usage: /sitrep unsubscribe [brief:ID]");
    const here = listSubscriptions(db, origin).filter(
      (s) => brief === undefined || s.brief === brief,
    );
    if (here.length === 0) {
      return usageAnswer(
        brief === undefined
          ? "This channel has no daily summary."
          : `This channel has no daily summary of ${brief}.`,
      );
    }
    if (here.length > 1) {
      return usageAnswer(
        `This channel gets several summaries; say which with brief:ID (${here.map((s) => s.brief).join(", ")}).`,
      );
    }
    const sub = here[0]!;
    removeSubscription(db, sub.id);
    return {
      kind: "answer",
      title: "Daily summary stopped",
      verdict: `This channel no longer gets the daily ${sub.brief} summary.`,
      sections: [],
    };
  }

  function schedule(text: string, origin: ChatOrigin): Answer {
    const words = text.split(/\s+/).filter((w) => w !== "");
    const all = words.length === 1 && words[0]!.toLowerCase() === "all";
    if (words.length > 0 && !all) return usageAnswer("Usage: /sitrep schedule [all]");
    if (all && !origin.isAdmin) {
      return refusalAnswer("Only workspace admins can see every channel's schedule.");
    }
    const subs = listSubscriptions(db, {
      platform: origin.platform,
      workspace: origin.workspace,
      ...(all ? {} : { channel: origin.channel }),
    });
    const at = now();
    const facts: Fact[] = subs.map((sub) => {
      const undeliverable = options.cannotPost?.(sub.platform);
      return {
        text: describeSubscription(sub),
        detail:
          undeliverable !== undefined
            ? `Cannot be delivered: ${undeliverable}. Last: ${describeLastDelivery(db, sub)}`
            : `Next: ${describeNextPost(db, sub, at, catchUpHours)}. Last: ${describeLastDelivery(db, sub)}`,
      };
    });
    return {
      kind: "answer",
      title: all ? "Daily summaries in this workspace" : "Daily summaries in this channel",
      ...(subs.length === 0
        ? {
            verdict: all
              ? "No channel here gets a daily summary."
              : "This channel gets no daily summary.",
          }
        : {}),
      sections: subs.length === 0 ? [] : [{ facts }],
      ...(subs.length === 0 && origin.isAdmin
        ? { notes: ["Start one with /sitrep subscribe [HH:MM] [time zone]."] }
        : {}),
    };
  }

  return {
    async handle(subcommand: AdminSubcommand, text: string, origin: ChatOrigin): Promise<Answer> {
      switch (subcommand) {
        case "subscribe":
          return subscribe(text, origin);
        case "unsubscribe":
          return unsubscribe(text, origin);
        case "schedule":
          return schedule(text, origin);
        case "reload": {
          if (!origin.isAdmin) return refusalAnswer("Only admins can reload the briefs.");
          const words = text.trim().toLowerCase();
          if (words !== "" && words !== "accept") {
            return usageAnswer("Usage: /sitrep reload [accept]");
          }
          if (options.reload === undefined)
            return refusalAnswer("Reloading is not available here.");
          return options.reload(words === "accept", origin);
        }
        case "watch":
          return answerWatch(text, origin, { db, getStore, now });
        case "unwatch":
          return answerUnwatch(text, origin, { db, getStore, now });
        case "status":
          if (options.status !== undefined) return options.status(origin);
          return {
            kind: "answer",
            title: "Status",
            sections: [],
            notes: ["status is not available yet"],
          };
      }
    },
  };
}
