// Chat text to raw option values, read the way every way in reads it:
// `/who-controls "New Aleppo" at:2024-11-30 share`, `/sitrep subscribe 07:30 Europe/Berlin`.
// A first word naming a subcommand selects it; then quoted names, `name:value` options, loose
// words recognised by their shape (`killed`, `07:30`, `all`) and the rest of the words as the free
// positional option. Values are checked afterwards (check.ts), as typed options are.
import type { CommandDefinition, OptionDefinition, SubcommandDefinition } from "./types.ts";

export type RawValue = string | number | boolean;

export type ParsedText =
  | {
      readonly ok: true;
      /** The subcommand named by the first word, if any. */
      readonly subcommand?: SubcommandDefinition;
      readonly values: Readonly<Record<string, string>>;
      /** `share` typed as a word: post the answer for the whole channel. */
      readonly share: boolean;
    }
  | { readonly ok: false; readonly error: string; readonly subcommand?: SubcommandDefinition };

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

/** Splits `/toll Aleppo killed` into `toll` and `Aleppo killed`; undefined without a slash. */
export function splitCommandLine(line: string): { name: string; text: string } | undefined {
  const match = /^\s*\/([^\s]+)\s*(.*)$/s.exec(line);
  return match ? { name: match[1]!, text: match[2]!.trim() } : undefined;
}

/** The subcommand called `name`, or undefined (the command's own default name included). */
export function findSubcommand(
  definition: CommandDefinition,
  name: string | undefined,
): SubcommandDefinition | undefined {
  if (name === undefined) return undefined;
  const bare = name.toLowerCase();
  return definition.subcommands?.find((s) => s.name === bare);
}

const TIME_OF_DAY = /^\d{1,2}:\d{2}$/;

/** Whether a loose word is, by its shape alone, a value of this positional option. */
function recognises(option: OptionDefinition, word: string): boolean {
  if (option.recognises !== undefined) return option.recognises(word);
  if (option.kind === "choice") return option.choices?.includes(word.toLowerCase()) === true;
  if (option.kind === "time-of-day") return TIME_OF_DAY.test(word);
  // A positional boolean is its own name as a word: `/sitrep schedule all`.
  if (option.kind === "boolean") return word.toLowerCase() === option.name;
  return false;
}

function isShapeOption(option: OptionDefinition): boolean {
  if (option.recognises !== undefined) return true;
  return option.kind === "choice" || option.kind === "time-of-day" || option.kind === "boolean";
}

/** Reads the text typed after the command (and its subcommand word, if any). */
export function parseCommandText(definition: CommandDefinition, text: string): ParsedText {
  let tokens = tokenize(text);
  const subcommand = findSubcommand(definition, tokens[0]);
  if (subcommand !== undefined) tokens = tokens.slice(1);
  else if (tokens[0]?.toLowerCase() === definition.defaultSubcommand) tokens = tokens.slice(1);
  const options = subcommand?.options ?? definition.options;
  const byName = new Map(options.map((o) => [o.name, o]));
  const values: Record<string, string> = {};
  const loose: string[] = [];
  let share = false;
  for (const token of tokens) {
    const named = /^-{0,2}([a-z][a-z0-9-]*)[:=](.*)$/is.exec(token);
    const option = named ? byName.get(named[1]!.toLowerCase()) : undefined;
    if (named && option) {
      if (values[option.name] !== undefined) {
        return { ok: false, error: `"${option.name}" is given twice`, subcommand };
      }
      values[option.name] = named[2]!;
      continue;
    }
    if (token.toLowerCase() === "share") {
      share = true;
      continue;
    }
    loose.push(token);
  }
  // Loose words that a positional option recognises by their shape (`killed`, `07:30`) go there.
  for (const option of options) {
    if (!option.positional || !isShapeOption(option) || values[option.name] !== undefined) continue;
    const i = loose.findIndex((word) => recognises(option, word));
    if (i < 0) continue;
    const word = loose.splice(i, 1)[0]!;
    values[option.name] = option.kind === "boolean" ? "yes" : word;
  }
  if (loose.length > 0) {
    const target = options.find(
      (o) => o.positional && !isShapeOption(o) && values[o.name] === undefined,
    );
    if (target === undefined) {
      return { ok: false, error: `I did not understand "${loose.join(" ")}"`, subcommand };
    }
    values[target.name] = loose.join(" ");
  }
  return subcommand === undefined
    ? { ok: true, values, share }
    : { ok: true, subcommand, values, share };
}
