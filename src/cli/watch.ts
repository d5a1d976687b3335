// `sitrep watch add|list|remove`: a channel's watches from the terminal, as /watch and /unwatch
// manage them from chat (the same checks, the same storage).
//   sitrep watch add --platform slack --workspace T1 --channel C1 [--on control|disputed|toll|any]
//     [--min N] [--mention ID] [--mention-kind role|user|group] [--brief ID] [--pictures]
//     [--briefs DIR] NAME
//   sitrep watch list [--platform P] [--workspace W] [--channel C] [--briefs DIR]
//   sitrep watch remove ID
import { parseArgs } from "node:util";
import { addWatchFor, describeWatchLine, removeWatchFor } from "../schedule/watch-admin.ts";
import type { Store } from "../store/types.ts";
import { MENTION_KINDS, WATCH_TRIGGERS } from "../watch/watch.ts";
import { loadStoreForCli } from "./load-briefs.ts";
import {
  CHANNEL_OPTIONS,
  openCliState,
  PLATFORMS,
  parseChannelFlags,
  parsePlatform,
} from "./state.ts";
import { type CliIo, type Subcommand, UsageError } from "./subcommand.ts";

const USAGE = [
  `add --platform ${PLATFORMS.join("|")} --workspace ID --channel ID [--on ${WATCH_TRIGGERS.join("|")}] [--min N] [--mention ID] [--mention-kind ${MENTION_KINDS.join("|")}] [--brief ID] [--pictures] [--briefs DIR] NAME`,
  "list [--platform P] [--workspace ID] [--channel ID] [--briefs DIR]",
  "remove ID",
].join("\n       sitrep watch ");

function pick<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]) {
  if (value === undefined) return undefined;
  const found = allowed.find((a) => a === value.toLowerCase());
  if (found === undefined) throw new UsageError(`--${flag} must be one of ${allowed.join(", ")}`);
  return found;
}

async function add(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      ...CHANNEL_OPTIONS,
      on: { type: "string" },
      min: { type: "string" },
      mention: { type: "string" },
      "mention-kind": { type: "string" },
      brief: { type: "string" },
      briefs: { type: "string" },
      pictures: { type: "boolean" },
    },
  });
  const { platform, workspace, channel } = parseChannelFlags(values);
  const query = positionals.join(" ").trim();
  if (query === "") throw new UsageError("say what to watch: a place, an actor or a source");
  const on = pick("on", values.on, WATCH_TRIGGERS);
  const mentionKind = pick("mention-kind", values["mention-kind"], MENTION_KINDS);
  if (values.min !== undefined && !/^\d{1,9}$/.test(values.min)) {
    throw new UsageError("--min takes a whole number");
  }
  const store = await loadStoreForCli(values.briefs, io);
  if (store === undefined) return 1;
  const { state } = await openCliState(io);
  try {
    const added = await addWatchFor(
      state.watches,
      store,
      {
        query,
        ...(on === undefined ? {} : { on }),
        ...(values.min === undefined ? {} : { min: Number(values.min) }),
        ...(values.mention === undefined ? {} : { mention: values.mention }),
        ...(mentionKind === undefined ? {} : { mentionKind }),
        ...(values.brief === undefined ? {} : { brief: values.brief }),
        ...(values.pictures === true ? { pictures: true } : {}),
      },
      { platform, workspace, channel, createdBy: "cli" },
      io.now(),
    );
    if (!added.ok) throw new UsageError(added.error);
    io.out(
      `${added.created ? "Watching" : "Updated"} in ${platform} ${workspace} #${channel}: ${added.text}`,
    );
    return 0;
  } finally {
    await state.close();
  }
}

async function list(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ...CHANNEL_OPTIONS,
      briefs: { type: "string" },
    },
  });
  const platform = values.platform === undefined ? undefined : parsePlatform(values.platform);
  const store: Store | undefined = await loadStoreForCli(values.briefs, io);
  const { state } = await openCliState(io);
  try {
    const watches = await state.watches.list({
      ...(platform === undefined ? {} : { platform }),
      ...(values.workspace === undefined ? {} : { workspace: values.workspace }),
      ...(values.channel === undefined ? {} : { channel: values.channel }),
    });
    if (watches.length === 0) io.out("No watches.");
    const empty: Store = { briefs: new Map(), root: "", loadedAt: 0 };
    for (const watch of watches) {
      io.out(
        `${watch.platform} ${watch.workspace} #${watch.channel}  ${describeWatchLine(store ?? empty, watch)}`,
      );
    }
    return 0;
  } finally {
    await state.close();
  }
}

async function remove(argv: readonly string[], io: CliIo): Promise<number> {
  const [id, ...rest] = argv;
  if (id === undefined || rest.length > 0 || !/^\d+$/.test(id)) {
    throw new UsageError("give the id of one watch (sitrep watch list shows them)");
  }
  const { state } = await openCliState(io);
  try {
    const removed = await removeWatchFor(state.watches, Number(id));
    if (!removed.ok) {
      io.err(removed.error);
      return 1;
    }
    io.out(
      `Removed watch ${id}: #${removed.watch.channel} no longer watches ${removed.watch.target.id}.`,
    );
    return 0;
  } finally {
    await state.close();
  }
}

export default {
  usage: USAGE,
  async run(argv, io) {
    const [action, ...rest] = argv;
    switch (action) {
      case "add":
        return add(rest, io);
      case "list":
        return list(rest, io);
      case "remove":
        return remove(rest, io);
      default:
        throw new UsageError("say add, list or remove");
    }
  },
} satisfies Subcommand;
