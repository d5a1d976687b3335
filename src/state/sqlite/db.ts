// The bot's state database (better-sqlite3): opening it, WAL mode, and the ordered schema
// migrations tracked in PRAGMA user_version. Subscriptions, watches, alerts, the delivery
// ledger, the claims submitted from chat and the Slack installations live here.
import { mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

export type StateDb = Database.Database;

/**
 * Ordered migrations: index i takes the schema from version i to i + 1. Append only; never edit
 * one that has shipped.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE subscriptions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    platform        TEXT    NOT NULL CHECK (platform IN ('slack', 'discord', 'console')),
    workspace       TEXT    NOT NULL,
    channel         TEXT    NOT NULL,
    brief           TEXT    NOT NULL,
    local_time      TEXT    NOT NULL CHECK (local_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    timezone        TEXT    NOT NULL,
    post_when_empty INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    created_by      TEXT    NOT NULL,
    updated_at      INTEGER NOT NULL,
    last_error      TEXT,
    last_error_at   INTEGER,
    no_access_at    INTEGER,
    UNIQUE (platform, workspace, channel, brief)
  );

  -- One row per subscription and local day: the row is claimed before posting, so a second
  -- instance, a restart or a repeated DST hour finds it and does nothing.
  CREATE TABLE deliveries (
    subscription_id INTEGER NOT NULL,
    local_date      TEXT    NOT NULL,
    status          TEXT    NOT NULL
                    CHECK (status IN ('claimed', 'sent', 'failed', 'missed', 'no_access', 'skipped')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    due_at          INTEGER NOT NULL,
    since_at        INTEGER,
    until_at        INTEGER,
    message_id      TEXT,
    error           TEXT,
    owner           TEXT,
    lease_until     INTEGER,
    next_attempt_at INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (subscription_id, local_date)
  );
  CREATE INDEX deliveries_retry ON deliveries (status, next_attempt_at);
  CREATE INDEX deliveries_claimed ON deliveries (status, lease_until);
  `,
  `
  -- What a channel follows: a place, an actor or a source of one brief, for one kind of change.
  CREATE TABLE watches (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    platform     TEXT    NOT NULL CHECK (platform IN ('slack', 'discord', 'console')),
    workspace    TEXT    NOT NULL,
    channel      TEXT    NOT NULL,
    brief        TEXT    NOT NULL,
    target_kind  TEXT    NOT NULL CHECK (target_kind IN ('place', 'actor', 'source')),
    target_id    TEXT    NOT NULL,
    trigger      TEXT    NOT NULL CHECK (trigger IN ('control', 'disputed', 'toll', 'any')),
    min_rise     INTEGER,
    mention_kind TEXT    CHECK (mention_kind IN ('role', 'user', 'group')),
    mention_id   TEXT,
    created_at   INTEGER NOT NULL,
    created_by   TEXT    NOT NULL,
    UNIQUE (platform, workspace, channel, brief, target_kind, target_id, trigger)
  );

  -- One row per (watch, change) ever alerted. Inserting it claims the change: an instance that
  -- computes the same change after a restart, or a second instance, finds it and sends nothing.
  CREATE TABLE alert_changes (
    watch_id   INTEGER NOT NULL,
    change_key TEXT    NOT NULL,
    alert_id   TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (watch_id, change_key)
  );

  -- The alerts to send, one message each, with the answer as it was built: an outbox that
  -- survives restarts, worked through by whichever instance claims a row first.
  CREATE TABLE alerts (
    id              TEXT    PRIMARY KEY,
    watch_id        INTEGER NOT NULL,
    platform        TEXT    NOT NULL,
    workspace       TEXT    NOT NULL,
    channel         TEXT    NOT NULL,
    thread_key      TEXT,
    thread_name     TEXT,
    answer          TEXT    NOT NULL,
    mention_kind    TEXT,
    mention_id      TEXT,
    status          TEXT    NOT NULL
                    CHECK (status IN ('pending', 'claimed', 'sent', 'failed', 'no_access')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    message_id      TEXT,
    error           TEXT,
    owner           TEXT,
    lease_until     INTEGER,
    next_attempt_at INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
  );
  CREATE INDEX alerts_due ON alerts (status, next_attempt_at);

  -- The thread alerts on one place on one local day share, per channel.
  CREATE TABLE alert_threads (
    platform   TEXT    NOT NULL,
    workspace  TEXT    NOT NULL,
    channel    TEXT    NOT NULL,
    thread_key TEXT    NOT NULL,
    thread_id  TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (platform, workspace, channel, thread_key)
  );
  `,
  // 3: the ledger becomes generic (daily posts and alerts alike): keyed by a delivery id, with the
  // target channel and the rendered message, so a retry after a crash needs nothing but the row,
  // and the states `sending` and `uncertain` that tell "never sent" from "may have been posted".
  // Replayed chat requests are refused by the ids kept in `seen_requests`.
  `
  CREATE TABLE deliveries_v2 (
    id              TEXT    PRIMARY KEY,
    kind            TEXT    NOT NULL,
    platform        TEXT    NOT NULL,
    channel         TEXT    NOT NULL,
    message         TEXT,
    status          TEXT    NOT NULL CHECK (status IN
                      ('claimed', 'sending', 'sent', 'failed', 'uncertain', 'missed', 'no_access', 'skipped')),
    may_be_posted   INTEGER NOT NULL DEFAULT 0,
    attempts        INTEGER NOT NULL DEFAULT 0,
    due_at          INTEGER NOT NULL,
    deadline_at     INTEGER NOT NULL,
    subscription_id INTEGER,
    local_date      TEXT,
    since_at        INTEGER,
    until_at        INTEGER,
    message_id      TEXT,
    error           TEXT,
    owner           TEXT,
    lease_until     INTEGER,
    sending_at      INTEGER,
    next_attempt_at INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (subscription_id, local_date)
  );
  INSERT INTO deliveries_v2 (id, kind, platform, channel, status, may_be_posted, attempts, due_at,
      deadline_at, subscription_id, local_date, since_at, until_at, message_id, error, owner,
      lease_until, next_attempt_at, created_at, updated_at)
    SELECT 'daily:' || d.subscription_id || ':' || d.local_date, 'daily',
      COALESCE(s.platform, 'console'), COALESCE(s.channel, ''),
      CASE d.status WHEN 'claimed' THEN 'uncertain' ELSE d.status END,
      CASE d.status WHEN 'claimed' THEN 1 ELSE 0 END,
      d.attempts, d.due_at, d.due_at, d.subscription_id, d.local_date, d.since_at, d.until_at,
      d.message_id, d.error, NULL, NULL, d.next_attempt_at, d.created_at, d.updated_at
    FROM deliveries d LEFT JOIN subscriptions s ON s.id = d.subscription_id;
  DROP TABLE deliveries;
  ALTER TABLE deliveries_v2 RENAME TO deliveries;
  CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
  CREATE INDEX deliveries_lease ON deliveries (status, lease_until);

  CREATE TABLE seen_requests (
    id          TEXT    PRIMARY KEY,
    expires_at  INTEGER NOT NULL
  );
  CREATE INDEX seen_requests_expiry ON seen_requests (expires_at);
  `,
  // 4: alerts are delivered by the generic ledger: a delivery carries how it is posted (the one
  // mention, the thread it belongs to), and the alert outbox only hands alerts over to it.
  `
  ALTER TABLE deliveries ADD COLUMN post TEXT;
  DROP TABLE alerts;

  -- An alert raised and not yet handed to the delivery ledger. It is written in the same
  -- transaction as its (watch, change) rows, so an alert is never claimed and then lost; handing
  -- it over twice is harmless (the ledger keeps one row per delivery id).
  CREATE TABLE alert_outbox (
    id         TEXT    PRIMARY KEY,
    watch_id   INTEGER NOT NULL,
    delivery   TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    handed_at  INTEGER
  );
  CREATE INDEX alert_outbox_pending ON alert_outbox (handed_at, created_at);
  `,
  // 5: claims submitted from chat.
  `
  -- Claims submitted from chat: pending until an editor approves (written into the brief) or
  -- rejects them (kept with the reason). Never deleted.
  CREATE TABLE submitted_claims (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    platform       TEXT    NOT NULL CHECK (platform IN ('slack', 'discord', 'console')),
    workspace      TEXT    NOT NULL,
    channel        TEXT,
    submitter      TEXT    NOT NULL,
    submitter_name TEXT,
    brief          TEXT    NOT NULL,
    claim          TEXT    NOT NULL,
    state          TEXT    NOT NULL DEFAULT 'pending'
                   CHECK (state IN ('pending', 'approved', 'rejected')),
    reason         TEXT,
    decided_by     TEXT,
    decided_at     INTEGER,
    file           TEXT,
    last_error     TEXT,
    review_channel TEXT,
    review_message TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
  );
  CREATE INDEX submitted_claims_state ON submitted_claims (state, id);
  `,
  `
  -- A daily post may carry the region's control map on days control changed (pictures:on).
  ALTER TABLE subscriptions ADD COLUMN pictures INTEGER NOT NULL DEFAULT 0;
  `,
  // 7: what each watched brief said when it was last compared, so that a bot that starts again
  // alerts on what changed while it was down (and never on what it had already seen).
  `
  CREATE TABLE watch_baselines (
    brief     TEXT    PRIMARY KEY,
    seen_at   INTEGER NOT NULL
  );
  CREATE TABLE watch_baseline_claims (
    brief     TEXT    NOT NULL,
    signature TEXT    NOT NULL,
    PRIMARY KEY (brief, signature)
  ) WITHOUT ROWID;
  `,
  // 8: a watch may carry the control map with its control and disputed alerts (pictures:on).
  `
  ALTER TABLE watches ADD COLUMN pictures INTEGER NOT NULL DEFAULT 0;
  `,
  // 9: Slack installations (the OAuth install flow, one row per workspace or organisation).
  `
  -- @slack/oauth's Installation as JSON, tokens included: this database holds secrets.
  -- key is 'team:T…' for a workspace install, 'enterprise:E…' for an organisation-wide one.
  CREATE TABLE slack_installations (
    key                   TEXT    PRIMARY KEY,
    enterprise_id         TEXT,
    team_id               TEXT,
    is_enterprise_install INTEGER NOT NULL DEFAULT 0,
    installation          TEXT    NOT NULL,
    installed_at          INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
  );
  `,
  // 10: pictures behind picture links, shared by the instances (they were in one's memory).
  `
  CREATE TABLE picture_links (
    token      TEXT    PRIMARY KEY,
    png        BLOB    NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX picture_links_by_expiry ON picture_links (expires_at);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the schema up to date; safe when several processes start at once. */
export function migrate(db: StateDb): void {
  // IMMEDIATE takes the write lock first, so a second process waits and then sees the new version.
  db.transaction(() => {
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new Error(
        `The state database is at schema version ${version}, newer than this bot (${MIGRATIONS.length}).`,
      );
    }
    for (let v = version; v < MIGRATIONS.length; v++) {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }
  }).immediate();
}

/**
 * Creates a folder and its missing parents one level at a time. Node's recursive mkdirSync never
 * returns on some paths (`/proc/x`), so it is not used: a bad setting must fail, not hang.
 */
export function ensureFolder(path: string): void {
  const missing: string[] = [];
  let at = path;
  for (;;) {
    const kind = statSync(at, { throwIfNoEntry: false });
    if (kind !== undefined) {
      if (!kind.isDirectory()) throw new Error(`\`${at}\` is not a folder`);
      break;
    }
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const folder of missing) mkdirSync(folder);
}

/** Opens (creating the folder and file if needed) and migrates the state database. */
export function openStateDb(path: string): StateDb {
  try {
    if (path !== ":memory:") ensureFolder(dirname(path));
    return migrated(new Database(path));
  } catch (error) {
    throw new Error(
      `the state database \`${path}\` (STATE_DB) cannot be opened: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

function migrated(db: StateDb): StateDb {
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("synchronous = NORMAL");
  migrate(db);
  return db;
}

/**
 * The `column = ?` conditions for those of `columns` the filter sets, with their values, so the
 * list queries build their WHERE clauses one way.
 */
export function matchSetColumns<F extends object>(
  filter: F,
  columns: readonly (keyof F & string)[],
): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const column of columns) {
    const value = filter[column];
    if (value !== undefined) {
      where.push(`${column} = ?`);
      params.push(value);
    }
  }
  return { where, params };
}

/** ` WHERE a AND b`, or nothing when there are no conditions. */
export function whereSql(where: readonly string[]): string {
  return where.length > 0 ? ` WHERE ${where.join(" AND ")}` : "";
}
