// Posting answers to Slack channels for the delivery machinery: chat.postMessage with the rendered
// blocks, a plain-text fallback and the delivery id in the message's metadata; finding a post by
// that id in the channel's recent history (or a thread's replies) when an attempt's outcome is
// unknown; and Slack's failures turned into DeliveryError codes. An alert's one mention leads its
// text and blocks, and a reply goes in a thread by its thread_ts. With the OAuth install flow each
// post goes with the bot token of the workspace the channel is in.
import { webApi } from "@slack/bolt";
import { renderSlackAlert } from "../../answer/mention.ts";
import type { Answer } from "../../answer/model.ts";
import { DeliveryError, type PostOptions, type Transport } from "../transport.ts";
import { NotInstalled } from "./clients.ts";
import { uploadPictures } from "./pictures.ts";

/** Slack errors that mean the bot cannot post there until someone changes something. */
const NO_ACCESS_ERRORS = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "missing_scope",
  "account_inactive",
]);

/** The metadata event type sitrep's own posts carry. */
export const DELIVERY_EVENT_TYPE = "sitrep_delivery";
/** Pages of history looked through before saying "cannot tell". */
const MAX_HISTORY_PAGES = 5;

/** A Slack Web API failure as a DeliveryError the machinery can act on. */
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
  if (error instanceof webApi.WebAPIHTTPError && error.statusCode < 500) {
    return new DeliveryError("failed", `Slack refused the post: HTTP ${error.statusCode}`, {
      cause: error,
    });
  }
  // A 5xx, a timeout or a dropped connection: Slack may have taken the post.
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryError("unknown", `No answer from Slack: ${message}`, { cause: error });
}

interface HistoryMessage {
  ts?: string;
  bot_id?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** The client that posts in a workspace (the installation's token), or the one client. */
export type PostingClients = (workspace: string | undefined) => Promise<webApi.WebClient>;

/**
 * `client` must be built with `rejectRateLimitedCalls: true` (a 429 surfaces here) and with its
 * retries off: a retried post is a second post. A function gives each workspace its own client.
 */
export function createSlackTransport(client: webApi.WebClient | PostingClients): Transport {
  const clientFor: PostingClients = typeof client === "function" ? client : async () => client;
  // The bot's own id differs from workspace to workspace (one bot user per installation).
  const botIds = new Map<string, Promise<string | undefined>>();
  const ownBotId = (workspace: string | undefined, from: webApi.WebClient) => {
    const key = workspace ?? "";
    let known = botIds.get(key);
    if (known === undefined) {
      known = from.auth.test().then(
        (r) => r.bot_id,
        () => {
          botIds.delete(key);
          return undefined;
        },
      );
      botIds.set(key, known);
    }
    return known;
  };

  /** The workspace's client; no installation there means the bot cannot post there. */
  async function workspaceClient(workspace: string | undefined): Promise<webApi.WebClient> {
    try {
      return await clientFor(workspace);
    } catch (error) {
      if (error instanceof NotInstalled) {
        throw new DeliveryError("no_access", error.message, { cause: error });
      }
      throw toDeliveryError(error);
    }
  }

  return {
    platform: "slack",
    async postMessage(channel: string, answer: Answer, options?: PostOptions): Promise<string> {
      // The picture follows as an upload, so the message itself carries none.
      const { pictures, ...words } = answer;
      const { text, blocks } = renderSlackAlert(words, options?.mention);
      const metadata =
        options?.deliveryId === undefined
          ? {}
          : {
              metadata: {
                event_type: DELIVERY_EVENT_TYPE,
                event_payload: { delivery_id: options.deliveryId },
              },
            };
      const client = await workspaceClient(options?.workspace);
      try {
        const result = await client.chat.postMessage({
          channel,
          text,
          blocks,
          unfurl_links: false,
          unfurl_media: false,
          ...metadata,
          ...(options?.thread === undefined ? {} : { thread_ts: options.thread }),
        });
        if (pictures !== undefined) {
          // The answer is delivered; a picture that fails to upload does not make it undelivered
          // (retrying would post the text twice), and the text is complete without it.
          await uploadPictures(client, channel, answer, options?.thread).catch(() => undefined);
        }
        return result.ts ?? "";
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
    async findPosted(channel, deliveryId, since, options) {
      const client = await workspaceClient(options?.workspace);
      const bot = await ownBotId(options?.workspace, client);
      let cursor: string | undefined;
      try {
        for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
          const query = {
            channel,
            oldest: (since / 1000).toFixed(6),
            include_all_metadata: true,
            limit: 200,
            ...(cursor === undefined ? {} : { cursor }),
          };
          // A reply in a thread is not in the channel's history, only in the thread's.
          const thread = options?.thread;
          const result =
            thread === undefined
              ? await client.conversations.history(query)
              : await client.conversations.replies({ ...query, ts: thread });
          const mine = ((result.messages ?? []) as HistoryMessage[]).find(
            (m) =>
              m.metadata?.event_type === DELIVERY_EVENT_TYPE &&
              m.metadata.event_payload?.delivery_id === deliveryId &&
              (bot === undefined || m.bot_id === undefined || m.bot_id === bot),
          );
          if (mine !== undefined) return mine.ts ?? "";
          cursor = result.response_metadata?.next_cursor || undefined;
          if (result.has_more !== true || cursor === undefined) return undefined;
        }
      } catch (error) {
        throw toDeliveryError(error);
      }
      throw new DeliveryError("unknown", "the channel's history is too busy to look through");
    },
    // A Slack thread is the replies to a message: its ts is the thread's id.
    async openThread(_channel: string, messageId: string): Promise<string> {
      return messageId;
    },
  };
}
