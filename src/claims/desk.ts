// The claims desk: what every way in (Slack, Discord, the terminal) calls to submit a claim from
// chat, edit it, approve it into the brief or reject it. Submissions are checked by the brief's
// own schemas and kept pending in the state store; only editors decide; an approval writes the
// file (writeClaim), optionally commits it, and takes the brief into service before it answers.

import type { PlatformName } from "../core/types.ts";
import type { Logger } from "../log.ts";
import type { Brief, Store } from "../store/types.ts";
import { type ClaimForm, checkClaimForm, type FieldErrors, type FormCheck } from "./form.ts";
import { commitClaimFile, commitText, isGitWorkTree } from "./git.ts";
import { personLabel } from "./review.ts";
import type { Submission, SubmittedClaims } from "./submitted.ts";
import { ClaimWriteError, writeClaim } from "./write.ts";

export interface Person {
  readonly platform: PlatformName;
  readonly user: string;
  /** Display name from the platform (untrusted). */
  readonly name?: string;
}

/** Someone acting on a submission; the platform decides `isEditor` (admins + configured editors). */
export interface Actor extends Person {
  readonly isEditor: boolean;
}

export interface Submit {
  readonly form: ClaimForm;
  readonly brief: string;
  readonly submitter: Person;
  readonly workspace: string;
  readonly channel?: string;
}

export type SubmitResult =
  | { readonly ok: true; readonly submission: Submission }
  | { readonly ok: false; readonly errors: FieldErrors };

export type DecisionFailure = "not-editor" | "not-found" | "decided" | "failed";

export type Decision =
  | { readonly ok: true; readonly submission: Submission; readonly warning?: string }
  | {
      readonly ok: false;
      readonly code: DecisionFailure;
      readonly message: string;
      readonly submission?: Submission;
    };

export interface ClaimDeskOptions {
  readonly submitted: SubmittedClaims;
  readonly getStore: () => Store;
  /** Takes changed briefs into service (the live store's reload); resolves when done. */
  readonly reload?: () => Promise<void>;
  readonly now: () => number;
  readonly logger: Logger;
  /** BRIEFS_GIT_COMMIT: commit each approval when the brief is in a git work tree. */
  readonly gitCommit?: boolean;
}

export interface ClaimDesk {
  /** Checks a form against a brief without storing anything (for live field errors). */
  check(form: ClaimForm, brief: string): FormCheck;
  submit(input: Submit): Promise<SubmitResult>;
  /** Replaces a pending claim's fields (editors only); field errors leave it as it was. */
  edit(
    id: number,
    form: ClaimForm,
    actor: Actor,
  ): Promise<Decision | { ok: false; code: "invalid"; errors: FieldErrors }>;
  approve(id: number, actor: Actor): Promise<Decision>;
  reject(id: number, actor: Actor, reason: string): Promise<Decision>;
  get(id: number): Promise<Submission | undefined>;
  pending(): Promise<Submission[]>;
  /** Every submission, oldest first. */
  list(): Promise<Submission[]>;
  /** Where the review message of a submission is, to update it once decided. */
  setReviewMessage(id: number, channel: string, message: string): Promise<void>;
}

const NO_BRIEF: FieldErrors = { type: "there is no such brief in service" };

function decidedBy(actor: Person): string {
  return personLabel(actor.platform, actor.user, actor.name);
}

/** What goes into the file: an id for later references and crash-safe retries, and `added_by`. */
function claimToWrite(submission: Submission): Record<string, unknown> {
  return {
    id: `chat-${submission.id}`,
    ...submission.claim,
    added_by: personLabel(submission.platform, submission.submitter, submission.submitterName),
  };
}

export function createClaimDesk(options: ClaimDeskOptions): ClaimDesk {
  const { submitted, logger } = options;
  // One approval at a time in this process: the git index takes one commit at a time, and each
  // write re-reads its file after the previous one renamed it into place.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => {});
    return next;
  };

  function check(form: ClaimForm, briefId: string): FormCheck {
    const brief = options.getStore().briefs.get(briefId);
    if (brief === undefined) return { ok: false, errors: NO_BRIEF };
    return checkClaimForm(form, brief, options.now());
  }

  async function lookup(id: number, actor: Actor): Promise<Decision | Submission> {
    if (!actor.isEditor) {
      return {
        ok: false,
        code: "not-editor",
        message: "Only editors approve, edit or reject claims.",
      };
    }
    const submission = await submitted.get(id);
    if (submission === undefined)
      return { ok: false, code: "not-found", message: `There is no claim #${id}.` };
    if (submission.state !== "pending") {
      return {
        ok: false,
        code: "decided",
        message: `Claim #${id} was already ${submission.state} by ${submission.decidedBy ?? "an editor"}.`,
        submission,
      };
    }
    return submission;
  }

  async function commit(submission: Submission, file: string, actor: Actor, dir: string) {
    if (options.gitCommit !== true || !(await isGitWorkTree(dir))) return undefined;
    try {
      await commitClaimFile({
        dir,
        file,
        subject: `Claim #${submission.id} from chat into ${file}`,
        body: commitText(
          `Submitted by ${personLabel(submission.platform, submission.submitter, submission.submitterName)}, approved by ${decidedBy(actor)}.`,
        ),
      });
      return undefined;
    } catch (err) {
      logger.error({ err, claim: submission.id, file }, "git commit of an approved claim failed");
      return `The claim is in ${file}, but the git commit failed (see the log).`;
    }
  }

  async function approveNow(id: number, actor: Actor): Promise<Decision> {
    const found = await lookup(id, actor);
    if (!("id" in found)) return found;
    const brief = options.getStore().briefs.get(found.brief);
    const now = options.now();
    const fail = async (message: string): Promise<Decision> => {
      await submitted.recordFailure(id, message, now);
      return {
        ok: false,
        code: "failed",
        message: `Claim #${id} stays pending: ${message}`,
        submission: (await submitted.get(id))!,
      };
    };
    if (brief === undefined) return fail(`the brief ${found.brief} is not in service`);
    let file = "";
    try {
      const done = await submitted.approve(id, decidedBy(actor), now, (s) => {
        file = writeClaim({ claim: claimToWrite(s), brief });
        return file;
      });
      if (!done) return (await lookup(id, actor)) as Decision;
    } catch (error) {
      if (!(error instanceof ClaimWriteError))
        logger.error({ err: error, claim: id }, "writing an approved claim failed");
      const reason =
        error instanceof ClaimWriteError
          ? error.message
          : `the claims file could not be written (${(error as NodeJS.ErrnoException).code ?? "error"})`;
      return fail(reason);
    }
    const warning = await commit(found, file, actor, brief.dir);
    logger.info({ claim: id, brief: brief.id, file, by: decidedBy(actor) }, "claim approved");
    return {
      ok: true,
      submission: (await submitted.get(id))!,
      ...(warning === undefined ? {} : { warning }),
    };
  }

  return {
    check,
    async submit(input) {
      const result = check(input.form, input.brief);
      if (!result.ok) return result;
      const submission = await submitted.add(
        {
          platform: input.submitter.platform,
          workspace: input.workspace,
          ...(input.channel === undefined ? {} : { channel: input.channel }),
          submitter: input.submitter.user,
          ...(input.submitter.name === undefined ? {} : { submitterName: input.submitter.name }),
          brief: input.brief,
          claim: result.draft,
        },
        options.now(),
      );
      logger.info({ claim: submission.id, brief: input.brief }, "claim submitted");
      return { ok: true, submission };
    },
    async edit(id, form, actor) {
      const found = await lookup(id, actor);
      if (!("id" in found)) return found;
      const result = check(form, found.brief);
      if (!result.ok) return { ok: false, code: "invalid", errors: result.errors };
      await submitted.edit(id, result.draft, options.now());
      return { ok: true, submission: (await submitted.get(id))! };
    },
    async approve(id, actor) {
      const decision = await serially(() => approveNow(id, actor));
      // Answers include the claim once this resolves; watches see the new version go in.
      if (decision.ok) await options.reload?.();
      return decision;
    },
    async reject(id, actor, reason) {
      const found = await lookup(id, actor);
      if (!("id" in found)) return found;
      const why = reason.trim() === "" ? "no reason given" : reason.trim();
      if (!(await submitted.reject(id, decidedBy(actor), why, options.now())))
        return (await lookup(id, actor)) as Decision;
      return { ok: true, submission: (await submitted.get(id))! };
    },
    get: (id) => submitted.get(id),
    pending: () => submitted.list({ state: "pending" }),
    list: () => submitted.list(),
    setReviewMessage: (id, channel, message) =>
      submitted.setReviewMessage(id, channel, message, options.now()),
  };
}

/** The form of a stored claim, for an editor's Edit (the fields as they would be typed). */
export function formOf(claim: Record<string, unknown>, brief?: Brief): ClaimForm {
  const text = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
  const ids = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  const about = ids(claim.about);
  const count = claim.count as number | { low: number; high: number } | undefined;
  const form: ClaimForm = {
    type: text(claim.type),
    source: text(claim.source),
    place: text(claim.place) ?? about.find((id) => brief?.places.has(id)),
    actor: text(claim.actor) ?? ids(claim.actors)[0] ?? about.find((id) => brief?.actors.has(id)),
    metric: text(claim.metric),
    count:
      count === undefined
        ? undefined
        : typeof count === "number"
          ? String(count)
          : `${count.low}-${count.high}`,
    qualifier: text(claim.qualifier),
    who: text(claim.who),
    status: text(claim.status),
    extent: text(claim.extent),
    summary: text(claim.summary),
    detail: text(claim.detail),
    reported: text(claim.reported),
    quote: text(claim.quote),
    url: text(claim.url),
    credibility: text(claim.credibility),
    note: text(claim.note),
  };
  for (const key of Object.keys(form) as (keyof ClaimForm)[]) {
    if (form[key] === undefined) delete form[key];
  }
  return form;
}
