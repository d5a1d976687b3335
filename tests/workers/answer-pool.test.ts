import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { dispatchCommand } from "../../src/core/dispatch.ts";
import { loadStore } from "../../src/store/load.ts";
import { type AnswerPool, startAnswerPool } from "../../src/workers/answer-pool.ts";
import { VALID_FILES, writeValidBrief } from "../fixtures/briefs.ts";

const NOW = Date.parse("2024-12-01T12:00:00Z");
let pool: AnswerPool | undefined;

afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

function startPool(root: string): AnswerPool {
  pool = startAnswerPool({
    root,
    cacheDir: mkdtempSync(join(tmpdir(), "sitrep-pool-cache-")),
    logLevel: "silent",
    threads: 1,
    watch: false,
  });
  return pool;
}

describe("the answer pool", () => {
  it("answers in a worker thread exactly as dispatchCommand does on the main thread", async () => {
    const brief = writeValidBrief();
    const answers = startPool(brief.root);
    await answers.ready();
    const loaded = await loadStore(brief.root);
    if (!loaded.ok) throw new Error("the fixture brief did not load");
    for (const [name, text] of [
      ["/toll", "aleppo"],
      ["/who-controls", "Aleppo"],
      ["/sources", ""],
      ["/toll", "nowhere-at-all"],
      ["/toll", "aleppo at:not-a-date"],
      ["/no-such-command", ""],
      ["/sitrep", "status"],
    ] as const) {
      const inWorker = await answers.dispatch(name, text, NOW);
      const here = dispatchCommand(name, text, { store: loaded.store, now: NOW });
      expect(inWorker, `${name} ${text}`).toEqual(here);
    }
  });

  it("reloads every worker's store when asked (SIGHUP)", async () => {
    const brief = writeValidBrief();
    const answers = startPool(brief.root);
    await answers.ready();
    const before = await answers.dispatch("/sources", "", NOW);
    const renamed = VALID_FILES["sources.yaml"]!.replace(
      "Agence France-Presse",
      "Agence France-Presse (renamed)",
    );
    writeFileSync(brief.file("sources.yaml"), renamed);
    await answers.reload();
    const after = await answers.dispatch("/sources", "", NOW);
    expect(JSON.stringify(before)).not.toContain("(renamed)");
    expect(JSON.stringify(after)).toContain("(renamed)");
  });
});
