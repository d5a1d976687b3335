// A database of its own on the test PostgreSQL server (tests/state/postgres-server.ts), so each
// test file (or test) starts empty and files run in parallel.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

/** Creates an empty database and returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const admin = inject("postgresUrl");
  const name = `sitrep_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}
