// Turns zod issues into problems in plain words for analysts: which field, what was expected,
// what was found, and a likely fix where one is near ("did you mean `reliability`?").
import { basename } from "node:path";
import type { z } from "zod";
import { FILE_SCHEMAS, type FileKind, ITEM_NOUNS, type ListKind } from "./files.ts";
import type { PathSegment, PendingProblem } from "./problems.ts";
import { didYouMean } from "./suggest.ts";
import type { Issue } from "./validate-file.ts";

export interface IssueContext {
  readonly file: string;
  readonly kind: FileKind;
  /** The parsed file, to show what was found. */
  readonly raw: unknown;
}

export function describeIssues(issues: readonly Issue[], context: IssueContext): PendingProblem[] {
  const problems: PendingProblem[] = [];
  for (const issue of issues) problems.push(...describeIssue(issue, context));
  return problems;
}

function describeIssue(issue: Issue, context: IssueContext): PendingProblem[] {
  const path = issue.path as PathSegment[];
  const at = (message: string, target: readonly PathSegment[] = path): PendingProblem => ({
    file: context.file,
    path: target,
    at: "value",
    message,
  });
  const found = valueAt(context.raw, path);
  const subject = subjectOf(path, context);

  switch (issue.code) {
    case "unrecognized_keys": {
      const known = knownFields(FILE_SCHEMAS[context.kind], path, context.raw);
      return issue.keys.map((key) => ({
        file: context.file,
        path: [...path, key],
        at: "key" as const,
        message: `unknown field \`${key}\`${fieldHint(key, known)}`,
      }));
    }
    case "invalid_type": {
      if (found === undefined) return [at(missingField(path, context))];
      return [
        at(
          `${subject} must be ${expectedWords(issue.expected, path, context)}, found ${foundWords(found)}`,
        ),
      ];
    }
    case "invalid_value": {
      const values = issue.values.map(String);
      if (found === undefined) return [at(missingField(path, context))];
      const hint = typeof found === "string" ? didYouMean(found, values) : "";
      return [at(`${subject} must be one of ${values.join(", ")}, found ${quoted(found)}${hint}`)];
    }
    case "invalid_union":
      return describeUnion(issue, path, found, subject, context, at);
    case "too_small":
    case "too_big": {
      if (issue.origin === "string" && issue.code === "too_small") {
        return [at(`${subject} must not be empty`)];
      }
      if (issue.origin === "number" || issue.origin === "int") {
        const limit = issue.code === "too_small" ? issue.minimum : issue.maximum;
        const bound =
          issue.code === "too_small"
            ? issue.inclusive
              ? "at least"
              : "more than"
            : issue.inclusive
              ? "at most"
              : "less than";
        return [at(`${subject} must be ${bound} ${String(limit)}, found ${quoted(found)}`)];
      }
      return [at(`${subject}: ${issue.message}`)];
    }
    case "custom":
      if (path.at(-1) === "timezone" && typeof found === "string") {
        return [at(`unknown time zone \`${found}\`${didYouMean(found, timeZones())}`)];
      }
      return [at(withSubject(subject, issue.message, found))];
    case "invalid_format":
      return [at(withSubject(subject, issue.message, found))];
    default:
      return [at(`${subject}: ${issue.message}`)];
  }
}

function describeUnion(
  issue: z.core.$ZodIssueInvalidUnion,
  path: PathSegment[],
  found: unknown,
  subject: string,
  context: IssueContext,
  at: (message: string, target?: readonly PathSegment[]) => PendingProblem,
): PendingProblem[] {
  const discriminated = issue as { discriminator?: string; options?: unknown[] };
  if (discriminated.discriminator !== undefined) {
    const options = (discriminated.options ?? []).map(String);
    if (found === undefined) {
      return [
        at(
          `missing required field \`${discriminated.discriminator}\` (one of ${options.join(", ")})`,
        ),
      ];
    }
    const hint = typeof found === "string" ? didYouMean(found, options) : "";
    return [at(`${subject} must be one of ${options.join(", ")}, found ${quoted(found)}${hint}`)];
  }
  // A mapping where a number-or-range is expected was meant as the range: explain that branch.
  const structural = issue.errors.filter(
    (branch) => !branch.some((i) => i.code === "invalid_type" && i.path.length === 0),
  );
  const [only] = structural;
  if (structural.length === 1 && only !== undefined) {
    const nested = only.map((i) => ({ ...i, path: [...path, ...i.path] }) as Issue);
    return describeIssues(nested, context);
  }
  return [at(`${subject} ${issue.message}, found ${foundWords(found)}`)];
}

/** "`count.low`", "this claim", "sources.yaml". */
function subjectOf(path: readonly PathSegment[], context: IssueContext): string {
  const field = fieldLabel(path, context.kind);
  if (field !== "") return `\`${field}\``;
  if (path.length === 0) return basename(context.file);
  return `this ${ITEM_NOUNS[context.kind as ListKind]}`;
}

/** The path inside one item (lists) or the file (brief.yaml): `withdrawn.reported`, `about[1]`. */
function fieldLabel(path: readonly PathSegment[], kind: FileKind): string {
  const inside = kind === "brief" ? path : path.slice(1);
  let label = "";
  for (const segment of inside) {
    if (typeof segment === "number") label += `[${segment}]`;
    else label += label === "" ? segment : `.${segment}`;
  }
  return label;
}

function missingField(path: readonly PathSegment[], context: IssueContext): string {
  const name = String(path.at(-1));
  const parent = fieldLabel(path.slice(0, -1), context.kind);
  return parent === ""
    ? `missing required field \`${name}\``
    : `\`${parent}\` is missing required field \`${name}\``;
}

function expectedWords(
  expected: string,
  path: readonly PathSegment[],
  context: IssueContext,
): string {
  if (path.length === 0 && expected === "array") {
    return `a list of ${context.kind} (items starting with \`- \`)`;
  }
  switch (expected) {
    case "string":
      return "text";
    case "number":
      return "a number";
    case "int":
      return "a whole number";
    case "boolean":
      return "true or false";
    case "array":
      return "a list";
    case "object":
      return "a mapping of fields (`name: value` lines)";
    default:
      return expected;
  }
}

function withSubject(subject: string, message: string, found: unknown): string {
  const tail = found === undefined ? "" : `, found ${quoted(found)}`;
  return /^(must|is|are) /.test(message)
    ? `${subject} ${message}${tail}`
    : `${subject}: ${message}`;
}

function foundWords(value: unknown): string {
  if (value === null) return "nothing (an empty value)";
  if (typeof value === "string") return value === "" ? "empty text" : `text \`${short(value)}\``;
  if (typeof value === "number") return `the number ${value}`;
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `\`${String(value)}\``;
}

function quoted(value: unknown): string {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return `\`${short(String(value))}\``;
  }
  return foundWords(value);
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function fieldHint(key: string, known: readonly string[]): string {
  if (known.length === 0) return "";
  const hint = didYouMean(key, known);
  return hint !== "" ? hint : ` (expected one of: ${known.join(", ")})`;
}

export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PathSegment, unknown>)[segment];
  }
  return value;
}

let zones: readonly string[] | undefined;
function timeZones(): readonly string[] {
  zones ??= Intl.supportedValuesOf("timeZone");
  return zones;
}

interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  options?: z.ZodType[];
  discriminator?: string;
  values?: unknown[];
}

function defOf(schema: z.ZodType): SchemaDef {
  return schema._zod.def as unknown as SchemaDef;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const inner = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
    if (inner === undefined) return current;
    current = inner;
  }
}

/** The fields the object schema at `path` accepts (the claim type's own, for a claim). */
function knownFields(root: z.ZodType, path: readonly PathSegment[], raw: unknown): string[] {
  let schema: z.ZodType | undefined = root;
  for (let depth = 0; depth <= path.length && schema !== undefined; depth++) {
    schema = pickBranch(unwrap(schema), valueAt(raw, path.slice(0, depth)));
    if (depth === path.length) break;
    const def = defOf(schema);
    const segment = path[depth]!;
    if (def.type === "array") schema = def.element;
    else if (def.type === "object") schema = def.shape?.[String(segment)];
    else schema = undefined;
  }
  if (schema === undefined) return [];
  const def = defOf(unwrap(schema));
  return def.type === "object" ? Object.keys(def.shape ?? {}) : [];
}

/** For a union, the option this value was meant as: by discriminator, else the object option. */
function pickBranch(schema: z.ZodType, value: unknown): z.ZodType {
  const def = defOf(schema);
  if (def.type !== "union") return schema;
  const options = (def.options ?? []).map(unwrap);
  if (def.discriminator !== undefined) {
    const tag = valueAt(value, [def.discriminator]);
    const match = options.find((option) => {
      const field = defOf(option).shape?.[def.discriminator!];
      return field !== undefined && (defOf(field).values ?? []).includes(tag);
    });
    return match ?? schema;
  }
  return options.find((option) => defOf(option).type === "object") ?? schema;
}
