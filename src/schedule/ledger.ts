// The delivery ledger: every post the bot sends on its own (daily summaries, alerts) is a row,
// claimed atomically BEFORE anything is sent, keyed by a delivery id. A row moves
//   claimed → sending → sent | failed | uncertain | no_access     (or straight to skipped/missed)
// and `may_be_posted` remembers that some attempt reached the platform, so no later attempt may
// send again without first finding out whether that one went out. All state access of the
// delivery machinery goes through the DeliveryLedger interface, which the state store's
// deliveries repository (src/state) implements on SQLite and PostgreSQL.
import type { Answer } from "../answer/model.ts";
import type { PlatformName, PostMention } from "../platforms/transport.ts";

export type DeliveryStatus =
  | "claimed"
  | "sending"
  | "sent"
  | "failed"
  | "uncertain"
  | "missed"
  | "no_access"
  | "skipped";

/**
 * How a delivery is posted: the workspace the channel is in (whose installation token posts it),
 * and for an alert the one mention an admin set and the thread it belongs to.
 */
export interface DeliveryPost {
  readonly workspace?: string;
  readonly mention?: PostMention;
  /** Deliveries with the same thread key go in one thread of the channel. */
  readonly thread?: {
    readonly key: string;
    /** The thread's name where the platform names threads (Discord). */
    readonly name: string;
    readonly workspace: string;
  };
}

/** A delivery: where it goes and what it says, under an id that names it once and for all. */
export interface NewDelivery {
  /** Stable across restarts and instances: `daily:<subscription>:<local date>`, `alert:…`. */
  readonly id: string;
  /** What sends it (`daily`, `alert`): for logs and views. */
  readonly kind: string;
  readonly platform: PlatformName;
  readonly channel: string;
  readonly message: Answer;
  readonly dueAt: number;
  /** No attempt starts after this (the catch-up window); a check of an earlier one still may. */
  readonly deadlineAt: number;
  /** Daily summaries only. */
  readonly subscriptionId?: number;
  readonly localDate?: string;
  readonly sinceAt?: number;
  readonly untilAt?: number;
  /** The workspace (daily posts and alerts); the mention and thread (alerts only). */
  readonly post?: DeliveryPost;
}

export interface DeliveryRecord extends Omit<NewDelivery, "message"> {
  readonly message?: Answer;
  readonly status: DeliveryStatus;
  /** Some attempt may have reached the platform: check before sending again. */
  readonly mayBePosted: boolean;
  readonly attempts: number;
  readonly messageId?: string;
  readonly error?: string;
  readonly owner?: string;
  readonly leaseUntil?: number;
  /** When the newest attempt started sending. */
  readonly sendingAt?: number;
  /** Set on a failed or uncertain row that will be tried (or checked) again. */
  readonly nextAttemptAt?: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface DeliveryResult {
  readonly status: "sent" | "failed" | "uncertain" | "no_access";
  readonly messageId?: string;
  readonly error?: string;
  /** For failed and uncertain: when to try (or check) again; absent means never. */
  readonly nextAttemptAt?: number;
  /**
   * Whether some attempt may have been posted, when the attempt knows better than "this one was
   * being sent" (a refusal proves this attempt was not posted; earlier ones still may have been).
   */
  readonly mayBePosted?: boolean;
}

export interface Lease {
  /** Which scheduler instance holds the claim. */
  readonly owner: string;
  readonly now: number;
  readonly leaseMs: number;
}

/**
 * The ledger's state, as the delivery machinery sees it. Methods are async so the same contract
 * can be met by a database server; the SQLite implementation answers at once.
 */
export interface DeliveryLedger {
  /** Inserts the delivery as claimed by `lease.owner`; false when the id is already there. */
  claim(delivery: NewDelivery, lease: Lease): Promise<boolean>;
  /** Records a delivery that is not sent at all (nothing to say, or too late); false if present. */
  recordUnsent(
    delivery: Omit<NewDelivery, "message">,
    status: "skipped" | "missed",
    error: string,
    now: number,
  ): Promise<boolean>;
  /** claimed → sending, as the send starts; false when the claim is no longer ours. */
  markSending(id: string, lease: Lease): Promise<boolean>;
  /** Closes an attempt; false when the claim was no longer ours. */
  finish(id: string, owner: string, result: DeliveryResult, now: number): Promise<boolean>;
  /**
   * Takes over what needs another attempt, for `platforms`: failed or uncertain rows whose time
   * has come, and claims whose holder died (lease ran out). Returns them as they were before,
   * now claimed by `lease.owner`, with `mayBePosted` set when the dead holder was sending.
   */
  takeDue(
    platforms: readonly PlatformName[],
    lease: Lease,
    maxAttempts: number,
  ): Promise<DeliveryRecord[]>;
  get(id: string): Promise<DeliveryRecord | undefined>;
}

export interface DailyKey {
  readonly subscriptionId: number;
  /** YYYY-MM-DD in the subscription's time zone. */
  readonly localDate: string;
}

/** The delivery id of a subscription's post on a local day. */
export function dailyDeliveryId(key: DailyKey): string {
  return `daily:${key.subscriptionId}:${key.localDate}`;
}
