// The `sitrep` command line: `npm run --silent sitrep -- <subcommand> [args]`.
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
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
  const subcommand = subcommands.find((s) => s.name === name);
  if (subcommand === undefined) {
    io.err(`sitrep: unknown subcommand '${name}'\n\n${helpText()}`);
    return 2;
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

function isMain(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && realpathSync(entry) === fileURLToPath(import.meta.url);
}

if (isMain()) {
  const io: CliIo = {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    env: process.env,
    now: () => Date.now(),
    cwd: process.cwd(),
  };
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`sitrep: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
