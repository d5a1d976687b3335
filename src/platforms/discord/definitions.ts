// Discord's slash commands, built from the same definitions the core's parser and Slack use.
// A command with subcommands registers each as a Discord subcommand, the command itself as its
// `defaultSubcommand` (Discord cannot mix subcommands with options): /sitrep summary,
// /sitrep subscribe time:07:30 timezone:Europe/Berlin. Every command and subcommand also gets a
// `share` boolean that posts the answer for the whole channel.
import {
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  SlashCommandBuilder,
  type SlashCommandStringOption,
  type SlashCommandSubcommandBuilder,
} from "discord.js";
import type { Command, CommandDefinition, OptionDefinition } from "../../core/types.ts";

export const SHARE_OPTION = "share";

/** Options whose values Discord asks us to complete as the user types. */
export function isAutocompleted(option: OptionDefinition): boolean {
  return (
    option.kind === "place" ||
    option.kind === "source" ||
    option.kind === "target" ||
    option.kind === "timezone"
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

/** Adds the options (required ones first, as Discord demands) and `share` to a builder. */
function addOptions<B extends SlashCommandBuilder | SlashCommandSubcommandBuilder>(
  builder: B,
  options: readonly OptionDefinition[],
): B {
  const ordered = [...options].sort(
    (a, b) => Number(b.required === true) - Number(a.required === true),
  );
  // Every kind but yes/no travels as text: the core checks and resolves values itself.
  for (const option of ordered) {
    if (option.kind === "boolean") {
      builder.addBooleanOption((o) =>
        o
          .setName(option.name)
          .setDescription(option.description)
          .setRequired(option.required === true),
      );
    } else {
      builder.addStringOption((o) => describeOption(option, o));
    }
  }
  builder.addBooleanOption((o) =>
    o.setName(SHARE_OPTION).setDescription("Post the answer in the channel for everyone"),
  );
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
  if (definition.subcommands === undefined || definition.subcommands.length === 0) {
    return addOptions(builder, definition.options).toJSON();
  }
  const bare = definition.defaultSubcommand ?? "ask";
  builder.addSubcommand((s) =>
    addOptions(s.setName(bare).setDescription(definition.description), definition.options),
  );
  for (const sub of definition.subcommands) {
    builder.addSubcommand((s) =>
      addOptions(s.setName(sub.name).setDescription(sub.description), sub.options),
    );
  }
  return builder.toJSON();
}

/** Every command's registration body, in the registry's order. */
export function discordCommandBodies(
  list: readonly Command<CommandDefinition>[],
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return list.map(discordCommandBody);
}
