// The delivery ledger: one row per subscription and local day, claimed atomically BEFORE a post.
// Whoever inserts (or re-claims) the row owns that day's post; everyone else sees the row and
// does nothing. This is what makes restarts, repeated DST hours and a second instance harmless.
import type { StateDb } from "./db.ts";

export type DeliveryStatus = "claimed" | "sent" | "failed" | "missed" | "no_access" | "skipped";

export interface DeliveryKey {
  readonly subscriptionId: number;
  /** YYYY-MM-DD in the subscription's time zone. */
  readonly localDate: string;
}

export interface DeliveryRecord extends DeliveryKey {
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly dueAt: number;
  readonly sinceAt?: number;
  readonly untilAt?: number;
  readonly messageId?: string;
  readonly error?: string;
  readonly owner?: string;
  readonly leaseUntil?: number;
  /** Set on a failed row that will be retried. */
  readonly nextAttemptAt?: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

interface Row {
  subscription_id: number;
  local_date: string;
  status: DeliveryStatus;
  attempts: number;
  due_at: number;
  since_at: number | null;
  until_at: number | null;
  message_id: string | null;
  error: string | null;
  owner: string | null;
  lease_until: number | null;
  next_attempt_at: number | null;
  created_at: number;
  updated_at: number;
}

function fromRow(row: Row): DeliveryRecord {
  const optional = {
    sinceAt: row.since_at,
    untilAt: row.until_at,
    messageId: row.message_id,
    error: row.error,
    owner: row.owner,
    leaseUntil: row.lease_until,
    nextAttemptAt: row.next_attempt_at,
  };
  return {
    subscriptionId: row.subscription_id,
    localDate: row.local_date,
    status: row.status,
    attempts: row.attempts,
    dueAt: row.due_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== null)),
  };
}

export interface ClaimInput extends DeliveryKey {
  readonly dueAt: number;
  /** Which scheduler instance holds the claim. */
  readonly owner: string;
  readonly now: number;
  readonly leaseMs: number;
}

/** Claims the day's post; true only for the one caller that inserted the row. */
export function claimDelivery(db: StateDb, input: ClaimInput): boolean {
  return (
    db
      .prepare(
        `INSERT INTO deliveries (subscription_id, local_date, status, attempts, due_at, owner,
           lease_until, created_at, updated_at)
         VALUES (?, ?, 'claimed', 1, ?, ?, ?, ?, ?)
         ON CONFLICT (subscription_id, local_date) DO NOTHING`,
      )
      .run(
        input.subscriptionId,
        input.localDate,
        input.dueAt,
        input.owner,
        input.now + input.leaseMs,
        input.now,
        input.now,
      ).changes === 1
  );
}

/** Takes a failed row whose retry time has come; true only for the one caller that did. */
export function reclaimForRetry(
  db: StateDb,
  key: DeliveryKey,
  input: { owner: string; now: number; leaseMs: number; maxAttempts: number },
): boolean {
  return (
    db
      .prepare(
        `UPDATE deliveries SET status = 'claimed', attempts = attempts + 1, owner = ?,
           lease_until = ?, next_attempt_at = NULL, updated_at = ?
         WHERE subscription_id = ? AND local_date = ? AND status = 'failed'
           AND next_attempt_at IS NOT NULL AND next_attempt_at <= ? AND attempts < ?`,
      )
      .run(
        input.owner,
        input.now + input.leaseMs,
        input.now,
        key.subscriptionId,
        key.localDate,
        input.now,
        input.maxAttempts,
      ).changes === 1
  );
}

/** Records a day that was not posted because the bot was down for too long. */
export function recordMissed(
  db: StateDb,
  key: DeliveryKey & { dueAt: number },
  error: string,
  now: number,
): boolean {
  return (
    db
      .prepare(
        `INSERT INTO deliveries (subscription_id, local_date, status, attempts, due_at, error,
           created_at, updated_at)
         VALUES (?, ?, 'missed', 0, ?, ?, ?, ?)
         ON CONFLICT (subscription_id, local_date) DO NOTHING`,
      )
      .run(key.subscriptionId, key.localDate, key.dueAt, error, now, now).changes === 1
  );
}

export interface DeliveryResult {
  readonly status: Exclude<DeliveryStatus, "claimed" | "missed">;
  readonly messageId?: string;
  readonly error?: string;
  readonly sinceAt?: number;
  readonly untilAt?: number;
  /** For `failed`: when to try again; absent means never. */
  readonly nextAttemptAt?: number;
}

/**
 * Records the outcome of a claimed post. Only the claim's owner may; false when the claim was
 * no longer ours (its lease expired and another instance closed it).
 */
export function finishDelivery(
  db: StateDb,
  key: DeliveryKey,
  owner: string,
  result: DeliveryResult,
  now: number,
): boolean {
  return (
    db
      .prepare(
        `UPDATE deliveries SET status = ?, message_id = ?, error = ?,
           since_at = COALESCE(?, since_at), until_at = COALESCE(?, until_at),
           next_attempt_at = ?, lease_until = NULL, updated_at = ?
         WHERE subscription_id = ? AND local_date = ? AND status = 'claimed' AND owner = ?`,
      )
      .run(
        result.status,
        result.messageId ?? null,
        result.error ?? null,
        result.sinceAt ?? null,
        result.untilAt ?? null,
        result.nextAttemptAt ?? null,
        now,
        key.subscriptionId,
        key.localDate,
        owner,
      ).changes === 1
  );
}

/**
 * Closes claims whose lease ran out: the process died between claiming and recording, so
 * nobody knows whether the post went out. They become `failed` with no retry: for a morning
 * summary, at most once beats a duplicate.
 */
export function expireStaleClaims(db: StateDb, now: number): DeliveryRecord[] {
  return db
    .prepare<unknown[], Row>(
      `UPDATE deliveries SET status = 'failed', next_attempt_at = NULL, lease_until = NULL,
         error = 'outcome unknown: the claim''s lease ran out before a result was recorded (crash?); not re-posting',
         updated_at = ?
       WHERE status = 'claimed' AND lease_until < ?
       RETURNING *`,
    )
    .all(now, now)
    .map(fromRow);
}

/** Failed rows whose retry time has come. */
export function listDueRetries(db: StateDb, now: number): DeliveryKey[] {
  return db
    .prepare<unknown[], Row>(
      `SELECT * FROM deliveries WHERE status = 'failed'
         AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?`,
    )
    .all(now)
    .map(fromRow);
}

export function getDelivery(db: StateDb, key: DeliveryKey): DeliveryRecord | undefined {
  const row = db
    .prepare<unknown[], Row>(
      "SELECT * FROM deliveries WHERE subscription_id = ? AND local_date = ?",
    )
    .get(key.subscriptionId, key.localDate);
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

/** The end of the period the last successful post covered: the next post starts there. */
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
