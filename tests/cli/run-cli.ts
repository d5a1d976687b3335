// Runs the CLI in-process as a test would from a terminal: what it printed to stdout and stderr,
// and its exit code; and reads the state database a subcommand wrote.
import { runCli } from "../../src/cli/main.ts";
import type { CliIo } from "../../src/cli/subcommand.ts";
import { openStateDb, type StateDb } from "../../src/state/sqlite/db.ts";

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `sitrep <argv>` with the environment, clock and working directory given. */
export async function runCliCapturing(
  argv: readonly string[],
  io: Omit<CliIo, "out" | "err">,
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { ...io, out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** Opens the state database at the path, reads from it and closes it again. */
export function readStateDb<T>(path: string, read: (db: StateDb) => T): T {
  const db = openStateDb(path);
  try {
    return read(db);
  } finally {
    db.close();
  }
}
