// The SQLite state database: opened with its folder created, migrated in order (PRAGMA
// user_version) and only once, refused when a newer bot wrote it.
import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS, openStateDb, SCHEMA_VERSION } from "../../src/state/sqlite/db.ts";
import { listSubscriptions, upsertSubscription } from "../../src/state/sqlite/subscriptions.ts";
import { tempDbPath } from "../schedule/helpers.ts";

const input = {
  platform: "slack" as const,
  workspace: "T1",
  channel: "C1",
  brief: "syria",
  time: "07:00",
  timezone: "Asia/Damascus",
  postWhenEmpty: false,
  createdBy: "U1",
};

describe("openStateDb", () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it("creates the parent folder, uses WAL and records the schema version", () => {
    const temp = tempDbPath();
    cleanup = temp.cleanup;
    const db = openStateDb(temp.path);
    expect(existsSync(temp.path)).toBe(true);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
    db.close();
  });

  it("keeps subscriptions across a reopen and does not migrate twice", () => {
    const temp = tempDbPath();
    cleanup = temp.cleanup;
    const first = openStateDb(temp.path);
    upsertSubscription(first, input, 1000);
    first.close();
    const second = openStateDb(temp.path);
    expect(listSubscriptions(second).map((s) => s.channel)).toEqual(["C1"]);
    second.close();
  });

  it("refuses a database from a newer version of the bot", () => {
    const temp = tempDbPath();
    cleanup = temp.cleanup;
    const db = openStateDb(temp.path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openStateDb(temp.path)).toThrow(/newer than this bot/);
  });
});

describe("upsertSubscription", () => {
  it("keeps one subscription per channel and brief, updating the time and clearing lost access", () => {
    const db = openStateDb(":memory:");
    const first = upsertSubscription(db, input, 1000);
    db.prepare("UPDATE subscriptions SET no_access_at = 5").run();
    const second = upsertSubscription(db, { ...input, time: "08:15" }, 2000);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.subscription).toMatchObject({
      id: first.subscription.id,
      time: "08:15",
      createdAt: 1000,
      updatedAt: 2000,
    });
    expect(second.subscription.noAccessAt).toBeUndefined();
    expect(listSubscriptions(db)).toHaveLength(1);
  });
});
