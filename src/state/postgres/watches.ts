// Watches, their alerts, threads and baselines on the PostgreSQL state database. Raising an alert
// inserts its (watch, change) rows with ON CONFLICT DO NOTHING in the transaction that puts it in
// the outbox: an instance that computes a change another one already claimed sends nothing.
import type pg from "pg";
import type { ThreadBook } from "../../schedule/deliver.ts";
import { type OutboxRow, outboxFromRow, type WatchRow, watchFromRow } from "../sqlite/watches.ts";
import type { WatchRepo } from "../types.ts";
import { all, inTransaction, one, type Queryable, run } from "./pool.ts";
import { whereColumns, whereSql } from "./subscriptions.ts";

async function addSignatures(
  client: Queryable,
  brief: string,
  signatures: readonly string[],
): Promise<void> {
  if (signatures.length === 0) return;
  // Sorted, so two instances writing one brief's baseline at once take its rows in one order.
  await client.query(
    `INSERT INTO watch_baseline_claims (brief, signature)
     SELECT $1, s FROM unnest($2::text[]) AS s ORDER BY s COLLATE "C" ON CONFLICT DO NOTHING`,
    [brief, [...signatures]],
  );
}

export function createPostgresWatches(pool: pg.Pool): WatchRepo {
  return {
    async add(input, now) {
      const row = (await one<WatchRow & { inserted: boolean }>(
        pool,
        `INSERT INTO watches (platform, workspace, channel, brief, target_kind, target_id, trigger,
           min_rise, mention_kind, mention_id, pictures, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (platform, workspace, channel, brief, target_kind, target_id, trigger)
         DO UPDATE SET min_rise = excluded.min_rise, mention_kind = excluded.mention_kind,
           mention_id = excluded.mention_id, pictures = excluded.pictures
         RETURNING *, (xmax = 0) AS inserted`,
        [
          input.platform,
          input.workspace,
          input.channel,
          input.brief,
          input.target.kind,
          input.target.id,
          input.on,
          input.min ?? null,
          input.mention?.kind ?? null,
          input.mention?.id ?? null,
          input.pictures === true ? 1 : 0,
          now,
          input.createdBy,
        ],
      ))!;
      return { watch: watchFromRow(row), created: row.inserted };
    },
    async get(id) {
      const row = await one<WatchRow>(pool, "SELECT * FROM watches WHERE id = $1", [id]);
      return row === undefined ? undefined : watchFromRow(row);
    },
    async list(filter = {}) {
      const params: unknown[] = [];
      const where = whereColumns(filter, ["platform", "workspace", "channel", "brief"], params);
      const rows = await all<WatchRow>(
        pool,
        `SELECT * FROM watches${whereSql(where)} ORDER BY id`,
        params,
      );
      return rows.map(watchFromRow);
    },
    async remove(id) {
      return (await run(pool, "DELETE FROM watches WHERE id = $1", [id])) === 1;
    },
    raise(watchId, keys, alertId, build, now) {
      return inTransaction(pool, async (client) => {
        // Sorted, so two instances claiming overlapping changes lock them in one order.
        const { rows } = await client.query<{ change_key: string }>(
          `INSERT INTO alert_changes (watch_id, change_key, alert_id, created_at)
           SELECT $1, k, $3, $4 FROM unnest($2::text[]) AS k ORDER BY k COLLATE "C"
           ON CONFLICT (watch_id, change_key) DO NOTHING
           RETURNING change_key`,
          [watchId, [...new Set(keys)], alertId, now],
        );
        if (rows.length === 0) return false;
        const delivery = build(new Set(rows.map((r) => r.change_key)));
        await client.query(
          `INSERT INTO alert_outbox (id, watch_id, delivery, created_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING`,
          [delivery.id, watchId, JSON.stringify(delivery), now],
        );
        return true;
      });
    },
    async listOutbox() {
      const rows = await all<OutboxRow>(
        pool,
        `SELECT * FROM alert_outbox WHERE handed_at IS NULL ORDER BY created_at, id COLLATE "C"`,
      );
      return rows.map(outboxFromRow);
    },
    async markHanded(id, now) {
      await run(
        pool,
        "UPDATE alert_outbox SET handed_at = $1 WHERE id = $2 AND handed_at IS NULL",
        [now, id],
      );
    },
    async listRaised(watchId) {
      const rows =
        watchId === undefined
          ? await all<OutboxRow>(
              pool,
              `SELECT * FROM alert_outbox ORDER BY created_at, id COLLATE "C"`,
            )
          : await all<OutboxRow>(
              pool,
              `SELECT * FROM alert_outbox WHERE watch_id = $1 ORDER BY created_at, id COLLATE "C"`,
              [watchId],
            );
      return rows.map(outboxFromRow);
    },
    async hasBaseline(brief) {
      return (
        (await one(pool, "SELECT 1 FROM watch_baselines WHERE brief = $1", [brief])) !== undefined
      );
    },
    async baselineSignatures(brief) {
      const rows = await all<{ signature: string }>(
        pool,
        "SELECT signature FROM watch_baseline_claims WHERE brief = $1",
        [brief],
      );
      return new Set(rows.map((r) => r.signature));
    },
    async writeBaseline(brief, signatures, now) {
      await inTransaction(pool, async (client) => {
        await client.query("DELETE FROM watch_baseline_claims WHERE brief = $1", [brief]);
        await addSignatures(client, brief, [...signatures]);
        await client.query(
          `INSERT INTO watch_baselines (brief, seen_at) VALUES ($1, $2)
           ON CONFLICT (brief) DO UPDATE SET seen_at = excluded.seen_at`,
          [brief, now],
        );
      });
    },
    async updateBaseline(brief, removed, added, now) {
      await inTransaction(pool, async (client) => {
        if (removed.length > 0) {
          await client.query(
            "DELETE FROM watch_baseline_claims WHERE brief = $1 AND signature = ANY($2::text[])",
            [brief, [...removed]],
          );
        }
        await addSignatures(client, brief, added);
        await client.query("UPDATE watch_baselines SET seen_at = $1 WHERE brief = $2", [
          now,
          brief,
        ]);
      });
    },
    async dropBaseline(brief) {
      await inTransaction(pool, async (client) => {
        await client.query("DELETE FROM watch_baseline_claims WHERE brief = $1", [brief]);
        await client.query("DELETE FROM watch_baselines WHERE brief = $1", [brief]);
      });
    },
    async baselineBriefs() {
      const rows = await all<{ brief: string }>(pool, "SELECT brief FROM watch_baselines");
      return rows.map((r) => r.brief);
    },
  };
}

/** The delivery machinery's thread book: the first thread recorded for a place wins. */
export function createPostgresThreadBook(pool: pg.Pool): ThreadBook {
  return {
    async find(where) {
      const row = await one<{ thread_id: string }>(
        pool,
        `SELECT thread_id FROM alert_threads
         WHERE platform = $1 AND workspace = $2 AND channel = $3 AND thread_key = $4`,
        [where.platform, where.workspace, where.channel, where.threadKey],
      );
      return row?.thread_id;
    },
    async save(where, threadId, now) {
      await run(
        pool,
        `INSERT INTO alert_threads (platform, workspace, channel, thread_key, thread_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [where.platform, where.workspace, where.channel, where.threadKey, threadId, now],
      );
    },
  };
}
