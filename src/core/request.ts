// The request core: the one entry every way in calls (Slack, Discord over the gateway and over
// HTTP, the console, `sitrep ask`, the daily posts (origin.trigger "scheduler": /sitrep over the
// period), and whatever comes next: buttons, modals). Platforms only translate: their input into
// a Request, the Reply into their message.
//
//   const core = createRequestCore({ commands, getStore, now, logger, services });
//   const reply = await core.handle({
//     origin: { platform: "slack", workspace, channel, user, isAdmin },
//     command: "/toll",
//     text: "Aleppo killed share",              // chat text, parsed here; or typed:
//     // subcommand: "subscribe", options: { time: "07:30", timezone: "Europe/Berlin" }, share: true
//   });
//   reply.answer      // the Answer to render (an answer, a usage line, a refusal or an error id)
//   reply.visibility  // "channel" when `share` was asked and the answer is a real answer
//   reply.failure     // { id, cause } when a handler threw: already logged under that id
//
// The core owns, once for every way in: finding the command and its subcommand, reading text,
// checking arguments (text and typed options alike), the admin check, choosing the brief,
// reading `at`, running the handler, and turning a failure into an error id in the log.
// Commands come in as a registry (commands/index.ts), so the core imports no command.
//
// To add: an option, declare it in the command's definition (commands/*.ts; its kind says how it
// is checked); a command, a module in commands/ listed in commands/index.ts; a subcommand, its
// definition in `subcommands` (with `admin` if only admins may run it) and its handler in the
// command's `subcommands` ({ needs: "brief" | "state", handle }); state it needs, a member of
// `Services` (types.ts), supplied in src/main.ts. A button or a modal is a Request too: the
// command and subcommand it stands for, with typed `options`; a command only buttons and modals
// reach (no slash command to register) goes in `actions`, and a handler that has data for the
// platform (the claim it decided) returns `{ answer, result }`, handed back as `Reply.result`.
import type { Answer } from "../answer/model.ts";
import { errorAnswer, newErrorId, refusalAnswer, usageAnswer } from "../answer/simple.ts";
import type { Logger } from "../log.ts";
import type { Metrics } from "../metrics.ts";
import type { Store } from "../store/types.ts";
import { chooseBrief } from "./brief-choice.ts";
import { checkArgs } from "./check.ts";
import { findSubcommand, parseCommandText, type RawValue } from "./parse.ts";
import { resolveTime } from "./time.ts";
import type {
  Args,
  ChatOrigin,
  Command,
  CommandContext,
  Produced,
  Services,
  StateContext,
  SubcommandDefinition,
} from "./types.ts";
import { usageOf } from "./usage.ts";

/**
 * Where a request came from. `isAdmin` may be a question the platform answers only if asked (a
 * Slack API call): the core asks it only for subcommands, which are what admin rights govern.
 */
export type RequestOrigin = Omit<ChatOrigin, "isAdmin"> & {
  readonly isAdmin: boolean | (() => Promise<boolean>);
};

export interface Request {
  /** Where it came from and who asked (`origin.platform` says which way in). */
  readonly origin: RequestOrigin;
  /** The command, with or without its slash. */
  readonly command: string;
  /** Chat text after the command, parsed here exactly as chat text is everywhere. */
  readonly text?: string;
  /** Typed: the subcommand (Discord subcommands, buttons, modals). */
  readonly subcommand?: string;
  /** Typed option values, checked like parsed ones; with `text`, they override its values. */
  readonly options?: Readonly<Record<string, RawValue | undefined>>;
  /** Typed: post the answer for the whole channel (text says `share`). */
  readonly share?: boolean;
  /**
   * Where the platform will post the answer. An answer pool may then render and post it itself,
   * off the main thread, and say so with `Reply.delivered`; the core here never posts.
   */
  readonly respondTo?: ResponseTarget;
}

/** A Slack response_url: the answer pool renders the reply for Slack and posts it there. */
export interface ResponseTarget {
  readonly platform: "slack";
  readonly url: string;
  /** PUBLIC_URL is set: a private answer's picture is linked from the bot, which only it can do. */
  readonly linksPictures: boolean;
}

export type Visibility = "private" | "channel";

/** What the request turned out to be: an answer, or why not. */
export type Outcome = "answer" | "usage" | "refused" | "error";

export interface Reply {
  readonly answer: Answer;
  readonly visibility: Visibility;
  readonly outcome: Outcome;
  /** A handler threw: logged once here under `id`, which the answer shows. */
  readonly failure?: { readonly id: string; readonly cause: unknown };
  /** Data a handler gave for the platform (see `Produced`); only on outcome "answer". */
  readonly result?: unknown;
  /**
   * Already posted to `Request.respondTo` by the answer pool: the platform posts nothing, and
   * `answer` is only the answer's kind and title.
   */
  readonly delivered?: boolean;
}

export interface RequestCoreOptions {
  /** The registry: every command the bot answers. */
  readonly commands: readonly Command[];
  /** Commands only buttons and modals reach (claims): found like commands, never registered. */
  readonly actions?: readonly Command[];
  /** Called per request: live reload swaps the store. */
  readonly getStore: () => Store;
  /** Epoch ms, injected so answers are testable. */
  readonly now: () => number;
  readonly logger: Logger;
  readonly services?: Services;
  /**
   * Answers questions about the brief elsewhere (the answer pool's worker threads, each running
   * a core of its own on its own store); the bot's state stays here. Default: here.
   */
  readonly offload?: (request: Request & { readonly origin: ChatOrigin }) => Promise<Reply>;
  /** Counts every request by platform, command and outcome, and times its answer. */
  readonly metrics?: Metrics;
}

export interface RequestCore {
  readonly commands: readonly Command[];
  /** The command called `name` (with or without its slash, any case), or undefined. */
  find(name: string): Command | undefined;
  /** Never throws: every failure is an answer. */
  handle(request: Request): Promise<Reply>;
}

const usage = (message: string): Reply => ({
  answer: usageAnswer(message),
  visibility: "private",
  outcome: "usage",
});

/** Logs a failure once, under a new error id, and answers with that id. For platforms too. */
export function failureReply(
  logger: Logger,
  cause: unknown,
  fields: Readonly<Record<string, unknown>>,
  message = "request failed",
): Reply {
  const id = newErrorId();
  logger.error({ ...fields, errorId: id, err: cause }, message);
  return {
    answer: errorAnswer(id),
    visibility: "private",
    outcome: "error",
    failure: { id, cause },
  };
}

export function listCommandNames(commands: readonly Command[]): string {
  return commands.map((c) => `/${c.definition.name}`).join(", ");
}

interface Resolved {
  readonly subcommand?: SubcommandDefinition;
  readonly args: Args;
  readonly share: boolean;
}

/** Text and typed options to checked arguments, or the usage reply saying what is wrong. */
function resolveArgs(command: Command, request: Request): Resolved | Reply {
  const { definition } = command;
  let subcommand: SubcommandDefinition | undefined;
  let values: Record<string, RawValue | undefined> = {};
  let share = request.share === true;
  if (request.subcommand !== undefined && request.subcommand !== definition.defaultSubcommand) {
    subcommand = findSubcommand(definition, request.subcommand);
    if (subcommand === undefined) {
      return usage(`There is no "${request.subcommand}" here. ${usageOf(definition)}`);
    }
  }
  if (request.text !== undefined && request.text.trim() !== "") {
    const parsed = parseCommandText(definition, request.text);
    if (!parsed.ok) return usage(`${parsed.error}. ${usageOf(definition, parsed.subcommand)}`);
    subcommand ??= parsed.subcommand;
    values = { ...parsed.values };
    share ||= parsed.share;
  }
  for (const [name, value] of Object.entries(request.options ?? {})) {
    if (value !== undefined) values[name] = value;
  }
  const checked = checkArgs(subcommand?.options ?? definition.options, values);
  if (!checked.ok) return usage(`${checked.error}. ${usageOf(definition, subcommand)}`);
  return { args: checked.args, share, ...(subcommand === undefined ? {} : { subcommand }) };
}

function isAdminOnly(
  command: Command,
  subcommand: SubcommandDefinition | undefined,
  args: Args,
): boolean {
  const admin = subcommand === undefined ? command.definition.admin : subcommand.admin;
  return typeof admin === "function" ? admin(args) : admin === true;
}

/** The brief and `at` for a handler that needs them, or the usage reply saying why not. */
function briefContext(
  state: StateContext,
  args: Args,
): { readonly brief: CommandContext["brief"]; readonly at: number } | Reply {
  const choice = chooseBrief(state.store, args.brief as string | undefined);
  if (!choice.ok) return usage(choice.error);
  let at = state.now;
  if (typeof args.at === "string") {
    const resolved = resolveTime(args.at, choice.brief.meta.timezone, state.now, "end");
    if (resolved === undefined) return usage(`"at:${args.at}" is not a time I can read.`);
    at = Math.min(resolved, state.now);
  }
  return { brief: choice.brief, at };
}

async function resolveOrigin(origin: RequestOrigin, ask: boolean): Promise<ChatOrigin> {
  if (typeof origin.isAdmin === "boolean") return origin as ChatOrigin;
  // Object.assign here and below, not `{ ...origin, isAdmin }`: on every request, and a literal
  // that starts with a spread costs a hidden class each time (see verdictOf in store/verdict.ts).
  return Object.assign({}, origin, { isAdmin: ask ? await origin.isAdmin() : false });
}

export function createRequestCore(options: RequestCoreOptions): RequestCore {
  const { commands, logger } = options;
  const services = options.services ?? {};
  const reachable = [...commands, ...(options.actions ?? [])];
  const find = (name: string) => {
    const bare = name.trim().replace(/^\//, "").toLowerCase();
    return reachable.find((c) => c.definition.name === bare);
  };

  async function run(command: Command, request: Request): Promise<Reply> {
    const resolved = resolveArgs(command, request);
    if ("answer" in resolved) return resolved;
    const { subcommand, args, share } = resolved;
    const name =
      subcommand === undefined
        ? command.definition.name
        : `${command.definition.name} ${subcommand.name}`;
    const stateful = subcommand !== undefined || command.needs === "state";
    const origin = await resolveOrigin(request.origin, stateful);
    if (isAdminOnly(command, subcommand, args) && !origin.isAdmin) {
      const refusal = (subcommand ?? command.definition).refusal;
      return {
        answer: refusalAnswer(refusal ?? `Only admins can use /${name}.`),
        visibility: "private",
        outcome: "refused",
      };
    }
    if (!stateful && options.offload !== undefined) {
      return options.offload(Object.assign({}, request, { origin }));
    }
    const state: StateContext = {
      store: options.getStore(),
      now: options.now(),
      origin,
      services,
    };
    const handler = subcommand === undefined ? undefined : command.subcommands?.[subcommand.name];
    if (subcommand !== undefined && handler === undefined) {
      throw new Error(`/${name} is declared but has no handler`);
    }
    let answer: Answer;
    let result: unknown;
    if (handler?.needs === "state") {
      const produced: Answer | Produced = await handler.handle(args as never, state);
      if ("result" in produced) ({ answer, result } = produced);
      else answer = produced;
    } else if (handler === undefined && command.needs === "state") {
      answer = await command.handle(args as never, state as CommandContext);
    } else {
      const chosen = briefContext(state, args);
      if ("answer" in chosen) return chosen;
      const context: CommandContext = Object.assign({}, state, chosen);
      answer = await (handler === undefined
        ? command.handle(args as never, context)
        : handler.handle(args as never, context));
    }
    const shared = share && answer.kind === "answer";
    return {
      answer,
      visibility: shared ? "channel" : "private",
      outcome: "answer",
      ...(result === undefined ? {} : { result }),
    };
  }

  /** The reply, never a throw: an unknown command is a usage line, a failure an error id. */
  async function handleOnce(request: Request): Promise<Reply> {
    const command = find(request.command);
    if (command === undefined) {
      return usage(`There is no command "${request.command}". Try ${listCommandNames(commands)}.`);
    }
    try {
      return await run(command, request);
    } catch (cause) {
      return failureReply(
        logger,
        cause,
        {
          command: command.definition.name,
          subcommand: request.subcommand,
          platform: request.origin.platform,
          trigger: request.origin.trigger ?? "chat",
          channel: request.origin.channel,
          user: request.origin.user,
        },
        "command failed",
      );
    }
  }

  return {
    commands,
    find,
    async handle(request) {
      const started = performance.now();
      const reply = await handleOnce(request);
      // A name nobody registered is counted as "unknown", so typing cannot add a series.
      const command = find(request.command)?.definition.name ?? "unknown";
      const seconds = (performance.now() - started) / 1_000;
      options.metrics?.countRequest(
        request.origin.platform,
        command,
        reply.outcome,
        seconds,
        request.origin.trigger ?? "chat",
      );
      return reply;
    },
  };
}
