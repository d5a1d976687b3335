// Reloads that cannot lose claims, over real files watched by chokidar: an emptied file, a file
// cut short and a file being written slowly never reach answers; the last good version answers;
// /sitrep status names the file and the problem; an admin's accept takes a version that drops
// claims on purpose. Each step waits for the reload it caused (an event), never a fixed time.
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { renderText } from "../../src/answer/render-text.ts";
import { buildStatusAnswer } from "../../src/core/status.ts";
import { silentLogger } from "../../src/log.ts";
import { type LiveStore, openLiveStore } from "../../src/store/live.ts";
import { ask as askAs, writeValidBrief } from "../fixtures/briefs.ts";

const NOW = Date.parse("2024-12-02T12:00:00Z");
const FILE = "claims/2024-11-30.yaml";
let live: LiveStore | undefined;

afterEach(async () => {
  await live?.close();
  live = undefined;
});

async function start() {
  const brief = writeValidBrief();
  live = await openLiveStore({
    root: brief.root,
    logger: silentLogger,
    debounceMs: 50,
    now: () => NOW,
  });
  return { brief, store: live, original: readFileSync(brief.file(FILE), "utf8") };
}

/** The answer's text, asked through the request core the way chat asks. */
async function ask(store: LiveStore, line: string): Promise<string> {
  return (await askAs(store.current(), line, {}, NOW)).text;
}

/** Everything the brief says, as answers: the day's claims and the tolls. */
async function answers(store: LiveStore): Promise<string> {
  return [
    await ask(store, "/sitrep since:2024-11-27 at:2024-12-01"),
    await ask(store, "/toll Aleppo at:2024-12-01"),
  ].join("\n");
}

function status(store: LiveStore): string {
  return renderText(buildStatusAnswer(store.status(), { isAdmin: true }, NOW));
}

describe("reloads that cannot lose claims", () => {
  it("an emptied claims file is held back; status names it; an admin's accept takes it", async () => {
    const { brief, store } = await start();
    const before = await answers(store);
    const reloaded = store.nextReload();
    writeFileSync(brief.file(FILE), "");
    const held = await reloaded;
    expect(await answers(store)).toBe(before);
    expect(held.held).toEqual([{ brief: "test-brief", file: FILE, lost: 3, had: 3 }]);
    expect(status(store)).toContain(
      `test-brief/${FILE}: the new version drops 3 of its 3 claim(s); published claims are withdrawn, never deleted`,
    );
    expect(status(store)).not.toContain("All briefs are valid");

    await store.accept();
    expect(store.status().held).toEqual([]);
    expect(await answers(store)).not.toBe(before);
    expect(await answers(store)).not.toContain("Strikes hit the university campus.");
    expect(status(store)).toContain("All briefs are valid");
  });

  it("a file cut short mid-note never reaches answers, even when an admin accepts", async () => {
    const { brief, store, original } = await start();
    const before = await answers(store);
    const cut = original.slice(0, original.indexOf("university") + 4); // "…hit the univ"
    const reloaded = store.nextReload();
    writeFileSync(brief.file(FILE), cut);
    const broken = await reloaded;
    expect(await answers(store)).toBe(before);
    expect(await answers(store)).not.toMatch(/hit the univ(?!ersity)/);
    expect(broken.problems).toEqual([
      expect.objectContaining({
        file: brief.file(FILE),
        message: expect.stringContaining("cut short or still being written"),
      }),
    ]);
    expect(status(store)).toContain(FILE);

    await store.accept();
    expect(await answers(store)).toBe(before);
  });

  it("a file written slowly is not served until it is complete", async () => {
    const { brief, store, original } = await start();
    const before = await answers(store);
    const added = `- type: event
  source: afp
  reported: 2024-12-01
  summary: A convoy reached the city.
  place: aleppo
`;
    const whole = original + added;
    const half = whole.slice(0, whole.indexOf("convoy") + 3);
    let reloaded = store.nextReload();
    writeFileSync(brief.file(FILE), half);
    await reloaded;
    expect(await answers(store)).toBe(before);
    expect(status(store)).toContain("still being written");

    reloaded = store.nextReload();
    appendFileSync(brief.file(FILE), whole.slice(half.length));
    const done = await reloaded;
    expect(done.problems).toEqual([]);
    expect(done.held).toEqual([]);
    expect(await ask(store, "/sitrep since:2024-11-27 at:2024-12-02")).toContain(
      "A convoy reached the city.",
    );
  });

  it("a version that loses one claim of a file is held, and named with how many", async () => {
    const { brief, store, original } = await start();
    const withoutFirst = `- type: statement${original.split("- type: statement")[1]}`;
    const reloaded = store.nextReload();
    writeFileSync(brief.file(FILE), withoutFirst);
    const held = await reloaded;
    expect(held.held).toEqual([{ brief: "test-brief", file: FILE, lost: 1, had: 3 }]);
    expect(await ask(store, "/toll Aleppo at:2024-12-01")).toMatch(/270/);
  });
});
