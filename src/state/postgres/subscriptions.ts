// Subscriptions on the PostgreSQL state database (the same rows as SQLite's).
import { type SubscriptionRow, subscriptionFromRow } from "../sqlite/subscriptions.ts";
import type { SubscriptionRepo } from "../types.ts";
import { all, one, type Queryable, run } from "./pool.ts";

/** `column = $n` for each set filter column, numbering from `params.length + 1`. */
export function whereColumns<F extends object>(
  filter: F,
  columns: readonly (keyof F & string)[],
  params: unknown[],
): string[] {
  const where: string[] = [];
  for (const column of columns) {
    const value = filter[column];
    if (value !== undefined) {
      params.push(value);
      where.push(`${column} = $${params.length}`);
    }
  }
  return where;
}

export function whereSql(where: readonly string[]): string {
  return where.length > 0 ? ` WHERE ${where.join(" AND ")}` : "";
}

export function createPostgresSubscriptions(db: Queryable): SubscriptionRepo {
  return {
    async upsert(input, now) {
      // xmax = 0 on a freshly inserted row: tells "created" from "updated" in one statement.
      const row = (await one<SubscriptionRow & { inserted: boolean }>(
        db,
        `INSERT INTO subscriptions (platform, workspace, channel, brief, local_time, timezone,
           post_when_empty, pictures, created_at, created_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9)
         ON CONFLICT (platform, workspace, channel, brief) DO UPDATE SET
           local_time = excluded.local_time,
           timezone = excluded.timezone,
           post_when_empty = excluded.post_when_empty,
           pictures = excluded.pictures,
           updated_at = excluded.updated_at,
           last_error = NULL,
           last_error_at = NULL,
           no_access_at = NULL
         RETURNING *, (xmax = 0) AS inserted`,
        [
          input.platform,
          input.workspace,
          input.channel,
          input.brief,
          input.time,
          input.timezone,
          input.postWhenEmpty ? 1 : 0,
          input.pictures === true ? 1 : 0,
          now,
          input.createdBy,
        ],
      ))!;
      return { subscription: subscriptionFromRow(row), created: row.inserted };
    },
    async find(key) {
      const row = await one<SubscriptionRow>(
        db,
        `SELECT * FROM subscriptions
         WHERE platform = $1 AND workspace = $2 AND channel = $3 AND brief = $4`,
        [key.platform, key.workspace, key.channel, key.brief],
      );
      return row === undefined ? undefined : subscriptionFromRow(row);
    },
    async get(id) {
      const row = await one<SubscriptionRow>(db, "SELECT * FROM subscriptions WHERE id = $1", [id]);
      return row === undefined ? undefined : subscriptionFromRow(row);
    },
    async list(filter = {}) {
      const params: unknown[] = [];
      const where = whereColumns(filter, ["platform", "workspace", "channel"], params);
      if (filter.platforms !== undefined) {
        params.push([...filter.platforms]);
        where.push(`platform = ANY($${params.length}::text[])`);
      }
      if (filter.activeOnly) where.push("no_access_at IS NULL");
      const rows = await all<SubscriptionRow>(
        db,
        `SELECT * FROM subscriptions${whereSql(where)}
         ORDER BY platform COLLATE "C", workspace COLLATE "C", channel COLLATE "C", brief COLLATE "C"`,
        params,
      );
      return rows.map(subscriptionFromRow);
    },
    async remove(id) {
      return (await run(db, "DELETE FROM subscriptions WHERE id = $1", [id])) === 1;
    },
    async recordError(id, error, at, lostAccess) {
      await run(
        db,
        `UPDATE subscriptions SET last_error = $1, last_error_at = $2,
           no_access_at = CASE WHEN $3 THEN $2 ELSE no_access_at END
         WHERE id = $4`,
        [error, at, lostAccess, id],
      );
    },
    async clearError(id) {
      await run(
        db,
        `UPDATE subscriptions SET last_error = NULL, last_error_at = NULL
         WHERE id = $1 AND last_error IS NOT NULL`,
        [id],
      );
    },
  };
}
