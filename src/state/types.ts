// The bot's state behind one interface: subscriptions, the delivery ledger, watches with their
// alerts and baselines, claims submitted from chat, replayed request ids, Slack installations,
// the pictures behind picture links.
// Every method is async so the same contract is met by the embedded SQLite database
// (src/state/sqlite) and by a PostgreSQL server several instances share (src/state/postgres);
// tests/state/contract.ts holds both to it.
import type { SubmittedClaims } from "../claims/submitted.ts";
import type { PlatformName } from "../platforms/transport.ts";
import type { ThreadBook } from "../schedule/deliver.ts";
import type { DailyKey, DeliveryLedger, DeliveryRecord, NewDelivery } from "../schedule/ledger.ts";
import type { ReplayGuard } from "../schedule/replays.ts";
import type { Watch, WatchInput, WatchPlatform } from "../watch/watch.ts";
import type { InstallationRepo } from "./installations.ts";

export interface Subscription {
  readonly id: number;
  readonly platform: PlatformName;
  /** Slack team id or Discord guild id ("console" in console mode). */
  readonly workspace: string;
  readonly channel: string;
  readonly brief: string;
  /** Local time of day, HH:MM. */
  readonly time: string;
  /** IANA time zone the time is read in. */
  readonly timezone: string;
  readonly postWhenEmpty: boolean;
  /** Posts carry the region's control map on days control changed. */
  readonly pictures: boolean;
  readonly createdAt: number;
  readonly createdBy: string;
  /** Last change of time or zone: no post is due for a time before it. */
  readonly updatedAt: number;
  readonly lastError?: string;
  readonly lastErrorAt?: number;
  /** Set when the bot lost access to the channel; the scheduler skips it until re-subscribed. */
  readonly noAccessAt?: number;
}

export interface SubscriptionInput {
  readonly platform: PlatformName;
  readonly workspace: string;
  readonly channel: string;
  readonly brief: string;
  readonly time: string;
  readonly timezone: string;
  readonly postWhenEmpty: boolean;
  /** Default off. */
  readonly pictures?: boolean;
  readonly createdBy: string;
}

export interface ChannelKey {
  readonly platform: PlatformName;
  readonly workspace: string;
  readonly channel: string;
}

export interface SubscriptionFilter {
  readonly platform?: PlatformName;
  readonly workspace?: string;
  readonly channel?: string;
  /** Only these platforms (the ones a running bot can post to). */
  readonly platforms?: readonly PlatformName[];
  /** Leave out subscriptions whose channel was lost. */
  readonly activeOnly?: boolean;
}

/** Which channel gets which brief's daily summary, at what local time. */
export interface SubscriptionRepo {
  /**
   * Adds the subscription, or updates time, zone and options of the channel's existing one for
   * that brief. Subscribing again also clears a lost-access flag: the admin says it works again.
   */
  upsert(
    input: SubscriptionInput,
    now: number,
  ): Promise<{ subscription: Subscription; created: boolean }>;
  find(key: ChannelKey & { readonly brief: string }): Promise<Subscription | undefined>;
  get(id: number): Promise<Subscription | undefined>;
  /** Ordered by platform, workspace, channel, brief. */
  list(filter?: SubscriptionFilter): Promise<Subscription[]>;
  /** Removes the subscription; the ledger keeps its history (ids are never reused). */
  remove(id: number): Promise<boolean>;
  /** Records a delivery problem on the subscription, for `/sitrep schedule`. */
  recordError(id: number, error: string, at: number, lostAccess: boolean): Promise<void>;
  clearError(id: number): Promise<void>;
}

/** The delivery ledger, with the daily-summary views of it that `/sitrep schedule` shows. */
export interface DeliveryRepo extends DeliveryLedger {
  getDaily(key: DailyKey): Promise<DeliveryRecord | undefined>;
  /** The subscription's newest row (by local date). */
  latestDaily(subscriptionId: number): Promise<DeliveryRecord | undefined>;
  /**
   * The end of the period the last successful post covered: the next post starts there. A post
   * that may or may not have gone out does not count, so its claims come again rather than never.
   */
  lastSentUntil(subscriptionId: number): Promise<number | undefined>;
  /** Oldest local date first. */
  listDaily(subscriptionId: number): Promise<DeliveryRecord[]>;
}

export interface WatchFilter {
  readonly platform?: WatchPlatform;
  readonly workspace?: string;
  readonly channel?: string;
  readonly brief?: string;
}

/** An alert raised and not yet handed to the delivery ledger, with the delivery it will be. */
export interface OutboxAlert {
  readonly id: string;
  readonly watchId: number;
  readonly delivery: NewDelivery;
  readonly createdAt: number;
}

/** Watches, the (watch, change) pairs already alerted, the alert outbox and the baselines. */
export interface WatchRepo {
  /** Adds the watch, or updates `min`, the mention and pictures of the channel's same watch. */
  add(input: WatchInput, now: number): Promise<{ watch: Watch; created: boolean }>;
  get(id: number): Promise<Watch | undefined>;
  /** Oldest first. */
  list(filter?: WatchFilter): Promise<Watch[]>;
  /** Removes a watch; alerts already recorded stay as history. */
  remove(id: number): Promise<boolean>;
  /**
   * Claims the (watch, change) pairs not claimed before and, in the same transaction, puts one
   * alert for them in the outbox, built by `build` from the fresh keys. Across instances on one
   * database a change is claimed once: false when none of `keys` was fresh.
   */
  raise(
    watchId: number,
    keys: readonly string[],
    alertId: string,
    build: (fresh: ReadonlySet<string>) => NewDelivery,
    now: number,
  ): Promise<boolean>;
  /** Alerts not yet handed over, oldest first. */
  listOutbox(): Promise<OutboxAlert[]>;
  /** The delivery ledger has the alert now. */
  markHanded(id: string, now: number): Promise<void>;
  /** Every alert ever raised for a watch (or all), oldest first: for views and tests. */
  listRaised(watchId?: number): Promise<OutboxAlert[]>;

  // What a watched brief said when it was last compared (claim signatures).
  hasBaseline(brief: string): Promise<boolean>;
  baselineSignatures(brief: string): Promise<Set<string>>;
  /** Replaces the brief's baseline with these signatures. */
  writeBaseline(brief: string, signatures: Iterable<string>, now: number): Promise<void>;
  /** Moves the brief's baseline on by what one reload removed and added. */
  updateBaseline(
    brief: string,
    removed: readonly string[],
    added: readonly string[],
    now: number,
  ): Promise<void>;
  /** Forgets a brief nobody watches any more: a later watch starts from what is then in it. */
  dropBaseline(brief: string): Promise<void>;
  /** The briefs that have a baseline. */
  baselineBriefs(): Promise<string[]>;
}

/**
 * The PNGs behind picture links (PUBLIC_URL/pictures?t=TOKEN), in the store so that any instance
 * behind a load balancer serves a link another one made.
 */
export interface PictureRepo {
  /** Keeps the PNG under the token (unguessable, made by the caller) until `expiresAt`. */
  put(token: string, png: Buffer, expiresAt: number): Promise<void>;
  /** The PNG while it lives, else undefined. */
  get(token: string, now: number): Promise<Buffer | undefined>;
  /** Drops the expired pictures and, beyond `keep`, the ones that expire first. */
  sweep(now: number, keep: number): Promise<void>;
}

/** The whole state, one repository per area. */
export interface StateStore {
  /** Which implementation: for logs and the start-up line. */
  readonly kind: "sqlite" | "postgres";
  readonly subscriptions: SubscriptionRepo;
  readonly deliveries: DeliveryRepo;
  /** The thread each channel uses for alerts per place and day. */
  readonly threads: ThreadBook;
  readonly watches: WatchRepo;
  readonly claims: SubmittedClaims;
  readonly replays: ReplayGuard;
  /** Slack installations from the OAuth install flow, one per workspace (tokens inside). */
  readonly installations: InstallationRepo;
  /** Pictures behind links, for private Slack answers. */
  readonly pictures: PictureRepo;
  /** Throws when the store cannot be reached (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
