// The scheduler's Transport for Discord: posts an answer to a channel through REST and turns
// Discord's refusals into DeliveryError codes (rate limited, no access, failed).
import { Client, DiscordAPIError, RateLimitError, type REST, Routes } from "discord.js";
import type { Answer } from "../../answer/model.ts";
import { DeliveryError, type Transport } from "../transport.ts";
import { toDiscordMessage } from "./interactions.ts";

/** Discord error codes meaning "this bot cannot post there". */
const NO_ACCESS_CODES = new Set([10003, 50001, 50013]);

export function toDeliveryError(error: unknown, channel: string): DeliveryError {
  if (error instanceof RateLimitError) {
    const retryAfterMs = Math.max(error.retryAfter, error.timeToReset, 0);
    return new DeliveryError("rate_limited", `Discord rate limit on channel ${channel}`, {
      retryAfterMs,
      cause: error,
    });
  }
  if (error instanceof DiscordAPIError) {
    const noAccess =
      error.status === 403 || error.status === 404 || NO_ACCESS_CODES.has(Number(error.code));
    return new DeliveryError(
      noAccess ? "no_access" : "failed",
      `Discord refused a post to channel ${channel}: ${error.message} (${error.status})`,
      { cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryError("failed", `Posting to Discord channel ${channel} failed: ${message}`, {
    cause: error,
  });
}

/**
 * `source`: a REST client (set up with rest.ts so long rate-limit waits throw) or a logged-in
 * Client, whose REST client is used.
 */
export function createDiscordTransport(source: REST | Client): Transport {
  const rest = source instanceof Client ? source.rest : source;
  return {
    platform: "discord",
    async postMessage(channel: string, answer: Answer): Promise<string> {
      const { embeds, allowed_mentions } = toDiscordMessage(answer, false);
      try {
        const message = (await rest.post(Routes.channelMessages(channel), {
          body: { embeds, allowed_mentions },
        })) as { id?: string };
        return message.id ?? "";
      } catch (error) {
        throw toDeliveryError(error, channel);
      }
    },
  };
}
