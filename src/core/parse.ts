// Chat text to a command's typed arguments: `/who-controls "New Aleppo" at:2024-11-30 share`.
// Quoted names, `name:value` options, a lone choice word (`/toll Aleppo killed`), the rest of the
// words as the positional option. Bad input gives a usage line, never an exception.
import { isTimeText } from "./time.ts";
import type { CommandDefinition, OptionDefinition } from "./types.ts";

export type ParsedCommand =
  | {
      readonly ok: true;
      readonly args: Record<string, string | undefined>;
      readonly share: boolean;
    }
  | { readonly ok: false; readonly error: string };

const QUOTES: Record<string, string> = { '"': '"', "'": "'", "“": "”", "‘": "’", "«": "»" };

/** Splits on white space, keeping quoted stretches whole (quotes removed). */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = "";
  let inToken = false;
  let close: string | undefined;
  for (const ch of text) {
    if (close !== undefined) {
      if (ch === close) close = undefined;
      else current += ch;
    } else if (QUOTES[ch] !== undefined) {
      close = QUOTES[ch];
      inToken = true;
    } else if (/\s/.test(ch)) {
      if (inToken) tokens.push(current);
      current = "";
      inToken = false;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (inToken) tokens.push(current);
  return tokens;
}

export function usageOf(definition: CommandDefinition): string {
  return `Usage: /${definition.name} ${definition.usage}`.trimEnd();
}

function fail(definition: CommandDefinition, why: string): ParsedCommand {
  return { ok: false, error: `${why}. ${usageOf(definition)}` };
}

function checkValue(option: OptionDefinition, value: string): string | undefined {
  if (value.trim() === "") return `"${option.name}" needs a value`;
  if (option.kind === "time" && !isTimeText(value)) {
    return `"${option.name}:${value}" is not a time I can read (try 2024-11-29, 2024-11-29T14:30, 12h or 3d)`;
  }
  if (option.kind === "choice" && option.choices && !option.choices.includes(value.toLowerCase())) {
    return `"${option.name}" must be one of ${option.choices.join(", ")}`;
  }
  return undefined;
}

/**
 * Reads the text typed after a command. `share` alone (as a word) asks for the answer to be
 * posted for the whole channel.
 */
export function parseCommandText(definition: CommandDefinition, text: string): ParsedCommand {
  const byName = new Map(definition.options.map((o) => [o.name, o]));
  const args: Record<string, string | undefined> = {};
  const loose: string[] = [];
  let share = false;
  for (const token of tokenize(text)) {
    const named = /^-{0,2}([a-z][a-z0-9-]*)[:=](.*)$/is.exec(token);
    const option = named ? byName.get(named[1]!.toLowerCase()) : undefined;
    if (named && option) {
      if (args[option.name] !== undefined)
        return fail(definition, `"${option.name}" is given twice`);
      args[option.name] = option.kind === "choice" ? named[2]!.toLowerCase() : named[2]!;
      continue;
    }
    if (token.toLowerCase() === "share") {
      share = true;
      continue;
    }
    const flag = byName.get(token.toLowerCase());
    if (flag?.kind === "flag" && args[flag.name] === undefined) {
      args[flag.name] = "true";
      continue;
    }
    loose.push(token);
  }
  // A lone word that is a choice of a positional choice option (`killed`) goes there.
  for (const option of definition.options) {
    if (option.kind !== "choice" || !option.positional || args[option.name] !== undefined) continue;
    const i = loose.findIndex((w) => option.choices?.includes(w.toLowerCase()));
    if (i >= 0) args[option.name] = loose.splice(i, 1)[0]!.toLowerCase();
  }
  if (loose.length > 0) {
    const target = definition.options.find(
      (o) => o.positional && o.kind !== "choice" && o.kind !== "flag" && args[o.name] === undefined,
    );
    if (target === undefined) {
      return fail(definition, `I did not understand "${loose.join(" ")}"`);
    }
    args[target.name] = loose.join(" ");
  }
  for (const option of definition.options) {
    const value = args[option.name];
    if (value === undefined) {
      if (option.required) return fail(definition, `"${option.name}" is required`);
      continue;
    }
    const problem = checkValue(option, value);
    if (problem) return fail(definition, problem);
  }
  return { ok: true, args, share };
}
