// The state contract on a real PostgreSQL server (started for the run by
// tests/state/postgres-server.ts): each test a new database, the twin a second connection pool to
// it (as a second instance has), so the races are decided by the server as in production.
import { describe, expect, it } from "vitest";
import { openPostgresState } from "../../src/state/postgres/index.ts";
import { migratePostgres } from "../../src/state/postgres/migrations.ts";
import { createPool } from "../../src/state/postgres/pool.ts";
import { describeStateContract } from "./contract.ts";
import { createTestDatabase } from "./postgres-db.ts";

let url = "";

describeStateContract("PostgreSQL", {
  async open() {
    url = await createTestDatabase();
    return openPostgresState(url);
  },
  async openTwin() {
    return openPostgresState(url);
  },
});

describe("the PostgreSQL migrations", () => {
  it("are applied once when several instances start together, and refuse a newer schema", async () => {
    const fresh = await createTestDatabase();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresState(fresh)));
    const { rows } = await stores[0]!.pool.query("SELECT version FROM schema_migrations");
    expect(rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
    for (const store of stores) await store.close();

    const pool = createPool(fresh);
    try {
      await expect(migratePostgres(pool, [])).rejects.toThrow(
        "The state database is at schema version 3, newer than this bot (0).",
      );
    } finally {
      await pool.end();
    }
  });

  it("say which setting is wrong when the server cannot be reached", async () => {
    await expect(openPostgresState("postgres://nobody:secret@127.0.0.1:1/sitrep")).rejects.toThrow(
      /^the state database \(DATABASE_URL\) cannot be used: /,
    );
  });
});
