// The PostgreSQL state schema: ordered migrations recorded in `schema_migrations`, applied in one
// transaction under an advisory lock, so instances starting together take turns and the second
// finds the work done. The tables mirror the SQLite ones (src/state/sqlite/db.ts) column for
// column, with BIGINT for epoch milliseconds and ids. Append only; never edit one that shipped.
import type pg from "pg";
import { inTransaction } from "./pool.ts";

/** Any fixed number: the lock every sitrep instance takes while migrating. */
const MIGRATION_LOCK = 0x5174_2e70;

export const PG_MIGRATIONS: readonly string[] = [
  // 1: everything the SQLite schema reached by its version 8.
  `
  CREATE TABLE subscriptions (
    id              BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform        TEXT    NOT NULL CHECK (platform IN ('slack', 'discord', 'console')),
    workspace       TEXT    NOT NULL,
    channel         TEXT    NOT NULL,
    brief           TEXT    NOT NULL,
    local_time      TEXT    NOT NULL CHECK (local_time ~ '^[0-2][0-9]:[0-5][0-9]$'),
    timezone        TEXT    NOT NULL,
    post_when_empty INTEGER NOT NULL DEFAULT 0,
    pictures        INTEGER NOT NULL DEFAULT 0,
    created_at      BIGINT  NOT NULL,
    created_by      TEXT    NOT NULL,
    updated_at      BIGINT  NOT NULL,
    last_error      TEXT,
    last_error_at   BIGINT,
    no_access_at    BIGINT,
    UNIQUE (platform, workspace, channel, brief)
  );

  -- The delivery ledger: one row per delivery id, inserted (claimed) before anything is sent.
  CREATE TABLE deliveries (
    id              TEXT    PRIMARY KEY,
    kind            TEXT    NOT NULL,
    platform        TEXT    NOT NULL,
    channel         TEXT    NOT NULL,
    message         TEXT,
    status          TEXT    NOT NULL CHECK (status IN
                      ('claimed', 'sending', 'sent', 'failed', 'uncertain', 'missed', 'no_access', 'skipped')),
    may_be_posted   INTEGER NOT NULL DEFAULT 0,
    attempts        INTEGER NOT NULL DEFAULT 0,
    due_at          BIGINT  NOT NULL,
    deadline_at     BIGINT  NOT NULL,
    subscription_id BIGINT,
    local_date      TEXT,
    since_at        BIGINT,
    until_at        BIGINT,
    message_id      TEXT,
    error           TEXT,
    owner           TEXT,
    lease_until     BIGINT,
    sending_at      BIGINT,
    next_attempt_at BIGINT,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    post            TEXT,
    UNIQUE (subscription_id, local_date)
  );
  CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
  CREATE INDEX deliveries_lease ON deliveries (status, lease_until);

  CREATE TABLE seen_requests (
    id         TEXT   PRIMARY KEY,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX seen_requests_expiry ON seen_requests (expires_at);

  CREATE TABLE watches (
    id           BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
    pictures     INTEGER NOT NULL DEFAULT 0,
    created_at   BIGINT  NOT NULL,
    created_by   TEXT    NOT NULL,
    UNIQUE (platform, workspace, channel, brief, target_kind, target_id, trigger)
  );

  -- Inserting a (watch, change) row claims the change, once across instances.
  CREATE TABLE alert_changes (
    watch_id   BIGINT NOT NULL,
    change_key TEXT   NOT NULL,
    alert_id   TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (watch_id, change_key)
  );

  CREATE TABLE alert_outbox (
    id         TEXT   PRIMARY KEY,
    watch_id   BIGINT NOT NULL,
    delivery   TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    handed_at  BIGINT
  );
  CREATE INDEX alert_outbox_pending ON alert_outbox (handed_at, created_at);

  CREATE TABLE alert_threads (
    platform   TEXT   NOT NULL,
    workspace  TEXT   NOT NULL,
    channel    TEXT   NOT NULL,
    thread_key TEXT   NOT NULL,
    thread_id  TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (platform, workspace, channel, thread_key)
  );

  CREATE TABLE submitted_claims (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform       TEXT   NOT NULL CHECK (platform IN ('slack', 'discord', 'console')),
    workspace      TEXT   NOT NULL,
    channel        TEXT,
    submitter      TEXT   NOT NULL,
    submitter_name TEXT,
    brief          TEXT   NOT NULL,
    claim          TEXT   NOT NULL,
    state          TEXT   NOT NULL DEFAULT 'pending'
                   CHECK (state IN ('pending', 'approved', 'rejected')),
    reason         TEXT,
    decided_by     TEXT,
    decided_at     BIGINT,
    file           TEXT,
    last_error     TEXT,
    review_channel TEXT,
    review_message TEXT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
  );
  CREATE INDEX submitted_claims_state ON submitted_claims (state, id);

  CREATE TABLE watch_baselines (
    brief   TEXT   PRIMARY KEY,
    seen_at BIGINT NOT NULL
  );
  CREATE TABLE watch_baseline_claims (
    brief     TEXT NOT NULL,
    signature TEXT NOT NULL,
    PRIMARY KEY (brief, signature)
  );
  `,
  // 2: Slack installations (SQLite's version 9).
  `
  -- @slack/oauth's Installation as JSON, tokens included: this database holds secrets.
  -- key is 'team:T…' for a workspace install, 'enterprise:E…' for an organisation-wide one.
  CREATE TABLE slack_installations (
    key                   TEXT    PRIMARY KEY,
    enterprise_id         TEXT,
    team_id               TEXT,
    is_enterprise_install INTEGER NOT NULL DEFAULT 0,
    installation          TEXT    NOT NULL,
    installed_at          BIGINT  NOT NULL,
    updated_at            BIGINT  NOT NULL
  );
  `,
  // 3: pictures behind picture links (SQLite's version 10).
  `
  CREATE TABLE picture_links (
    token      TEXT   PRIMARY KEY,
    png        BYTEA  NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX picture_links_by_expiry ON picture_links (expires_at);
  `,
];

/** Brings the schema up to date; several instances may call it at once. */
export async function migratePostgres(
  pool: pg.Pool,
  migrations: readonly string[] = PG_MIGRATIONS,
): Promise<void> {
  await inTransaction(pool, async (client) => {
    // Held to the end of the transaction: a second instance waits here, then sees the versions.
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version    INTEGER PRIMARY KEY,
         applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await client.query<{ version: number | null }>(
      "SELECT MAX(version) AS version FROM schema_migrations",
    );
    const version = rows[0]?.version ?? 0;
    if (version > migrations.length) {
      throw new Error(
        `The state database is at schema version ${version}, newer than this bot (${migrations.length}).`,
      );
    }
    for (let v = version; v < migrations.length; v++) {
      await client.query(migrations[v]!);
      await client.query("INSERT INTO schema_migrations (version) VALUES ($1)", [v + 1]);
    }
  });
}
