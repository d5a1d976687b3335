// Registers the slash commands with Discord: one bulk overwrite (PUT), globally or for one guild.
import { type REST, type RESTPutAPIApplicationCommandsResult, Routes } from "discord.js";
import type { Command } from "../../core/types.ts";
import { claimCommandBodies } from "./claims.ts";
import { discordCommandBodies } from "./definitions.ts";

export interface RegisterTarget {
  /** The registry (commands/index.ts): what to register. */
  readonly commands: readonly Command[];
  readonly applicationId: string;
  /** A guild's commands update at once; global ones can take up to an hour to appear. */
  readonly guildId?: string;
}

export async function registerDiscordCommands(
  rest: REST,
  { commands, applicationId, guildId }: RegisterTarget,
): Promise<RESTPutAPIApplicationCommandsResult> {
  const route =
    guildId === undefined
      ? Routes.applicationCommands(applicationId)
      : Routes.applicationGuildCommands(applicationId, guildId);
  return (await rest.put(route, {
    body: [...discordCommandBodies(commands), ...claimCommandBodies()],
  })) as RESTPutAPIApplicationCommandsResult;
}
