// The "Add to brief" modal on Slack: Block Kit input blocks for a claim form (one block per field,
// block_id = action_id = the field's name, so errors map straight back), the type select that
// redraws the form for its type, external selects over the brief's names for source, place and
// actor, and reading a submitted view's state back into a ClaimForm.
import { fitFormText } from "../../answer/fit.ts";
import { SLACK_FORM_LIMITS } from "../../answer/limits.ts";
import {
  CLAIM_TYPES,
  type ClaimForm,
  COMMON_FIELDS,
  FIELD_CHOICES,
  FIELD_LABELS,
  FIELD_MAX_LENGTH,
  FORM_FIELDS,
  type FormField,
  REQUIRED_FIELDS,
  TYPE_FIELDS,
} from "../../claims/form.ts";
import { actorNames, completeName, placeNames, sourceNames } from "../../store/names.ts";
import type { ClaimType } from "../../store/schema.ts";
import type { Brief } from "../../store/types.ts";

export const CLAIM_FORM_CALLBACK = "sitrep_claim_form";
export const REJECT_FORM_CALLBACK = "sitrep_claim_reject";
export const REASON_FIELD = "reason";
const EXTERNAL: readonly FormField[] = ["source", "place", "actor"];
const MULTILINE: readonly FormField[] = ["summary", "quote", "note"];

/** What a modal carries between Slack's calls (private_metadata). */
export interface FormContext {
  readonly brief: string;
  readonly team: string;
  /** The channel it was opened from, to tell the submitter there. */
  readonly channel?: string;
  /** Set when an editor edits a pending claim. */
  readonly edit?: number;
}

export function readFormContext(metadata: string | undefined): FormContext | undefined {
  try {
    const value = JSON.parse(metadata ?? "") as FormContext;
    return typeof value.brief === "string" && typeof value.team === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

const plain = (text: string, max: number) => ({
  type: "plain_text" as const,
  text: fitFormText(text, max),
});

function option(text: string, value: string) {
  return {
    text: plain(text, SLACK_FORM_LIMITS.optionText),
    value: value.slice(0, SLACK_FORM_LIMITS.optionValue),
  };
}

/** The label of a source, place or actor id, for an external select's initial option. */
function nameOf(brief: Brief, field: FormField, id: string): string | undefined {
  const item =
    field === "source"
      ? brief.sources.get(id)
      : field === "place"
        ? brief.places.get(id)
        : brief.actors.get(id);
  return item?.name;
}

function elementFor(field: FormField, value: string | undefined, brief: Brief) {
  const base = { action_id: field };
  if (EXTERNAL.includes(field)) {
    const name = value === undefined ? undefined : nameOf(brief, field, value);
    return {
      ...base,
      type: "external_select",
      min_query_length: 0,
      placeholder: plain(`Type a name or alias`, SLACK_FORM_LIMITS.placeholder),
      ...(name === undefined || value === undefined ? {} : { initial_option: option(name, value) }),
    };
  }
  const choices = FIELD_CHOICES[field];
  if (choices !== undefined) {
    const selected = choices.find((c) => c === value);
    return {
      ...base,
      type: "static_select",
      options: choices.map((c) => option(c, c)),
      ...(selected === undefined ? {} : { initial_option: option(selected, selected) }),
    };
  }
  const max = FIELD_MAX_LENGTH[field] ?? SLACK_FORM_LIMITS.inputText;
  return {
    ...base,
    type: "plain_text_input",
    multiline: MULTILINE.includes(field),
    max_length: Math.min(max, SLACK_FORM_LIMITS.inputText),
    ...(value === undefined || value === "" ? {} : { initial_value: fitFormText(value, max) }),
  };
}

function inputBlock(field: FormField, form: ClaimForm, brief: Brief, optional: boolean) {
  return {
    type: "input",
    block_id: field,
    optional,
    label: plain(FIELD_LABELS[field], SLACK_FORM_LIMITS.label),
    element: elementFor(field, form[field], brief),
    // The type select redraws the form for the chosen type.
    ...(field === "type" ? { dispatch_action: true } : {}),
  };
}

/** The fields the form shows for a type, in order. */
export function fieldsFor(type: ClaimType | undefined): FormField[] {
  const own = type === undefined ? [] : TYPE_FIELDS[type];
  return ["type", "source", ...own, ...COMMON_FIELDS];
}

export function claimModal(form: ClaimForm, brief: Brief, context: FormContext) {
  const type = CLAIM_TYPES.find((t) => t === form.type);
  const required = new Set<FormField>([
    "type",
    "source",
    ...(type === undefined ? [] : REQUIRED_FIELDS[type]),
  ]);
  const blocks = fieldsFor(type).map((field) =>
    inputBlock(field, form, brief, !required.has(field)),
  );
  if (type === undefined) {
    blocks.push({
      type: "context",
      elements: [
        { type: "plain_text", text: "Choose the claim type: the form then shows its fields." },
      ],
    } as never);
  }
  return {
    type: "modal" as const,
    callback_id: CLAIM_FORM_CALLBACK,
    title: plain(
      context.edit === undefined ? "Add to brief" : `Edit claim #${context.edit}`,
      SLACK_FORM_LIMITS.viewTitle,
    ),
    submit: plain(context.edit === undefined ? "Submit" : "Save", SLACK_FORM_LIMITS.viewTitle),
    close: plain("Cancel", SLACK_FORM_LIMITS.viewTitle),
    private_metadata: JSON.stringify(context).slice(0, SLACK_FORM_LIMITS.privateMetadata),
    blocks,
  };
}

export function rejectModal(id: number, context: FormContext & { readonly claim: number }) {
  return {
    type: "modal" as const,
    callback_id: REJECT_FORM_CALLBACK,
    title: plain(`Reject claim #${id}`, SLACK_FORM_LIMITS.viewTitle),
    submit: plain("Reject", SLACK_FORM_LIMITS.viewTitle),
    close: plain("Cancel", SLACK_FORM_LIMITS.viewTitle),
    private_metadata: JSON.stringify(context),
    blocks: [
      {
        type: "input",
        block_id: REASON_FIELD,
        label: plain("Why (the submitter is told)", SLACK_FORM_LIMITS.label),
        element: {
          type: "plain_text_input",
          action_id: REASON_FIELD,
          multiline: true,
          max_length: 500,
        },
      },
    ],
  };
}

type StateValue = {
  readonly type?: string;
  readonly value?: string | null;
  readonly selected_option?: { readonly value?: string } | null;
};

/** A submitted (or redrawn) view's state as a ClaimForm: only fields the form knows. */
export function readClaimForm(
  values: Record<string, Record<string, StateValue>> | undefined,
): ClaimForm {
  const form: ClaimForm = {};
  for (const field of FORM_FIELDS) {
    const state = values?.[field]?.[field];
    const value = state?.selected_option?.value ?? state?.value ?? undefined;
    if (typeof value === "string" && value.trim() !== "") form[field] = value;
  }
  return form;
}

export function readReason(values: Record<string, Record<string, StateValue>> | undefined): string {
  return values?.[REASON_FIELD]?.[REASON_FIELD]?.value ?? "";
}

/** Options for an external select: the brief's names and aliases that match what was typed. */
export function nameOptions(brief: Brief, field: string, query: string) {
  const limit = 25;
  const matches =
    field === "source"
      ? completeName(sourceNames(brief), query, limit)
      : field === "place"
        ? completeName(placeNames(brief), query, limit)
        : field === "actor"
          ? completeName(actorNames(brief), query, limit)
          : [];
  return matches.map(({ item, matched }) => {
    const alias = matched === item.name ? "" : ` (${matched})`;
    return option(`${item.name}${alias}`, item.id);
  });
}
