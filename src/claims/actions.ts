// The claim actions as the request core sees them: `/report`'s form, the "Add to brief" form, and
// the review buttons (approve, edit, reject) are requests for the `claim` command, which no
// platform registers as a slash command (the core gets it as an action). The core checks the
// typed values, asks whether the person is an editor (its admin check: the platform answers it
// with admins plus configured editors), and logs a failure once under an error id; the handlers
// call the claims desk and hand the platform what it decided as `Reply.result`.
import type { Answer } from "../answer/model.ts";
import { refusalAnswer, usageAnswer } from "../answer/simple.ts";
import type {
  Args,
  ChatOrigin,
  Command,
  OptionDefinition,
  Produced,
  StateContext,
  SubcommandDefinition,
} from "../core/types.ts";
import type { Brief, Store } from "../store/types.ts";
import { type Actor, type ClaimDesk, type Decision, formOf, type SubmitResult } from "./desk.ts";
import { type ClaimForm, defaultReported, type FieldErrors, FORM_FIELDS } from "./form.ts";
import { noticeAnswer } from "./review.ts";
import type { Submission } from "./submitted.ts";

export const CLAIM_ACTION = "claim";
export const EDITORS_ONLY = "Only editors approve, edit or reject claims.";

const formOptions: readonly OptionDefinition[] = FORM_FIELDS.map((name) => ({
  name,
  description: `The claim's ${name}, as typed or picked`,
  kind: "text",
}));
const id: OptionDefinition = {
  name: "id",
  description: "The claim's number",
  kind: "text",
  required: true,
};
const name: OptionDefinition = {
  name: "name",
  description: "The display name of who acts (untrusted)",
  kind: "text",
};
const editors = { admin: true, refusal: EDITORS_ONLY } as const;

const subcommands: readonly SubcommandDefinition[] = [
  {
    name: "form",
    description: "A new claim form (/report, Add to brief): its brief and default report time",
    options: [
      {
        name: "text",
        description: "What was typed after /report (`brief:ID` or an id)",
        kind: "text",
      },
      name,
    ],
  },
  {
    name: "submit",
    description: "A claim from chat, kept pending for an editor",
    options: [
      { name: "brief", description: "The brief it is for", kind: "text", required: true },
      { name: "channel", description: "Where it was started", kind: "text" },
      name,
      ...formOptions,
    ],
  },
  {
    name: "open",
    description: "Editors: a claim to edit, approve or reject (a review button)",
    options: [id, name],
    ...editors,
  },
  {
    name: "edit",
    description: "Editors: replace a pending claim's fields",
    options: [id, name, ...formOptions],
    ...editors,
  },
  {
    name: "approve",
    description: "Editors: write a pending claim into its brief",
    options: [id, name],
    ...editors,
  },
  {
    name: "reject",
    description: "Editors: reject a pending claim with a reason",
    options: [id, name, { name: "reason", description: "Why", kind: "text" }],
    ...editors,
  },
];

/** What `claim form` hands back: the brief a new form is for (none in service: undefined). */
export interface NewForm {
  readonly brief?: Brief;
  /** The default of "reported": now, in the brief's time zone. */
  readonly reported?: string;
}

/** What `claim open` hands back for an edit: the claim and its fields as a form. */
export interface OpenedClaim {
  readonly id: number;
  readonly submission?: Submission;
  /** The brief in service the claim is for, and the claim's fields as a form for Edit. */
  readonly brief?: Brief;
  readonly form?: ClaimForm;
}

export type EditResult = Decision | { ok: false; code: "invalid"; errors: FieldErrors };

/** The form fields among the arguments (values as typed, each one checked by the desk). */
function formFrom(args: Args): ClaimForm {
  const form: ClaimForm = {};
  for (const field of FORM_FIELDS) {
    const value = args[field];
    if (typeof value === "string") form[field] = value;
  }
  return form;
}

/** The form as typed options: empty fields left out (the core's checks want a value). */
export function formOptionsOf(form: ClaimForm): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(form)) {
    if (typeof value === "string" && value.trim() !== "") out[field] = value;
  }
  return out;
}

function actorOf(args: Args, origin: ChatOrigin): Actor {
  return {
    platform: origin.platform,
    user: origin.user,
    ...(typeof args.name === "string" ? { name: args.name } : {}),
    isEditor: origin.isAdmin,
  };
}

const produced = (answer: Answer, result: unknown): Produced => ({ answer, result });

function decisionAnswer(decision: Decision, done: (s: Submission) => Answer): Answer {
  return decision.ok ? done(decision.submission) : refusalAnswer(decision.message);
}

function errorsAnswer(errors: FieldErrors): Answer {
  const lines = Object.entries(errors).map(([field, message]) => `${field}: ${message}`);
  return usageAnswer(`The claim has errors. ${lines.join("; ")}`);
}

type ClaimHandler = (
  args: Args,
  desk: ClaimDesk,
  context: StateContext,
) => Answer | Produced | Promise<Answer | Produced>;

/** The brief a form is about: `brief:ID` or a bare id typed after /report, else the first one. */
function pickBrief(store: Store, text = ""): Brief | undefined {
  const wanted = /(?:^|\s)(?:brief:)?([a-z0-9-]+)\s*$/.exec(text.trim().toLowerCase())?.[1];
  return (
    (wanted === undefined ? undefined : store.briefs.get(wanted)) ??
    store.briefs.values().next().value
  );
}

const handlers: Record<string, ClaimHandler> = {
  form(args, _desk, { store, now }) {
    const brief = pickBrief(store, typeof args.text === "string" ? args.text : "");
    const form: NewForm =
      brief === undefined ? {} : { brief, reported: defaultReported(now, brief.meta.timezone) };
    return produced(noticeAnswer("Add to brief", ""), form);
  },
  async submit(args, desk, { origin }) {
    const result: SubmitResult = await desk.submit({
      form: formFrom(args),
      brief: String(args.brief),
      submitter: {
        platform: origin.platform,
        user: origin.user,
        ...(typeof args.name === "string" ? { name: args.name } : {}),
      },
      workspace: origin.workspace,
      ...(typeof args.channel === "string" ? { channel: args.channel } : {}),
    });
    const answer = result.ok
      ? noticeAnswer(
          `Claim #${result.submission.id} is pending`,
          "An editor will approve it into the brief or reject it; it is in no answer until then.",
        )
      : errorsAnswer(result.errors);
    return produced(answer, result);
  },
  // The editor check is the core's; what a button does with a claim that is not pending is the
  // platform's wording, so this hands back what there is.
  async open(args, desk, { store }) {
    const claim = Number(args.id);
    const submission = await desk.get(claim);
    const brief = submission === undefined ? undefined : store.briefs.get(submission.brief);
    const opened: OpenedClaim = {
      id: claim,
      ...(submission === undefined ? {} : { submission }),
      ...(submission === undefined || brief === undefined
        ? {}
        : { brief, form: formOf(submission.claim, brief) }),
    };
    return produced(noticeAnswer(`Claim #${claim}`, ""), opened);
  },
  async edit(args, desk, { origin }) {
    const result: EditResult = await desk.edit(
      Number(args.id),
      formFrom(args),
      actorOf(args, origin),
    );
    if (!result.ok && result.code === "invalid")
      return produced(errorsAnswer(result.errors), result);
    const answer = decisionAnswer(result as Decision, (s) =>
      noticeAnswer(`Edited claim #${s.id}`, ""),
    );
    return produced(answer, result);
  },
  async approve(args, desk, { origin }) {
    const decision = await desk.approve(Number(args.id), actorOf(args, origin));
    const answer = decisionAnswer(decision, (s) =>
      noticeAnswer(
        `Approved claim #${s.id}`,
        (decision.ok ? decision.warning : undefined) ?? approvedText(s),
      ),
    );
    return produced(answer, decision);
  },
  async reject(args, desk, { origin }) {
    const decision = await desk.reject(
      Number(args.id),
      actorOf(args, origin),
      String(args.reason ?? ""),
    );
    const answer = decisionAnswer(decision, (s) =>
      noticeAnswer(`Rejected claim #${s.id}`, `Reason: ${s.reason ?? ""}`),
    );
    return produced(answer, decision);
  },
};

/** What an approval says: where the claim went. */
export function approvedText(submission: Submission): string {
  return `Claim #${submission.id} is in ${submission.brief}/${submission.file}; answers include it now.`;
}

const definition = {
  name: CLAIM_ACTION,
  description: "Claims from chat: the forms and review buttons (no slash command)",
  options: [],
  subcommands,
} as const;

export const claimActions: Command = {
  definition,
  needs: "state",
  handle: () => usageAnswer('Claims are added with /report or the "Add to brief" shortcut.'),
  subcommands: Object.fromEntries(
    Object.entries(handlers).map(([sub, handle]) => [
      sub,
      {
        needs: "state" as const,
        handle: (args: Args, context: StateContext) => {
          const desk = context.services.claims;
          if (desk === undefined)
            return refusalAnswer("Claims from chat are not set up on this bot.");
          return handle(args, desk, context);
        },
      },
    ]),
  ),
};
