// A typed line (`/who-controls Saraqeb at:2024-11-29`) to what should happen: an answer, an
// admin subcommand for the platform to route, or a usage hint. Console, `sitrep ask` and the
// platforms all read command text through here.
import { commands, findCommand } from "../../commands/index.ts";
import type { Answer } from "../answer/model.ts";
import { usageAnswer } from "../answer/simple.ts";
import { ADMIN_COMMANDS, type AdminSubcommand, matchAdminSubcommand } from "./admin.ts";
import { parseCommandText } from "./parse.ts";
import { type RunInput, type RunResult, runCommand } from "./run.ts";

export type Dispatched =
  | ({ readonly kind: "answer"; readonly share: boolean } & RunResult)
  | { readonly kind: "admin"; readonly subcommand: AdminSubcommand; readonly rest: string }
  | { readonly kind: "usage"; readonly answer: Answer; readonly unknownCommand: boolean };

export function listCommandNames(): string {
  return commands.map((c) => `/${c.definition.name}`).join(", ");
}

/**
 * Runs `/name text`. `extra` options (from CLI flags or platform fields) override the text's.
 */
export function dispatchCommand(
  name: string,
  text: string,
  input: RunInput,
  extra: Record<string, string | undefined> = {},
): Dispatched {
  const command = findCommand(name);
  if (command === undefined) {
    return {
      kind: "usage",
      unknownCommand: true,
      answer: usageAnswer(`There is no command "${name}". Try ${listCommandNames()}.`),
    };
  }
  if (command.definition.admin === true) {
    const name = ADMIN_COMMANDS.find((c) => c === command.definition.name);
    if (name !== undefined) return { kind: "admin", subcommand: name, rest: text.trim() };
  }
  if (command.definition.name === "sitrep") {
    const admin = matchAdminSubcommand(text);
    if (admin !== undefined) return { kind: "admin", ...admin };
  }
  const parsed = parseCommandText(command.definition, text);
  if (!parsed.ok)
    return { kind: "usage", unknownCommand: false, answer: usageAnswer(parsed.error) };
  const args = { ...parsed.args };
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) args[key] = value;
  return { kind: "answer", share: parsed.share, ...runCommand(command, args, input) };
}

/** Splits `/toll Aleppo killed` into `toll` and `Aleppo killed`; undefined without a slash. */
export function splitCommandLine(line: string): { name: string; text: string } | undefined {
  const match = /^\s*\/([^\s]+)\s*(.*)$/s.exec(line);
  return match ? { name: match[1]!, text: match[2]!.trim() } : undefined;
}
