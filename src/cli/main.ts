// The `sitrep` command line: `npx sitrep <subcommand> [args]` (bin/sitrep.js calls `main` in the
// compiled dist/cli/main.js), or `npm run --silent sitrep -- ...`, which rebuilds first.
import { type CliIo, UsageError } from "./subcommand.ts";
import { subcommands } from "./subcommands.ts";

function helpText(): string {
  const width = Math.max(...subcommands.map((s) => s.name.length), 4);
  const lines = subcommands.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}`);
  return ["Usage: sitrep <subcommand> [options]", "", "Subcommands:", ...lines].join("\n");
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    (name === undefined ? io.err : io.out)(helpText());
    return name === undefined ? 2 : 0;
  }
  const entry = subcommands.find((s) => s.name === name);
  if (entry === undefined) {
    io.err(`sitrep: unknown subcommand '${name}'\n\n${helpText()}`);
    return 2;
  }
  const subcommand = await entry.load();
  // `sitrep subscribe --help`: every subcommand's usage, before its own options are parsed.
  const options = rest.includes("--") ? rest.slice(0, rest.indexOf("--")) : rest;
  if (options.includes("--help") || options.includes("-h")) {
    io.out(`Usage: sitrep ${name} ${subcommand.usage}\n\n${entry.summary}`);
    return 0;
  }
  try {
    return await subcommand.run(rest, io);
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
    ) {
      io.err(
        `sitrep ${name}: ${(error as Error).message}\nUsage: sitrep ${name} ${subcommand.usage}`,
      );
      return 2;
    }
    throw error;
  }
}

/** Runs the CLI in this process: its output on stdout/stderr, its result as the exit code. */
export async function main(argv: readonly string[]): Promise<void> {
  const io: CliIo = {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    env: process.env,
    now: () => Date.now(),
    cwd: process.cwd(),
  };
  try {
    process.exitCode = await runCli(argv, io);
  } catch (error) {
    process.stderr.write(`sitrep: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
}
