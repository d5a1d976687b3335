// The delivery machinery's Transport for Discord: posts an answer to a channel through REST with
// a nonce derived from the delivery id and `enforce_nonce`, so sending the same delivery again
// within Discord's nonce window returns the first message instead of posting a second. Discord's
// refusals become DeliveryError codes (rate limited, no access, failed, outcome unknown).
// An alert carries its one mention as the content, allowed by id; threads start from an alert.
import { createHash } from "node:crypto";
import { Client, DiscordAPIError, RateLimitError, type REST, Routes } from "discord.js";
import { renderDiscordAlert } from "../../answer/mention.ts";
import type { Answer } from "../../answer/model.ts";
import { DeliveryError, type PostOptions, type Transport } from "../transport.ts";
import { discordFiles, withoutPicture } from "./pictures.ts";

/** Discord's limit on a thread's name. */
const THREAD_NAME_MAX = 100;

/** Discord error codes meaning "this bot cannot post there". */
const NO_ACCESS_CODES = new Set([10003, 50001, 50013]);
/**
 * Discord checks an enforced nonce against the author's messages of "the past few minutes"; a
 * re-send is trusted to find the first message only within this much of it.
 */
export const NONCE_WINDOW_MS = 120_000;

/** Discord nonces are at most 25 characters: a digest of the delivery id. */
export function deliveryNonce(deliveryId: string): string {
  return createHash("sha256").update(deliveryId).digest("base64url").slice(0, 25);
}

export function toDeliveryError(error: unknown, channel: string): DeliveryError {
  if (error instanceof RateLimitError) {
    const retryAfterMs = Math.max(error.retryAfter, error.timeToReset, 0);
    return new DeliveryError("rate_limited", `Discord rate limit on channel ${channel}`, {
      retryAfterMs,
      cause: error,
    });
  }
  if (error instanceof DiscordAPIError && error.status < 500) {
    const noAccess =
      error.status === 403 || error.status === 404 || NO_ACCESS_CODES.has(Number(error.code));
    return new DeliveryError(
      noAccess ? "no_access" : "failed",
      `Discord refused a post to channel ${channel}: ${error.message} (${error.status})`,
      { cause: error },
    );
  }
  // A 5xx, a timeout or a dropped connection: Discord may have taken the post.
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryError("unknown", `No answer from Discord for channel ${channel}: ${message}`, {
    cause: error,
  });
}

/**
 * `source`: a REST client (set up with rest.ts: long rate-limit waits throw, no retries) or a
 * logged-in Client, whose REST client is used.
 */
export function createDiscordTransport(source: REST | Client): Transport {
  const rest = source instanceof Client ? source.rest : source;
  return {
    platform: "discord",
    idempotentResendMs: NONCE_WINDOW_MS,
    async postMessage(channel: string, answer: Answer, options?: PostOptions): Promise<string> {
      const body = renderDiscordAlert(answer, options?.mention);
      const nonce =
        options?.deliveryId === undefined
          ? {}
          : { nonce: deliveryNonce(options.deliveryId), enforce_nonce: true };
      // A thread is a channel of its own on Discord: posting in it is posting to it.
      const target = options?.thread ?? channel;
      // The picture goes with the post as a file; if it cannot be drawn, the text goes alone.
      const files = await discordFiles(answer.pictures).catch(() => undefined);
      const sent = files === undefined ? withoutPicture(body) : body;
      try {
        const message = (await rest.post(Routes.channelMessages(target), {
          body: { ...sent, ...nonce },
          ...(files !== undefined && files.length > 0 ? { files } : {}),
        })) as { id?: string };
        return message.id ?? "";
      } catch (error) {
        throw toDeliveryError(error, target);
      }
    },
    async openThread(channel: string, messageId: string, name: string): Promise<string> {
      try {
        const thread = (await rest.post(Routes.threads(channel, messageId), {
          // A day: alerts thread per place and day.
          body: { name: name.slice(0, THREAD_NAME_MAX), auto_archive_duration: 1440 },
        })) as { id?: string };
        if (thread.id === undefined) throw new Error("Discord returned no thread id");
        return thread.id;
      } catch (error) {
        throw toDeliveryError(error, channel);
      }
    },
  };
}
