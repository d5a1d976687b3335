// One import into a brief at a time: the lock file in the brief's folder, who holds it, a stale
// lock from a process that is gone, and two imports started at once.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOCK_FILE } from "../../src/import/lock.ts";
import { importDataset } from "../../src/import/run.ts";
import { GAZETTEER, importBrief, jsonLines, NOW, snapshot, table, writeCsv } from "./helpers.ts";

const HEADER = ["event_id_cnty", "event_date", "location", "notes", "fatalities"];
const rows = (id: string) =>
  table(HEADER, [
    {
      event_id_cnty: id,
      event_date: "2024-11-29",
      location: "Aleppo",
      notes: "Test.",
      fatalities: 2,
    },
  ]);

function importInto(dir: string, file: string) {
  return importDataset({
    format: "acled",
    file,
    briefDir: dir,
    gazetteer: GAZETTEER,
    now: () => NOW,
  });
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  return child.pid!;
}

describe("the import lock", () => {
  it("refuses a second import while the lock is held, naming who holds it, and writes nothing", async () => {
    const brief = importBrief();
    const lock = join(brief.dir, LOCK_FILE);
    const holder = { pid: process.pid, host: hostname(), started: "2024-12-01T09:59:00.000Z" };
    writeFileSync(lock, JSON.stringify(holder));
    const before = snapshot(brief.dir);
    const result = await importInto(brief.dir, writeCsv("events.csv", rows("TST1")));
    expect(result).toEqual({
      ok: false,
      error: `another import into brief north-west is running (pid ${process.pid} since 2024-12-01T09:59:00.000Z); if it is not, remove ${lock}`,
    });
    expect(snapshot(brief.dir)).toEqual(before);
    expect(readdirSync(brief.root).filter((name) => name.startsWith("."))).toEqual([]);
  });

  it("names the host of a lock held on another machine, which it cannot check", async () => {
    const brief = importBrief();
    const lock = join(brief.dir, LOCK_FILE);
    writeFileSync(
      lock,
      JSON.stringify({ pid: deadPid(), host: "other-host", started: "2024-12-01T09:00:00.000Z" }),
    );
    const result = await importInto(brief.dir, writeCsv("events.csv", rows("TST1")));
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^another import into brief north-west is running \(pid \d+ on other-host since 2024-12-01T09:00:00\.000Z\); if it is not, remove /,
      ),
    });
  });

  it("takes over a stale lock left by a process that is gone, and removes it when done", async () => {
    const brief = importBrief();
    const lock = join(brief.dir, LOCK_FILE);
    writeFileSync(
      lock,
      JSON.stringify({ pid: deadPid(), host: hostname(), started: "2024-11-30T00:00:00.000Z" }),
    );
    const result = await importInto(brief.dir, writeCsv("events.csv", rows("TST1")));
    expect(result.ok).toBe(true);
    expect(existsSync(lock)).toBe(false);
    expect(jsonLines(brief.dir, "claims/acled-events.jsonl")).toHaveLength(2);
    expect(readdirSync(brief.dir).filter((name) => name.startsWith("."))).toEqual([]);
  });

  it("of two imports started at once, one runs and the other is refused; none is lost silently", async () => {
    const brief = importBrief();
    const [a, b] = await Promise.all([
      importInto(brief.dir, writeCsv("events.csv", rows("TST1"))),
      importInto(brief.dir, writeCsv("events.csv", rows("TST2"))),
    ]);
    const results = [a, b];
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({
      ok: false,
      error: expect.stringContaining("another import into brief north-west is running"),
    });
    expect(jsonLines(brief.dir, "claims/acled-events.jsonl")).toHaveLength(2);
    expect(existsSync(join(brief.dir, LOCK_FILE))).toBe(false);
  });
});
