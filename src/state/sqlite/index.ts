// The embedded default state store: one SQLite file (STATE_DB) through better-sqlite3. Every
// repository answers at once; the async interface is the one PostgreSQL meets too.
import type { StateStore } from "../types.ts";
import { createSqliteSubmittedClaims } from "./claims.ts";
import { openStateDb, type StateDb } from "./db.ts";
import { createSqliteDeliveries } from "./deliveries.ts";
import { createSqliteInstallationRepo } from "./installations.ts";
import { createSqlitePictureRepo } from "./pictures.ts";
import { createSqliteReplayGuard } from "./replays.ts";
import { createSqliteSubscriptions } from "./subscriptions.ts";
import { createSqliteThreadBook, createSqliteWatches } from "./watches.ts";

export { openStateDb, type StateDb } from "./db.ts";

/** The SQLite store, with its database for what only tests and the CLI's raw views read. */
export interface SqliteStateStore extends StateStore {
  readonly kind: "sqlite";
  readonly db: StateDb;
}

/** The state store over an open (and migrated) database; closing the store closes it. */
export function createSqliteState(db: StateDb): SqliteStateStore {
  return {
    kind: "sqlite",
    db,
    subscriptions: createSqliteSubscriptions(db),
    deliveries: createSqliteDeliveries(db),
    threads: createSqliteThreadBook(db),
    watches: createSqliteWatches(db),
    claims: createSqliteSubmittedClaims(db),
    replays: createSqliteReplayGuard(db),
    installations: createSqliteInstallationRepo(db),
    pictures: createSqlitePictureRepo(db),
    async ping() {
      db.prepare("SELECT 1").get();
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

/** Opens (creating the folder and file if needed) and migrates the database at `path`. */
export function openSqliteState(path: string): SqliteStateStore {
  return createSqliteState(openStateDb(path));
}
