// Checks one parsed file against its zod schema. Lists are checked item by item: it is faster
// than one array parse and keeps every item's issues, with paths from the file's root.
import type { z } from "zod";
import { FILE_SCHEMAS, type FileKind, ITEM_SCHEMAS } from "./files.ts";

export type Issue = z.core.$ZodIssue;

export type FileCheck = { ok: true; data: unknown } | { ok: false; issues: Issue[] };

export function validateFile(kind: FileKind, raw: unknown): FileCheck {
  if (kind === "brief" || !Array.isArray(raw)) {
    const result = FILE_SCHEMAS[kind].safeParse(raw);
    return result.success
      ? { ok: true, data: result.data }
      : { ok: false, issues: result.error.issues };
  }
  const schema = ITEM_SCHEMAS[kind]();
  const data: unknown[] = new Array(raw.length);
  const issues: Issue[] = [];
  for (let index = 0; index < raw.length; index++) {
    const result = schema.safeParse(raw[index]);
    if (result.success) data[index] = result.data;
    else for (const issue of result.error.issues) issues.push(prefixed(issue, index));
  }
  return issues.length === 0 ? { ok: true, data } : { ok: false, issues };
}

function prefixed(issue: Issue, index: number): Issue {
  return { ...issue, path: [index, ...issue.path] } as Issue;
}
