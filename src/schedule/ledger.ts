// The delivery ledger: every post the bot sends on its own (daily summaries, alerts) is a row,
// claimed atomically BEFORE anything is sent, keyed by a delivery id. A row moves
//   claimed → sending → sent | failed | uncertain | no_access     (or straight to skipped/missed)
// and `may_be_posted` remembers that some attempt reached the platform, so no later attempt may
// send again without first finding out whether that one went out. All state access of the
// delivery machinery goes through the DeliveryLedger interface; the daily views below it serve
// `/sitrep schedule` and the CLI.
import type { Answer } from "../answer/model.ts";
import type { PlatformName, PostMention } from "../platforms/transport.ts";
import type { StateDb } from "./db.ts";

export type DeliveryStatus =
  | "claimed"
  | "sending"
  | "sent"
  | "failed"
  | "uncertain"
  | "missed"
  | "no_access"
  | "skipped";

/** How an alert is posted: the one mention an admin set, and the thread it belongs to. */
export interface DeliveryPost {
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
  /** Alerts only. */
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

interface Row {
  id: string;
  kind: string;
  platform: PlatformName;
  channel: string;
  message: string | null;
  status: DeliveryStatus;
  may_be_posted: number;
  attempts: number;
  due_at: number;
  deadline_at: number;
  subscription_id: number | null;
  local_date: string | null;
  since_at: number | null;
  until_at: number | null;
  message_id: string | null;
  error: string | null;
  owner: string | null;
  lease_until: number | null;
  sending_at: number | null;
  next_attempt_at: number | null;
  created_at: number;
  updated_at: number;
  post: string | null;
}

function fromRow(row: Row): DeliveryRecord {
  const optional = {
    message: row.message === null ? null : (JSON.parse(row.message) as Answer),
    subscriptionId: row.subscription_id,
    localDate: row.local_date,
    sinceAt: row.since_at,
    untilAt: row.until_at,
    messageId: row.message_id,
    error: row.error,
    owner: row.owner,
    leaseUntil: row.lease_until,
    sendingAt: row.sending_at,
    nextAttemptAt: row.next_attempt_at,
    post: row.post === null ? null : (JSON.parse(row.post) as DeliveryPost),
  };
  return {
    id: row.id,
    kind: row.kind,
    platform: row.platform,
    channel: row.channel,
    status: row.status,
    mayBePosted: row.may_be_posted === 1,
    attempts: row.attempts,
    dueAt: row.due_at,
    deadlineAt: row.deadline_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== null)),
  } as DeliveryRecord;
}

/** The columns every insert fills, in order. */
const INSERT = `INSERT INTO deliveries (id, kind, platform, channel, message, status, attempts,
    due_at, deadline_at, subscription_id, local_date, since_at, until_at, error, owner,
    lease_until, created_at, updated_at, post)
  VALUES (@id, @kind, @platform, @channel, @message, @status, @attempts, @dueAt, @deadlineAt,
    @subscriptionId, @localDate, @sinceAt, @untilAt, @error, @owner, @leaseUntil, @now, @now,
    @post)
  ON CONFLICT DO NOTHING`;

function insertParams(delivery: Omit<NewDelivery, "message"> & { message?: Answer }) {
  return {
    id: delivery.id,
    kind: delivery.kind,
    platform: delivery.platform,
    channel: delivery.channel,
    message: delivery.message === undefined ? null : JSON.stringify(delivery.message),
    dueAt: delivery.dueAt,
    deadlineAt: delivery.deadlineAt,
    subscriptionId: delivery.subscriptionId ?? null,
    localDate: delivery.localDate ?? null,
    sinceAt: delivery.sinceAt ?? null,
    untilAt: delivery.untilAt ?? null,
    post: delivery.post === undefined ? null : JSON.stringify(delivery.post),
  };
}

/** The ledger on the SQLite state database. */
export function createSqliteLedger(db: StateDb): DeliveryLedger {
  const insert = db.prepare(INSERT);
  const select = db.prepare<unknown[], Row>("SELECT * FROM deliveries WHERE id = ?");
  const sending = db.prepare(
    `UPDATE deliveries SET status = 'sending', may_be_posted = 1, sending_at = @now,
       lease_until = @leaseUntil, updated_at = @now
     WHERE id = @id AND status = 'claimed' AND owner = @owner`,
  );
  const finish = db.prepare(
    `UPDATE deliveries SET status = @status, message_id = COALESCE(@messageId, message_id),
       error = @error, next_attempt_at = @nextAttemptAt, lease_until = NULL, updated_at = @now,
       may_be_posted = COALESCE(@mayBePosted, may_be_posted)
     WHERE id = @id AND status IN ('claimed', 'sending') AND owner = @owner`,
  );
  const due = db.prepare<unknown[], Row>(
    `SELECT * FROM deliveries
     WHERE (status IN ('failed', 'uncertain') AND next_attempt_at IS NOT NULL
            AND next_attempt_at <= @now)
        OR (status IN ('claimed', 'sending') AND lease_until < @now)`,
  );
  const take = db.prepare(
    `UPDATE deliveries SET status = 'claimed', owner = @owner, lease_until = @leaseUntil,
       attempts = attempts + 1, next_attempt_at = NULL,
       may_be_posted = CASE WHEN status = 'sending' THEN 1 ELSE may_be_posted END,
       updated_at = @now
     WHERE id = @id AND status = @status AND updated_at = @updatedAt`,
  );
  const giveUp = db.prepare(
    `UPDATE deliveries SET status = CASE WHEN status = 'sending' OR may_be_posted = 1
         THEN 'uncertain' ELSE 'failed' END,
       may_be_posted = CASE WHEN status = 'sending' THEN 1 ELSE may_be_posted END,
       next_attempt_at = NULL, lease_until = NULL, updated_at = @now,
       error = COALESCE(error || '; ', '') || 'gave up after ' || attempts || ' attempt(s)'
     WHERE id = @id AND status = @status AND updated_at = @updatedAt`,
  );

  const takeDue = db.transaction(
    (platforms: readonly PlatformName[], lease: Lease, maxAttempts: number) => {
      const taken: DeliveryRecord[] = [];
      for (const row of due.all({ now: lease.now })) {
        if (!platforms.includes(row.platform)) continue;
        const key = { id: row.id, status: row.status, updatedAt: row.updated_at, now: lease.now };
        // Claims whose holder died count against the attempts too, so a crash loop ends.
        if (row.attempts >= maxAttempts) {
          giveUp.run(key);
          continue;
        }
        const params = { ...key, owner: lease.owner, leaseUntil: lease.now + lease.leaseMs };
        if (take.run(params).changes === 1) taken.push(fromRow(row));
      }
      return taken;
    },
  );

  return {
    async claim(delivery, lease) {
      const params = {
        ...insertParams(delivery),
        status: "claimed",
        attempts: 1,
        error: null,
        owner: lease.owner,
        leaseUntil: lease.now + lease.leaseMs,
        now: lease.now,
      };
      return insert.run(params).changes === 1;
    },
    async recordUnsent(delivery, status, error, now) {
      const params = {
        ...insertParams(delivery),
        status,
        attempts: 0,
        error,
        owner: null,
        leaseUntil: null,
        now,
      };
      return insert.run(params).changes === 1;
    },
    async markSending(id, lease) {
      const params = {
        id,
        owner: lease.owner,
        now: lease.now,
        leaseUntil: lease.now + lease.leaseMs,
      };
      return sending.run(params).changes === 1;
    },
    async finish(id, owner, result, now) {
      const params = {
        id,
        owner,
        now,
        status: result.status,
        messageId: result.messageId ?? null,
        error: result.error ?? null,
        nextAttemptAt: result.nextAttemptAt ?? null,
        mayBePosted: result.mayBePosted === undefined ? null : Number(result.mayBePosted),
      };
      return finish.run(params).changes === 1;
    },
    async takeDue(platforms, lease, maxAttempts) {
      return takeDue.immediate(platforms, lease, maxAttempts);
    },
    async get(id) {
      const row = select.get(id);
      return row === undefined ? undefined : fromRow(row);
    },
  };
}

// Daily-summary views of the same table, for `/sitrep schedule`, the CLI and the scheduler.

export interface DailyKey {
  readonly subscriptionId: number;
  /** YYYY-MM-DD in the subscription's time zone. */
  readonly localDate: string;
}

/** The delivery id of a subscription's post on a local day. */
export function dailyDeliveryId(key: DailyKey): string {
  return `daily:${key.subscriptionId}:${key.localDate}`;
}

export function getDelivery(db: StateDb, key: DailyKey): DeliveryRecord | undefined {
  const row = db
    .prepare<unknown[], Row>("SELECT * FROM deliveries WHERE id = ?")
    .get(dailyDeliveryId(key));
  return row === undefined ? undefined : fromRow(row);
}

/** The subscription's newest ledger row (by local date). */
export function latestDelivery(db: StateDb, subscriptionId: number): DeliveryRecord | undefined {
  const row = db
    .prepare<unknown[], Row>(
      "SELECT * FROM deliveries WHERE subscription_id = ? ORDER BY local_date DESC LIMIT 1",
    )
    .get(subscriptionId);
  return row === undefined ? undefined : fromRow(row);
}

/**
 * The end of the period the last successful post covered: the next post starts there. A post
 * that may or may not have gone out does not count, so its claims come again rather than never.
 */
export function lastSentUntil(db: StateDb, subscriptionId: number): number | undefined {
  const row = db
    .prepare<unknown[], { until_at: number | null }>(
      `SELECT MAX(until_at) AS until_at FROM deliveries
       WHERE subscription_id = ? AND status = 'sent'`,
    )
    .get(subscriptionId);
  return row?.until_at ?? undefined;
}

export function listDeliveries(db: StateDb, subscriptionId: number): DeliveryRecord[] {
  return db
    .prepare<unknown[], Row>(
      "SELECT * FROM deliveries WHERE subscription_id = ? ORDER BY local_date",
    )
    .all(subscriptionId)
    .map(fromRow);
}
