// What a `sitrep` CLI subcommand is. Each lives in its own module under src/cli/ and is listed
// (lazily) in src/cli/subcommands.ts. Exit codes: 0 done, 1 the input was checked and is bad, 2 usage.
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** The injected clock (epoch ms). */
  readonly now: () => number;
  readonly cwd: string;
}

/** A subcommand's module (its name and summary are in the list, so help loads no module). */
export interface Subcommand {
  /** `validate [DIR]`: the arguments, shown on usage errors. */
  readonly usage: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/** Thrown by a subcommand for bad arguments: printed with its usage, exit 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
