// HTTP interactions mode: Discord POSTs each interaction to /discord/interactions and takes the
// reply as the response. No gateway connection, so any number of instances can serve behind a
// load balancer. Requests must carry a valid Ed25519 signature and a fresh timestamp.
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type APIInteraction,
  type APIInteractionResponse,
  InteractionResponseType,
  InteractionType,
  PermissionFlagsBits,
  PermissionsBitField,
  type REST,
  Routes,
} from "discord.js";
import type { Picture } from "../../answer/pictures/types.ts";
import type { ReplayGuard } from "../../schedule/replays.ts";
import { BodyTooLarge, type HttpRoute, readBody, refuseTooLarge } from "../http.ts";
import { createClaimInteractions } from "./claims.ts";
import {
  completeOption,
  DEFER_AFTER_MS,
  DEFERRED,
  type DiscordHandlerOptions,
  type DiscordMessage,
  EPHEMERAL_FLAG,
  firstOrDeferred,
  type InteractionOption,
  type InteractionRequest,
  replyToCommand,
} from "./interactions.ts";
import { discordFiles, withoutPicture } from "./pictures.ts";
import { createDiscordRest, type DiscordRestSettings } from "./rest.ts";
import { createSignatureCheck, signatureHeaderProblem } from "./verify.ts";

export const DISCORD_INTERACTIONS_PATH = "/discord/interactions";
/** Interaction payloads are a few kilobytes; anything far bigger is not Discord. */
export const BODY_LIMIT_BYTES = 256 * 1024;

export interface DiscordInteractionsOptions extends DiscordHandlerOptions, DiscordRestSettings {
  /** DISCORD_PUBLIC_KEY: the application's Ed25519 public key, hex. */
  readonly publicKey: string;
  readonly applicationId: string;
  /** For editing a deferred reply; by default an unauthenticated client (tokens suffice). */
  readonly rest?: REST;
  readonly path?: string;
  /** Refuses an interaction id already handled (a replayed request); none: no such check. */
  readonly replays?: ReplayGuard;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

type CommandInteraction = Extract<
  APIInteraction,
  { type: InteractionType.ApplicationCommand | InteractionType.ApplicationCommandAutocomplete }
>;

/** The raw payload in the shape the shared handler reads. */
export function requestFromPayload(payload: CommandInteraction): InteractionRequest {
  const data = payload.data as { name: string; options?: readonly InteractionOption[] };
  const permissions = payload.member?.permissions;
  return {
    id: payload.id,
    commandName: data.name,
    options: data.options ?? [],
    guildId: payload.guild_id,
    channelId: payload.channel?.id ?? payload.channel_id,
    userId: payload.member?.user.id ?? payload.user?.id,
    canManageGuild:
      permissions !== undefined &&
      new PermissionsBitField(BigInt(permissions)).has(PermissionFlagsBits.ManageGuild),
  };
}

async function replyToCommandPayload(
  payload: CommandInteraction,
  options: DiscordInteractionsOptions,
  rest: () => REST,
): Promise<APIInteractionResponse> {
  const reply = replyToCommand(requestFromPayload(payload), options);
  const first = await firstOrDeferred(reply.message, options.deferAfterMs ?? DEFER_AFTER_MS);
  // A picture travels as a file, which only the edit of a deferred reply can carry: defer then.
  const pictures = first === DEFERRED ? undefined : await reply.pictures;
  if (first !== DEFERRED && (pictures === undefined || pictures.length === 0)) {
    return { type: InteractionResponseType.ChannelMessageWithSource, data: first };
  }
  void Promise.all([reply.message, reply.pictures]).then(([message, drawn]) =>
    editOriginal(payload, message, options, rest(), drawn),
  );
  return {
    type: InteractionResponseType.DeferredChannelMessageWithSource,
    data: reply.ephemeral ? { flags: EPHEMERAL_FLAG } : {},
  };
}

/** Replaces the deferred "thinking…" reply with the answer (the interaction token authorises it). */
async function editOriginal(
  payload: CommandInteraction,
  message: DiscordMessage,
  options: DiscordInteractionsOptions,
  rest: REST,
  pictures?: readonly Picture[],
): Promise<void> {
  const applicationId = payload.application_id ?? options.applicationId;
  try {
    // The picture goes as a file; if it cannot be drawn, the text answer goes alone.
    const files = await discordFiles(pictures).catch((err: unknown) => {
      options.logger.error({ err, interaction: payload.id }, "discord picture failed");
      return undefined;
    });
    const body = { embeds: message.embeds, allowed_mentions: message.allowed_mentions };
    const withFiles =
      files !== undefined && files.length > 0 && message.attachments !== undefined
        ? { body: { ...body, attachments: message.attachments }, files }
        : { body: withoutPicture(body) };
    await rest.patch(Routes.webhookMessage(applicationId, payload.token, "@original"), {
      ...withFiles,
      auth: false,
    });
  } catch (err) {
    options.logger.error({ err, interaction: payload.id }, "discord deferred reply failed");
  }
}

export function discordInteractionsRoute(options: DiscordInteractionsOptions): HttpRoute {
  const check = createSignatureCheck(options.publicKey);
  const claims =
    options.claims === undefined
      ? undefined
      : createClaimInteractions({
          core: options.core,
          ...options.claims,
          getStore: options.getStore,
          now: options.now,
          logger: options.logger,
          ...(options.allowedGuilds === undefined ? {} : { allowedGuilds: options.allowedGuilds }),
        });
  let rest = options.rest;
  const getRest = () => {
    rest ??= createDiscordRest(undefined, options);
    return rest;
  };
  return {
    method: "POST",
    path: options.path ?? DISCORD_INTERACTIONS_PATH,
    async handler(req, res) {
      const refuse = (status: number, reason: string) => {
        // The reason, never a header value or the body: nothing secret reaches the log.
        options.logger.warn({ status, reason }, "refused a Discord interaction request");
        if (status === 413) refuseTooLarge(res);
        else send(res, status, { error: reason });
      };
      // Everything that can be checked without the body is, before a byte of it is read.
      const signature = header(req, "x-signature-ed25519");
      const timestamp = header(req, "x-signature-timestamp");
      const problem = signatureHeaderProblem(signature, timestamp, options.now());
      if (problem !== undefined) return refuse(401, problem);
      let body: Buffer;
      try {
        body = await readBody(req, BODY_LIMIT_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLarge) return refuse(413, error.message);
        throw error;
      }
      if (!check({ signature, timestamp, body }, options.now())) {
        return refuse(401, "invalid request signature");
      }
      let payload: APIInteraction;
      try {
        payload = JSON.parse(body.toString("utf8")) as APIInteraction;
      } catch {
        return refuse(400, "body is not JSON");
      }
      if (
        payload.type !== InteractionType.Ping &&
        options.replays !== undefined &&
        !(await options.replays.firstSeen(`discord:${payload.id}`, options.now()))
      ) {
        return refuse(409, `interaction ${payload.id} was already handled (a replay)`);
      }
      const claimReplying = claims?.handle(payload);
      if (claimReplying !== undefined) {
        const claimReply = await claimReplying;
        send(res, 200, claimReply.response);
        const applicationId = payload.application_id ?? options.applicationId;
        void claimReply.after?.(getRest(), applicationId, payload.token)?.catch((err: unknown) => {
          options.logger.error({ err, interaction: payload.id }, "discord claims follow-up failed");
        });
        return;
      }
      switch (payload.type) {
        case InteractionType.Ping:
          send(res, 200, { type: InteractionResponseType.Pong });
          return;
        case InteractionType.ApplicationCommand:
          send(res, 200, await replyToCommandPayload(payload, options, getRest));
          return;
        case InteractionType.ApplicationCommandAutocomplete:
          send(res, 200, {
            type: InteractionResponseType.ApplicationCommandAutocompleteResult,
            data: { choices: completeOption(requestFromPayload(payload), options) },
          });
          return;
        default:
          send(res, 400, { error: "unsupported interaction type" });
      }
    },
  };
}
