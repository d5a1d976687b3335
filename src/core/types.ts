// What a command is: one typed definition (used to parse chat text, to register slash commands
// on Slack and Discord, and to type the handler's arguments) and a pure handler.
import type { Answer } from "../answer/model.ts";
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
}

/**
 * How an option's value is read. `place` and `source` are names the store resolves (Discord
 * offers autocomplete for them); `time` is a date, a date-time or a duration ("12h", "3d");
 * `target` is a place, an actor or a source (autocompleted from all three); `choice` is one of
 * `choices`; `text` is free text; `flag` is on or off: in chat text the option's name as a word
 * (`/who-controls Saraqib history`), on Discord a boolean option; its value is "true" when on.
 */
export type OptionKind = "text" | "place" | "source" | "target" | "time" | "choice" | "flag";

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
   * Typed without `name:` in chat text: the words not taken by other options fill the first
   * positional option; a `choice` option also takes a lone word that is one of its choices.
   */
  readonly positional?: boolean;
}

export interface CommandDefinition {
  /** Without the slash: `who-controls`. */
  readonly name: string;
  /** At most 100 characters (Discord's limit). */
  readonly description: string;
  /** Shown on bad input and as Slack's usage hint: `<place> [at:DATE] [brief:ID]`. */
  readonly usage: string;
  readonly options: readonly OptionDefinition[];
  /**
   * The command changes the bot's own state (`/watch`): it is routed, with who is asking and
   * where, to the admin handler, and never to the pure `handle`.
   */
  readonly admin?: boolean;
}

/** The handler's arguments, typed from the definition: option name to its text. */
export type ArgsOf<D extends CommandDefinition> = {
  readonly [O in D["options"][number] as O["name"]]: O extends { readonly required: true }
    ? string
    : string | undefined;
};

/** Everything a handler may read. Handlers are pure: same args and context, same answer. */
export interface CommandContext {
  readonly store: Store;
  /** The brief the question is about (the `brief` option, or the only one). */
  readonly brief: Brief;
  /** The time the answer is as of (epoch ms): `at`, or now. */
  readonly at: number;
  /** The real time of asking (epoch ms), for ages and "stale". */
  readonly now: number;
}

export interface Command<D extends CommandDefinition = CommandDefinition> {
  readonly definition: D;
  handle(args: ArgsOf<D>, context: CommandContext): Answer;
}

/** The options every command takes. */
export const COMMON_OPTIONS = [
  {
    name: "at",
    description: "Answer as of this date or time (e.g. 2024-11-29)",
    kind: "time",
  },
  {
    name: "brief",
    description: "Which brief to answer from (when there are several)",
    kind: "text",
  },
] as const satisfies readonly OptionDefinition[];
