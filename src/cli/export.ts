// `sitrep export OUT --format hxl|jsonl [--brief ID] [--at T] [--briefs DIR]`: every claim (of
// one brief, or of all) with its source, grade, credibility, place and dates, to a file.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { resolveTime } from "../core/time.ts";
import { exportClaims } from "../export/write.ts";
import { briefsDir, loadStoreForCli, unknownBrief } from "./load-briefs.ts";
import { type Subcommand, UsageError } from "./subcommand.ts";

export default {
  usage: "OUT --format hxl|jsonl [--brief ID] [--at T] [--briefs DIR]",
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: "string" },
        brief: { type: "string" },
        at: { type: "string" },
        briefs: { type: "string" },
      },
    });
    const [out, ...extra] = positionals;
    if (out === undefined || extra.length > 0) throw new UsageError("give one OUT file");
    const format = values.format;
    if (format !== "hxl" && format !== "jsonl")
      throw new UsageError("--format must be hxl or jsonl");
    const store = await loadStoreForCli(values.briefs, io);
    if (store === undefined) return 1;
    const briefs =
      values.brief === undefined ? [...store.briefs.values()] : [store.briefs.get(values.brief)];
    const [first] = briefs;
    if (first === undefined) {
      const ids = [...store.briefs.keys()].sort();
      throw new UsageError(unknownBrief(values.brief ?? "", briefsDir(values.briefs, io), ids));
    }
    let at: number | undefined;
    if (values.at !== undefined) {
      // A plain date means the end of that day in the (first) brief's time zone.
      at = resolveTime(values.at, first.meta.timezone, io.now(), "end");
      if (at === undefined) throw new UsageError("--at must be a date (2024-11-29) or a date-time");
    }
    const count = await exportClaims(
      briefs as NonNullable<(typeof briefs)[number]>[],
      resolve(io.cwd, out),
      {
        format,
        ...(at === undefined ? {} : { at }),
      },
    );
    io.out(
      `${out}: ${count} claim${count === 1 ? "" : "s"} from ${briefs.length === 1 ? first.id : `${briefs.length} briefs`} as ${format === "hxl" ? "HXL CSV" : "JSON Lines"}`,
    );
    return 0;
  },
} satisfies Subcommand;
