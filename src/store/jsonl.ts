// Claims files written by programs (brief format 1.1): `claims/*.jsonl`, one claim per line as a
// JSON object. Blank lines are skipped, so item N is the Nth non-blank line. Problems point at
// `file.jsonl:LINE:COLUMN` like YAML files: a syntax error at the line and, where JSON.parse
// says, the column; a schema problem at the line and at the key or value inside it.
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { PathSegment } from "./problems.ts";

export interface JsonlSyntaxError {
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

export interface ParsedJsonl {
  readonly items: unknown[];
  readonly errors: JsonlSyntaxError[];
}

export function isJsonlFile(file: string): boolean {
  return file.endsWith(".jsonl");
}

/** Calls `each` with every non-blank line and its 1-based number, until it returns true. */
function eachLine(text: string, each: (line: string, number: number) => boolean): void {
  let start = 0;
  let number = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    number++;
    const line =
      text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    if (line.trim() !== "" && each(line, number)) return;
    start = end + 1;
  }
}

/** Every line parsed; lines that are not JSON are errors (the others still parse). */
export function parseJsonl(text: string): ParsedJsonl {
  const items: unknown[] = [];
  const errors: JsonlSyntaxError[] = [];
  // A byte-order mark is not part of the first line's JSON.
  const body = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  eachLine(body, (line, number) => {
    try {
      items.push(JSON.parse(line));
    } catch (error) {
      errors.push({ line: number, ...describeJsonError(line, (error as Error).message) });
    }
    return false;
  });
  return { items, errors };
}

/**
 * Each line parsed and handed to `take` until one is not JSON or `take` returns false; true when
 * every line was taken. For a fast path that falls back to parseJsonl's full account.
 */
export function takeJsonl(text: string, take: (item: unknown) => boolean): boolean {
  const body = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  let taken = true;
  eachLine(body, (line) => {
    try {
      taken = take(JSON.parse(line));
    } catch {
      taken = false;
    }
    return !taken;
  });
  return taken;
}

/** "Expected ',' or '}' after property value in JSON at position 6" as a column and a reason. */
function describeJsonError(line: string, message: string): { column: number; reason: string } {
  const position = /at position (\d+)/.exec(message);
  const column = position === null ? firstNonBlank(line) : Number(position[1]) + 1;
  const reason = message
    .replace(/, "[\s\S]*" is not valid JSON$/, "")
    .replace(/ in JSON at position \d+.*$/, "")
    .replace(/^Unexpected/, "unexpected")
    .replace(/^Expected/, "expected");
  return {
    column,
    reason: `JSON syntax: ${reason} (each line must be one claim as a JSON object)`,
  };
}

function firstNonBlank(line: string): number {
  const at = line.search(/\S/);
  return at === -1 ? 1 : at + 1;
}

/**
 * The line and column of the value at `path` ([item, field, ...]) or of its key. The item's
 * line is parsed again with the `yaml` package (JSON is YAML) to find the field inside it.
 */
export function jsonlPosition(
  text: string,
  path: readonly PathSegment[],
  at: "value" | "key",
): { line: number; column: number } {
  const [item, ...inside] = path;
  let found: { line: string; number: number } | undefined;
  let index = 0;
  eachLine(text, (line, number) => {
    if (index++ !== item) return false;
    found = { line, number };
    return true;
  });
  if (found === undefined) return { line: 1, column: 1 };
  const offset = offsetInLine(found.line, inside, at);
  return { line: found.number, column: offset + 1 };
}

function offsetInLine(line: string, path: readonly PathSegment[], at: "value" | "key"): number {
  const doc = parseDocument(line, { lineCounter: new LineCounter(), prettyErrors: false });
  let node: unknown = doc.contents;
  let deepest = rangeStart(node) ?? firstNonBlank(line) - 1;
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth]!;
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isScalar(p.key) && String(p.key.value) === String(segment),
      );
      if (pair === undefined) return deepest;
      const last = depth === path.length - 1;
      if (last && at === "key") return rangeStart(pair.key) ?? deepest;
      node = pair.value;
      deepest = rangeStart(node) ?? rangeStart(pair.key) ?? deepest;
    } else if (isSeq(node) && typeof segment === "number") {
      node = node.items[segment];
      deepest = rangeStart(node) ?? deepest;
    } else {
      return deepest;
    }
  }
  return deepest;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}
