// Loads the briefs a CLI call serves (`--briefs DIR`, else BRIEFS_DIR, else briefs/), printing
// every problem when they do not load.
import { readdir } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { formatProblem, loadStore } from "../store/load.ts";
import { DEFAULT_CACHE_DIR, snapshotCacheFor } from "../store/snapshot.ts";
import { didYouMean } from "../store/suggest.ts";
import type { Store } from "../store/types.ts";
import type { CliIo } from "./subcommand.ts";

/** Relative to the working directory where possible, so problems print short paths. */
export function briefsDir(flag: string | undefined, io: CliIo): string {
  const dir = flag ?? io.env.BRIEFS_DIR ?? "briefs";
  if (isAbsolute(dir)) return dir;
  return relative(process.cwd(), resolve(io.cwd, dir)) || ".";
}

export async function loadStoreForCli(
  flag: string | undefined,
  io: CliIo,
): Promise<Store | undefined> {
  const setting = io.env.SITREP_CACHE_DIR?.trim() || DEFAULT_CACHE_DIR;
  const cache = snapshotCacheFor(setting === "off" ? setting : resolve(io.cwd, setting));
  const result = await loadStore(briefsDir(flag, io), cache === undefined ? {} : { cache });
  if (result.ok) return result.store;
  for (const problem of result.problems) io.err(formatProblem(problem));
  io.err(`The briefs have ${result.problems.length} problem(s); fix them and try again.`);
  return undefined;
}

/** The ids of the briefs in a briefs folder (its folders not starting with a dot); undefined when there is no such folder. */
export async function briefIdsIn(dir: string): Promise<string[] | undefined> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => undefined);
  if (entries === undefined) return undefined;
  return entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => entry.name)
    .sort();
}

/** "no brief `x` in briefs (did you mean `y`?); the briefs there: y, z", for an unknown --brief. */
export function unknownBrief(id: string, dir: string, ids: readonly string[] | undefined): string {
  if (ids === undefined) {
    return `no briefs folder \`${dir}\`: give --briefs DIR or set BRIEFS_DIR`;
  }
  if (ids.length === 0) return `no brief \`${id}\` in ${dir}: it holds no briefs`;
  const shown = ids.slice(0, 20).join(", ") + (ids.length > 20 ? ", ..." : "");
  return `no brief \`${id}\` in ${dir}${didYouMean(id, ids)}; the briefs there: ${shown}`;
}
