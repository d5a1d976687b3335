// The state store on a PostgreSQL server (DATABASE_URL), which several bot instances share: the
// same repositories as SQLite's, with every "exactly once" decided by the database (inserts that
// claim, conditional updates, row locks), never by one process's memory.
import type pg from "pg";
import type { StateStore } from "../types.ts";
import { createPostgresSubmittedClaims } from "./claims.ts";
import { createPostgresDeliveries } from "./deliveries.ts";
import { createPostgresInstallationRepo } from "./installations.ts";
import { migratePostgres } from "./migrations.ts";
import { createPostgresPictureRepo } from "./pictures.ts";
import { createPool } from "./pool.ts";
import { createPostgresReplayGuard } from "./replays.ts";
import { createPostgresSubscriptions } from "./subscriptions.ts";
import { createPostgresThreadBook, createPostgresWatches } from "./watches.ts";

export interface PostgresStateStore extends StateStore {
  readonly kind: "postgres";
  readonly pool: pg.Pool;
}

/** The store over a pool whose database is already migrated; closing the store ends the pool. */
export function createPostgresState(pool: pg.Pool): PostgresStateStore {
  let closed: Promise<void> | undefined;
  return {
    kind: "postgres",
    pool,
    subscriptions: createPostgresSubscriptions(pool),
    deliveries: createPostgresDeliveries(pool),
    threads: createPostgresThreadBook(pool),
    watches: createPostgresWatches(pool),
    claims: createPostgresSubmittedClaims(pool),
    replays: createPostgresReplayGuard(pool),
    installations: createPostgresInstallationRepo(pool),
    pictures: createPostgresPictureRepo(pool),
    async ping() {
      await pool.query("SELECT 1");
    },
    close() {
      closed ??= pool.end();
      return closed;
    },
  };
}

/** Connects, migrates and returns the store; a server that cannot be reached is one error. */
export async function openPostgresState(url: string): Promise<PostgresStateStore> {
  const pool = createPool(url);
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end().catch(() => {});
    throw new Error(
      `the state database (DATABASE_URL) cannot be used: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return createPostgresState(pool);
}
