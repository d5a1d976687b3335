// The staged write of an import: a file of the brief saved by someone else while the import ran
// is never overwritten; the import is refused and nothing is written.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ImportError } from "../../src/import/format.ts";
import { Stage } from "../../src/import/writer.ts";
import { importBrief, snapshot } from "./helpers.ts";

describe("Stage.commit", () => {
  it("refuses to replace a file that changed after the import read it, and writes nothing", async () => {
    const brief = importBrief();
    const stage = await Stage.open(brief.dir, "claims/acled-x.jsonl");
    try {
      await stage.remember("places.yaml");
      await stage.remember("claims/acled-x.jsonl");
      await stage.write("places.yaml", "[]\n");
      await stage.write("claims/acled-x.jsonl", "{}\n");
      const edited = `${readFileSync(join(brief.dir, "places.yaml"), "utf8")}# an editor's note\n`;
      writeFileSync(join(brief.dir, "places.yaml"), edited);
      const before = snapshot(brief.dir);
      const commit = stage.commit(() => 0);
      await expect(commit).rejects.toThrow(ImportError);
      await expect(commit).rejects.toThrow(
        `${join(brief.dir, "places.yaml")} changed while the import ran (saved by someone else?); nothing was written: run the import again`,
      );
      expect(snapshot(brief.dir)).toEqual(before);
    } finally {
      await stage.discard();
    }
  });

  it("replaces files nobody touched", async () => {
    const brief = importBrief();
    const stage = await Stage.open(brief.dir, "claims/acled-x.jsonl");
    try {
      await stage.remember("claims/acled-x.jsonl");
      await stage.write("claims/acled-x.jsonl", "{}\n");
      await stage.commit(() => 0);
      expect(readFileSync(join(brief.dir, "claims/acled-x.jsonl"), "utf8")).toBe("{}\n");
    } finally {
      await stage.discard();
    }
  });
});
