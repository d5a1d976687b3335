// Discord's slash commands, built from the same CommandDefinitions the parser and Slack use.
// Discord cannot mix subcommands with options, so /sitrep takes its admin actions as an `action`
// choice (summary by default) with `time` and `timezone` options for subscribe; every command
// also gets a `share` boolean that posts the answer for the whole channel.
import {
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  SlashCommandBuilder,
  type SlashCommandStringOption,
} from "discord.js";
import { commands } from "../../../commands/index.ts";
import { ADMIN_SUBCOMMANDS } from "../../core/admin.ts";
import type { Command, CommandDefinition, OptionDefinition } from "../../core/types.ts";

export const SHARE_OPTION = "share";
export const SITREP_COMMAND = "sitrep";
export const ACTION_OPTION = "action";
export const TIME_OPTION = "time";
export const TIMEZONE_OPTION = "timezone";
/** The `action` value that asks for the summary itself rather than an admin action. */
export const SUMMARY_ACTION = "summary";
/** `/sitrep reload accept` as one Discord action. */
export const RELOAD_ACCEPT_ACTION = "reload-accept";

/** The extra /sitrep options that carry the admin actions (see the module comment). */
const SITREP_ADMIN_OPTIONS: readonly OptionDefinition[] = [
  {
    name: ACTION_OPTION,
    description:
      "summary (default), or manage the bot: subscribe, unsubscribe, schedule, status, reload",
    kind: "choice",
    choices: [SUMMARY_ACTION, ...ADMIN_SUBCOMMANDS, RELOAD_ACCEPT_ACTION],
  },
  {
    name: TIME_OPTION,
    description: "With action subscribe: the daily post's time, HH:MM (e.g. 07:30)",
    kind: "text",
  },
  {
    name: TIMEZONE_OPTION,
    description: "With action subscribe: the time zone of that time (e.g. Europe/Berlin)",
    kind: "text",
  },
];

/** The options a command has on Discord (without `share`), required ones first. */
export function discordOptionsOf(definition: CommandDefinition): readonly OptionDefinition[] {
  const options =
    definition.name === SITREP_COMMAND
      ? [...definition.options, ...SITREP_ADMIN_OPTIONS]
      : [...definition.options];
  // Discord refuses a required option after an optional one; the stable sort keeps the rest.
  return options.sort((a, b) => Number(b.required === true) - Number(a.required === true));
}

/** Options whose values Discord asks us to complete as the user types. */
export function isAutocompleted(option: OptionDefinition): boolean {
  return (
    option.kind === "place" ||
    option.kind === "source" ||
    option.kind === "target" ||
    option.name === TIMEZONE_OPTION
  );
}

function describeOption(option: OptionDefinition, builder: SlashCommandStringOption) {
  builder
    .setName(option.name)
    .setDescription(option.description)
    .setRequired(option.required === true);
  if (option.kind === "choice" && option.choices !== undefined) {
    builder.addChoices(...option.choices.map((c) => ({ name: c, value: c })));
  } else if (isAutocompleted(option)) {
    builder.setAutocomplete(true);
  }
  return builder;
}

/** One command's registration body; the builder enforces Discord's name and length rules. */
export function discordCommandBody(
  command: Command<CommandDefinition>,
): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const { definition } = command;
  const builder = new SlashCommandBuilder()
    .setName(definition.name)
    .setDescription(definition.description)
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM);
  // Every option kind but a flag travels as text: the store resolves names, times and brief ids
  // itself; a flag is a boolean.
  for (const option of discordOptionsOf(definition)) {
    if (option.kind === "flag") {
      builder.addBooleanOption((o) =>
        o.setName(option.name).setDescription(option.description).setRequired(false),
      );
    } else {
      builder.addStringOption((o) => describeOption(option, o));
    }
  }
  builder.addBooleanOption((o) =>
    o.setName(SHARE_OPTION).setDescription("Post the answer in the channel for everyone"),
  );
  return builder.toJSON();
}

/** Every command's registration body, in the registry's order. */
export function discordCommandBodies(
  list: readonly Command<CommandDefinition>[] = commands,
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return list.map(discordCommandBody);
}
