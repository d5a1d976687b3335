// The state contract on the embedded SQLite store: each test a new file, the twin a second
// connection to it (as a second process on one STATE_DB file has).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { openSqliteState } from "../../src/state/sqlite/index.ts";
import { describeStateContract } from "./contract.ts";

const dir = mkdtempSync(join(tmpdir(), "sitrep-state-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
let path = "";

describeStateContract("SQLite", {
  async open() {
    count += 1;
    path = join(dir, `state-${count}.db`);
    return openSqliteState(path);
  },
  async openTwin() {
    return openSqliteState(path);
  },
});
