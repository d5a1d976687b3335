// `sitrep validate [DIR]`: loads the briefs (DIR, else BRIEFS_DIR, else briefs/) and prints one
// line per valid brief on stdout, or every problem as `file:line:col: message` on stderr with a
// summary. Exit 0 when all load, 1 when any has problems, 2 for bad arguments.
import { stat } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatProblem, loadStore } from "../store/load.ts";
import type { Brief } from "../store/types.ts";
import { type Subcommand, UsageError } from "./subcommand.ts";

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

export function describeBrief(brief: Brief): string {
  return `${brief.id}: ${plural(brief.claims.length, "claim")}, ${plural(brief.sources.size, "source")}, ${plural(brief.actors.size, "actor")}, ${plural(brief.places.size, "place")}`;
}

/** DIR as the loader should see it: relative to the process, so problems print short paths. */
function displayPath(dir: string, cwd: string): string {
  if (isAbsolute(dir)) return dir;
  return relative(process.cwd(), resolve(cwd, dir)) || ".";
}

export default {
  usage: "[DIR]",
  async run(argv, io) {
    const { positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: {} });
    if (positionals.length > 1) throw new UsageError("give at most one briefs folder");
    const given = positionals[0] ?? io.env.BRIEFS_DIR ?? "briefs";
    const dir = displayPath(given, io.cwd);
    const kind = await stat(dir).then(
      (s) => (s.isDirectory() ? "folder" : "file"),
      () => "missing",
    );
    if (kind === "missing") throw new UsageError(`no such folder: ${given}`);
    if (kind === "file") throw new UsageError(`not a folder: ${given}`);

    const result = await loadStore(dir, { now: io.now });
    const loaded = result.ok ? result.store.briefs : (result.partial?.briefs ?? new Map());
    for (const brief of loaded.values()) io.out(describeBrief(brief));
    if (result.ok) return 0;
    for (const problem of result.problems) io.err(formatProblem(problem));
    const files = new Set(result.problems.map((p) => p.file)).size;
    io.err(`${plural(result.problems.length, "problem")} in ${plural(files, "file")}`);
    return 1;
  },
} satisfies Subcommand;
