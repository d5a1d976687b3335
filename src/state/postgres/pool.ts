// The connection pool to the PostgreSQL state database (node-postgres), and the one way its
// repositories run a transaction. BIGINT columns (epoch milliseconds, ids) come back as numbers,
// as SQLite gives them, so both stores share their row shapes.
import pg from "pg";

/** A pool or one checked-out client: what a query can run on. */
export type Queryable = pg.Pool | pg.PoolClient;

const INT8_OID = 20;

/** int8 as a number: epoch milliseconds and row ids stay far below 2^53. */
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8_OID && format !== "binary") return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export function createPool(connectionString: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, types, max });
  // An idle connection the server drops must not crash the bot: the next query reconnects.
  pool.on("error", () => {});
  return pool;
}

/**
 * Runs `work` in one transaction on one connection: committed when it resolves, rolled back when
 * it throws (and the error rethrown).
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** The first row, or undefined. */
export async function one<R extends pg.QueryResultRow>(
  db: Queryable,
  sql: string,
  params: readonly unknown[] = [],
): Promise<R | undefined> {
  const result = await db.query<R>(sql, params as unknown[]);
  return result.rows[0];
}

/** Every row. */
export async function all<R extends pg.QueryResultRow>(
  db: Queryable,
  sql: string,
  params: readonly unknown[] = [],
): Promise<R[]> {
  return (await db.query<R>(sql, params as unknown[])).rows;
}

/** How many rows a statement changed. */
export async function run(
  db: Queryable,
  sql: string,
  params: readonly unknown[] = [],
): Promise<number> {
  return (await db.query(sql, params as unknown[])).rowCount ?? 0;
}
