// Lines and columns for problems. The `yaml` package keeps every node's range but is slow, so it
// parses only the files that have a problem: syntax errors come from it, and a pending problem's
// path (e.g. [3, "count", "low"]) is walked through its document to the offending key or value.
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  type YAMLError,
} from "yaml";
import { isJsonlFile, jsonlPosition, parseJsonl } from "./jsonl.ts";
import type { PathSegment, PendingProblem, Pointer, Problem } from "./problems.ts";

interface Parsed {
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
  readonly text: string;
}

interface Position {
  readonly line: number;
  readonly column: number;
}

/** What js-yaml said, for a file `yaml` finds no fault with (the two rarely disagree). */
export interface FallbackMark {
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

export class PositionFinder {
  private readonly parsed = new Map<string, Parsed>();

  /** @param texts file path to its text, for every file a problem may point into. */
  constructor(private readonly texts: ReadonlyMap<string, string>) {}

  /** Every YAML syntax error in a file that js-yaml could not load. */
  syntaxProblems(file: string, fallback: FallbackMark): Problem[] {
    if (isJsonlFile(file)) {
      const { errors } = parseJsonl(this.texts.get(file) ?? "");
      const found = errors.length > 0 ? errors : [fallback];
      return found.map(({ line, column, reason }) => ({ file, line, column, message: reason }));
    }
    const { doc, lines, text } = this.parse(file);
    const errors = doc.errors;
    if (errors.length === 0) {
      return [{ file, ...fallbackPosition(fallback), message: `YAML syntax: ${fallback.reason}` }];
    }
    return errors.map((error) => {
      const { line, col } = lines.linePos(error.pos[0]);
      return { file, line, column: col, message: syntaxMessage(error, text, lines) };
    });
  }

  /** A pending problem with its position, and the position of what it relates to. */
  locate(problem: PendingProblem): Problem {
    const { line, column } = this.position(problem);
    let message: string;
    if (typeof problem.message === "string") message = problem.message;
    else {
      const related = problem.related;
      const where =
        related === undefined ? "" : `${related.file}:${formatPosition(this.position(related))}`;
      message = problem.message(where);
    }
    return { file: problem.file, line, column, message };
  }

  private position(pointer: Pointer): Position {
    if (isJsonlFile(pointer.file)) {
      return jsonlPosition(this.texts.get(pointer.file) ?? "", pointer.path, pointer.at);
    }
    const { doc, lines } = this.parse(pointer.file);
    const offset = offsetOf(doc, pointer.path, pointer.at);
    if (offset === undefined) return { line: 1, column: 1 };
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  }

  private parse(file: string): Parsed {
    let parsed = this.parsed.get(file);
    if (parsed === undefined) {
      const text = this.texts.get(file) ?? "";
      const lines = new LineCounter();
      const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
      parsed = { doc, lines, text };
      this.parsed.set(file, parsed);
    }
    return parsed;
  }
}

function formatPosition({ line, column }: Position): string {
  return `${line}:${column}`;
}

function fallbackPosition(mark: FallbackMark): Position {
  return { line: mark.line, column: mark.column };
}

/**
 * The start of the node at `path`, or of its key. Where the path runs out (a missing field),
 * the deepest node that exists: the mapping the field is missing from.
 */
function offsetOf(
  doc: Document.Parsed,
  path: readonly PathSegment[],
  at: "value" | "key",
): number | undefined {
  let node: unknown = doc.contents;
  let deepest: Node | undefined = isNode(node) ? node : undefined;
  let key: Node | undefined;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    key = undefined;
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isScalar(p.key) && String(p.key.value) === String(segment),
      );
      if (pair === undefined) return deepest?.range?.[0];
      key = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      node = node.items[segment];
      if (node === undefined) return deepest?.range?.[0];
    } else {
      return deepest?.range?.[0];
    }
    // An empty value (`name:`) has no node of its own: point at its key.
    if (
      isNode(node) &&
      node.range !== undefined &&
      !(isScalar(node) && node.value === null && key)
    ) {
      deepest = node;
    } else if (key !== undefined) {
      deepest = key;
    }
  }
  if (at === "key" && key !== undefined) return key.range?.[0];
  return deepest?.range?.[0];
}

function isNode(value: unknown): value is Node {
  return isScalar(value) || isMap(value) || isSeq(value) || isAlias(value);
}

function syntaxMessage(error: YAMLError, text: string, lines: LineCounter): string {
  const start = error.pos[0];
  const { line } = lines.linePos(start);
  const lineStart = lines.lineStarts[line - 1] ?? 0;
  if (text.charCodeAt(lineStart) === 9 /* tab */) {
    return "YAML syntax: a tab is used for indentation; indent with spaces";
  }
  switch (error.code) {
    case "DUPLICATE_KEY": {
      const key = /^[^:\n]*/.exec(text.slice(start, start + 80))?.[0]?.trim() ?? "";
      return `YAML syntax: the key \`${key}\` appears twice in the same mapping`;
    }
    case "MISSING_CHAR":
      return `YAML syntax: ${error.message.replace(/^Missing/, "missing")} (a quote or bracket is not closed)`;
    default:
      return `YAML syntax: ${firstLine(error.message)}`;
  }
}

function firstLine(text: string): string {
  return text.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? text;
}
