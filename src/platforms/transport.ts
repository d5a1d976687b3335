// The one small interface every platform offers the scheduler: post an answer to a channel.
// Failures carry a code so the scheduler can tell "wait and retry" from "give up on this channel".
import type { Answer } from "../answer/model.ts";

export type PlatformName = "slack" | "discord" | "console";

export interface Transport {
  readonly platform: PlatformName;
  /** Posts the answer; resolves with the platform's message id (or "" where there is none). */
  postMessage(channel: string, answer: Answer): Promise<string>;
}

export type DeliveryErrorCode =
  /** The platform asked us to slow down: retry after `retryAfterMs`. */
  | "rate_limited"
  /** The bot cannot post there (channel gone, not a member, missing permission): stop retrying. */
  | "no_access"
  /** Anything else (network, 5xx): may be retried later. */
  | "failed";

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
