// What the loader reports: a problem at a file, line and column, and the pending form it takes
// before positions are known (a path into the parsed YAML, resolved only for files that need it).

/** A problem with a brief, 1-based line and column; `file` is the path as given to the loader. */
export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export type PathSegment = string | number;

/** A place in a parsed file: the value at `path`, or the key of its last segment. */
export interface Pointer {
  readonly file: string;
  readonly path: readonly PathSegment[];
  readonly at: "value" | "key";
}

/** A problem found on parsed data; its position is looked up later. */
export interface PendingProblem extends Pointer {
  /** A function receives the position (`file:line:col`) of `related`, e.g. a first occurrence. */
  readonly message: string | ((related: string) => string);
  readonly related?: Pointer;
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}

/** By file, then line, then column. */
export function compareProblems(a: Problem, b: Problem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}

/** A problem about a whole file or folder (missing, unknown, unreadable). */
export function fileProblem(file: string, message: string): Problem {
  return { file, line: 1, column: 1, message };
}
