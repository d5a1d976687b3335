// /sitrep [place] [since]: what changed since a time, grouped, for the whole brief or for a place
// and the places inside it; the daily post uses the same builder. Its subcommands manage the bot:
// the daily summary (subscribe, unsubscribe, schedule), status and reload, declared here once;
// the core checks who may use them, the services do the work.

import type { Answer } from "../src/answer/model.ts";
import { nameNotFoundAnswer } from "../src/answer/not-found.ts";
import { refusalAnswer, usageAnswer } from "../src/answer/simple.ts";
import { buildStatusAnswer } from "../src/core/status.ts";
import { isTimeText, resolveTime } from "../src/core/time.ts";
import {
  type ArgsOf,
  COMMON_OPTIONS,
  type Command,
  type CommandContext,
  type StateContext,
} from "../src/core/types.ts";
import { buildDigest, type DigestBuilder } from "../src/digest/build.ts";
import { findPlace } from "../src/store/query-place.ts";

const subscribe = {
  name: "subscribe",
  description: "Admins: post the daily summary in this channel (default 07:00, the brief's zone)",
  options: [
    {
      name: "time",
      description: "The daily post's time, HH:MM (e.g. 07:30)",
      kind: "time-of-day",
      positional: true,
    },
    {
      name: "timezone",
      description: "The time zone of that time (e.g. Europe/Berlin)",
      kind: "timezone",
      positional: true,
    },
    {
      name: "empty",
      description: "Post on days with nothing new too",
      kind: "boolean",
    },
    {
      name: "pictures",
      description: "Add the region's control map on days control changed",
      kind: "boolean",
      hint: "on|off",
    },
    COMMON_OPTIONS[1],
  ],
  admin: true,
  refusal: "Only workspace admins can subscribe a channel to daily summaries.",
} as const;

const unsubscribe = {
  name: "unsubscribe",
  description: "Admins: stop this channel's daily summary",
  options: [COMMON_OPTIONS[1]],
  admin: true,
  refusal: "Only workspace admins can stop a channel's daily summaries.",
} as const;

const schedule = {
  name: "schedule",
  description: "This channel's daily summaries (all: every channel's, for admins)",
  options: [
    {
      name: "all",
      description: "Every channel of the workspace, not only this one (admins)",
      kind: "boolean",
      positional: true,
    },
  ],
  admin: (args: { readonly all?: unknown }) => args.all === true,
  refusal: "Only workspace admins can see every channel's schedule.",
} as const;

const status = {
  name: "status",
  description: "Admins: each brief in service and the problems blocking a newer version",
  options: [],
  admin: true,
  refusal: "Only admins can see the bot's status.",
} as const;

const reload = {
  name: "reload",
  description: "Admins: read the briefs again (accept: take a version that drops claims)",
  options: [
    {
      name: "accept",
      description: "Take a version held back because it drops claims",
      kind: "boolean",
      positional: true,
    },
  ],
  admin: true,
  refusal: "Only admins can reload the briefs.",
} as const;

const definition = {
  name: "sitrep",
  description: "What changed: control, tolls, displacement, statements and events since a time",
  options: [
    {
      name: "place",
      description: "Only this place and the places inside it",
      kind: "place",
      positional: true,
    },
    {
      name: "since",
      description:
        "Start of the period (2024-11-29, 12h, 3d; default 24h), after a place name if any",
      kind: "text",
      positional: true,
      // Known by its shape, so `/sitrep Saraqib 3d` and `/sitrep Saraqib since:3d` read alike.
      recognises: isTimeText,
      hint: "[since: 2024-11-29, 12h, 3d]",
    },
    ...COMMON_OPTIONS,
  ],
  subcommands: [subscribe, unsubscribe, schedule, status, reload],
  defaultSubcommand: "summary",
} as const;

const NOT_SET_UP = "Daily summaries are not set up on this bot.";

const DAY_MS = 86_400_000;

/** "Aleppo 3d" → place "Aleppo", since "3d"; "3d" → since; "Aleppo" → place. */
function splitPlaceAndSince(text: string | undefined): { place?: string; since?: string } {
  const words =
    text
      ?.trim()
      .split(/\s+/)
      .filter((w) => w !== "") ?? [];
  if (words.length === 0) return {};
  const last = words[words.length - 1]!;
  if (isTimeText(last)) {
    const place = words.slice(0, -1).join(" ");
    return place === "" ? { since: last } : { place, since: last };
  }
  return { place: words.join(" ") };
}

/** /sitrep answering with `digest` (the daily posts' tests give it one of their own). */
export function createSitrepCommand(digest: DigestBuilder = buildDigest) {
  return {
    definition,
    handle(args: ArgsOf<typeof definition>, context: CommandContext): Answer {
      const { brief, at, now } = context;
      const split = splitPlaceAndSince(args.since);
      const placeText = args.place ?? split.place;
      const sinceText = split.since;
      let placeId: string | undefined;
      if (placeText !== undefined) {
        const lookup = findPlace(brief, placeText);
        if (!lookup.found) return nameNotFoundAnswer(brief, placeText, context, "place");
        placeId = lookup.item.id;
      }
      // "12h" counts back from the time the answer is as of, not from the real now.
      const since =
        sinceText === undefined
          ? at - DAY_MS
          : resolveTime(sinceText, brief.meta.timezone, at, "start");
      if (since === undefined) {
        return usageAnswer(
          `"since:${sinceText}" is not a time I can read (try 2024-11-29, 12h or 3d).`,
        );
      }
      if (since > at) {
        return usageAnswer("`since` must be before the time the answer is as of.");
      }
      // The period includes `at` itself: as of T means reported at or before T.
      return digest(brief, {
        since,
        until: at + 1,
        now,
        ...(placeId === undefined ? {} : { place: placeId }),
      });
    },
    subcommands: {
      subscribe: {
        needs: "brief",
        handle: (args: ArgsOf<typeof subscribe>, context: CommandContext) =>
          context.services.subscriptions?.subscribe(
            {
              brief: context.brief,
              ...(args.time === undefined ? {} : { time: args.time }),
              ...(args.timezone === undefined ? {} : { timezone: args.timezone }),
              ...(args.empty === undefined ? {} : { postWhenEmpty: args.empty }),
              ...(args.pictures === undefined ? {} : { pictures: args.pictures }),
            },
            context.origin,
          ) ?? refusalAnswer(NOT_SET_UP),
      },
      unsubscribe: {
        needs: "state",
        handle: (args: ArgsOf<typeof unsubscribe>, context: StateContext) =>
          context.services.subscriptions?.unsubscribe(args.brief, context.origin) ??
          refusalAnswer(NOT_SET_UP),
      },
      schedule: {
        needs: "state",
        handle: (args: ArgsOf<typeof schedule>, context: StateContext) =>
          context.services.subscriptions?.schedule(args.all === true, context.origin) ??
          refusalAnswer(NOT_SET_UP),
      },
      status: {
        needs: "state",
        handle: (_args: ArgsOf<typeof status>, context: StateContext) => {
          const live = context.services.liveStatus;
          if (live === undefined) return refusalAnswer("Status is not available in this mode.");
          return buildStatusAnswer(live(), context.origin, context.now);
        },
      },
      reload: {
        needs: "state",
        handle: (args: ArgsOf<typeof reload>, context: StateContext): Answer | Promise<Answer> =>
          context.services.reload?.(args.accept === true, context.origin) ??
          refusalAnswer("Reloading is not available in this mode."),
      },
    },
  } satisfies Command<typeof definition>;
}

export default createSitrepCommand();
