// An import into a brief the bot is serving: the live store watches the folder (chokidar, real
// files) and must take a re-import that zeroes a row, since the importer withdraws the toll rather
// than deleting it, so the reload loses no claim and is not held back for an admin.
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/log.ts";
import { type LiveStore, openLiveStore } from "../../src/store/live.ts";
import { importBrief, NOW, runImport, table, writeCsv } from "./helpers.ts";

const HEADER = ["event_id_cnty", "event_date", "location", "notes", "fatalities"];
const ROW = {
  event_id_cnty: "TST1",
  event_date: "2024-11-29",
  location: "Saraqeb",
  notes: "Test row.",
  fatalities: 4,
};

let live: LiveStore | undefined;
afterEach(async () => {
  await live?.close();
  live = undefined;
});

describe("an import into a brief in service", () => {
  it("a re-import that zeroes a row's fatalities reaches answers without being held back", async () => {
    const brief = importBrief();
    await runImport({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [ROW])),
      briefDir: brief.dir,
    });
    live = await openLiveStore({
      root: brief.root,
      logger: silentLogger,
      debounceMs: 50,
      now: () => NOW,
    });
    const tolls = () =>
      live!
        .current()
        .briefs.get("north-west")!
        .claims.filter((c) => c.type === "toll")
        .map((c) => ({ count: (c as { count?: unknown }).count, withdrawn: c.withdrawnAt }));
    expect(tolls()).toEqual([{ count: 4, withdrawn: undefined }]);

    const reloaded = live.nextReload();
    await runImport({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [{ ...ROW, fatalities: 0 }])),
      briefDir: brief.dir,
    });
    const status = await reloaded;
    expect(status.held).toEqual([]);
    expect(status.problems).toEqual([]);
    expect(tolls()).toEqual([{ count: 4, withdrawn: NOW }]);
  });
});
