// Posting answers to Slack channels for the scheduler: chat.postMessage with the rendered blocks
// and a plain-text fallback, and Slack's failures turned into DeliveryError codes.
import { webApi } from "@slack/bolt";
import type { Answer } from "../../answer/model.ts";
import { renderSlack } from "../../answer/render-slack.ts";
import { DeliveryError, type Transport } from "../transport.ts";

/** Slack errors that mean the bot cannot post there until someone changes something. */
const NO_ACCESS_ERRORS = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "missing_scope",
  "account_inactive",
]);

/** A Slack Web API failure as a DeliveryError the scheduler can act on. */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return new DeliveryError("rate_limited", "Slack is rate limiting chat.postMessage", {
      retryAfterMs: error.retryAfter * 1000,
      cause: error,
    });
  }
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = error.data.error;
    return new DeliveryError(
      NO_ACCESS_ERRORS.has(code) ? "no_access" : "failed",
      `Slack refused the post: ${code}`,
      { cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryError("failed", `Could not reach Slack: ${message}`, { cause: error });
}

/** The WebClient must be built with `rejectRateLimitedCalls: true` so a 429 surfaces here. */
export function createSlackTransport(client: webApi.WebClient): Transport {
  return {
    platform: "slack",
    async postMessage(channel: string, answer: Answer): Promise<string> {
      const { text, blocks } = renderSlack(answer);
      try {
        const result = await client.chat.postMessage({
          channel,
          text,
          blocks,
          unfurl_links: false,
          unfurl_media: false,
        });
        return result.ts ?? "";
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
  };
}
