// `sitrep alerts --since T [--brief ID] [--at T] [--format text|slack|discord|json]
// [--watch NAME [--on X] [--min N] [--mention ID]] [--briefs DIR]`: prints the alerts the claims
// reported since T would raise, sending nothing. The brief as it stood before T (without those claims)
// is compared with the brief as it is, as of --at (default now), for every watch in STATE_DB on
// the brief, or for one watch described by --watch.
import { parseArgs } from "node:util";
import { renderDiscordAlert, renderSlackAlert } from "../answer/mention.ts";
import { isOutputFormat, OUTPUT_FORMATS, renderAnswer } from "../answer/render.ts";
import { chooseBrief } from "../core/brief-choice.ts";
import { resolveTime } from "../core/time.ts";
import type { Store } from "../store/types.ts";
import { alertAnswer, diffStores, raiseAlerts } from "../watch/raise.ts";
import { briefBefore } from "../watch/since.ts";
import {
  defaultTrigger,
  MENTION_KINDS,
  parseMention,
  resolveTarget,
  WATCH_TRIGGERS,
  type Watch,
  type WatchTrigger,
} from "../watch/watch.ts";
import { loadStoreForCli } from "./load-briefs.ts";
import { openCliState } from "./state.ts";
import { type CliIo, type Subcommand, UsageError } from "./subcommand.ts";

function storeWith(store: Store, briefs: Store["briefs"]): Store {
  return { ...store, briefs };
}

/** The one watch `--watch NAME --on X --min N` describes, shown as watch 0 of the console. */
function adHocWatch(
  store: Store,
  briefId: string,
  name: string,
  on?: WatchTrigger,
  min?: number,
): Watch {
  const brief = store.briefs.get(briefId)!;
  const found = resolveTarget(brief, name);
  if (!found.ok) throw new UsageError(found.error);
  return {
    id: 0,
    platform: "console",
    workspace: "console",
    channel: "console",
    brief: briefId,
    target: found.target,
    on: on ?? (min === undefined ? defaultTrigger(found.target.kind) : "toll"),
    ...(min === undefined ? {} : { min }),
    createdAt: 0,
    createdBy: "cli",
  };
}

async function storedWatches(io: CliIo, briefId: string): Promise<Watch[]> {
  const { state } = await openCliState(io);
  try {
    return await state.watches.list({ brief: briefId });
  } finally {
    await state.close();
  }
}

export default {
  usage: `--since T [--brief ID] [--at T] [--format ${OUTPUT_FORMATS.join("|")}] [--watch NAME [--on ${WATCH_TRIGGERS.join("|")}] [--min N] [--mention ID [--mention-kind role|user|group]]] [--briefs DIR]`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        since: { type: "string" },
        at: { type: "string" },
        brief: { type: "string" },
        format: { type: "string", default: "text" },
        watch: { type: "string" },
        on: { type: "string" },
        min: { type: "string" },
        mention: { type: "string" },
        "mention-kind": { type: "string" },
        briefs: { type: "string" },
      },
    });
    if (!isOutputFormat(values.format)) {
      throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(", ")}`);
    }
    if (values.since === undefined) throw new UsageError("--since is required");
    const on = WATCH_TRIGGERS.find((t) => t === values.on?.toLowerCase());
    if (values.on !== undefined && on === undefined) {
      throw new UsageError(`--on must be one of ${WATCH_TRIGGERS.join(", ")}`);
    }
    if (values.min !== undefined && !/^\d{1,9}$/.test(values.min)) {
      throw new UsageError("--min takes a whole number");
    }
    const described = [values.on, values.min, values.mention, values["mention-kind"]];
    if (described.some((v) => v !== undefined) && values.watch === undefined) {
      throw new UsageError("--on, --min and --mention describe a --watch");
    }
    const mentionKind = MENTION_KINDS.find((k) => k === values["mention-kind"]?.toLowerCase());
    const platform = values.format === "discord" ? "discord" : "slack";
    const mention =
      values.mention === undefined
        ? undefined
        : parseMention(platform, values.mention, mentionKind);
    if (values.mention !== undefined && mention === undefined) {
      throw new UsageError(
        `--mention ${values.mention} is not a ${platform} user group, role or user id`,
      );
    }
    const store = await loadStoreForCli(values.briefs, io);
    if (store === undefined) return 1;
    const choice = chooseBrief(store, values.brief);
    if (!choice.ok) throw new UsageError(choice.error);
    const brief = choice.brief;
    const zone = brief.meta.timezone;
    const now = io.now();
    const at = values.at === undefined ? now : resolveTime(values.at, zone, now, "end");
    if (at === undefined) throw new UsageError(`--at ${values.at} is not a time I can read`);
    const since = resolveTime(values.since, zone, at, "start");
    if (since === undefined)
      throw new UsageError(`--since ${values.since} is not a time I can read`);
    if (since > at) throw new UsageError("--since must be before --at");

    const watches =
      values.watch === undefined
        ? await storedWatches(io, brief.id)
        : [
            {
              ...adHocWatch(
                store,
                brief.id,
                values.watch,
                on,
                values.min === undefined ? undefined : Number(values.min),
              ),
              ...(mention === undefined ? {} : { mention }),
            },
          ];
    if (watches.length === 0) {
      io.err(
        `No watch follows ${brief.id}; add one (sitrep watch add) or describe one with --watch NAME.`,
      );
      return 0;
    }
    const before = storeWith(store, new Map([[brief.id, briefBefore(brief, since)]]));
    const after = storeWith(store, new Map([[brief.id, brief]]));
    const alerts = raiseAlerts(diffStores(before, after, at), watches, at);
    if (alerts.length === 0) {
      io.err("The claims reported in that period raise no alert for these watches.");
      return 0;
    }
    for (const alert of alerts) {
      const where = `${alert.watch.platform} #${alert.watch.channel}`;
      if (values.format === "text") io.out(`[alert for watch ${alert.watch.id}, to ${where}]`);
      const answer = alertAnswer(alert, alert.changes, at, now);
      // The payload exactly as the transport would send it, the watch's one mention included.
      const mentioned = alert.watch.mention;
      if (values.format === "slack" && alert.watch.platform !== "discord") {
        io.out(JSON.stringify(renderSlackAlert(answer, mentioned), null, 2));
      } else if (values.format === "discord" && alert.watch.platform !== "slack") {
        io.out(JSON.stringify(renderDiscordAlert(answer, mentioned), null, 2));
      } else io.out(renderAnswer(answer, values.format));
      if (values.format === "text") io.out("");
    }
    return 0;
  },
} satisfies Subcommand;
