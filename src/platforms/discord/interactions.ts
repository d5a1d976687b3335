// The one place that turns a Discord interaction (a slash command or an autocomplete request)
// into what to send back. Gateway and HTTP modes only translate their input into an
// InteractionRequest and deliver the result; the request core does the rest, with the typed
// options as Discord sends them (no text in between), so both modes answer exactly alike, and
// exactly as Slack and the console do.
import type { APIApplicationCommandOptionChoice, APIEmbed } from "discord.js";
import { fitPlain } from "../../answer/fit.ts";
import { DISCORD_AUTOCOMPLETE_LIMITS } from "../../answer/limits.ts";
import type { Answer } from "../../answer/model.ts";
import type { Picture } from "../../answer/pictures/types.ts";
import { renderDiscord } from "../../answer/render-discord.ts";
import { refusalAnswer } from "../../answer/simple.ts";
import { findSubcommand } from "../../core/parse.ts";
import { failureReply, type Reply, type RequestCore } from "../../core/request.ts";
import type { Logger } from "../../log.ts";
import {
  actorNames,
  completeName,
  normalizeName,
  placeNames,
  sourceNames,
} from "../../store/names.ts";
import type { Brief, Store } from "../../store/types.ts";
import type { DiscordClaimsOptions } from "./claims.ts";
import { SHARE_OPTION } from "./definitions.ts";

/** Discord's message flag for "only the person who asked sees it". */
export const EPHEMERAL_FLAG = 64;
export const MAX_CHOICES = DISCORD_AUTOCOMPLETE_LIMITS.choices;

/** A slow answer is acknowledged after this long, well inside Discord's 3-second window. */
export const DEFER_AFTER_MS = 2_000;
export const DEFERRED = Symbol("deferred");

/** The message if it is ready within `ms`, else DEFERRED (the message keeps coming). */
export async function firstOrDeferred(
  message: Promise<DiscordMessage>,
  ms: number,
): Promise<DiscordMessage | typeof DEFERRED> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof DEFERRED>((resolve) => {
    timer = setTimeout(() => resolve(DEFERRED), ms);
  });
  try {
    return await Promise.race([message, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export interface DiscordHandlerOptions {
  /** The request core every way in shares. */
  readonly core: RequestCore;
  /** Called per autocomplete request: the store may be swapped while the bot runs. */
  readonly getStore: () => Store;
  /** Epoch ms. */
  readonly now: () => number;
  readonly logger: Logger;
  /** Guild ids the bot answers in; empty or absent: every guild (and direct messages). */
  readonly allowedGuilds?: readonly string[];
  /** Acknowledge an answer not ready after this long (default DEFER_AFTER_MS). */
  readonly deferAfterMs?: number;
  /** Claims from chat: /report, the "Add to brief" message command and the review buttons. */
  readonly claims?: DiscordClaimsOptions;
}

/** An option as Discord sends it; a subcommand is an option holding the real ones. */
export interface InteractionOption {
  readonly name: string;
  readonly type?: number;
  readonly value?: string | number | boolean;
  readonly focused?: boolean;
  readonly options?: readonly InteractionOption[];
}

/** What both modes know about an interaction, taken from discord.js or from the raw payload. */
export interface InteractionRequest {
  readonly id: string;
  readonly commandName: string;
  /** The options as sent: a subcommand's are inside it. */
  readonly options: readonly InteractionOption[];
  readonly guildId: string | undefined;
  readonly channelId: string | undefined;
  readonly userId: string | undefined;
  /** The member has Manage Server (or Administrator) in this guild. */
  readonly canManageGuild: boolean;
}

/** A message body as Discord takes it; every one carries `allowed_mentions: {parse: []}`. */
export interface DiscordMessage {
  readonly embeds: APIEmbed[];
  readonly allowed_mentions: { readonly parse: [] };
  readonly flags?: number;
  /** The picture's file entry (its alt text), when the answer has one. */
  readonly attachments?: { id: string; filename: string; description: string }[];
}

/**
 * The reply to a slash command. Whether it is ephemeral is known at once (deferring fixes it);
 * the message follows when the core has answered: both modes send it straight away when it comes
 * quickly, else acknowledge first and edit.
 */
export interface CommandReply {
  readonly ephemeral: boolean;
  /** The final message; never rejects (failures become an error answer). */
  readonly message: Promise<DiscordMessage>;
  /**
   * The answer's pictures, settled with the message: they travel as files, which only the edit
   * of a deferred reply can carry, so a reply with pictures is always deferred.
   */
  readonly pictures: Promise<readonly Picture[] | undefined>;
}

/** Discord's subcommand option type. */
const SUBCOMMAND_TYPE = 1;

/** The subcommand (if any) and the options the user gave, focused one included. */
export function flattenOptions(request: InteractionRequest): {
  readonly subcommand?: string;
  readonly options: readonly InteractionOption[];
} {
  const [first] = request.options;
  if (first !== undefined && (first.type === SUBCOMMAND_TYPE || first.options !== undefined)) {
    return { subcommand: first.name, options: first.options ?? [] };
  }
  return { options: request.options };
}

export function toDiscordMessage(answer: Answer, ephemeral: boolean): DiscordMessage {
  const rendered = renderDiscord(answer);
  return {
    embeds: [...rendered.embeds] as APIEmbed[],
    allowed_mentions: { parse: [] },
    ...(ephemeral ? { flags: EPHEMERAL_FLAG } : {}),
    ...(rendered.attachments === undefined ? {} : { attachments: rendered.attachments }),
  };
}

function isGuildAllowed(request: InteractionRequest, options: DiscordHandlerOptions): boolean {
  const allowed = options.allowedGuilds ?? [];
  return (
    allowed.length === 0 || (request.guildId !== undefined && allowed.includes(request.guildId))
  );
}

function optionText(options: readonly InteractionOption[], name: string): string | undefined {
  const value = options.find((o) => o.name === name)?.value;
  if (value === undefined || typeof value === "boolean") return undefined;
  const text = String(value).trim();
  return text === "" ? undefined : text;
}

/** The interaction as the core's request: typed options straight in, `share` taken out. */
async function askCore(
  request: InteractionRequest,
  options: DiscordHandlerOptions,
): Promise<Reply> {
  const { subcommand, options: given } = flattenOptions(request);
  const values: Record<string, string | number | boolean> = {};
  for (const option of given) {
    if (option.name !== SHARE_OPTION && option.value !== undefined)
      values[option.name] = option.value;
  }
  return options.core.handle({
    origin: {
      platform: "discord",
      workspace: request.guildId ?? "",
      channel: request.channelId ?? "",
      user: request.userId ?? "",
      isAdmin: request.canManageGuild,
    },
    command: request.commandName,
    ...(subcommand === undefined ? {} : { subcommand }),
    options: values,
    share: given.find((o) => o.name === SHARE_OPTION)?.value === true,
  });
}

export function replyToCommand(
  request: InteractionRequest,
  options: DiscordHandlerOptions,
): CommandReply {
  if (!isGuildAllowed(request, options)) {
    const refusal = refusalAnswer("This bot does not answer in this server.");
    return {
      ephemeral: true,
      message: Promise.resolve(toDiscordMessage(refusal, true)),
      pictures: Promise.resolve(undefined),
    };
  }
  const shared = flattenOptions(request).options.find((o) => o.name === SHARE_OPTION)?.value;
  const asked = askCore(request, options);
  const message = asked.then((reply) => {
    try {
      return toDiscordMessage(reply.answer, reply.visibility === "private");
    } catch (cause) {
      const failed = failureReply(
        options.logger,
        cause,
        { interaction: request.id },
        "rendering failed",
      );
      return toDiscordMessage(failed.answer, true);
    }
  });
  const pictures = asked.then((reply) => reply.answer.pictures);
  return { ephemeral: shared !== true, message, pictures };
}

/** The briefs to complete names from: the `brief` option's, else all of them. */
function briefsFor(given: readonly InteractionOption[], store: Store): readonly Brief[] {
  const id = optionText(given, "brief")?.toLowerCase();
  const chosen = id === undefined ? undefined : store.briefs.get(id);
  return chosen !== undefined ? [chosen] : [...store.briefs.values()];
}

interface Named {
  readonly id: string;
  readonly name: string;
}

function choiceOf(item: Named, matched: string, detail: string | undefined) {
  const alias = normalizeName(matched) === normalizeName(item.name) ? "" : ` (${matched})`;
  return {
    name: fitPlain(
      `${item.name}${alias}${detail === undefined ? "" : ` · ${detail}`}`,
      DISCORD_AUTOCOMPLETE_LIMITS.choiceText,
    ),
    value: item.id,
  };
}

/** Choices from several briefs, taken in turn so no brief crowds out the others. */
function interleave(
  lists: readonly APIApplicationCommandOptionChoice<string>[][],
): APIApplicationCommandOptionChoice<string>[] {
  const out: APIApplicationCommandOptionChoice<string>[] = [];
  const seen = new Set<string>();
  for (let i = 0; out.length < MAX_CHOICES && lists.some((l) => i < l.length); i++) {
    for (const list of lists) {
      const choice = list[i];
      if (choice === undefined || seen.has(choice.value) || out.length >= MAX_CHOICES) continue;
      seen.add(choice.value);
      out.push(choice);
    }
  }
  return out;
}

function completePlaces(brief: Brief, query: string): APIApplicationCommandOptionChoice<string>[] {
  return completeName(placeNames(brief), query, MAX_CHOICES).map(({ item, matched }) =>
    choiceOf(item, matched, item.kind),
  );
}

function completeSources(brief: Brief, query: string): APIApplicationCommandOptionChoice<string>[] {
  return completeName(sourceNames(brief), query, MAX_CHOICES).map(({ item, matched }) =>
    choiceOf(item, matched, `grade ${item.reliability}`),
  );
}

function completeActors(brief: Brief, query: string): APIApplicationCommandOptionChoice<string>[] {
  return completeName(actorNames(brief), query, MAX_CHOICES).map(({ item, matched }) =>
    choiceOf({ id: item.id, name: item.short ?? item.name }, matched, "actor"),
  );
}

let timeZones: readonly string[] | undefined;

function completeTimeZone(query: string): APIApplicationCommandOptionChoice<string>[] {
  timeZones ??= Intl.supportedValuesOf("timeZone");
  const q = query.toLowerCase().replace(/\s+/g, "_");
  const starts = timeZones.filter((z) =>
    z
      .toLowerCase()
      .split("/")
      .some((p) => p.startsWith(q)),
  );
  const contains = timeZones.filter((z) => !starts.includes(z) && z.toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, MAX_CHOICES).map((z) => ({ name: z, value: z }));
}

/** The choices for the option being typed; none for refused guilds or unknown options. */
export function completeOption(
  request: InteractionRequest,
  options: DiscordHandlerOptions,
): APIApplicationCommandOptionChoice<string>[] {
  if (!isGuildAllowed(request, options)) return [];
  const { subcommand, options: given } = flattenOptions(request);
  const focused = given.find((o) => o.focused);
  const command = options.core.find(request.commandName);
  if (focused === undefined || command === undefined) return [];
  const declared =
    findSubcommand(command.definition, subcommand)?.options ?? command.definition.options;
  const option = declared.find((o) => o.name === focused.name);
  const query = String(focused.value ?? "").trim();
  if (option?.kind === "timezone") return completeTimeZone(query);
  const kinds = { place: ["place"], source: ["source"], target: ["place", "actor", "source"] };
  const wanted = option === undefined ? undefined : kinds[option.kind as keyof typeof kinds];
  if (wanted === undefined) return [];
  try {
    const briefs = briefsFor(given, options.getStore());
    return interleave(
      briefs.map((brief) =>
        [
          ...(wanted.includes("place") ? completePlaces(brief, query) : []),
          ...(wanted.includes("actor") ? completeActors(brief, query) : []),
          ...(wanted.includes("source") ? completeSources(brief, query) : []),
        ].slice(0, MAX_CHOICES),
      ),
    );
  } catch (cause) {
    options.logger.warn(
      { err: cause, command: request.commandName },
      "discord autocomplete failed",
    );
    return [];
  }
}
