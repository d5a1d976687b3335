// Watches and their alerts in the state database: which channel follows what, the (watch,
// change) pairs already alerted, the outbox of alert messages with their delivery state, and the
// thread each channel uses per place and day. All the SQL for watches and alerts is here.
import type { Answer } from "../answer/model.ts";
import type {
  Mention,
  MentionKind,
  Watch,
  WatchInput,
  WatchPlatform,
  WatchTargetKind,
  WatchTrigger,
} from "../watch/watch.ts";
import type { StateDb } from "./db.ts";

interface WatchRow {
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
  created_at: number;
  created_by: string;
}

function mentionOf(kind: MentionKind | null, id: string | null): Mention | undefined {
  return kind === null || id === null ? undefined : { kind, id };
}

function watchFromRow(row: WatchRow): Watch {
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
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

/** Adds the watch, or updates `min` and the mention of the channel's same watch. */
export function addWatch(
  db: StateDb,
  input: WatchInput,
  now: number,
): { watch: Watch; created: boolean } {
  const existing = db
    .prepare<unknown[], { id: number }>(
      `SELECT id FROM watches WHERE platform = ? AND workspace = ? AND channel = ? AND brief = ?
         AND target_kind = ? AND target_id = ? AND trigger = ?`,
    )
    .get(
      input.platform,
      input.workspace,
      input.channel,
      input.brief,
      input.target.kind,
      input.target.id,
      input.on,
    );
  const row = db
    .prepare<unknown[], WatchRow>(
      `INSERT INTO watches (platform, workspace, channel, brief, target_kind, target_id, trigger,
         min_rise, mention_kind, mention_id, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (platform, workspace, channel, brief, target_kind, target_id, trigger)
       DO UPDATE SET min_rise = excluded.min_rise, mention_kind = excluded.mention_kind,
         mention_id = excluded.mention_id
       RETURNING *`,
    )
    .get(
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
      now,
      input.createdBy,
    )!;
  return { watch: watchFromRow(row), created: existing === undefined };
}

export function getWatch(db: StateDb, id: number): Watch | undefined {
  const row = db.prepare<unknown[], WatchRow>("SELECT * FROM watches WHERE id = ?").get(id);
  return row === undefined ? undefined : watchFromRow(row);
}

export interface WatchFilter {
  readonly platform?: WatchPlatform;
  readonly workspace?: string;
  readonly channel?: string;
  readonly brief?: string;
}

export function listWatches(db: StateDb, filter: WatchFilter = {}): Watch[] {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const column of ["platform", "workspace", "channel", "brief"] as const) {
    const value = filter[column];
    if (value !== undefined) {
      where.push(`${column} = ?`);
      params.push(value);
    }
  }
  const sql = `SELECT * FROM watches${where.length > 0 ? ` WHERE ${where.join(" AND ")}` : ""}
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

export type AlertStatus = "pending" | "claimed" | "sent" | "failed" | "no_access";

export interface AlertRecord {
  readonly id: string;
  readonly watchId: number;
  readonly platform: WatchPlatform;
  readonly workspace: string;
  readonly channel: string;
  /** Alerts with the same key share a thread in the channel. */
  readonly threadKey?: string;
  readonly threadName?: string;
  readonly answer: Answer;
  readonly mention?: Mention;
  readonly status: AlertStatus;
  readonly attempts: number;
  readonly messageId?: string;
  readonly error?: string;
  readonly nextAttemptAt?: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

interface AlertRow {
  id: string;
  watch_id: number;
  platform: WatchPlatform;
  workspace: string;
  channel: string;
  thread_key: string | null;
  thread_name: string | null;
  answer: string;
  mention_kind: MentionKind | null;
  mention_id: string | null;
  status: AlertStatus;
  attempts: number;
  message_id: string | null;
  error: string | null;
  next_attempt_at: number | null;
  created_at: number;
  updated_at: number;
}

function alertFromRow(row: AlertRow): AlertRecord {
  const mention = mentionOf(row.mention_kind, row.mention_id);
  return {
    id: row.id,
    watchId: row.watch_id,
    platform: row.platform,
    workspace: row.workspace,
    channel: row.channel,
    ...(row.thread_key === null ? {} : { threadKey: row.thread_key }),
    ...(row.thread_name === null ? {} : { threadName: row.thread_name }),
    answer: JSON.parse(row.answer) as Answer,
    ...(mention === undefined ? {} : { mention }),
    status: row.status,
    attempts: row.attempts,
    ...(row.message_id === null ? {} : { messageId: row.message_id }),
    ...(row.error === null ? {} : { error: row.error }),
    ...(row.next_attempt_at === null ? {} : { nextAttemptAt: row.next_attempt_at }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface NewAlert {
  readonly id: string;
  readonly watch: Watch;
  readonly threadKey?: string;
  readonly threadName?: string;
  readonly answer: Answer;
}

/** Puts an alert in the outbox, due at once. */
export function insertAlert(db: StateDb, alert: NewAlert, now: number): void {
  const { watch } = alert;
  db.prepare(
    `INSERT INTO alerts (id, watch_id, platform, workspace, channel, thread_key, thread_name,
       answer, mention_kind, mention_id, status, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
  ).run(
    alert.id,
    watch.id,
    watch.platform,
    watch.workspace,
    watch.channel,
    alert.threadKey ?? null,
    alert.threadName ?? null,
    JSON.stringify(alert.answer),
    watch.mention?.kind ?? null,
    watch.mention?.id ?? null,
    now,
    now,
    now,
  );
}

/** Alerts waiting to be sent (new or to retry) whose time has come, oldest first. */
export function listDueAlerts(
  db: StateDb,
  now: number,
  platforms: readonly WatchPlatform[],
): AlertRecord[] {
  return db
    .prepare<unknown[], AlertRow>(
      `SELECT * FROM alerts WHERE status IN ('pending', 'failed')
         AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?
         AND platform IN (${platforms.map(() => "?").join(", ") || "NULL"})
       ORDER BY created_at, id`,
    )
    .all(now, ...platforms)
    .map(alertFromRow);
}

/** Takes a due alert for sending; true only for the one caller that did. */
export function claimAlert(
  db: StateDb,
  id: string,
  input: { owner: string; now: number; leaseMs: number; maxAttempts: number },
): boolean {
  return (
    db
      .prepare(
        `UPDATE alerts SET status = 'claimed', attempts = attempts + 1, owner = ?,
           lease_until = ?, next_attempt_at = NULL, updated_at = ?
         WHERE id = ? AND status IN ('pending', 'failed') AND next_attempt_at IS NOT NULL
           AND next_attempt_at <= ? AND attempts < ?`,
      )
      .run(input.owner, input.now + input.leaseMs, input.now, id, input.now, input.maxAttempts)
      .changes === 1
  );
}

export interface AlertResult {
  readonly status: "sent" | "failed" | "no_access";
  readonly messageId?: string;
  readonly error?: string;
  /** For `failed`: when to try again; absent means never. */
  readonly nextAttemptAt?: number;
}

/** Records the outcome of a claimed alert; false when the claim was no longer ours. */
export function finishAlert(
  db: StateDb,
  id: string,
  owner: string,
  result: AlertResult,
  now: number,
): boolean {
  return (
    db
      .prepare(
        `UPDATE alerts SET status = ?, message_id = ?, error = ?, next_attempt_at = ?,
           lease_until = NULL, updated_at = ?
         WHERE id = ? AND status = 'claimed' AND owner = ?`,
      )
      .run(
        result.status,
        result.messageId ?? null,
        result.error ?? null,
        result.nextAttemptAt ?? null,
        now,
        id,
        owner,
      ).changes === 1
  );
}

/**
 * Claims whose lease ran out: the process died while sending, so nobody knows whether the alert
 * went out. They become `failed` with no retry: at most once beats a duplicate.
 */
export function expireAlertClaims(db: StateDb, now: number): AlertRecord[] {
  return db
    .prepare<unknown[], AlertRow>(
      `UPDATE alerts SET status = 'failed', next_attempt_at = NULL, lease_until = NULL,
         error = 'outcome unknown: the claim''s lease ran out before a result was recorded (crash?); not re-sending',
         updated_at = ?
       WHERE status = 'claimed' AND lease_until < ?
       RETURNING *`,
    )
    .all(now, now)
    .map(alertFromRow);
}

export function getAlert(db: StateDb, id: string): AlertRecord | undefined {
  const row = db.prepare<unknown[], AlertRow>("SELECT * FROM alerts WHERE id = ?").get(id);
  return row === undefined ? undefined : alertFromRow(row);
}

export function listAlerts(db: StateDb, watchId?: number): AlertRecord[] {
  const rows =
    watchId === undefined
      ? db.prepare<unknown[], AlertRow>("SELECT * FROM alerts ORDER BY created_at, id").all()
      : db
          .prepare<unknown[], AlertRow>(
            "SELECT * FROM alerts WHERE watch_id = ? ORDER BY created_at, id",
          )
          .all(watchId);
  return rows.map(alertFromRow);
}

// ---- threads ---------------------------------------------------------------------------------

export interface ThreadKey {
  readonly platform: WatchPlatform;
  readonly workspace: string;
  readonly channel: string;
  readonly threadKey: string;
}

export function getThread(db: StateDb, key: ThreadKey): string | undefined {
  return db
    .prepare<unknown[], { thread_id: string }>(
      `SELECT thread_id FROM alert_threads
       WHERE platform = ? AND workspace = ? AND channel = ? AND thread_key = ?`,
    )
    .get(key.platform, key.workspace, key.channel, key.threadKey)?.thread_id;
}

/** Records the channel's thread for the key; the first one recorded wins. */
export function saveThread(db: StateDb, key: ThreadKey, threadId: string, now: number): void {
  db.prepare(
    `INSERT INTO alert_threads (platform, workspace, channel, thread_key, thread_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  ).run(key.platform, key.workspace, key.channel, key.threadKey, threadId, now);
}
