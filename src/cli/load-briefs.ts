// Loads the briefs a CLI call serves (`--briefs DIR`, else BRIEFS_DIR, else briefs/), printing
// every problem when they do not load.
import { isAbsolute, relative, resolve } from "node:path";
import { formatProblem, loadStore } from "../store/load.ts";
import { DEFAULT_CACHE_DIR, snapshotCacheFor } from "../store/snapshot.ts";
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
