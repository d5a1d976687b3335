// The chat side of daily summaries: the SubscriptionService behind `/sitrep subscribe`,
// `unsubscribe` and `schedule`. The core has already read and checked the arguments, chosen the
// brief and checked that the asker may do this; here is only what the state database does.
import type { Answer, Fact } from "../answer/model.ts";
import { refusalAnswer, usageAnswer } from "../answer/simple.ts";
import type { ChatOrigin, PlatformName, SubscriptionService } from "../core/types.ts";
import type { StateStore } from "../state/types.ts";
import { describeLastDelivery, describeNextPost, describeSubscription } from "./describe.ts";

export interface SubscriptionServiceOptions {
  readonly state: StateStore;
  readonly now: () => number;
  /** Only for showing when a missed post will still go out; default 6. */
  readonly catchUpHours?: number;
  /**
   * Why this bot cannot post to a platform's channels (undefined: it can). A subscription there
   * is refused, and `/sitrep schedule` shows existing ones as undeliverable.
   */
  readonly cannotPost?: (platform: PlatformName) => string | undefined;
}

const DEFAULT_TIME = "07:00";

export function createSubscriptionService(
  options: SubscriptionServiceOptions,
): SubscriptionService {
  const { now } = options;
  const { subscriptions, deliveries } = options.state;
  const catchUpHours = options.catchUpHours ?? 6;

  const subscribe: SubscriptionService["subscribe"] = async (args, origin) => {
    const undeliverable = options.cannotPost?.(origin.platform);
    if (undeliverable !== undefined) {
      return refusalAnswer(
        `Not subscribed: ${undeliverable}. Nothing was stored; ask whoever runs the bot to set it up.`,
      );
    }
    const at = now();
    const { subscription, created } = await subscriptions.upsert(
      {
        platform: origin.platform,
        workspace: origin.workspace,
        channel: origin.channel,
        brief: args.brief.id,
        time: args.time ?? DEFAULT_TIME,
        timezone: args.timezone ?? args.brief.meta.timezone,
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
      verdict: `This channel gets the ${args.brief.meta.title} summary every day at ${when}.`,
      sections: [
        {
          facts: [
            {
              text: `Next post: ${await describeNextPost(deliveries, subscription, at, catchUpHours)}`,
            },
          ],
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
  };

  async function unsubscribe(requested: string | undefined, origin: ChatOrigin): Promise<Answer> {
    const brief = requested?.trim().toLowerCase();
    const here = (await subscriptions.list(origin)).filter(
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
    await subscriptions.remove(sub.id);
    return {
      kind: "answer",
      title: "Daily summary stopped",
      verdict: `This channel no longer gets the daily ${sub.brief} summary.`,
      sections: [],
    };
  }

  async function schedule(all: boolean, origin: ChatOrigin): Promise<Answer> {
    const subs = await subscriptions.list({
      platform: origin.platform,
      workspace: origin.workspace,
      ...(all ? {} : { channel: origin.channel }),
    });
    const at = now();
    const facts: Fact[] = [];
    for (const sub of subs) {
      const undeliverable = options.cannotPost?.(sub.platform);
      const last = await describeLastDelivery(deliveries, sub);
      facts.push({
        text: describeSubscription(sub),
        detail:
          undeliverable !== undefined
            ? `Cannot be delivered: ${undeliverable}. Last: ${last}`
            : `Next: ${await describeNextPost(deliveries, sub, at, catchUpHours)}. Last: ${last}`,
      });
    }
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

  return { subscribe, unsubscribe, schedule };
}
