// A claim drafted in chat (a Slack modal; Discord options and a modal): the fields a person fills
// in, turned into a claim and checked by the same zod schemas that check brief files, with every
// problem put on the field that caused it. Nothing here knows a platform.
import { DateTime } from "luxon";
import type { z } from "zod";
import {
  actorNames,
  type Named,
  type NameIndex,
  placeNames,
  resolveName,
  sourceNames,
} from "../store/names.ts";
import {
  Claim,
  type ClaimType,
  CONTROL_STATUSES,
  METRICS,
  QUALIFIERS,
  WHO,
} from "../store/schema.ts";
import type { Brief } from "../store/types.ts";

export const CLAIM_TYPES = [
  "toll",
  "control",
  "statement",
  "event",
] as const satisfies readonly ClaimType[];
export const EXTENTS = ["full", "partial"] as const;

export const FORM_FIELDS = [
  "type",
  "source",
  "place",
  "actor",
  "metric",
  "count",
  "qualifier",
  "who",
  "status",
  "extent",
  "summary",
  "detail",
  "reported",
  "quote",
  "url",
  "credibility",
  "note",
] as const;
export type FormField = (typeof FORM_FIELDS)[number];

/** What a person typed or picked, field by field; every value is untrusted text. */
export type ClaimForm = Partial<Record<FormField, string>>;
export type FieldErrors = Partial<Record<FormField, string>>;

/** The fields of each claim type, besides type, source and the common ones. */
export const TYPE_FIELDS: Record<ClaimType, readonly FormField[]> = {
  toll: ["metric", "count", "qualifier", "who", "place", "actor"],
  control: ["place", "actor", "status", "extent", "detail"],
  statement: ["summary", "place", "actor"],
  event: ["summary", "place", "actor"],
};
export const COMMON_FIELDS: readonly FormField[] = [
  "reported",
  "quote",
  "url",
  "credibility",
  "note",
];

/** Fields a type cannot do without (the form marks the others optional). */
export const REQUIRED_FIELDS: Record<ClaimType, readonly FormField[]> = {
  toll: ["metric", "count", "place"],
  control: ["place", "actor", "status"],
  statement: ["summary"],
  event: ["summary"],
};

/** The fixed choices of the fields that have them. */
export const FIELD_CHOICES: Partial<Record<FormField, readonly string[]>> = {
  type: CLAIM_TYPES,
  metric: METRICS,
  qualifier: QUALIFIERS,
  who: WHO,
  status: CONTROL_STATUSES,
  extent: EXTENTS,
  credibility: ["1", "2", "3", "4", "5", "6"],
};

export const FIELD_LABELS: Record<FormField, string> = {
  type: "Claim type",
  source: "Source (who makes the claim)",
  place: "Place",
  actor: "Actor",
  metric: "Metric",
  count: "Count (255, or a range 100-200)",
  qualifier: "Qualifier",
  who: "Who is counted",
  status: "Status",
  extent: "Extent",
  summary: "Summary, in your own words",
  detail: "Detail",
  reported: "Reported (YYYY-MM-DD HH:MM, brief time zone)",
  quote: "Quote (one sentence at most)",
  url: "Link",
  credibility: "Credibility (1 confirmed to 6 cannot be judged)",
  note: "Note",
};

/** Form text limits, kept well inside both platforms' input limits (Discord: 4000, Slack: 3000). */
export const FIELD_MAX_LENGTH: Partial<Record<FormField, number>> = {
  summary: 1000,
  detail: 300,
  quote: 300,
  url: 500,
  note: 1000,
  count: 40,
  reported: 40,
};

export type FormCheck =
  | { readonly ok: true; readonly claim: Claim; readonly draft: Record<string, unknown> }
  | { readonly ok: false; readonly errors: FieldErrors };

const SENTENCE_END = /[.!?。؟]["”’»)]*\s+\S/u;

/** True when the text holds more than one sentence ("Aleppo fell. HTS says so." does). */
export function isMoreThanOneSentence(text: string): boolean {
  return SENTENCE_END.test(text.trim());
}

/** The first sentence of a message, for the quote field, cut to `max` characters. */
export function firstSentence(text: string, max = FIELD_MAX_LENGTH.quote ?? 300): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const match = /^.*?[.!?。؟]["”’»)]*(?=\s|$)/u.exec(flat);
  const sentence = match?.[0] ?? flat;
  const chars = [...sentence];
  return chars.length <= max
    ? sentence
    : `${chars
        .slice(0, max - 1)
        .join("")
        .trimEnd()}…`;
}

/** The first http(s) link in a message's text (Slack wraps them as `<url|label>`). */
export function firstLink(text: string): string | undefined {
  const match = /<?(https?:\/\/[^\s<>|]+)/i.exec(text);
  return match?.[1]?.replace(/[).,;:!?]+$/, "");
}

/** "Now" as the form shows it: YYYY-MM-DD HH:MM in the brief's time zone. */
export function defaultReported(now: number, timezone: string): string {
  return DateTime.fromMillis(now, { zone: timezone }).toFormat("yyyy-MM-dd HH:mm");
}

/**
 * Reads what was typed in the reported field: a date (the day, as the brief format reads plain
 * dates), a local date-time in the brief's zone (`2024-11-30 14:05`), or ISO with an offset.
 * Returns the brief-format text, or undefined when it is none of these.
 */
export function readReported(text: string, timezone: string): string | undefined {
  const value = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return DateTime.fromISO(value, { zone: timezone }).isValid ? value : undefined;
  }
  const local = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?$/.exec(value);
  if (local !== null) {
    const at = DateTime.fromISO(`${local[1]}T${local[2]}${local[3] ?? ""}`, { zone: timezone });
    return at.isValid ? (at.toISO({ suppressMilliseconds: true }) ?? undefined) : undefined;
  }
  const withOffset = DateTime.fromISO(value, { setZone: true });
  return withOffset.isValid && /(Z|[+-]\d{2}:\d{2})$/.test(value)
    ? (withOffset.toISO({ suppressMilliseconds: true }) ?? undefined)
    : undefined;
}

/** A count as typed: `255`, `1,200`, or a range `100-200` / `100 to 200`. */
export function readCount(text: string): number | { low: number; high: number } | undefined {
  const value = text.replace(/[,\s](?=\d{3}\b)/g, "").trim();
  if (/^\d+$/.test(value)) return Number(value);
  const range = /^(\d+)\s*(?:-|–|to)\s*(\d+)$/.exec(value);
  return range === null ? undefined : { low: Number(range[1]), high: Number(range[2]) };
}

function present(form: ClaimForm, field: FormField): string | undefined {
  const value = form[field]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

/** An id of the brief, or a name or alias that names exactly one item. */
function resolveRef<T extends Named>(
  items: ReadonlyMap<string, T>,
  index: () => NameIndex<T>,
  value: string,
): string | undefined {
  if (items.has(value)) return value;
  const { matches } = resolveName(index(), value);
  return matches.length === 1 ? matches[0]!.item.id : undefined;
}

function fieldOf(path: readonly PropertyKey[]): FormField {
  const [first, second] = path;
  if (first === "about" || first === "actors") return second === undefined ? "place" : "actor";
  return (FORM_FIELDS as readonly PropertyKey[]).includes(first ?? "")
    ? (first as FormField)
    : "type";
}

/** Resolves the references a claim makes to the brief; errors on the fields that name nothing. */
function resolveRefs(form: ClaimForm, brief: Brief, errors: FieldErrors) {
  const refs: Partial<Record<"source" | "place" | "actor", string>> = {};
  const lookups = {
    source: [brief.sources, () => sourceNames(brief), "source"],
    place: [brief.places, () => placeNames(brief), "place"],
    actor: [brief.actors, () => actorNames(brief), "actor"],
  } as const;
  for (const field of ["source", "place", "actor"] as const) {
    const value = present(form, field);
    if (value === undefined) continue;
    const [items, index, noun] = lookups[field];
    const id = resolveRef(
      items as ReadonlyMap<string, Named>,
      index as () => NameIndex<Named>,
      value,
    );
    if (id === undefined) errors[field] = `no ${noun} called "${value}" in this brief`;
    else refs[field] = id;
  }
  return refs;
}

/** The draft claim as it will be written: only what was given, in the brief format's order. */
function buildDraft(
  type: ClaimType,
  form: ClaimForm,
  refs: Partial<Record<"source" | "place" | "actor", string>>,
  reported: string | undefined,
  errors: FieldErrors,
): Record<string, unknown> {
  const draft: Record<string, unknown> = { type, source: refs.source };
  draft.reported = reported ?? present(form, "reported");
  const credibility = present(form, "credibility");
  if (credibility !== undefined)
    draft.credibility = /^\d+$/.test(credibility) ? Number(credibility) : credibility;
  // A name that resolved to nothing already has its error; the draft leaves it out.
  const place = refs.place;
  const actor = refs.actor;
  if (type === "toll") {
    draft.metric = present(form, "metric");
    const count = present(form, "count");
    const read = count === undefined ? undefined : readCount(count);
    if (count !== undefined && read === undefined) {
      errors.count = "must be a whole number (255) or a range (100-200)";
    }
    draft.count = read;
    for (const field of ["qualifier", "who"] as const) draft[field] = present(form, field);
    draft.actor = actor;
    draft.place = place;
  } else if (type === "control") {
    draft.place = place;
    draft.actor = actor;
    draft.status = present(form, "status");
    draft.extent = present(form, "extent");
    draft.detail = present(form, "detail");
  } else {
    draft.summary = present(form, "summary");
    if (type === "event") {
      draft.place = place;
      if (actor !== undefined) draft.actors = [actor];
    } else {
      const about = [actor, place].filter((id) => id !== undefined);
      if (about.length > 0) draft.about = about;
    }
  }
  for (const field of ["quote", "url", "note"] as const) draft[field] = present(form, field);
  for (const key of Object.keys(draft)) if (draft[key] === undefined) delete draft[key];
  return draft;
}

function checkLengths(form: ClaimForm, errors: FieldErrors): void {
  for (const [field, max] of Object.entries(FIELD_MAX_LENGTH) as [FormField, number][]) {
    const value = present(form, field);
    if (value !== undefined && [...value].length > max)
      errors[field] = `must be at most ${max} characters`;
  }
  const quote = present(form, "quote");
  if (quote !== undefined && isMoreThanOneSentence(quote)) {
    errors.quote = "must be one sentence at most: keep the words that carry the claim";
  }
  const url = present(form, "url");
  if (url !== undefined && !/^https?:\/\/\S+$/i.test(url))
    errors.url = "must be a link starting with https://";
}

/**
 * Checks a form against a brief: the brief's own zod Claim schema, the references the loader
 * would check, and the form's rules (one-sentence quote, a link, lengths). `now` fills an empty
 * reported field.
 */
export function checkClaimForm(form: ClaimForm, brief: Brief, now: number): FormCheck {
  const errors: FieldErrors = {};
  const type = CLAIM_TYPES.find((t) => t === present(form, "type")?.toLowerCase());
  if (type === undefined)
    return { ok: false, errors: { type: `choose one of ${CLAIM_TYPES.join(", ")}` } };
  if (present(form, "source") === undefined) errors.source = "choose who makes the claim";
  const refs = resolveRefs(form, brief, errors);
  const reportedText = present(form, "reported") ?? defaultReported(now, brief.meta.timezone);
  const reported = readReported(reportedText, brief.meta.timezone);
  if (reported === undefined) {
    errors.reported = "must be a date (2024-11-30) or a date and time (2024-11-30 14:05)";
  } else if (
    Date.parse(reported.length === 10 ? `${reported}T00:00:00Z` : reported) >
    now + 24 * 3600_000
  ) {
    errors.reported = "is in the future";
  }
  checkLengths(form, errors);
  const draft = buildDraft(type, form, refs, reported, errors);
  const result = Claim.safeParse(draft);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = fieldOf(issue.path);
      errors[field] ??= messageOf(issue, field, draft);
    }
  }
  if (Object.keys(errors).length > 0 || !result.success) return { ok: false, errors };
  return { ok: true, claim: result.data, draft };
}

function messageOf(
  issue: z.core.$ZodIssue,
  field: FormField,
  draft: Record<string, unknown>,
): string {
  if (issue.path.length === 1 && draft[String(issue.path[0])] === undefined) {
    return field === "source" ? "choose who makes the claim" : "is required for this claim type";
  }
  if (
    FIELD_CHOICES[field] !== undefined &&
    (issue.code === "invalid_value" || field === "credibility")
  ) {
    return `choose one of ${FIELD_CHOICES[field]!.join(", ")}`;
  }
  if (issue.code === "unrecognized_keys") return `is not a field of this claim type`;
  return issue.message;
}
