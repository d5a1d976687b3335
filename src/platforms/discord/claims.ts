// Claims from chat on Discord. `/report` takes what a modal cannot hold as typed options (type and
// fixed choices, source, place and actor autocompleted from the brief's names and aliases), then
// opens a modal for the text fields; the "Add to brief" message command takes the message's first
// sentence and link for the next /report. The review message carries Approve / Edit / Reject
// buttons for editors. Gateway and HTTP modes hand the raw interaction here and deliver the
// response; every decision is the claims desk's.
import { randomBytes } from "node:crypto";
import {
  type APIEmbed,
  type APIInteraction,
  type APIInteractionResponse,
  ApplicationCommandType,
  ComponentType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  InteractionResponseType,
  InteractionType,
  PermissionFlagsBits,
  PermissionsBitField,
  type REST,
  Routes,
  SlashCommandBuilder,
} from "discord.js";
import { fitFormText } from "../../answer/fit.ts";
import { DISCORD_FORM_LIMITS } from "../../answer/limits.ts";
import type { Answer } from "../../answer/model.ts";
import { renderDiscord } from "../../answer/render-discord.ts";
import { refusalAnswer } from "../../answer/simple.ts";
import {
  approvedText,
  CLAIM_ACTION,
  type EditResult,
  formOptionsOf,
  type NewForm,
  type OpenedClaim,
} from "../../claims/actions.ts";
import { type ClaimDesk, type Decision, formOf, type SubmitResult } from "../../claims/desk.ts";
import {
  CLAIM_TYPES,
  type ClaimForm,
  EXTENTS,
  FIELD_CHOICES,
  FIELD_LABELS,
  FIELD_MAX_LENGTH,
  type FieldErrors,
  type FormField,
  firstLink,
  firstSentence,
} from "../../claims/form.ts";
import { noticeAnswer, reviewAnswer } from "../../claims/review.ts";
import type { Submission } from "../../claims/submitted.ts";
import type { Reply, RequestCore } from "../../core/request.ts";
import type { Logger } from "../../log.ts";
import { actorNames, completeName, placeNames, sourceNames } from "../../store/names.ts";
import { CONTROL_STATUSES, METRICS, QUALIFIERS, WHO } from "../../store/schema.ts";
import type { Brief, Store } from "../../store/types.ts";

export const REPORT_COMMAND = "report";
export const ADD_TO_BRIEF_COMMAND = "Add to brief";
const FORM = "sitrep_claim_form";
const FIX = "sitrep_claim_fix";
const REVIEW = "sitrep_claim";
const REASON = "sitrep_claim_reason";
const EDIT = "sitrep_claim_edit";
const EPHEMERAL = 64;
/** Typed options and message drafts wait this long for their modal. */
const DRAFT_TTL_MS = 30 * 60_000;

export interface DiscordClaimsOptions {
  readonly desk: ClaimDesk;
  /** DISCORD_REVIEW_CHANNEL; posting there needs a bot token (`rest`). */
  readonly reviewChannel?: string;
  readonly editorUsers: readonly string[];
  readonly editorRoles: readonly string[];
  /** A REST client with the bot token: review posts and the submitter's direct messages. */
  readonly rest?: REST;
}

export interface ClaimHandlerOptions extends DiscordClaimsOptions {
  readonly getStore: () => Store;
  readonly now: () => number;
  readonly logger: Logger;
  readonly allowedGuilds?: readonly string[];
}

/** The response to send, and work that follows it (edits and posts after a deferral). */
export interface ClaimReply {
  readonly response: APIInteractionResponse;
  readonly after?: (interactionRest: REST, applicationId: string, token: string) => Promise<void>;
}

const OPTION_FIELDS = [
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
  "credibility",
] as const;

/** The registration bodies: /report with its typed options, and the message command. */
export function claimCommandBodies() {
  const report = new SlashCommandBuilder()
    .setName(REPORT_COMMAND)
    .setDescription("Add a claim to the brief (an editor approves it)")
    .setContexts(InteractionContextType.Guild);
  report.addStringOption((o) =>
    o
      .setName("type")
      .setDescription("What kind of claim")
      .setRequired(true)
      .addChoices(...CLAIM_TYPES.map((c) => ({ name: c, value: c }))),
  );
  report.addStringOption((o) =>
    o
      .setName("source")
      .setDescription("Who makes the claim")
      .setRequired(true)
      .setAutocomplete(true),
  );
  report.addStringOption((o) =>
    o.setName("place").setDescription("Where (a place of the brief)").setAutocomplete(true),
  );
  report.addStringOption((o) =>
    o.setName("actor").setDescription("Who (an actor of the brief)").setAutocomplete(true),
  );
  const choices: [string, string, readonly string[]][] = [
    ["metric", "toll: what is counted", METRICS],
    ["qualifier", "toll: exact, about, at-least, more-than, up-to", QUALIFIERS],
    ["who", "toll: who is counted", WHO],
    ["status", "control: what the actor does there", CONTROL_STATUSES],
    ["extent", "control: full or partial", EXTENTS],
    ["credibility", "1 confirmed by others … 6 cannot be judged", FIELD_CHOICES.credibility ?? []],
  ];
  report.addStringOption((o) =>
    o.setName("count").setDescription("toll: a whole number (255) or a range (100-200)"),
  );
  for (const [name, description, values] of choices) {
    report.addStringOption((o) =>
      o
        .setName(name)
        .setDescription(description)
        .addChoices(...values.map((v) => ({ name: v, value: v }))),
    );
  }
  report.addStringOption((o) =>
    o.setName("brief").setDescription("Which brief (when there are several)"),
  );
  const message = new ContextMenuCommandBuilder()
    .setName(ADD_TO_BRIEF_COMMAND)
    .setType(ApplicationCommandType.Message)
    .setContexts(InteractionContextType.Guild);
  return [report.toJSON(), message.toJSON()];
}

interface Draft {
  readonly form: ClaimForm;
  readonly brief: string;
  readonly channel?: string;
  readonly expires: number;
}

function toEmbeds(answer: Answer): APIEmbed[] {
  return [...renderDiscord(answer).embeds] as APIEmbed[];
}

function ephemeral(answer: Answer): APIInteractionResponse {
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: { embeds: toEmbeds(answer), flags: EPHEMERAL, allowed_mentions: { parse: [] } },
  };
}

/** The text fields the modal holds for a claim type (Discord allows five). */
function modalFields(type: string | undefined): FormField[] {
  const own: FormField[] = type === "toll" ? [] : type === "control" ? ["detail"] : ["summary"];
  return [...own, "reported", "quote", "url", "note"];
}

function textInput(field: FormField, value: string | undefined, required: boolean) {
  const max = Math.min(
    FIELD_MAX_LENGTH[field] ?? DISCORD_FORM_LIMITS.textInputValue,
    DISCORD_FORM_LIMITS.textInputValue,
  );
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.TextInput,
        custom_id: field,
        label: fitFormText(FIELD_LABELS[field], DISCORD_FORM_LIMITS.textInputLabel),
        style: field === "summary" || field === "note" ? 2 : 1,
        required,
        max_length: max,
        ...(value === undefined || value === "" ? {} : { value: fitFormText(value, max) }),
      },
    ],
  };
}

function claimModal(customId: string, title: string, form: ClaimForm): APIInteractionResponse {
  const fields = modalFields(form.type).slice(0, DISCORD_FORM_LIMITS.modalInputs);
  return {
    type: InteractionResponseType.Modal,
    data: {
      custom_id: customId,
      title: fitFormText(title, DISCORD_FORM_LIMITS.modalTitle),
      components: fields.map((f) => textInput(f, form[f], f === "summary")) as never,
    },
  };
}

function reviewComponents(submission: Submission) {
  if (submission.state !== "pending") return [];
  const button = (action: string, label: string, style: number) => ({
    type: ComponentType.Button,
    custom_id: `${REVIEW}:${action}:${submission.id}`,
    label,
    style,
  });
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        button("approve", "Approve", 3),
        button("edit", "Edit", 2),
        button("reject", "Reject", 4),
      ],
    },
  ];
}

function reviewBody(submission: Submission, store: Store, now: number) {
  return {
    embeds: toEmbeds(reviewAnswer(submission, store, now)),
    components: reviewComponents(submission),
    allowed_mentions: { parse: [] },
  };
}

/** What an interaction carries that the claims flow reads, from the raw payload. */
interface ClaimRequest {
  readonly payload: APIInteraction;
  readonly user: { readonly id: string; readonly name?: string };
  readonly roles: readonly string[];
  readonly canManageGuild: boolean;
}

function requestOf(payload: APIInteraction): ClaimRequest {
  const user = payload.member?.user ?? payload.user;
  const permissions = payload.member?.permissions;
  return {
    payload,
    user: {
      id: user?.id ?? "",
      ...((user?.global_name ?? user?.username)
        ? { name: (user?.global_name ?? user?.username)! }
        : {}),
    },
    roles: payload.member?.roles ?? [],
    canManageGuild:
      permissions !== undefined &&
      new PermissionsBitField(BigInt(permissions)).has(PermissionFlagsBits.ManageGuild),
  };
}

function errorsAnswer(errors: FieldErrors): Answer {
  return {
    kind: "usage",
    title: "The claim needs fixing",
    sections: [
      {
        facts: (Object.entries(errors) as [FormField, string][]).map(([field, message]) => ({
          text: [
            { text: FIELD_LABELS[field].replace(/ \(.*$/, ""), style: "bold" as const },
            { text: `: ${message}` },
          ],
        })),
      },
    ],
    notes: [
      "Nothing was stored. Fix it with the button below, or run /report again to change the options.",
    ],
  };
}

export function createClaimInteractions(options: ClaimHandlerOptions & { core: RequestCore }) {
  const { desk, logger } = options;
  const drafts = new Map<string, Draft>();

  function keep(draft: Omit<Draft, "expires">, key = randomBytes(8).toString("hex")): string {
    const now = options.now();
    for (const [k, d] of drafts) if (d.expires < now) drafts.delete(k);
    drafts.set(key, { ...draft, expires: now + DRAFT_TTL_MS });
    return key;
  }
  function draftOf(key: string): Draft | undefined {
    const draft = drafts.get(key);
    return draft !== undefined && draft.expires >= options.now() ? draft : undefined;
  }
  const isEditor = (request: ClaimRequest) =>
    request.canManageGuild ||
    options.editorUsers.includes(request.user.id) ||
    request.roles.some((r) => options.editorRoles.includes(r));
  /** A claim action as the core's request: its editor check, its error id and log line. */
  const act = (
    request: ClaimRequest,
    subcommand: string,
    values: Record<string, string | undefined>,
  ): Promise<Reply> =>
    options.core.handle({
      origin: {
        platform: "discord",
        workspace: request.payload.guild_id ?? "",
        channel: request.payload.channel?.id ?? "",
        user: request.user.id,
        isAdmin: isEditor(request),
      },
      command: CLAIM_ACTION,
      subcommand,
      options: {
        ...(request.user.name === undefined ? {} : { name: request.user.name }),
        ...values,
      },
    });
  const allowed = (payload: APIInteraction) => {
    const list = options.allowedGuilds ?? [];
    return list.length === 0 || (payload.guild_id !== undefined && list.includes(payload.guild_id));
  };
  const briefFor = (id: string | undefined): Brief | undefined => {
    const store = options.getStore();
    return (
      (id === undefined ? undefined : store.briefs.get(id)) ?? store.briefs.values().next().value
    );
  };

  async function post(route: `/${string}`, body: unknown): Promise<{ id?: string } | undefined> {
    if (options.rest === undefined) return undefined;
    return (await options.rest.post(route, { body })) as { id?: string };
  }

  async function tellSubmitter(submission: Submission, answer: Answer) {
    if (submission.platform !== "discord") return;
    try {
      const dm = await post(Routes.userChannels(), { recipient_id: submission.submitter });
      if (dm?.id !== undefined)
        await post(Routes.channelMessages(dm.id), {
          embeds: toEmbeds(answer),
          allowed_mentions: { parse: [] },
        });
    } catch (err) {
      logger.warn({ err, claim: submission.id }, "could not tell the submitter on Discord");
    }
  }

  async function postReview(submission: Submission) {
    if (options.reviewChannel === undefined) return;
    try {
      const posted = await post(
        Routes.channelMessages(options.reviewChannel),
        reviewBody(submission, options.getStore(), options.now()),
      );
      if (posted?.id !== undefined)
        await desk.setReviewMessage(submission.id, options.reviewChannel, posted.id);
      else if (options.rest === undefined)
        logger.warn({ claim: submission.id }, "no bot token: the claim was not posted for review");
    } catch (err) {
      logger.error(
        { err, claim: submission.id },
        "could not post a claim for review; it stays pending",
      );
    }
  }

  async function onReport(request: ClaimRequest): Promise<ClaimReply> {
    const data = (request.payload as { data?: { options?: { name: string; value?: unknown }[] } })
      .data;
    const form: ClaimForm = {};
    let briefId: string | undefined;
    for (const option of data?.options ?? []) {
      if (option.name === "brief")
        briefId = String(option.value ?? "")
          .trim()
          .toLowerCase();
      else if ((OPTION_FIELDS as readonly string[]).includes(option.name))
        form[option.name as FormField] = String(option.value ?? "");
    }
    const reply = await act(request, "form", briefId ? { text: briefId } : {});
    if (reply.result === undefined) return { response: ephemeral(reply.answer) };
    const { brief, reported } = reply.result as NewForm;
    if (brief === undefined || reported === undefined)
      return { response: ephemeral(refusalAnswer("There is no brief to add claims to.")) };
    // A message picked with "Add to brief" gives the quote and the link.
    const fromMessage = draftOf(`message:${request.user.id}`);
    const full: ClaimForm = {
      reported,
      ...fromMessage?.form,
      ...form,
    };
    const key = keep({
      form: full,
      brief: brief.id,
      ...(request.payload.channel?.id ? { channel: request.payload.channel.id } : {}),
    });
    return {
      response: claimModal(`${FORM}:${key}`, `Add to brief: ${full.type ?? "claim"}`, full),
    };
  }

  function onMessageCommand(request: ClaimRequest): ClaimReply {
    const data = request.payload.data as {
      target_id?: string;
      resolved?: {
        messages?: Record<string, { content?: string; channel_id?: string; id?: string }>;
      };
    };
    const message = data.resolved?.messages?.[data.target_id ?? ""];
    const text = message?.content ?? "";
    const link =
      request.payload.guild_id && message?.channel_id && message.id
        ? `https://discord.com/channels/${request.payload.guild_id}/${message.channel_id}/${message.id}`
        : undefined;
    const url = firstLink(text) ?? link;
    const form: ClaimForm = {
      ...(text.trim() === "" ? {} : { quote: firstSentence(text) }),
      ...(url === undefined ? {} : { url }),
    };
    keep({ form, brief: "" }, `message:${request.user.id}`);
    return {
      response: ephemeral(
        noticeAnswer(
          "Taken from that message",
          "Its first sentence and link will fill the quote and url: now run /report and pick the claim type, source, place and actor.",
        ),
      ),
    };
  }

  async function submitForm(
    request: ClaimRequest,
    key: string,
    fields: Record<string, string>,
  ): Promise<ClaimReply> {
    const draft = draftOf(key);
    if (draft === undefined)
      return { response: ephemeral(refusalAnswer("This form has expired; run /report again.")) };
    const form: ClaimForm = { ...draft.form };
    for (const field of modalFields(draft.form.type)) {
      const value = fields[field];
      if (value === undefined || value.trim() === "") delete form[field];
      else form[field] = value;
    }
    const reply = await act(request, "submit", {
      brief: draft.brief,
      channel: draft.channel,
      ...formOptionsOf(form),
    });
    const submitted = reply.result as SubmitResult | undefined;
    if (submitted === undefined) return { response: ephemeral(reply.answer) };
    if (!submitted.ok) {
      // Nothing is lost: what was typed waits under the same key for the fix.
      keep({ ...draft, form }, key);
      const response = ephemeral(errorsAnswer(submitted.errors));
      (response as { data: { components?: unknown[] } }).data.components = [
        {
          type: ComponentType.ActionRow,
          components: [
            { type: ComponentType.Button, custom_id: `${FIX}:${key}`, label: "Fix it", style: 1 },
          ],
        },
      ];
      return { response };
    }
    drafts.delete(key);
    drafts.delete(`message:${request.user.id}`);
    const { submission } = submitted;
    return { response: ephemeral(reply.answer), after: () => postReview(submission) };
  }

  async function onReviewButton(
    request: ClaimRequest,
    action: string,
    id: number,
  ): Promise<ClaimReply> {
    const opened = await act(request, "open", { id: String(id) });
    const { submission, form } = (opened.result as OpenedClaim | undefined) ?? {};
    if (opened.result === undefined) return { response: ephemeral(opened.answer) };
    if (submission === undefined || submission.state !== "pending") {
      return { response: ephemeral(refusalAnswer(`Claim #${id} is not pending.`)) };
    }
    if (action === "reject") {
      return {
        response: {
          type: InteractionResponseType.Modal,
          data: {
            custom_id: `${REASON}:${id}`,
            title: `Reject claim #${id}`,
            components: [
              {
                type: ComponentType.ActionRow,
                components: [
                  {
                    type: ComponentType.TextInput,
                    custom_id: "reason",
                    label: "Why (the submitter is told)",
                    style: 2,
                    required: true,
                    max_length: 500,
                  },
                ],
              },
            ],
          },
        } as never,
      };
    }
    if (action === "edit") {
      return {
        response: claimModal(
          `${EDIT}:${id}`,
          `Edit claim #${id}`,
          form ?? formOf(submission.claim),
        ),
      };
    }
    // Approving writes a file and reloads the brief: acknowledge first, then edit the message.
    return {
      response: { type: InteractionResponseType.DeferredMessageUpdate },
      after: async (rest, applicationId, token) => {
        const reply = await act(request, "approve", { id: String(id) });
        const decision = reply.result as Decision | undefined;
        const current =
          decision === undefined ? undefined : (decision.submission ?? (await desk.get(id)));
        if (current !== undefined) {
          await rest.patch(Routes.webhookMessage(applicationId, token, "@original"), {
            body: reviewBody(current, options.getStore(), options.now()),
            auth: false,
          });
        }
        await followUp(rest, applicationId, token, reply.answer);
        if (decision?.ok === true) {
          const s = decision.submission;
          await tellSubmitter(s, noticeAnswer(`Your claim #${id} was approved`, approvedText(s)));
        }
      },
    };
  }

  async function followUp(rest: REST, applicationId: string, token: string, answer: Answer) {
    await rest.post(Routes.webhook(applicationId, token), {
      body: { embeds: toEmbeds(answer), flags: EPHEMERAL, allowed_mentions: { parse: [] } },
      auth: false,
    });
  }

  async function onReason(request: ClaimRequest, id: number, reason: string): Promise<ClaimReply> {
    const reply = await act(request, "reject", {
      id: String(id),
      ...(reason.trim() === "" ? {} : { reason }),
    });
    const decision = reply.result as Decision | undefined;
    if (decision === undefined || !decision.ok) return { response: ephemeral(reply.answer) };
    const { submission } = decision;
    return {
      response: {
        type: InteractionResponseType.UpdateMessage,
        data: reviewBody(submission, options.getStore(), options.now()) as never,
      },
      after: () =>
        tellSubmitter(
          submission,
          noticeAnswer(`Your claim #${id} was rejected`, `Reason: ${submission.reason ?? ""}`),
        ),
    };
  }

  async function onEdit(
    request: ClaimRequest,
    id: number,
    fields: Record<string, string>,
  ): Promise<ClaimReply> {
    const submission = await desk.get(id);
    const brief =
      submission === undefined ? undefined : options.getStore().briefs.get(submission.brief);
    if (submission === undefined)
      return { response: ephemeral(refusalAnswer(`There is no claim #${id}.`)) };
    const form = formOf(submission.claim, brief);
    for (const field of modalFields(form.type)) {
      const value = fields[field];
      if (value === undefined || value.trim() === "") delete form[field];
      else form[field] = value;
    }
    const reply = await act(request, "edit", { id: String(id), ...formOptionsOf(form) });
    const edited = reply.result as EditResult | undefined;
    if (edited === undefined || !edited.ok) {
      return {
        response: ephemeral(
          edited?.code === "invalid" ? errorsAnswer(edited.errors) : reply.answer,
        ),
      };
    }
    return {
      response: {
        type: InteractionResponseType.UpdateMessage,
        data: reviewBody(edited.submission, options.getStore(), options.now()) as never,
      },
    };
  }

  function complete(payload: APIInteraction): APIInteractionResponse {
    const data = payload.data as {
      options?: { name: string; value?: unknown; focused?: boolean }[];
    };
    const focused = data.options?.find((o) => o.focused);
    const brief = briefFor(undefined);
    const query = String(focused?.value ?? "");
    const index =
      focused?.name === "source"
        ? sourceNames
        : focused?.name === "place"
          ? placeNames
          : focused?.name === "actor"
            ? actorNames
            : undefined;
    const choices =
      brief === undefined || index === undefined
        ? []
        : completeName(index(brief as Brief) as never, query, DISCORD_FORM_LIMITS.choices).map(
            ({ item, matched }) => {
              const named = item as { id: string; name: string };
              const alias = matched === named.name ? "" : ` (${matched})`;
              return {
                name: fitFormText(`${named.name}${alias}`, DISCORD_FORM_LIMITS.choiceName),
                value: named.id,
              };
            },
          );
    return {
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices },
    };
  }

  /** The reply to a claims interaction, or undefined when the interaction is not one. */
  function handle(payload: APIInteraction): Promise<ClaimReply> | undefined {
    const request = requestOf(payload);
    const data = payload.data as
      | {
          name?: string;
          custom_id?: string;
          components?: { components?: { custom_id: string; value?: string }[] }[];
        }
      | undefined;
    const isClaims =
      ((payload.type === InteractionType.ApplicationCommand ||
        payload.type === InteractionType.ApplicationCommandAutocomplete) &&
        (data?.name === REPORT_COMMAND || data?.name === ADD_TO_BRIEF_COMMAND)) ||
      ((payload.type === InteractionType.MessageComponent ||
        payload.type === InteractionType.ModalSubmit) &&
        /^sitrep_claim/.test(data?.custom_id ?? ""));
    if (!isClaims) return undefined;
    const kind = (data?.custom_id ?? "").split(":")[0] ?? "";
    const known = [FORM, FIX, REVIEW, REASON, EDIT] as string[];
    if (data?.custom_id !== undefined && !known.includes(kind)) return undefined;
    return route(payload, request, data);
  }

  async function route(
    payload: APIInteraction,
    request: ClaimRequest,
    data:
      | {
          name?: string;
          custom_id?: string;
          components?: { components?: { custom_id: string; value?: string }[] }[];
        }
      | undefined,
  ): Promise<ClaimReply> {
    if (!allowed(payload))
      return {
        response: ephemeral(refusalAnswer("This bot does not take claims in this server.")),
      };
    if (payload.type === InteractionType.ApplicationCommandAutocomplete)
      return { response: complete(payload) };
    if (payload.type === InteractionType.ApplicationCommand) {
      return data?.name === REPORT_COMMAND ? onReport(request) : onMessageCommand(request);
    }
    const [kind = "", first = "", second = ""] = (data?.custom_id ?? "").split(":");
    const fields: Record<string, string> = {};
    for (const row of data?.components ?? [])
      for (const c of row.components ?? []) fields[c.custom_id] = c.value ?? "";
    switch (kind) {
      case FORM:
        return submitForm(request, first, fields);
      case FIX: {
        const draft = draftOf(first);
        if (draft === undefined)
          return {
            response: ephemeral(refusalAnswer("This form has expired; run /report again.")),
          };
        return {
          response: claimModal(
            `${FORM}:${first}`,
            `Add to brief: ${draft.form.type ?? "claim"}`,
            draft.form,
          ),
        };
      }
      case REVIEW:
        return onReviewButton(request, first, Number(second));
      case REASON:
        return onReason(request, Number(first), fields.reason ?? "");
      case EDIT:
        return onEdit(request, Number(first), fields);
      default:
        return { response: ephemeral(refusalAnswer("This button is out of date.")) };
    }
  }

  return { handle };
}

export type ClaimInteractions = ReturnType<typeof createClaimInteractions>;
