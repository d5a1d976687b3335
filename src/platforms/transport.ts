// The one small interface every platform offers the delivery machinery: post a rendered answer to
// a channel under a delivery id, and find out whether an earlier attempt of it went out. Failures
// carry a code so the machinery can tell "surely not posted" from "may have been posted".
import type { Answer } from "../answer/model.ts";
import type { PlatformName } from "../core/types.ts";

export type { PlatformName };

/** Who a post may ping: the one role, user or user group an admin set on a watch. */
export interface PostMention {
  readonly kind: "role" | "user" | "group";
  readonly id: string;
}

export interface PostOptions {
  /** The delivery's id: carried with the post so a later check can recognise it. */
  readonly deliveryId?: string;
  /** Post inside this thread of the channel (an id `openThread` returned). */
  readonly thread?: string;
  /** The only mention the post carries; brief text in it pings nobody either way. */
  readonly mention?: PostMention;
  /** The workspace (Slack team, Discord guild) the channel is in: whose token posts there. */
  readonly workspace?: string;
}

export interface Transport {
  readonly platform: PlatformName;
  /** Posts the answer; resolves with the platform's message id (or "" where there is none). */
  postMessage(channel: string, answer: Answer, options?: PostOptions): Promise<string>;
  /**
   * Whether a post of this delivery is in the channel (sent after `since`, epoch ms): its message
   * id, or undefined when it surely is not. Throws a DeliveryError when it cannot tell.
   */
  findPosted?(
    channel: string,
    deliveryId: string,
    since: number,
    options?: { readonly thread?: string; readonly workspace?: string },
  ): Promise<string | undefined>;
  /**
   * Sending the same delivery again within this long after an attempt returns that attempt's
   * message instead of posting a second one (Discord's enforced nonce).
   */
  readonly idempotentResendMs?: number;
  /**
   * Makes the posted message the start of a thread named `name`; resolves with the thread id to
   * pass as `PostOptions.thread` (Slack: the message's ts; Discord: the new thread channel).
   */
  openThread?(channel: string, messageId: string, name: string): Promise<string>;
}

export type DeliveryErrorCode =
  /** The platform asked us to slow down: retry after `retryAfterMs`. Nothing was posted. */
  | "rate_limited"
  /** The bot cannot post there (channel gone, not a member, missing permission): stop retrying. */
  | "no_access"
  /** The platform refused the post (an error answer): nothing was posted; may be retried. */
  | "failed"
  /** No answer, a dropped connection, a server error: the post may or may not be there. */
  | "unknown";

export class DeliveryError extends Error {
  readonly code: DeliveryErrorCode;
  readonly retryAfterMs: number | undefined;
  constructor(
    code: DeliveryErrorCode,
    message: string,
    options?: { retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DeliveryError";
    this.code = code;
    this.retryAfterMs = options?.retryAfterMs;
  }
}
