// The live store over real files: chokidar watching a temp briefs folder, the real loader, and
// answers asked through the real commands. Each test waits for the reload it caused (an event),
// never for a fixed time.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { plain } from "../../src/answer/model.ts";
import { silentLogger } from "../../src/log.ts";
import { type LiveStore, openLiveStore } from "../../src/store/live.ts";
import type { Store } from "../../src/store/types.ts";
import { ask as askAs, VALID_FILES, writeValidBrief } from "../fixtures/briefs.ts";

const NOW = Date.parse("2024-12-02T12:00:00Z");
let live: LiveStore | undefined;

afterEach(async () => {
  await live?.close();
  live = undefined;
});

async function start(root: string): Promise<LiveStore> {
  live = await openLiveStore({ root, logger: silentLogger, debounceMs: 50, now: () => NOW });
  return live;
}

/** The answer's text, asked through the request core the way chat asks. */
async function ask(store: Store, line: string): Promise<string> {
  return (await askAs(store, line, {}, NOW)).text;
}

const SANA_HOLDS_ALEPPO = `- type: control
  source: sana
  reported: 2024-12-01
  place: aleppo
  actor: government
  status: controls
`;

describe("live briefs over real files", () => {
  it("answers from an added claims file once the change settles", async () => {
    const brief = writeValidBrief();
    const store = await start(brief.root);
    expect(await ask(store.current(), "/who-controls Aleppo")).not.toMatch(
      /Held by Syrian government forces/,
    );
    const reloaded = store.nextReload();
    writeFileSync(brief.file("claims/2024-12-01.yaml"), SANA_HOLDS_ALEPPO);
    await reloaded;
    expect(await ask(store.current(), "/who-controls Aleppo")).toMatch(
      /Held by Syrian government forces/,
    );
  });

  it("keeps the old answers when an edit breaks the YAML, reports where, and recovers when fixed", async () => {
    const brief = writeValidBrief();
    const store = await start(brief.root);
    const before = await ask(store.current(), "/toll Aleppo");
    const original = readFileSync(brief.file("claims/2024-11-30.yaml"), "utf8");
    let reloaded = store.nextReload();
    writeFileSync(
      brief.file("claims/2024-11-30.yaml"),
      "- type: toll\n  count: [1,\n  place: aleppo\n",
    );
    const broken = await reloaded;
    expect(await ask(store.current(), "/toll Aleppo")).toBe(before);
    expect(broken.problems.length).toBeGreaterThan(0);
    expect(broken.problems[0]).toMatchObject({ file: brief.file("claims/2024-11-30.yaml") });
    expect(broken.problems[0]!.line).toBeGreaterThan(0);

    reloaded = store.nextReload();
    writeFileSync(brief.file("claims/2024-11-30.yaml"), original);
    const fixed = await reloaded;
    expect(fixed.problems).toEqual([]);
    expect(fixed.held).toEqual([]);
    expect(await ask(store.current(), "/toll Aleppo")).toBe(before);
  });

  it("keeps the old answers on a broken reference and names its line and column", async () => {
    const brief = writeValidBrief();
    const store = await start(brief.root);
    const claims = store.current().briefs.get("test-brief")!.claims.length;
    const reloaded = store.nextReload();
    writeFileSync(brief.file("claims/2024-12-01.yaml"), SANA_HOLDS_ALEPPO.replace("sana", "sanaa"));
    const status = await reloaded;
    expect(store.current().briefs.get("test-brief")!.claims.length).toBe(claims);
    expect(status.problems).toEqual([
      expect.objectContaining({
        file: brief.file("claims/2024-12-01.yaml"),
        line: 2,
        column: 11,
        message: expect.stringContaining("sanaa"),
      }),
    ]);
  });

  it("keeps the old answers while a file is half written", async () => {
    const brief = writeValidBrief();
    const store = await start(brief.root);
    const claims = store.current().briefs.get("test-brief")!.claims.length;
    const full = VALID_FILES["claims/2024-11-30.yaml"]!;
    const reloaded = store.nextReload();
    writeFileSync(
      brief.file("claims/2024-11-30.yaml"),
      full.slice(0, full.indexOf("supersedes") + 5),
    );
    const status = await reloaded;
    expect(status.problems.length).toBeGreaterThan(0);
    expect(store.current().briefs.get("test-brief")!.claims.length).toBe(claims);
  });

  it("holds back a deleted claims file until an admin accepts, then drops its claims", async () => {
    const brief = writeValidBrief();
    const store = await start(brief.root);
    const claims = store.current().briefs.get("test-brief")!.claims.length;
    const reloaded = store.nextReload();
    rmSync(brief.file("claims/2024-11-30.yaml"));
    const held = await reloaded;
    expect(store.current().briefs.get("test-brief")!.claims.length).toBe(claims);
    expect(held.held).toEqual([
      { brief: "test-brief", file: "claims/2024-11-30.yaml", lost: 3, had: 3 },
    ]);
    const accepted = await store.accept();
    expect(accepted.held).toEqual([]);
    expect(store.current().briefs.get("test-brief")!.claims.length).toBe(claims - 3);
  });

  it("serves a whole new brief, and stops serving a deleted one with a clear answer", async () => {
    const brief = writeValidBrief();
    const store = await start(brief.root);
    let reloaded = store.nextReload();
    writeValidBrief({}, "second-brief", brief.root);
    await reloaded;
    expect([...store.current().briefs.keys()]).toEqual(["second-brief", "test-brief"]);

    reloaded = store.nextReload();
    rmSync(brief.dir, { recursive: true });
    const status = await reloaded;
    expect([...store.current().briefs.keys()]).toEqual(["second-brief"]);
    expect(status.removed).toEqual(["test-brief"]);
    expect(await ask(store.current(), "/toll brief:test-brief")).toMatch(/no brief "test-brief"/);
  });

  it("reloads once for a burst of fifty writes, and that reload sees all of them", async () => {
    const brief = writeValidBrief();
    const store = await start(brief.root);
    const { reloads } = store.status();
    const claims = store.current().briefs.get("test-brief")!.claims.length;
    const reloaded = store.nextReload();
    mkdirSync(join(brief.dir, "claims"), { recursive: true });
    for (let i = 0; i < 50; i++) {
      writeFileSync(
        brief.file(`claims/2024-12-${String((i % 28) + 1).padStart(2, "0")}-${i}.yaml`),
        SANA_HOLDS_ALEPPO,
      );
    }
    const status = await reloaded;
    expect(status.reloads).toBe(reloads + 1);
    expect(store.current().briefs.get("test-brief")!.claims.length).toBe(claims + 50);
  });

  it("answers a question asked during a reload wholly from the store it started with", async () => {
    const brief = writeValidBrief();
    const store = await start(brief.root);
    const taken = store.current();
    const reloaded = store.nextReload();
    writeFileSync(brief.file("claims/2024-12-01.yaml"), SANA_HOLDS_ALEPPO);
    const during = await ask(taken, "/who-controls Aleppo");
    await reloaded;
    expect(await ask(taken, "/who-controls Aleppo")).toBe(during);
    expect(plain(await ask(store.current(), "/who-controls Aleppo"))).not.toBe(during);
  });
});
