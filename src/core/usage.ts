// Usage lines derived from a command's definition: shown after a bad request and as Slack's usage
// hint, so they can never disagree with what the parser accepts.
import type { CommandDefinition, OptionDefinition, SubcommandDefinition } from "./types.ts";

const HINTS: Record<OptionDefinition["kind"], string> = {
  text: "TEXT",
  place: "PLACE",
  target: "NAME",
  source: "SOURCE",
  time: "DATE",
  choice: "",
  "time-of-day": "HH:MM",
  timezone: "ZONE",
  boolean: "yes|no",
};

function hintOf(option: OptionDefinition): string {
  if (option.hint !== undefined) return option.hint;
  if (option.kind === "choice") return (option.choices ?? []).join("|");
  return HINTS[option.kind];
}

function optionUsage(option: OptionDefinition): string {
  // A positional option's hint is its whole display (`<place> [history|map]`).
  if (option.positional && option.hint !== undefined) return option.hint;
  let shown: string;
  if (!option.positional) shown = `${option.name}:${hintOf(option)}`;
  else if (option.kind === "choice" || option.kind === "time-of-day") shown = hintOf(option);
  else if (option.kind === "timezone") shown = "time zone";
  else shown = option.name;
  return option.required ? (option.positional ? `<${shown}>` : shown) : `[${shown}]`;
}

/** `[place] [killed|injured|…] [at:DATE] [brief:ID]`: the arguments, positional ones first. */
export function optionsUsage(options: readonly OptionDefinition[]): string {
  const ordered = [...options.filter((o) => o.positional), ...options.filter((o) => !o.positional)];
  return ordered.map(optionUsage).join(" ");
}

/** The arguments of the command, then ` | subcommand args` for each subcommand. */
export function usageHint(definition: CommandDefinition): string {
  return [
    optionsUsage(definition.options),
    ...(definition.subcommands ?? []).map((s) => `${s.name} ${optionsUsage(s.options)}`.trimEnd()),
  ].join(" | ");
}

/** `Usage: /sitrep subscribe [HH:MM] [time zone] …` for one subcommand, or the whole command. */
export function usageOf(definition: CommandDefinition, subcommand?: SubcommandDefinition): string {
  const args =
    subcommand === undefined
      ? usageHint(definition)
      : `${subcommand.name} ${optionsUsage(subcommand.options)}`;
  return `Usage: /${definition.name} ${args}`.trimEnd();
}
