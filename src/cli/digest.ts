// `sitrep digest [--brief ID] [--since T] [--until T] [--format text|slack|discord|json]
// [--briefs DIR]`: prints the daily summary a channel would get, without posting it. Times are
// read like `at:` in chat (in the brief's zone); the default period is the 24 hours before --until.
import { parseArgs } from "node:util";
import { isOutputFormat, OUTPUT_FORMATS, renderAnswer } from "../answer/render.ts";
import { chooseBrief } from "../core/brief-choice.ts";
import { resolveTime } from "../core/time.ts";
import { buildDigest } from "../digest/build.ts";
import { loadStoreForCli } from "./load-briefs.ts";
import { type Subcommand, UsageError } from "./subcommand.ts";

const DAY_MS = 86_400_000;

export default {
  usage: `[--brief ID] [--since T] [--until T] [--format ${OUTPUT_FORMATS.join("|")}] [--briefs DIR]`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        brief: { type: "string" },
        since: { type: "string" },
        until: { type: "string" },
        format: { type: "string", default: "text" },
        briefs: { type: "string" },
      },
    });
    if (!isOutputFormat(values.format)) {
      throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(", ")}`);
    }
    const store = await loadStoreForCli(values.briefs, io);
    if (store === undefined) return 1;
    const choice = chooseBrief(store, values.brief);
    if (!choice.ok) throw new UsageError(choice.error);
    const zone = choice.brief.meta.timezone;
    const now = io.now();

    const until = values.until === undefined ? now : resolveTime(values.until, zone, now, "end");
    if (until === undefined)
      throw new UsageError(`--until ${values.until} is not a time I can read`);
    const since =
      values.since === undefined ? until - DAY_MS : resolveTime(values.since, zone, now, "start");
    if (since === undefined)
      throw new UsageError(`--since ${values.since} is not a time I can read`);
    if (since >= until) throw new UsageError("--since must be before --until");

    io.out(renderAnswer(buildDigest(choice.brief, { since, until, now }), values.format));
    return 0;
  },
} satisfies Subcommand;
