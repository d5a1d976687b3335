// The delivery ledger on the PostgreSQL state database. The insert of a delivery id claims it
// (ON CONFLICT DO NOTHING: of several instances exactly one gets the row), every later step is a
// conditional UPDATE on the claim's owner, and retries are taken over with FOR UPDATE SKIP LOCKED
// so two instances never take the same row.
import type pg from "pg";
import type { Answer } from "../../answer/model.ts";
import type { PlatformName } from "../../platforms/transport.ts";
import {
  type DeliveryRecord,
  dailyDeliveryId,
  type Lease,
  type NewDelivery,
} from "../../schedule/ledger.ts";
import { type DeliveryRow, deliveryFromRow, insertParams } from "../sqlite/deliveries.ts";
import type { DeliveryRepo } from "../types.ts";
import { all, inTransaction, one, run } from "./pool.ts";

type Unsent = Omit<NewDelivery, "message"> & { message?: Answer };

/** Inserts the row unless its id (or its subscription's day) is already there. */
async function insert(
  pool: pg.Pool,
  delivery: Unsent,
  row: {
    status: string;
    attempts: number;
    error: string | null;
    owner: string | null;
    leaseUntil: number | null;
    now: number;
  },
): Promise<boolean> {
  const p = insertParams(delivery);
  const changed = await run(
    pool,
    `INSERT INTO deliveries (id, kind, platform, channel, message, status, attempts, due_at,
       deadline_at, subscription_id, local_date, since_at, until_at, error, owner, lease_until,
       created_at, updated_at, post)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, $18)
     ON CONFLICT DO NOTHING`,
    [
      p.id,
      p.kind,
      p.platform,
      p.channel,
      p.message,
      row.status,
      row.attempts,
      p.dueAt,
      p.deadlineAt,
      p.subscriptionId,
      p.localDate,
      p.sinceAt,
      p.untilAt,
      row.error,
      row.owner,
      row.leaseUntil,
      row.now,
      p.post,
    ],
  );
  return changed === 1;
}

/** Takes over what is due for another attempt, in one transaction that skips rows others hold. */
function takeDue(
  pool: pg.Pool,
  platforms: readonly PlatformName[],
  lease: Lease,
  maxAttempts: number,
): Promise<DeliveryRecord[]> {
  return inTransaction(pool, async (client) => {
    const due = await all<DeliveryRow>(
      client,
      `SELECT * FROM deliveries
       WHERE platform = ANY($2::text[])
         AND ((status IN ('failed', 'uncertain') AND next_attempt_at IS NOT NULL
               AND next_attempt_at <= $1)
           OR (status IN ('claimed', 'sending') AND lease_until < $1))
       FOR UPDATE SKIP LOCKED`,
      [lease.now, [...platforms]],
    );
    const taken: DeliveryRecord[] = [];
    for (const row of due) {
      // Claims whose holder died count against the attempts too, so a crash loop ends.
      if (row.attempts >= maxAttempts) {
        await client.query(
          `UPDATE deliveries SET status = CASE WHEN status = 'sending' OR may_be_posted = 1
               THEN 'uncertain' ELSE 'failed' END,
             may_be_posted = CASE WHEN status = 'sending' THEN 1 ELSE may_be_posted END,
             next_attempt_at = NULL, lease_until = NULL, updated_at = $2,
             error = COALESCE(error || '; ', '') || 'gave up after ' || attempts || ' attempt(s)'
           WHERE id = $1`,
          [row.id, lease.now],
        );
        continue;
      }
      await client.query(
        `UPDATE deliveries SET status = 'claimed', owner = $2, lease_until = $3,
           attempts = attempts + 1, next_attempt_at = NULL,
           may_be_posted = CASE WHEN status = 'sending' THEN 1 ELSE may_be_posted END,
           updated_at = $4
         WHERE id = $1`,
        [row.id, lease.owner, lease.now + lease.leaseMs, lease.now],
      );
      taken.push(deliveryFromRow(row));
    }
    return taken;
  });
}

export function createPostgresDeliveries(pool: pg.Pool): DeliveryRepo {
  const byId = async (id: string) => {
    const row = await one<DeliveryRow>(pool, "SELECT * FROM deliveries WHERE id = $1", [id]);
    return row === undefined ? undefined : deliveryFromRow(row);
  };
  return {
    claim(delivery, lease) {
      return insert(pool, delivery, {
        status: "claimed",
        attempts: 1,
        error: null,
        owner: lease.owner,
        leaseUntil: lease.now + lease.leaseMs,
        now: lease.now,
      });
    },
    recordUnsent(delivery, status, error, now) {
      return insert(pool, delivery, {
        status,
        attempts: 0,
        error,
        owner: null,
        leaseUntil: null,
        now,
      });
    },
    async markSending(id, lease) {
      const changed = await run(
        pool,
        `UPDATE deliveries SET status = 'sending', may_be_posted = 1, sending_at = $3,
           lease_until = $4, updated_at = $3
         WHERE id = $1 AND status = 'claimed' AND owner = $2`,
        [id, lease.owner, lease.now, lease.now + lease.leaseMs],
      );
      return changed === 1;
    },
    async finish(id, owner, result, now) {
      const changed = await run(
        pool,
        `UPDATE deliveries SET status = $3, message_id = COALESCE($4, message_id),
           error = $5, next_attempt_at = $6, lease_until = NULL, updated_at = $7,
           may_be_posted = COALESCE($8, may_be_posted)
         WHERE id = $1 AND status IN ('claimed', 'sending') AND owner = $2`,
        [
          id,
          owner,
          result.status,
          result.messageId ?? null,
          result.error ?? null,
          result.nextAttemptAt ?? null,
          now,
          result.mayBePosted === undefined ? null : Number(result.mayBePosted),
        ],
      );
      return changed === 1;
    },
    takeDue: (platforms, lease, maxAttempts) => takeDue(pool, platforms, lease, maxAttempts),
    get: byId,
    getDaily: (key) => byId(dailyDeliveryId(key)),
    async latestDaily(subscriptionId) {
      const row = await one<DeliveryRow>(
        pool,
        `SELECT * FROM deliveries WHERE subscription_id = $1
         ORDER BY local_date COLLATE "C" DESC LIMIT 1`,
        [subscriptionId],
      );
      return row === undefined ? undefined : deliveryFromRow(row);
    },
    async lastSentUntil(subscriptionId) {
      const row = await one<{ until_at: number | null }>(
        pool,
        `SELECT MAX(until_at) AS until_at FROM deliveries
         WHERE subscription_id = $1 AND status = 'sent'`,
        [subscriptionId],
      );
      return row?.until_at ?? undefined;
    },
    async listDaily(subscriptionId) {
      const rows = await all<DeliveryRow>(
        pool,
        `SELECT * FROM deliveries WHERE subscription_id = $1 ORDER BY local_date COLLATE "C"`,
        [subscriptionId],
      );
      return rows.map(deliveryFromRow);
    },
  };
}
