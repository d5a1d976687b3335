// Parsing one brief file's text: YAML with js-yaml (CORE_SCHEMA keeps dates as text), or JSON
// Lines for claims files written by programs. Shared by the loader and its parse workers.
import yaml from "js-yaml";
import { isJsonlFile, parseJsonl } from "./jsonl.ts";
import type { FallbackMark } from "./positions.ts";

export type ParsedText =
  | { readonly raw: unknown; readonly syntax?: undefined }
  | { readonly syntax: FallbackMark; readonly raw?: undefined };

export function parseFileText(file: string, text: string): ParsedText {
  if (isJsonlFile(file)) {
    // Claims written by programs: a bad line is a syntax problem; the positions finder lists them all.
    const { items, errors } = parseJsonl(text);
    const [first] = errors;
    return first === undefined ? { raw: items } : { syntax: { ...first } };
  }
  try {
    // js-yaml gives undefined for a file of only comments; the schemas expect null there.
    return { raw: yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: file }) ?? null };
  } catch (error) {
    if (!(error instanceof yaml.YAMLException)) throw error;
    const mark = error.mark as { line?: number; column?: number } | undefined;
    const syntax = {
      line: (mark?.line ?? 0) + 1,
      column: (mark?.column ?? 0) + 1,
      reason: error.reason,
    };
    return { syntax };
  }
}
