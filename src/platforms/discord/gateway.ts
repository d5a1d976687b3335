// Gateway mode: a discord.js Client (Guilds intent) that receives interactions over the gateway
// and answers through discord.js. All decisions are in interactions.ts; this only translates.
import {
  type APIInteraction,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  Client,
  type CommandInteractionOption,
  Events,
  GatewayIntentBits,
  type Interaction,
  MessageFlags,
  PermissionFlagsBits,
  Routes,
} from "discord.js";
import { ADD_TO_BRIEF_COMMAND, createClaimInteractions, REPORT_COMMAND } from "./claims.ts";
import {
  completeOption,
  DEFER_AFTER_MS,
  DEFERRED,
  type DiscordHandlerOptions,
  type DiscordMessage,
  firstOrDeferred,
  type InteractionOption,
  type InteractionRequest,
  replyToCommand,
} from "./interactions.ts";
import { discordFiles, withoutPicture } from "./pictures.ts";
import { type DiscordRestSettings, discordRestOptions } from "./rest.ts";

export interface DiscordGatewayOptions extends DiscordHandlerOptions, DiscordRestSettings {
  readonly token: string;
}

export interface DiscordGateway {
  readonly client: Client;
  stop(): Promise<void>;
}

/** A Client set up as the bot needs it; no connection until login. */
export function createDiscordClient(settings: DiscordRestSettings = {}): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    rest: discordRestOptions(settings),
  });
}

/** discord.js's option, as both modes describe it (a subcommand holds its own options). */
function optionOf(o: CommandInteractionOption): InteractionOption {
  return {
    name: o.name,
    type: o.type,
    ...(o.value === undefined || o.value === null ? {} : { value: o.value }),
    ...(o.focused === undefined ? {} : { focused: o.focused }),
    ...(o.options === undefined ? {} : { options: o.options.map(optionOf) }),
  };
}

function requestOf(
  interaction: ChatInputCommandInteraction | AutocompleteInteraction,
): InteractionRequest {
  return {
    id: interaction.id,
    commandName: interaction.commandName,
    options: interaction.options.data.map(optionOf),
    guildId: interaction.guildId ?? undefined,
    channelId: interaction.channelId ?? undefined,
    userId: interaction.user.id,
    canManageGuild: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
  };
}

/** discord.js spells the body its own way; mentions stay off on every message. */
function toReplyOptions(message: DiscordMessage) {
  return {
    embeds: message.embeds,
    allowedMentions: { parse: [] },
    ...(message.flags === undefined ? {} : { flags: message.flags }),
  };
}

async function answerChatInput(
  interaction: ChatInputCommandInteraction,
  options: DiscordHandlerOptions,
): Promise<void> {
  const reply = replyToCommand(requestOf(interaction), options);
  const first = await firstOrDeferred(reply.message, options.deferAfterMs ?? DEFER_AFTER_MS);
  // A picture travels as a file, which only the edit of a deferred reply carries here: defer then.
  const ready = first === DEFERRED ? undefined : await reply.pictures;
  if (first !== DEFERRED && (ready === undefined || ready.length === 0)) {
    await interaction.reply(toReplyOptions(first));
    return;
  }
  await interaction.deferReply(reply.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  const message = await reply.message;
  const pictures = await reply.pictures;
  // The picture goes as a file under the name the embed points at; if it cannot be drawn, the
  // text answer goes alone.
  const files = await discordFiles(pictures).catch((err: unknown) => {
    options.logger.error({ err, interaction: interaction.id }, "discord picture failed");
    return undefined;
  });
  const pictured = files !== undefined && files.length > 0;
  const embeds = pictured ? message.embeds : withoutPicture(message).embeds;
  // Ephemerality was fixed by the deferral; an edit cannot change it.
  await interaction.editReply({
    embeds,
    allowedMentions: { parse: [] },
    ...(pictured
      ? {
          files: files.map((f, i) => ({
            attachment: Buffer.from(f.data as Uint8Array),
            name: f.name,
            description: message.attachments?.[i]?.description ?? "",
          })),
        }
      : {}),
  });
}

async function handleInteraction(
  interaction: Interaction,
  options: DiscordHandlerOptions,
): Promise<void> {
  // Claims interactions are answered from the raw packet (attachClaimHandlers).
  if (isClaimsInteraction(interaction)) return;
  try {
    if (interaction.isAutocomplete()) {
      await interaction.respond(completeOption(requestOf(interaction), options));
    } else if (interaction.isChatInputCommand()) {
      await answerChatInput(interaction, options);
    }
  } catch (err) {
    options.logger.error(
      { err, interaction: interaction.id, type: interaction.type },
      "discord interaction reply failed",
    );
  }
}

function isClaimsInteraction(interaction: Interaction): boolean {
  if (interaction.isCommand() || interaction.isAutocomplete()) {
    return (
      interaction.commandName === REPORT_COMMAND || interaction.commandName === ADD_TO_BRIEF_COMMAND
    );
  }
  if (interaction.isMessageComponent() || interaction.isModalSubmit()) {
    return interaction.customId.startsWith("sitrep_claim");
  }
  return false;
}

/**
 * Claims interactions over the gateway: the raw INTERACTION_CREATE packet is the same payload
 * HTTP mode receives, so both modes share one handler; the response goes to the callback route.
 */
function attachClaimHandlers(client: Client, options: DiscordHandlerOptions): () => void {
  if (options.claims === undefined) return () => {};
  const claims = createClaimInteractions({
    core: options.core,
    ...options.claims,
    // Review posts and direct messages need the bot token the client logs in with.
    rest: options.claims.rest ?? client.rest,
    getStore: options.getStore,
    now: options.now,
    logger: options.logger,
    ...(options.allowedGuilds === undefined ? {} : { allowedGuilds: options.allowedGuilds }),
  });
  const listener = (packet: { t?: string; d?: unknown }) => {
    if (packet.t !== "INTERACTION_CREATE") return;
    const payload = packet.d as APIInteraction;
    const replying = claims.handle(payload);
    if (replying === undefined) return;
    void (async () => {
      try {
        const reply = await replying;
        await client.rest.post(Routes.interactionCallback(payload.id, payload.token), {
          body: reply.response,
          auth: false,
        });
        await reply.after?.(client.rest, payload.application_id, payload.token);
      } catch (err) {
        options.logger.error({ err, interaction: payload.id }, "discord claims reply failed");
      }
    })();
  };
  client.on(Events.Raw, listener);
  return () => {
    client.off(Events.Raw, listener);
  };
}

/** Answers the client's interactions; returns a function that stops doing so. */
export function attachDiscordHandlers(client: Client, options: DiscordHandlerOptions): () => void {
  const listener = (interaction: Interaction) => {
    void handleInteraction(interaction, options);
  };
  client.on(Events.InteractionCreate, listener);
  const detachClaims = attachClaimHandlers(client, options);
  return () => {
    client.off(Events.InteractionCreate, listener);
    detachClaims();
  };
}

export async function startDiscordGateway(options: DiscordGatewayOptions): Promise<DiscordGateway> {
  const client = createDiscordClient(options);
  attachDiscordHandlers(client, options);
  client.once(Events.ClientReady, (ready) => {
    options.logger.info(
      { user: ready.user.tag, guilds: ready.guilds.cache.size },
      "discord gateway ready",
    );
  });
  client.on(Events.Error, (err) => options.logger.error({ err }, "discord client error"));
  await client.login(options.token);
  return {
    client,
    stop: () => client.destroy(),
  };
}
