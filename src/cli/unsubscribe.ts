// `sitrep unsubscribe --platform slack --workspace T1 --channel C1 [--brief ID]`: stops a
// channel's daily summary. Exit 1 when there is none, 2 on bad options.
import { parseArgs } from "node:util";
import { CHANNEL_OPTIONS, openCliState, PLATFORMS, parseChannelFlags } from "./state.ts";
import { type Subcommand, UsageError } from "./subcommand.ts";

export default {
  usage: `--platform ${PLATFORMS.join("|")} --workspace ID --channel ID [--brief ID]`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        ...CHANNEL_OPTIONS,
        brief: { type: "string" },
      },
    });
    const { platform, workspace, channel } = parseChannelFlags(values);
    const brief = values.brief?.trim().toLowerCase();

    const { state } = await openCliState(io);
    try {
      const here = (await state.subscriptions.list({ platform, workspace, channel })).filter(
        (s) => brief === undefined || s.brief === brief,
      );
      const where = `${platform} ${workspace} #${channel}`;
      if (here.length === 0) {
        io.err(`${where} has no daily summary${brief === undefined ? "" : ` of ${brief}`}.`);
        return 1;
      }
      if (here.length > 1) {
        throw new UsageError(
          `${where} gets several summaries; say which with --brief (${here.map((s) => s.brief).join(", ")})`,
        );
      }
      const sub = here[0]!;
      await state.subscriptions.remove(sub.id);
      io.out(`Unsubscribed ${where} from the daily ${sub.brief} summary.`);
      return 0;
    } finally {
      await state.close();
    }
  },
} satisfies Subcommand;
