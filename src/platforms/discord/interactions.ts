// The one place that turns a Discord interaction (a slash command or an autocomplete request)
// into what to send back. Gateway and HTTP modes only translate their input into an
// InteractionRequest and deliver the result, so both answer exactly alike.
import type { APIApplicationCommandOptionChoice, APIEmbed } from "discord.js";
import { findCommand } from "../../../commands/index.ts";
import { fitPlain } from "../../answer/fit.ts";
import { DISCORD_AUTOCOMPLETE_LIMITS } from "../../answer/limits.ts";
import type { Answer } from "../../answer/model.ts";
import type { Picture } from "../../answer/pictures/types.ts";
import { renderDiscord } from "../../answer/render-discord.ts";
import { errorAnswer, newErrorId, refusalAnswer, usageAnswer } from "../../answer/simple.ts";
import {
  ADMIN_COMMANDS,
  ADMIN_SUBCOMMANDS,
  type AdminHandler,
  type AdminSubcommand,
} from "../../core/admin.ts";
import { usageOf } from "../../core/parse.ts";
import { runCommand } from "../../core/run.ts";
import { isTimeText } from "../../core/time.ts";
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
import {
  ACTION_OPTION,
  discordOptionsOf,
  RELOAD_ACCEPT_ACTION,
  SHARE_OPTION,
  SITREP_COMMAND,
  TIME_OPTION,
  TIMEZONE_OPTION,
} from "./definitions.ts";

/** Discord's message flag for "only the person who asked sees it". */
export const EPHEMERAL_FLAG = 64;
export const MAX_CHOICES = DISCORD_AUTOCOMPLETE_LIMITS.choices;

export interface DiscordHandlerOptions {
  /** Called per interaction: the store may be swapped while the bot runs. */
  readonly getStore: () => Store;
  /** Epoch ms. */
  readonly now: () => number;
  readonly logger: Logger;
  /** Handles /sitrep subscribe|unsubscribe|schedule|status; without it those are refused. */
  readonly admin?: AdminHandler;
  /** Guild ids the bot answers in; empty or absent: every guild (and direct messages). */
  readonly allowedGuilds?: readonly string[];
  /** Claims from chat: /report, the "Add to brief" message command and the review buttons. */
  readonly claims?: DiscordClaimsOptions;
}

export interface InteractionOption {
  readonly name: string;
  readonly value?: string | number | boolean;
  readonly focused?: boolean;
}

/** What both modes know about an interaction, taken from discord.js or from the raw payload. */
export interface InteractionRequest {
  readonly id: string;
  readonly commandName: string;
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

/** `now`: answer at once. `later`: acknowledge first (the answer may miss the 3-second window). */
export type CommandReply =
  | { readonly kind: "now"; readonly message: DiscordMessage }
  | {
      readonly kind: "later";
      readonly ephemeral: boolean;
      /** The final message; never rejects (failures become an error answer). */
      readonly message: Promise<DiscordMessage>;
      /** Pictures to send as files with it (an answer with a chart or a map always waits). */
      readonly pictures?: readonly Picture[];
    };

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

function optionText(request: InteractionRequest, name: string): string | undefined {
  const value = request.options.find((o) => o.name === name)?.value;
  if (value === undefined || typeof value === "boolean") return undefined;
  const text = String(value).trim();
  return text === "" ? undefined : text;
}

function failureAnswer(
  options: DiscordHandlerOptions,
  request: InteractionRequest,
  cause: unknown,
  id = newErrorId(),
): Answer {
  options.logger.error(
    { err: cause, errorId: id, command: request.commandName, interaction: request.id },
    "discord command failed",
  );
  return errorAnswer(id);
}

/** Typed /watch and /unwatch options as the text the admin handler reads. */
function watchText(request: InteractionRequest): string {
  if (request.commandName === "unwatch") return optionText(request, "id") ?? "";
  const target = optionText(request, "target") ?? "";
  const parts = [/\s/.test(target) ? `"${target.replaceAll('"', "")}"` : target];
  for (const name of ["on", "min", "mention", "brief"]) {
    const value = optionText(request, name);
    if (value !== undefined) parts.push(`${name}:${value.replace(/\s+/g, "")}`);
  }
  return parts.join(" ");
}

function adminText(request: InteractionRequest): string {
  if (request.commandName === "watch" || request.commandName === "unwatch") {
    return watchText(request);
  }
  const brief = optionText(request, "brief");
  if (optionText(request, ACTION_OPTION)?.toLowerCase() === RELOAD_ACCEPT_ACTION) return "accept";
  return [
    optionText(request, TIME_OPTION),
    optionText(request, TIMEZONE_OPTION),
    brief === undefined ? undefined : `brief:${brief}`,
  ]
    .filter((part) => part !== undefined)
    .join(" ");
}

async function answerAdmin(
  subcommand: AdminSubcommand,
  request: InteractionRequest,
  options: DiscordHandlerOptions,
): Promise<Answer> {
  if (options.admin === undefined) {
    return refusalAnswer("Daily posts and watches are not set up on this bot.");
  }
  if (request.guildId === undefined || request.channelId === undefined) {
    return refusalAnswer(
      "Daily posts and watches are managed from a server channel, not a direct message.",
    );
  }
  try {
    return await options.admin.handle(subcommand, adminText(request), {
      platform: "discord",
      workspace: request.guildId,
      channel: request.channelId,
      user: request.userId ?? "",
      isAdmin: request.canManageGuild,
    });
  } catch (cause) {
    return failureAnswer(options, request, cause);
  }
}

function answerCommand(request: InteractionRequest, options: DiscordHandlerOptions): Answer {
  const command = findCommand(request.commandName);
  if (command === undefined) return usageAnswer(`There is no command /${request.commandName}.`);
  const { definition } = command;
  const args: Record<string, string | undefined> = {};
  for (const option of definition.options) {
    if (option.kind === "flag") {
      const on = request.options.find((o) => o.name === option.name)?.value === true;
      if (on) args[option.name] = "true";
      continue;
    }
    const value = optionText(request, option.name);
    if (value === undefined) {
      if (option.required)
        return usageAnswer(`"${option.name}" is required. ${usageOf(definition)}`);
      continue;
    }
    if (option.kind === "time" && !isTimeText(value)) {
      return usageAnswer(
        `"${option.name}:${value}" is not a time I can read (try 2024-11-29, 2024-11-29T14:30, 12h or 3d).`,
      );
    }
    args[option.name] = option.kind === "choice" ? value.toLowerCase() : value;
  }
  const result = runCommand(command, args, { store: options.getStore(), now: options.now() });
  if (result.failure !== undefined) {
    return failureAnswer(options, request, result.failure.cause, result.failure.id);
  }
  return result.answer;
}

function adminSubcommandOf(request: InteractionRequest): AdminSubcommand | undefined {
  const whole = ADMIN_COMMANDS.find((c) => c === request.commandName);
  if (whole !== undefined) return whole;
  if (request.commandName !== SITREP_COMMAND) return undefined;
  const action = optionText(request, ACTION_OPTION)?.toLowerCase();
  if (action === RELOAD_ACCEPT_ACTION) return "reload";
  return ADMIN_SUBCOMMANDS.find((s) => s === action);
}

/**
 * The reply to a slash command. Store commands are synchronous and fast, so they answer at once;
 * admin actions touch the bot's state and may be slow, so they are acknowledged first.
 */
export function replyToCommand(
  request: InteractionRequest,
  options: DiscordHandlerOptions,
): CommandReply {
  const ephemeral = request.options.find((o) => o.name === SHARE_OPTION)?.value !== true;
  if (!isGuildAllowed(request, options)) {
    return {
      kind: "now",
      message: toDiscordMessage(refusalAnswer("This bot does not answer in this server."), true),
    };
  }
  const subcommand = adminSubcommandOf(request);
  if (subcommand !== undefined) {
    return {
      kind: "later",
      ephemeral,
      message: answerAdmin(subcommand, request, options).then(
        (answer) => toDiscordMessage(answer, ephemeral),
        (cause: unknown) => toDiscordMessage(failureAnswer(options, request, cause), ephemeral),
      ),
    };
  }
  try {
    const answer = answerCommand(request, options);
    if (answer.pictures !== undefined && answer.pictures.length > 0) {
      // Drawing the picture may take longer than Discord's 3 seconds: acknowledge first.
      return {
        kind: "later",
        ephemeral,
        message: Promise.resolve(toDiscordMessage(answer, ephemeral)),
        pictures: answer.pictures,
      };
    }
    return { kind: "now", message: toDiscordMessage(answer, ephemeral) };
  } catch (cause) {
    return {
      kind: "now",
      message: toDiscordMessage(failureAnswer(options, request, cause), ephemeral),
    };
  }
}

/** The briefs to complete names from: the `brief` option's, else all of them. */
function briefsFor(request: InteractionRequest, store: Store): readonly Brief[] {
  const id = optionText(request, "brief")?.toLowerCase();
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
  const focused = request.options.find((o) => o.focused);
  const command = findCommand(request.commandName);
  if (focused === undefined || command === undefined) return [];
  const query = String(focused.value ?? "").trim();
  if (focused.name === TIMEZONE_OPTION) return completeTimeZone(query);
  const option = discordOptionsOf(command.definition).find((o) => o.name === focused.name);
  const kinds = { place: ["place"], source: ["source"], target: ["place", "actor", "source"] };
  const wanted = option === undefined ? undefined : kinds[option.kind as keyof typeof kinds];
  if (wanted === undefined) return [];
  try {
    const briefs = briefsFor(request, options.getStore());
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
