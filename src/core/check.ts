// The argument checks, once for text and typed options alike: every value a request carries is
// checked against its option's kind here, whether it was parsed from chat text or came typed
// from Discord or the CLI. A problem is one line for the person, with the usage after it.
import type { RawValue } from "./parse.ts";
import { canonicalTimeZone, isTimeText, parseLocalTime } from "./time.ts";
import type { Args, OptionDefinition } from "./types.ts";

export type Checked =
  | { readonly ok: true; readonly args: Args }
  | { readonly ok: false; readonly error: string };

const YES = new Set(["yes", "true", "on", "1"]);
const NO = new Set(["no", "false", "off", "0"]);

/** One option's value, checked and normalised; a string error when it is not acceptable. */
function checkValue(
  option: OptionDefinition,
  raw: RawValue,
): { value: string | boolean } | { error: string } {
  if (option.kind === "boolean") {
    if (typeof raw === "boolean") return { value: raw };
    const word = String(raw).trim().toLowerCase();
    if (YES.has(word)) return { value: true };
    if (NO.has(word)) return { value: false };
    return { error: `"${option.name}" takes ${option.hint?.replace("|", " or ") ?? "yes or no"}` };
  }
  const text = String(raw).trim();
  if (text === "") return { error: `"${option.name}" needs a value` };
  switch (option.kind) {
    case "time":
      return isTimeText(text)
        ? { value: text }
        : {
            error: `"${option.name}:${text}" is not a time I can read (try 2024-11-29, 2024-11-29T14:30, 12h or 3d)`,
          };
    case "choice": {
      const value = text.toLowerCase();
      return option.choices?.includes(value)
        ? { value }
        : { error: `"${option.name}" must be one of ${option.choices?.join(", ")}` };
    }
    case "time-of-day": {
      const value = parseLocalTime(text);
      return value === undefined
        ? { error: `"${text}" is not a time of day; use HH:MM from 00:00 to 23:59` }
        : { value };
    }
    case "timezone": {
      const value = canonicalTimeZone(text);
      return value === undefined
        ? { error: `"${text}" is not a time zone I know (e.g. Europe/Berlin, Asia/Damascus, UTC)` }
        : { value };
    }
    default:
      return { value: text };
  }
}

/**
 * Checks raw values against the options: unknown names, missing required options and bad values
 * are refused; values are normalised (choices lowercased, times of day padded, zones canonical).
 */
export function checkArgs(
  options: readonly OptionDefinition[],
  raw: Readonly<Record<string, RawValue | undefined>>,
): Checked {
  const byName = new Map(options.map((o) => [o.name, o]));
  for (const name of Object.keys(raw)) {
    if (raw[name] !== undefined && !byName.has(name)) {
      return { ok: false, error: `there is no option "${name}" here` };
    }
  }
  const args: Record<string, string | boolean> = {};
  for (const option of options) {
    const value = raw[option.name];
    if (value === undefined) {
      if (option.required) return { ok: false, error: `"${option.name}" is required` };
      continue;
    }
    const checked = checkValue(option, value);
    if ("error" in checked) return { ok: false, error: checked.error };
    args[option.name] = checked.value;
  }
  return { ok: true, args };
}
