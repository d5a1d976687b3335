// Claims from chat on Slack: the "Add to brief" message shortcut and /report open the claim modal
// (acknowledged first, then views.open with the trigger id, inside Slack's 3 seconds); the form's
// fields are checked by the claims desk and shown back as field errors (response_action errors);
// a valid claim is pending and posted to the review channel with Approve / Edit / Reject, which
// only editors may use. Every action is a request to the core's `claim` command (its editor check,
// its error id and log line; the desk decides); this module translates payloads in and out.
import type { App, webApi } from "@slack/bolt";
import { type Answer, plain, type Rich } from "../../answer/model.ts";
import { renderSlack } from "../../answer/render-slack.ts";
import { refusalAnswer } from "../../answer/simple.ts";
import {
  approvedText,
  CLAIM_ACTION,
  type EditResult,
  formOptionsOf,
  type NewForm,
  type OpenedClaim,
} from "../../claims/actions.ts";
import type { ClaimDesk, Decision, SubmitResult } from "../../claims/desk.ts";
import {
  type ClaimForm,
  type FieldErrors,
  type FormField,
  firstLink,
  firstSentence,
} from "../../claims/form.ts";
import { noticeAnswer, reviewAnswer } from "../../claims/review.ts";
import type { Submission } from "../../claims/submitted.ts";
import type { Reply, RequestCore } from "../../core/request.ts";
import type { Logger } from "../../log.ts";
import type { Brief, Store } from "../../store/types.ts";
import {
  CLAIM_FORM_CALLBACK,
  claimModal,
  type FormContext,
  fieldsFor,
  nameOptions,
  REJECT_FORM_CALLBACK,
  readClaimForm,
  readFormContext,
  readReason,
  rejectModal,
} from "./claim-modal.ts";
import type { SlackClients } from "./clients.ts";
import { isSlackAdmin } from "./slash-commands.ts";

export const ADD_TO_BRIEF_SHORTCUT = "sitrep_add_to_brief";
export const REPORT_COMMAND = "/report";
export const APPROVE_ACTION = "sitrep_claim_approve";
export const EDIT_ACTION = "sitrep_claim_edit";
export const REJECT_ACTION = "sitrep_claim_reject";

export interface SlackClaimsOptions {
  readonly desk: ClaimDesk;
  /** Channel id where claims are posted for review; without it they wait in `sitrep pending`. */
  readonly reviewChannel?: string;
  /** SLACK_EDITOR_USERS: besides admins, who may approve, edit and reject. */
  readonly editorUsers: readonly string[];
}

export interface ClaimHandlerOptions extends SlackClaimsOptions {
  /** The request core: every claim action goes through its `claim` command. */
  readonly core: RequestCore;
  readonly getStore: () => Store;
  readonly now: () => number;
  readonly logger: Logger;
  readonly allowedTeams: readonly string[];
  readonly adminUsers: readonly string[];
  /** The client acting in a workspace (the one token, or that workspace's installation). */
  readonly clients: SlackClients;
}

/** An answer's note as plain text, for a modal field's error. */
function plainNote(note: Rich): string {
  return plain(note);
}

function blocksOf(answer: Answer) {
  const { text, blocks } = renderSlack(answer);
  return { text, blocks: blocks as unknown as webApi.KnownBlock[] };
}

function reviewMessage(submission: Submission, store: Store, now: number) {
  const { text, blocks } = blocksOf(reviewAnswer(submission, store, now));
  if (submission.state !== "pending") return { text, blocks };
  const value = String(submission.id);
  const button = (action_id: string, label: string, style?: "primary" | "danger") => ({
    type: "button" as const,
    action_id,
    value,
    text: { type: "plain_text" as const, text: label },
    ...(style === undefined ? {} : { style }),
  });
  const actions = {
    type: "actions" as const,
    block_id: `sitrep_review_${value}`,
    elements: [
      button(APPROVE_ACTION, "Approve", "primary"),
      button(EDIT_ACTION, "Edit"),
      button(REJECT_ACTION, "Reject", "danger"),
    ],
  };
  return { text, blocks: [...blocks, actions] as webApi.KnownBlock[] };
}

/** Field errors on blocks the form shows (an error on a field not shown goes on the type). */
function errorsForView(errors: FieldErrors, form: ClaimForm): Record<string, string> {
  const shown = new Set<FormField>(fieldsFor(form.type as never));
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors) as [FormField, string][]) {
    const block = shown.has(field) ? field : "type";
    out[block] = out[block] === undefined ? message : `${out[block]}; ${field}: ${message}`;
  }
  return out;
}

export function registerClaimHandlers(app: App, options: ClaimHandlerOptions): void {
  const { desk, logger, clients } = options;
  const allowed = (team: string | undefined) =>
    options.allowedTeams.length === 0 ||
    (team !== undefined && options.allowedTeams.includes(team));
  const isEditor = async (user: string, team: string | undefined) => {
    if (options.editorUsers.includes(user)) return true;
    try {
      const client = await clients.answering(team);
      return await isSlackAdmin(user, { ...options, client, logger });
    } catch (err) {
      logger.warn(
        { err, user, team },
        "no client for the workspace; treating the user as no editor",
      );
      return false;
    }
  };

  /** A claim action as the core's request; the core asks `isEditor` only when it must. */
  function act(
    subcommand: string,
    body: { user: { id: string; name?: string; username?: string }; team?: { id: string } | null },
    values: Record<string, string | undefined>,
    origin: { workspace?: string; channel?: string; editor?: boolean } = {},
  ): Promise<Reply> {
    const name = body.user.name ?? body.user.username;
    const team = origin.workspace ?? body.team?.id;
    return options.core.handle({
      origin: {
        platform: "slack",
        workspace: team ?? "",
        channel: origin.channel ?? "",
        user: body.user.id,
        isAdmin: origin.editor === false ? false : () => isEditor(body.user.id, team),
      },
      command: CLAIM_ACTION,
      subcommand,
      options: { ...(name ? { name } : {}), ...values },
    });
  }

  async function openForm(triggerId: string, form: ClaimForm, brief: Brief, context: FormContext) {
    const client = await clients.answering(context.team);
    await client.views.open({
      trigger_id: triggerId,
      view: claimModal(form, brief, context) as never,
    });
  }

  async function tell(team: string, user: string, channel: string | undefined, answer: Answer) {
    const message = blocksOf(answer);
    try {
      const client = await clients.answering(team);
      if (channel !== undefined) await client.chat.postEphemeral({ channel, user, ...message });
      else await client.chat.postMessage({ channel: user, ...message, unfurl_links: false });
    } catch (err) {
      logger.warn({ err, user }, "could not tell a user about their claim");
    }
  }

  async function updateReview(submission: Submission) {
    if (submission.reviewChannel === undefined || submission.reviewMessage === undefined) return;
    if (submission.platform !== "slack") return;
    try {
      // The review message was posted with the token of the workspace the claim came from.
      const client = await clients.answering(submission.workspace);
      await client.chat.update({
        channel: submission.reviewChannel,
        ts: submission.reviewMessage,
        ...reviewMessage(submission, options.getStore(), options.now()),
      });
    } catch (err) {
      logger.warn({ err, claim: submission.id }, "could not update a review message");
    }
  }

  async function postReview(submission: Submission) {
    if (options.reviewChannel === undefined) return;
    try {
      const client = await clients.answering(submission.workspace);
      const posted = await client.chat.postMessage({
        channel: options.reviewChannel,
        ...reviewMessage(submission, options.getStore(), options.now()),
        unfurl_links: false,
        unfurl_media: false,
      });
      if (posted.ts !== undefined)
        await desk.setReviewMessage(submission.id, options.reviewChannel, posted.ts);
    } catch (err) {
      logger.error(
        { err, claim: submission.id },
        "could not post a claim for review; it stays pending",
      );
    }
  }

  app.shortcut(ADD_TO_BRIEF_SHORTCUT, async ({ shortcut, ack }) => {
    await ack();
    if (shortcut.type !== "message_action" || !allowed(shortcut.team?.id)) return;
    const reply = await act(
      "form",
      shortcut,
      {},
      { workspace: shortcut.team?.id ?? "", channel: shortcut.channel.id, editor: false },
    );
    const { brief, reported } = (reply.result as NewForm | undefined) ?? {};
    if (brief === undefined || reported === undefined) return;
    const text = shortcut.message.text ?? "";
    const ts = shortcut.message.ts.replace(".", "");
    const link = shortcut.team?.domain
      ? `https://${shortcut.team.domain}.slack.com/archives/${shortcut.channel.id}/p${ts}`
      : undefined;
    const url = firstLink(text) ?? link;
    const form: ClaimForm = {
      reported,
      ...(text.trim() === "" ? {} : { quote: firstSentence(text) }),
      ...(url === undefined ? {} : { url }),
    };
    await openForm(shortcut.trigger_id, form, brief, {
      brief: brief.id,
      team: shortcut.team?.id ?? "",
      channel: shortcut.channel.id,
    });
  });

  app.command(REPORT_COMMAND, async ({ command, ack, respond }) => {
    await ack();
    const reply = allowed(command.team_id)
      ? await act(
          "form",
          { user: { id: command.user_id, name: command.user_name } },
          command.text.trim() === "" ? {} : { text: command.text },
          { workspace: command.team_id, channel: command.channel_id, editor: false },
        )
      : undefined;
    const { brief, reported } = (reply?.result as NewForm | undefined) ?? {};
    if (brief === undefined || reported === undefined) {
      await respond({
        response_type: "ephemeral",
        ...blocksOf(refusalAnswer("Claims cannot be added here.")),
      });
      return;
    }
    await openForm(command.trigger_id, { reported }, brief, {
      brief: brief.id,
      team: command.team_id,
      channel: command.channel_id,
    });
  });

  // The type select redraws the form with that type's fields, keeping what was typed.
  app.action({ action_id: "type", type: "block_actions" }, async ({ body, ack }) => {
    await ack();
    const view = body.view;
    const context = readFormContext(view?.private_metadata);
    const brief = context === undefined ? undefined : options.getStore().briefs.get(context.brief);
    if (view === undefined || context === undefined || brief === undefined) return;
    const client = await clients.answering(body.team?.id ?? context.team);
    await client.views.update({
      view_id: view.id,
      hash: view.hash,
      view: claimModal(readClaimForm(view.state?.values as never), brief, context) as never,
    });
  });

  app.options({ action_id: /^(source|place|actor)$/ }, async ({ body, options: request, ack }) => {
    const context = readFormContext(
      (body as { view?: { private_metadata?: string } }).view?.private_metadata,
    );
    const brief = context === undefined ? undefined : options.getStore().briefs.get(context.brief);
    const field = (request as { action_id?: string }).action_id ?? "";
    await ack({
      options: brief === undefined ? [] : (nameOptions(brief, field, request.value ?? "") as never),
    });
  });

  app.view(CLAIM_FORM_CALLBACK, async ({ ack, body, view }) => {
    const context = readFormContext(view.private_metadata);
    const form = readClaimForm(view.state.values as never);
    if (context === undefined) {
      await ack({
        response_action: "errors",
        errors: { type: "This form is out of date; open it again." },
      });
      return;
    }
    if (context.edit !== undefined) {
      const reply = await act("edit", body, { id: String(context.edit), ...formOptionsOf(form) });
      const edited = reply.result as EditResult | undefined;
      if (edited !== undefined && !edited.ok && edited.code === "invalid") {
        await ack({ response_action: "errors", errors: errorsForView(edited.errors, form) });
        return;
      }
      await ack();
      if (edited?.ok) await updateReview(edited.submission);
      else await tell(body.team?.id ?? context.team, body.user.id, undefined, reply.answer);
      return;
    }
    const reply = await act(
      "submit",
      { user: { id: body.user.id, name: body.user.name } },
      { brief: context.brief, channel: context.channel, ...formOptionsOf(form) },
      { workspace: body.team?.id ?? context.team, editor: false },
    );
    const submitted = reply.result as SubmitResult | undefined;
    if (submitted === undefined || !submitted.ok) {
      const errors =
        submitted === undefined
          ? { type: reply.answer.notes?.map(plainNote).join(" ") ?? reply.answer.title }
          : errorsForView(submitted.errors, form);
      await ack({ response_action: "errors", errors });
      return;
    }
    await ack();
    await postReview(submitted.submission);
    await tell(body.team?.id ?? context.team, body.user.id, context.channel, reply.answer);
  });

  app.action(
    { action_id: APPROVE_ACTION, type: "block_actions" },
    async ({ body, action, ack, respond }) => {
      await ack();
      const id = Number((action as { value?: string }).value);
      const ephemeral = (answer: Answer) =>
        respond({ response_type: "ephemeral", replace_original: false, ...blocksOf(answer) });
      const reply = await act("approve", body, { id: String(id) });
      const decision = reply.result as Decision | undefined;
      if (decision?.submission !== undefined) await updateReview(decision.submission);
      await ephemeral(reply.answer);
      if (decision?.ok === true && decision.submission.platform === "slack") {
        await tell(
          decision.submission.workspace,
          decision.submission.submitter,
          undefined,
          noticeAnswer(`Your claim #${id} was approved`, approvedText(decision.submission)),
        );
      }
    },
  );

  app.action(
    { action_id: EDIT_ACTION, type: "block_actions" },
    async ({ body, action, ack, respond }) => {
      await ack();
      const id = Number((action as { value?: string }).value);
      const reply = await act("open", body, { id: String(id) });
      const opened = reply.result as OpenedClaim | undefined;
      const { submission, brief, form } = opened ?? {};
      if (
        submission === undefined ||
        brief === undefined ||
        form === undefined ||
        submission.state !== "pending"
      ) {
        const why =
          opened === undefined ? reply.answer : refusalAnswer(`Claim #${id} cannot be edited.`);
        await respond({
          response_type: "ephemeral",
          replace_original: false,
          ...blocksOf(why),
        });
        return;
      }
      await openForm((body as { trigger_id: string }).trigger_id, form, brief, {
        brief: brief.id,
        team: body.team?.id ?? "",
        edit: id,
      });
    },
  );

  app.action(
    { action_id: REJECT_ACTION, type: "block_actions" },
    async ({ body, action, ack, respond }) => {
      await ack();
      const id = Number((action as { value?: string }).value);
      const reply = await act("open", body, { id: String(id) });
      if (reply.result === undefined) {
        await respond({
          response_type: "ephemeral",
          replace_original: false,
          ...blocksOf(reply.answer),
        });
        return;
      }
      const client = await clients.answering(body.team?.id);
      await client.views.open({
        trigger_id: (body as { trigger_id: string }).trigger_id,
        view: rejectModal(id, { brief: "", team: body.team?.id ?? "", claim: id }) as never,
      });
    },
  );

  app.view(REJECT_FORM_CALLBACK, async ({ ack, body, view }) => {
    const context = JSON.parse(view.private_metadata || "{}") as { claim?: number };
    const reason = readReason(view.state.values as never);
    const reply = await act("reject", body, {
      id: String(context.claim),
      ...(reason.trim() === "" ? {} : { reason }),
    });
    const decision = reply.result as Decision | undefined;
    if (decision === undefined || !decision.ok) {
      const why = reply.answer.notes?.map(plainNote).join(" ") ?? reply.answer.title;
      await ack({ response_action: "errors", errors: { reason: why } });
      return;
    }
    await ack();
    const { submission } = decision;
    await updateReview(submission);
    if (submission.platform === "slack") {
      await tell(
        submission.workspace,
        submission.submitter,
        undefined,
        noticeAnswer(
          `Your claim #${submission.id} was rejected`,
          `Reason: ${submission.reason ?? ""}`,
        ),
      );
    }
  });
}
