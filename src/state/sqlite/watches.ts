// Watches and their alerts on the SQLite state database: which channel follows what, the (watch,
// change) pairs already alerted, the outbox of alerts not yet handed to the delivery ledger, the
// thread each channel uses per place and day, and the baselines of watched briefs.

import type { ThreadBook, ThreadPlace } from "../../schedule/deliver.ts";
import type { NewDelivery } from "../../schedule/ledger.ts";
import type {
  Mention,
  MentionKind,
  Watch,
  WatchInput,
  WatchPlatform,
  WatchTargetKind,
  WatchTrigger,
} from "../../watch/watch.ts";
import type { OutboxAlert, WatchFilter, WatchRepo } from "../types.ts";
import { matchSetColumns, type StateDb, whereSql } from "./db.ts";

export interface WatchRow {
  id: number;
  platform: WatchPlatform;
  workspace: string;
  channel: string;
  brief: string;
  target_kind: WatchTargetKind;
  target_id: string;
  trigger: WatchTrigger;
  min_rise: number | null;
  mention_kind: MentionKind | null;
  mention_id: string | null;
  pictures: number;
  created_at: number;
  created_by: string;
}

function mentionOf(kind: MentionKind | null, id: string | null): Mention | undefined {
  return kind === null || id === null ? undefined : { kind, id };
}

export function watchFromRow(row: WatchRow): Watch {
  const mention = mentionOf(row.mention_kind, row.mention_id);
  return {
    id: row.id,
    platform: row.platform,
    workspace: row.workspace,
    channel: row.channel,
    brief: row.brief,
    target: { kind: row.target_kind, id: row.target_id },
    on: row.trigger,
    ...(row.min_rise === null ? {} : { min: row.min_rise }),
    ...(mention === undefined ? {} : { mention }),
    ...(row.pictures !== 0 ? { pictures: true } : {}),
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

/** Adds the watch, or updates `min`, the mention and pictures of the channel's same watch. */
export function addWatch(
  db: StateDb,
  input: WatchInput,
  now: number,
): { watch: Watch; created: boolean } {
  // The columns that name a watch: the lookup and the upsert's conflict target agree on them.
  const key = [
    input.platform,
    input.workspace,
    input.channel,
    input.brief,
    input.target.kind,
    input.target.id,
    input.on,
  ];
  const existing = db
    .prepare<unknown[], { id: number }>(
      `SELECT id FROM watches WHERE platform = ? AND workspace = ? AND channel = ? AND brief = ?
         AND target_kind = ? AND target_id = ? AND trigger = ?`,
    )
    .get(...key);
  const row = db
    .prepare<unknown[], WatchRow>(
      `INSERT INTO watches (platform, workspace, channel, brief, target_kind, target_id, trigger,
         min_rise, mention_kind, mention_id, pictures, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (platform, workspace, channel, brief, target_kind, target_id, trigger)
       DO UPDATE SET min_rise = excluded.min_rise, mention_kind = excluded.mention_kind,
         mention_id = excluded.mention_id, pictures = excluded.pictures
       RETURNING *`,
    )
    .get(
      ...key,
      input.min ?? null,
      input.mention?.kind ?? null,
      input.mention?.id ?? null,
      input.pictures === true ? 1 : 0,
      now,
      input.createdBy,
    )!;
  return { watch: watchFromRow(row), created: existing === undefined };
}

export function getWatch(db: StateDb, id: number): Watch | undefined {
  const row = db.prepare<unknown[], WatchRow>("SELECT * FROM watches WHERE id = ?").get(id);
  return row === undefined ? undefined : watchFromRow(row);
}

export function listWatches(db: StateDb, filter: WatchFilter = {}): Watch[] {
  const { where, params } = matchSetColumns(filter, ["platform", "workspace", "channel", "brief"]);
  const sql = `SELECT * FROM watches${whereSql(where)}
    ORDER BY id`;
  return db
    .prepare<unknown[], WatchRow>(sql)
    .all(...params)
    .map(watchFromRow);
}

/** Removes a watch; alerts already recorded stay as history. */
export function removeWatch(db: StateDb, id: number): boolean {
  return db.prepare("DELETE FROM watches WHERE id = ?").run(id).changes === 1;
}

// ---- the (watch, change) ledger and the alert outbox ----------------------------------------

/** Runs `fn` in one write transaction (taken at once, so instances queue, never interleave). */
export function inTransaction<T>(db: StateDb, fn: () => T): T {
  return db.transaction(fn).immediate();
}

/** Claims the changes for the watch; returns the keys that were not claimed before. */
export function claimChanges(
  db: StateDb,
  watchId: number,
  keys: readonly string[],
  alertId: string,
  now: number,
): string[] {
  const insert = db.prepare(
    `INSERT INTO alert_changes (watch_id, change_key, alert_id, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (watch_id, change_key) DO NOTHING`,
  );
  return keys.filter((key) => insert.run(watchId, key, alertId, now).changes === 1);
}

export interface OutboxRow {
  id: string;
  watch_id: number;
  delivery: string;
  created_at: number;
}

export function outboxFromRow(row: OutboxRow): OutboxAlert {
  return {
    id: row.id,
    watchId: row.watch_id,
    delivery: JSON.parse(row.delivery) as NewDelivery,
    createdAt: row.created_at,
  };
}

/** Puts an alert in the outbox (in the transaction that claimed its changes). */
export function insertOutbox(
  db: StateDb,
  watchId: number,
  delivery: NewDelivery,
  now: number,
): void {
  db.prepare(
    `INSERT INTO alert_outbox (id, watch_id, delivery, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  ).run(delivery.id, watchId, JSON.stringify(delivery), now);
}

/** Alerts not yet handed over, oldest first. */
export function listOutbox(db: StateDb): OutboxAlert[] {
  return db
    .prepare<unknown[], OutboxRow>(
      "SELECT * FROM alert_outbox WHERE handed_at IS NULL ORDER BY created_at, id",
    )
    .all()
    .map(outboxFromRow);
}

/** The delivery ledger has the alert now. */
export function markHanded(db: StateDb, id: string, now: number): void {
  db.prepare("UPDATE alert_outbox SET handed_at = ? WHERE id = ? AND handed_at IS NULL").run(
    now,
    id,
  );
}

/** Every alert ever raised for a watch (or all), oldest first: for views and tests. */
export function listRaisedAlerts(db: StateDb, watchId?: number): OutboxAlert[] {
  const rows =
    watchId === undefined
      ? db.prepare<unknown[], OutboxRow>("SELECT * FROM alert_outbox ORDER BY created_at, id").all()
      : db
          .prepare<unknown[], OutboxRow>(
            "SELECT * FROM alert_outbox WHERE watch_id = ? ORDER BY created_at, id",
          )
          .all(watchId);
  return rows.map(outboxFromRow);
}

// ---- threads ---------------------------------------------------------------------------------

export function getThread(db: StateDb, key: ThreadPlace): string | undefined {
  return db
    .prepare<unknown[], { thread_id: string }>(
      `SELECT thread_id FROM alert_threads
       WHERE platform = ? AND workspace = ? AND channel = ? AND thread_key = ?`,
    )
    .get(key.platform, key.workspace, key.channel, key.threadKey)?.thread_id;
}

/** Records the channel's thread for the key; the first one recorded wins. */
export function saveThread(db: StateDb, key: ThreadPlace, threadId: string, now: number): void {
  db.prepare(
    `INSERT INTO alert_threads (platform, workspace, channel, thread_key, thread_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  ).run(key.platform, key.workspace, key.channel, key.threadKey, threadId, now);
}

/** The delivery machinery's thread book on the state database. */
export function createSqliteThreadBook(db: StateDb): ThreadBook {
  return {
    async find(where) {
      return getThread(db, where);
    },
    async save(where, threadId, now) {
      saveThread(db, where, threadId, now);
    },
  };
}

// ---- baselines: what a watched brief said when it was last compared ---------------------------

export function hasBaseline(db: StateDb, brief: string): boolean {
  return db.prepare("SELECT 1 FROM watch_baselines WHERE brief = ?").get(brief) !== undefined;
}

export function baselineSignatures(db: StateDb, brief: string): Set<string> {
  const rows = db
    .prepare<unknown[], { signature: string }>(
      "SELECT signature FROM watch_baseline_claims WHERE brief = ?",
    )
    .all(brief);
  return new Set(rows.map((r) => r.signature));
}

/** Replaces the brief's baseline with these signatures. */
export function writeBaseline(
  db: StateDb,
  brief: string,
  signatures: Iterable<string>,
  now: number,
): void {
  inTransaction(db, () => {
    db.prepare("DELETE FROM watch_baseline_claims WHERE brief = ?").run(brief);
    const insert = db.prepare(
      "INSERT OR IGNORE INTO watch_baseline_claims (brief, signature) VALUES (?, ?)",
    );
    for (const signature of signatures) insert.run(brief, signature);
    db.prepare(
      `INSERT INTO watch_baselines (brief, seen_at) VALUES (?, ?)
       ON CONFLICT (brief) DO UPDATE SET seen_at = excluded.seen_at`,
    ).run(brief, now);
  });
}

/** Moves the brief's baseline on by what one reload removed and added. */
export function updateBaseline(
  db: StateDb,
  brief: string,
  removed: readonly string[],
  added: readonly string[],
  now: number,
): void {
  inTransaction(db, () => {
    const remove = db.prepare(
      "DELETE FROM watch_baseline_claims WHERE brief = ? AND signature = ?",
    );
    for (const signature of removed) remove.run(brief, signature);
    const insert = db.prepare(
      "INSERT OR IGNORE INTO watch_baseline_claims (brief, signature) VALUES (?, ?)",
    );
    for (const signature of added) insert.run(brief, signature);
    db.prepare("UPDATE watch_baselines SET seen_at = ? WHERE brief = ?").run(now, brief);
  });
}

/** Forgets a brief nobody watches any more: a later watch starts from what is then in it. */
export function dropBaseline(db: StateDb, brief: string): void {
  inTransaction(db, () => {
    db.prepare("DELETE FROM watch_baseline_claims WHERE brief = ?").run(brief);
    db.prepare("DELETE FROM watch_baselines WHERE brief = ?").run(brief);
  });
}

/** The briefs that have a baseline. */
export function baselineBriefs(db: StateDb): string[] {
  return db
    .prepare<unknown[], { brief: string }>("SELECT brief FROM watch_baselines")
    .all()
    .map((r) => r.brief);
}

/** The watches repository of the SQLite state store. */
export function createSqliteWatches(db: StateDb): WatchRepo {
  return {
    add: async (input, now) => addWatch(db, input, now),
    get: async (id) => getWatch(db, id),
    list: async (filter) => listWatches(db, filter),
    remove: async (id) => removeWatch(db, id),
    async raise(watchId, keys, alertId, build, now) {
      return inTransaction(db, () => {
        const fresh = new Set(claimChanges(db, watchId, keys, alertId, now));
        if (fresh.size === 0) return false;
        insertOutbox(db, watchId, build(fresh), now);
        return true;
      });
    },
    listOutbox: async () => listOutbox(db),
    markHanded: async (id, now) => markHanded(db, id, now),
    listRaised: async (watchId) => listRaisedAlerts(db, watchId),
    hasBaseline: async (brief) => hasBaseline(db, brief),
    baselineSignatures: async (brief) => baselineSignatures(db, brief),
    writeBaseline: async (brief, signatures, now) => writeBaseline(db, brief, signatures, now),
    updateBaseline: async (brief, removed, added, now) =>
      updateBaseline(db, brief, removed, added, now),
    dropBaseline: async (brief) => dropBaseline(db, brief),
    baselineBriefs: async () => baselineBriefs(db),
  };
}
