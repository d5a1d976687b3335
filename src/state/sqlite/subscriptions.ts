// Subscriptions on the SQLite state database: which channel gets which brief's daily summary, at
// what local time (the `subscriptions` table).
import type { PlatformName } from "../../platforms/transport.ts";
import type {
  ChannelKey,
  Subscription,
  SubscriptionFilter,
  SubscriptionInput,
  SubscriptionRepo,
} from "../types.ts";
import { matchSetColumns, type StateDb, whereSql } from "./db.ts";

export interface SubscriptionRow {
  id: number;
  platform: PlatformName;
  workspace: string;
  channel: string;
  brief: string;
  local_time: string;
  timezone: string;
  post_when_empty: number;
  pictures: number;
  created_at: number;
  created_by: string;
  updated_at: number;
  last_error: string | null;
  last_error_at: number | null;
  no_access_at: number | null;
}

export function subscriptionFromRow(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    platform: row.platform,
    workspace: row.workspace,
    channel: row.channel,
    brief: row.brief,
    time: row.local_time,
    timezone: row.timezone,
    postWhenEmpty: row.post_when_empty !== 0,
    pictures: row.pictures !== 0,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.last_error_at === null ? {} : { lastErrorAt: row.last_error_at }),
    ...(row.no_access_at === null ? {} : { noAccessAt: row.no_access_at }),
  };
}

/**
 * Adds the subscription, or updates time, zone and options of the channel's existing one for
 * that brief. Subscribing again also clears a lost-access flag: the admin says it works again.
 */
export function upsertSubscription(
  db: StateDb,
  input: SubscriptionInput,
  now: number,
): { subscription: Subscription; created: boolean } {
  const existing = findSubscription(db, input);
  const row = db
    .prepare<unknown[], SubscriptionRow>(
      `INSERT INTO subscriptions (platform, workspace, channel, brief, local_time, timezone,
         post_when_empty, pictures, created_at, created_by, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (platform, workspace, channel, brief) DO UPDATE SET
         local_time = excluded.local_time,
         timezone = excluded.timezone,
         post_when_empty = excluded.post_when_empty,
         pictures = excluded.pictures,
         updated_at = excluded.updated_at,
         last_error = NULL,
         last_error_at = NULL,
         no_access_at = NULL
       RETURNING *`,
    )
    .get(
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
      now,
    )!;
  return { subscription: subscriptionFromRow(row), created: existing === undefined };
}

export function findSubscription(
  db: StateDb,
  key: ChannelKey & { readonly brief: string },
): Subscription | undefined {
  const row = db
    .prepare<unknown[], SubscriptionRow>(
      "SELECT * FROM subscriptions WHERE platform = ? AND workspace = ? AND channel = ? AND brief = ?",
    )
    .get(key.platform, key.workspace, key.channel, key.brief);
  return row === undefined ? undefined : subscriptionFromRow(row);
}

export function getSubscription(db: StateDb, id: number): Subscription | undefined {
  const row = db
    .prepare<unknown[], SubscriptionRow>("SELECT * FROM subscriptions WHERE id = ?")
    .get(id);
  return row === undefined ? undefined : subscriptionFromRow(row);
}

export function listSubscriptions(db: StateDb, filter: SubscriptionFilter = {}): Subscription[] {
  const { where, params } = matchSetColumns(filter, ["platform", "workspace", "channel"]);
  if (filter.platforms !== undefined) {
    where.push(`platform IN (${filter.platforms.map(() => "?").join(", ") || "NULL"})`);
    params.push(...filter.platforms);
  }
  if (filter.activeOnly) where.push("no_access_at IS NULL");
  const sql = `SELECT * FROM subscriptions${whereSql(where)}
    ORDER BY platform, workspace, channel, brief`;
  return db
    .prepare<unknown[], SubscriptionRow>(sql)
    .all(...params)
    .map(subscriptionFromRow);
}

/** Removes the subscription; the ledger keeps its history (ids are never reused). */
export function removeSubscription(db: StateDb, id: number): boolean {
  return db.prepare("DELETE FROM subscriptions WHERE id = ?").run(id).changes === 1;
}

/** Records a delivery problem on the subscription, for `/sitrep schedule`. */
export function recordSubscriptionError(
  db: StateDb,
  id: number,
  error: string,
  at: number,
  lostAccess: boolean,
): void {
  db.prepare(
    `UPDATE subscriptions SET last_error = ?, last_error_at = ?,
       no_access_at = CASE WHEN ? THEN ? ELSE no_access_at END
     WHERE id = ?`,
  ).run(error, at, lostAccess ? 1 : 0, at, id);
}

export function clearSubscriptionError(db: StateDb, id: number): void {
  db.prepare(
    "UPDATE subscriptions SET last_error = NULL, last_error_at = NULL WHERE id = ? AND last_error IS NOT NULL",
  ).run(id);
}

/** The subscriptions repository of the SQLite state store. */
export function createSqliteSubscriptions(db: StateDb): SubscriptionRepo {
  return {
    upsert: async (input, now) => upsertSubscription(db, input, now),
    find: async (key) => findSubscription(db, key),
    get: async (id) => getSubscription(db, id),
    list: async (filter) => listSubscriptions(db, filter),
    remove: async (id) => removeSubscription(db, id),
    recordError: async (id, error, at, lostAccess) =>
      recordSubscriptionError(db, id, error, at, lostAccess),
    clearError: async (id) => clearSubscriptionError(db, id),
  };
}
