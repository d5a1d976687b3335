// The delivery ledger and its daily-summary views on the SQLite state database.
import type { Answer } from "../../answer/model.ts";
import type { PlatformName } from "../../platforms/transport.ts";
import {
  type DailyKey,
  type DeliveryLedger,
  type DeliveryPost,
  type DeliveryRecord,
  type DeliveryStatus,
  dailyDeliveryId,
  type Lease,
  type NewDelivery,
} from "../../schedule/ledger.ts";
import type { DeliveryRepo } from "../types.ts";
import type { StateDb } from "./db.ts";

export interface DeliveryRow {
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

export function deliveryFromRow(row: DeliveryRow): DeliveryRecord {
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

export function insertParams(delivery: Omit<NewDelivery, "message"> & { message?: Answer }) {
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
  const select = db.prepare<unknown[], DeliveryRow>("SELECT * FROM deliveries WHERE id = ?");
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
  const due = db.prepare<unknown[], DeliveryRow>(
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
        if (take.run(params).changes === 1) taken.push(deliveryFromRow(row));
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
      return row === undefined ? undefined : deliveryFromRow(row);
    },
  };
}

export function getDelivery(db: StateDb, key: DailyKey): DeliveryRecord | undefined {
  const row = db
    .prepare<unknown[], DeliveryRow>("SELECT * FROM deliveries WHERE id = ?")
    .get(dailyDeliveryId(key));
  return row === undefined ? undefined : deliveryFromRow(row);
}

/** The subscription's newest ledger row (by local date). */
export function latestDelivery(db: StateDb, subscriptionId: number): DeliveryRecord | undefined {
  const row = db
    .prepare<unknown[], DeliveryRow>(
      "SELECT * FROM deliveries WHERE subscription_id = ? ORDER BY local_date DESC LIMIT 1",
    )
    .get(subscriptionId);
  return row === undefined ? undefined : deliveryFromRow(row);
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
    .prepare<unknown[], DeliveryRow>(
      "SELECT * FROM deliveries WHERE subscription_id = ? ORDER BY local_date",
    )
    .all(subscriptionId)
    .map(deliveryFromRow);
}

/** The ledger with its daily views, as the state store's deliveries repository. */
export function createSqliteDeliveries(db: StateDb): DeliveryRepo {
  return {
    ...createSqliteLedger(db),
    async getDaily(key) {
      return getDelivery(db, key);
    },
    async latestDaily(subscriptionId) {
      return latestDelivery(db, subscriptionId);
    },
    async lastSentUntil(subscriptionId) {
      return lastSentUntil(db, subscriptionId);
    },
    async listDaily(subscriptionId) {
      return listDeliveries(db, subscriptionId);
    },
  };
}
