// What a command is: one typed definition (its options and subcommands) from which the text
// parser, the argument checks, Slack's usage hints and Discord's registration all derive, and
// handlers that turn checked arguments into an Answer. Also the core's own vocabulary: the ways
// in (platforms), where a request comes from (ChatOrigin), and the services stateful
// subcommands reach through their context.
import type { Answer } from "../answer/model.ts";
import type { ClaimDesk } from "../claims/desk.ts";
import type { LiveStatus } from "../store/live.ts";
import type { Brief, Store } from "../store/types.ts";

/** The ways in: each chat platform, and the console (which `sitrep ask` and npm start share). */
export type PlatformName = "slack" | "discord" | "console";

/** Where a chat request came from, and who sent it. */
export interface ChatOrigin {
  readonly platform: PlatformName;
  /** Slack team id or Discord guild id ("console" in console mode). */
  readonly workspace: string;
  readonly channel: string;
  readonly user: string;
  /** Slack: in SLACK_ADMIN_USERS or a workspace admin/owner. Discord: Manage Server. */
  readonly isAdmin: boolean;
  /** What asked: a person in chat (the default), or the bot itself for a daily post or alert. */
  readonly trigger?: "chat" | "scheduler" | "alert";
}

/**
 * How an option's value is read and checked. `place` and `source` are names the store resolves
 * (Discord completes them as the user types); `target` is a place, an actor or a source
 * (completed from all three); `time` is a date, a date-time or a duration ("12h", "3d");
 * `choice` is one of `choices`; `time-of-day` is HH:MM; `timezone` an IANA zone (checked
 * and made canonical); `boolean` is yes/no in text and a true/false option on Discord; `text` is
 * free text.
 */
export type OptionKind =
  | "text"
  | "place"
  | "source"
  | "target"
  | "time"
  | "choice"
  | "time-of-day"
  | "timezone"
  | "boolean";

export interface OptionDefinition {
  /** Lowercase, as on Discord: `^[a-z0-9-]{1,32}$`. */
  readonly name: string;
  /** At most 100 characters (Discord's limit). */
  readonly description: string;
  readonly kind: OptionKind;
  readonly required?: boolean;
  /** For `choice`: the allowed values. */
  readonly choices?: readonly string[];
  /**
   * Typed without `name:` in chat text. A loose word goes to the first positional option that
   * recognises it by its shape (a `choice` its choices, a `time-of-day` HH:MM); the words left
   * fill the positional options still empty, in the order they are declared (a name given as
   * `name:value` leaves its place to the next one).
   */
  readonly positional?: boolean;
  /**
   * For a positional option of a free kind (`text`): the shape of a loose word that belongs to
   * it (`3d`, `2024-11-29` for a period), so the words around it can fill another option.
   */
  readonly recognises?: (word: string) => boolean;
  /** What usage hints show for the value (`at:DATE`); by default from the kind. */
  readonly hint?: string;
}

/** A subcommand: `/sitrep subscribe 07:30` in text, a Discord subcommand when registered. */
export interface SubcommandDefinition {
  readonly name: string;
  /** At most 100 characters (Discord's limit). */
  readonly description: string;
  readonly options: readonly OptionDefinition[];
  /**
   * Only admins may run it; a function decides from the checked arguments (`schedule all`).
   * The core checks it, and answers others with `refusal`.
   */
  readonly admin?: boolean | ((args: Args) => boolean);
  readonly refusal?: string;
}

export interface CommandDefinition {
  /** Without the slash: `who-controls`. */
  readonly name: string;
  /** At most 100 characters (Discord's limit). */
  readonly description: string;
  /** The options of the command itself (without a subcommand). */
  readonly options: readonly OptionDefinition[];
  /** As for a subcommand: only admins may run the command itself (`/watch`, except `list`). */
  readonly admin?: boolean | ((args: Args) => boolean);
  readonly refusal?: string;
  readonly subcommands?: readonly SubcommandDefinition[];
  /**
   * The name of the command itself among its subcommands, where one must be named (Discord
   * cannot mix subcommands with options): `/sitrep summary since:3d`. Also accepted in text.
   */
  readonly defaultSubcommand?: string;
}

/** Checked arguments: option name to its value (booleans for `boolean` options). */
export type Args = Readonly<Record<string, string | boolean | undefined>>;

type ValueOf<O extends OptionDefinition> = O extends { readonly kind: "boolean" }
  ? boolean
  : string;

/** A handler's arguments, typed from the options it declares. */
export type ArgsOf<D extends { readonly options: readonly OptionDefinition[] }> = {
  readonly [O in D["options"][number] as O["name"]]: O extends { readonly required: true }
    ? ValueOf<O>
    : ValueOf<O> | undefined;
};

/** A channel's daily summary, as `/sitrep subscribe|unsubscribe|schedule` manage it. */
export interface SubscriptionService {
  subscribe(
    request: {
      readonly brief: Brief;
      readonly time?: string;
      readonly timezone?: string;
      readonly postWhenEmpty?: boolean;
      /** The region's control map on days control changed. */
      readonly pictures?: boolean;
    },
    origin: ChatOrigin,
  ): Promise<Answer>;
  /** `brief`: which subscription, when the channel has several. */
  unsubscribe(brief: string | undefined, origin: ChatOrigin): Promise<Answer>;
  /** `all`: every channel of the workspace, not only this one. */
  schedule(all: boolean, origin: ChatOrigin): Promise<Answer>;
}

/** What a channel watches, as `/watch` and `/unwatch` manage it (src/schedule/watch-chat.ts). */
export interface WatchService {
  /** `target` may say its kind: `place:Aleppo`, `actor:hts`, `source:sohr`. */
  watch(
    request: {
      readonly target: string;
      readonly on?: string;
      readonly min?: string;
      readonly mention?: string;
      readonly brief?: string;
      readonly pictures?: boolean;
    },
    origin: ChatOrigin,
  ): Promise<Answer>;
  list(origin: ChatOrigin): Promise<Answer>;
  unwatch(id: string, origin: ChatOrigin): Promise<Answer>;
}

/**
 * What stateful subcommands reach, supplied by whoever assembles the bot (src/main.ts). Each is
 * optional: a handler answers "not set up" without it. A feature adds its service here.
 */
export interface Services {
  readonly subscriptions?: SubscriptionService;
  readonly watches?: WatchService;
  /** The live store's state, for `/sitrep status`. */
  readonly liveStatus?: () => LiveStatus;
  /** `/sitrep reload [accept]`: reload the briefs (`accept`: take a held-back version). */
  readonly reload?: (accept: boolean, origin: ChatOrigin) => Answer | Promise<Answer>;
  /** Claims from chat: the desk the claim actions (submit, edit, approve, reject) go to. */
  readonly claims?: ClaimDesk;
}

/** Everything a handler may read. Store handlers are pure: same args and context, same answer. */
export interface CommandContext {
  readonly store: Store;
  /** The brief the question is about (the `brief` option, or the only one), chosen by the core. */
  readonly brief: Brief;
  /** The time the answer is as of (epoch ms): `at`, or now. */
  readonly at: number;
  /** The real time of asking (epoch ms), for ages and "stale". */
  readonly now: number;
  readonly origin: ChatOrigin;
  readonly services: Services;
}

/** Context without a chosen brief, for subcommands that do not need one. */
export type StateContext = Omit<CommandContext, "brief" | "at">;

export type Handler<A = Args> = (args: A, context: CommandContext) => Answer | Promise<Answer>;
/**
 * An answer with data for the platform that asked (a button's or a modal's handler: the claim it
 * decided, a form's field errors), which the core hands back as `Reply.result`.
 */
export interface Produced {
  readonly answer: Answer;
  readonly result: unknown;
}

export type StateHandler<A = Args> = (
  args: A,
  context: StateContext,
) => Answer | Produced | Promise<Answer | Produced>;

/** How a subcommand runs: with a brief chosen by the core, or on the bot's state alone. */
export type SubcommandHandler =
  | { readonly needs: "brief"; readonly handle: Handler<never> }
  | { readonly needs: "state"; readonly handle: StateHandler<never> };

export interface Command<D extends CommandDefinition = CommandDefinition> {
  readonly definition: D;
  /**
   * What the command itself needs: a brief chosen by the core (the default, for questions about
   * the brief), or only the bot's state (`/watch`: `handle` then gets a StateContext).
   */
  readonly needs?: "brief" | "state";
  /** The command itself (no subcommand). */
  handle(args: ArgsOf<D>, context: CommandContext): Answer | Promise<Answer>;
  /** Handlers of the subcommands the definition declares, by name. */
  readonly subcommands?: Readonly<Record<string, SubcommandHandler>>;
}

/** The options every command takes. */
export const COMMON_OPTIONS = [
  {
    name: "at",
    description: "Answer as of this date or time (e.g. 2024-11-29)",
    kind: "time",
    hint: "DATE",
  },
  {
    name: "brief",
    description: "Which brief to answer from (when there are several)",
    kind: "text",
    hint: "ID",
  },
] as const satisfies readonly OptionDefinition[];
