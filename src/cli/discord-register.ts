// `sitrep discord-register [--guild ID]`: registers the slash commands with Discord (one bulk
// overwrite), globally or for one guild, from DISCORD_TOKEN and DISCORD_APPLICATION_ID.
import { parseArgs } from "node:util";
import { commands } from "../../commands/index.ts";
import { readConfig } from "../config.ts";
import { registerDiscordCommands } from "../platforms/discord/register.ts";
import { createDiscordRest } from "../platforms/discord/rest.ts";
import type { Subcommand } from "./subcommand.ts";

export default {
  usage: "[--guild ID]",
  async run(argv, io) {
    const { values } = parseArgs({
      args: [...argv],
      options: { guild: { type: "string" } },
    });
    let config: ReturnType<typeof readConfig>;
    try {
      config = readConfig(io.env);
    } catch (error) {
      io.err((error as Error).message);
      return 2;
    }
    const missing = (["DISCORD_TOKEN", "DISCORD_APPLICATION_ID"] as const).filter(
      (name) => config[name] === undefined,
    );
    if (missing.length > 0) {
      io.err(`sitrep discord-register: set ${missing.join(" and ")} in the environment`);
      return 2;
    }
    const guildId = values.guild?.trim() || undefined;
    const rest = createDiscordRest(config.DISCORD_TOKEN, { apiUrl: config.DISCORD_API_URL });
    const registered = await registerDiscordCommands(rest, {
      commands,
      applicationId: config.DISCORD_APPLICATION_ID!,
      ...(guildId === undefined ? {} : { guildId }),
    });
    for (const command of registered) {
      const options = (command.options ?? []).map((o) => o.name).join(", ");
      io.out(`/${command.name}${options === "" ? "" : `  (${options})`}`);
    }
    io.out(
      guildId === undefined
        ? `Registered ${registered.length} global commands. Global commands can take up to an hour to appear in every server; use --guild ID to try them at once in one server.`
        : `Registered ${registered.length} commands in guild ${guildId}; they are available there now.`,
    );
    return 0;
  },
} satisfies Subcommand;
