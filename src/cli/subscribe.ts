// `sitrep subscribe --platform slack --workspace T1 --channel C1 [--brief ID] [--time 07:00]
// [--tz ZONE] [--post-when-empty] [--pictures] [--briefs DIR]`: adds or updates a daily-summary subscription,
// as `/sitrep subscribe` does from chat. Exit 1 when the briefs do not load, 2 on bad options.
import { parseArgs } from "node:util";
import { chooseBrief } from "../core/brief-choice.ts";
import { describeNextPost } from "../schedule/describe.ts";
import { canonicalTimeZone, parseLocalTime } from "../schedule/due.ts";
import { loadStoreForCli } from "./load-briefs.ts";
import { CHANNEL_OPTIONS, openCliState, PLATFORMS, parseChannelFlags } from "./state.ts";
import { type Subcommand, UsageError } from "./subcommand.ts";

export default {
  usage: `--platform ${PLATFORMS.join("|")} --workspace ID --channel ID [--brief ID] [--time HH:MM] [--tz ZONE] [--post-when-empty] [--pictures] [--briefs DIR]`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        ...CHANNEL_OPTIONS,
        brief: { type: "string" },
        time: { type: "string", default: "07:00" },
        tz: { type: "string" },
        "post-when-empty": { type: "boolean", default: false },
        pictures: { type: "boolean", default: false },
        briefs: { type: "string" },
      },
    });
    const { platform, workspace, channel } = parseChannelFlags(values);
    const time = parseLocalTime(values.time);
    if (time === undefined)
      throw new UsageError(`--time must be HH:MM (00:00 to 23:59), not ${values.time}`);
    const zone = values.tz === undefined ? undefined : canonicalTimeZone(values.tz);
    if (values.tz !== undefined && zone === undefined) {
      throw new UsageError(`--tz ${values.tz} is not a known IANA time zone (e.g. Europe/Berlin)`);
    }
    const store = await loadStoreForCli(values.briefs, io);
    if (store === undefined) return 1;
    const choice = chooseBrief(store, values.brief);
    if (!choice.ok) throw new UsageError(choice.error);

    const { state, catchUpHours } = await openCliState(io);
    try {
      const now = io.now();
      const { subscription, created } = await state.subscriptions.upsert(
        {
          platform,
          workspace,
          channel,
          brief: choice.brief.id,
          time,
          timezone: zone ?? choice.brief.meta.timezone,
          postWhenEmpty: values["post-when-empty"],
          pictures: values.pictures,
          createdBy: "cli",
        },
        now,
      );
      io.out(
        `${created ? "Subscribed" : "Updated"} ${platform} ${workspace} #${channel}: ${subscription.brief} daily at ${subscription.time} ${subscription.timezone} (subscription ${subscription.id}).`,
      );
      const next = await describeNextPost(state.deliveries, subscription, now, catchUpHours);
      io.out(`Next post: ${next}.`);
      return 0;
    } finally {
      await state.close();
    }
  },
} satisfies Subcommand;
