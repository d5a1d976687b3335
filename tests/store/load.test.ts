import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { formatProblem, loadBrief, loadStore } from "../../src/store/load.ts";
import { claimKey } from "../../src/store/types.ts";
import { writeValidBrief } from "../fixtures/briefs.ts";

describe("loadStore on a valid brief", () => {
  it("builds a store with every source, actor, place and claim", async () => {
    const brief = writeValidBrief();
    const result = await loadStore(brief.root, { now: () => 1_000 });
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    const loaded = result.store.briefs.get("test-brief");
    expect(result.store.root).toBe(resolve(brief.root));
    expect(result.store.loadedAt).toBe(1_000);
    expect(loaded?.dir).toBe(resolve(brief.dir));
    expect(loaded?.meta.title).toBe("Test offensive");
    expect([...(loaded?.sources.keys() ?? [])]).toEqual(["sohr", "sana", "afp"]);
    expect(loaded?.actors.size).toBe(3);
    expect(loaded?.places.size).toBe(3);
    expect(loaded?.claims).toHaveLength(5);
  });

  it("applies the documented defaults", async () => {
    const result = await loadStore(writeValidBrief().root);
    if (!result.ok) throw new Error("expected the brief to load");
    const loaded = result.store.briefs.get("test-brief")!;
    expect(loaded.meta.stale_after_hours).toBe(48);
    expect(loaded.sources.get("sana")?.reliability).toBe("F");
    const control = loaded.claims.find((c) => c.type === "control");
    expect(control?.type === "control" && control.extent).toBe("partial");
  });

  it("reads a plain date as the start of that day in the brief's time zone", async () => {
    const result = await loadStore(writeValidBrief().root);
    if (!result.ok) throw new Error("expected the brief to load");
    const first = result.store.briefs.get("test-brief")!.claims[0]!;
    expect(claimKey(first)).toBe("sohr-toll-1");
    expect(first.dateOnly).toBe(true);
    // Damascus is UTC+3 in November 2024.
    expect(first.at).toBe(Date.parse("2024-11-28T21:00:00Z"));
  });

  it("keeps the claim's file and a stable key for claims without an id", async () => {
    const result = await loadStore(writeValidBrief().root);
    if (!result.ok) throw new Error("expected the brief to load");
    const statement = result.store.briefs
      .get("test-brief")!
      .claims.find((c) => c.type === "statement");
    expect(statement?.file).toBe("claims/2024-11-30.yaml");
    expect(statement && claimKey(statement)).toBe("claims/2024-11-30.yaml#1");
  });

  it("links a correction to the claim it supersedes", async () => {
    const result = await loadStore(writeValidBrief().root);
    if (!result.ok) throw new Error("expected the brief to load");
    const loaded = result.store.briefs.get("test-brief")!;
    const old = loaded.claimsById.get("sohr-toll-1");
    expect(old?.supersededBy?.map((c) => claimKey(c))).toEqual(["sohr-toll-2"]);
  });

  it("treats a claims file of only comments as no claims", async () => {
    const brief = writeValidBrief({ "claims/2024-12-01.yaml": "# nothing yet\n" });
    const result = await loadStore(brief.root);
    expect(result.ok && result.store.briefs.get("test-brief")?.claims.length).toBe(5);
  });

  it("ignores files and folders whose names start with a dot, and other non-YAML files", async () => {
    const brief = writeValidBrief({
      ".sources.yaml.swp": "{{{",
      "claims/.2024-11-29.yaml~": "- [",
      "README.md": "# notes",
    });
    mkdirSync(join(brief.root, ".git"));
    const result = await loadStore(brief.root);
    expect(result.ok).toBe(true);
  });
});

describe("loadStore on a briefs folder", () => {
  it("loads several briefs, in id order", async () => {
    const first = writeValidBrief({}, "zeta");
    writeValidBrief({}, "alpha", first.root);
    const result = await loadStore(first.root);
    expect(result.ok && [...result.store.briefs.keys()]).toEqual(["alpha", "zeta"]);
  });

  it("refuses a folder without briefs", async () => {
    const root = mkdtempSync(join(tmpdir(), "sitrep-empty-"));
    writeFileSync(join(root, "README.md"), "nothing here");
    const result = await loadStore(root);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatchObject({ file: root, line: 1, column: 1 });
      expect(result.problems[0]?.message).toContain("no briefs");
    }
  });

  it("refuses a folder that does not exist", async () => {
    const root = join(tmpdir(), "sitrep-no-such-folder-for-tests");
    const result = await loadStore(root);
    expect(!result.ok && result.problems[0]?.message).toContain("does not exist");
  });

  it("names files by the root as given, so a relative root gives relative paths", async () => {
    const brief = writeValidBrief({ "sources.yaml": null });
    const root = relative(process.cwd(), brief.root);
    const result = await loadStore(root);
    expect(!result.ok && result.problems.map((p) => p.file)).toEqual([
      join(root, "test-brief", "sources.yaml"),
    ]);
  });

  it("reports the briefs that did load alongside the problems of those that did not", async () => {
    const good = writeValidBrief({}, "good");
    writeValidBrief({ "brief.yaml": "title: x\n" }, "bad", good.root);
    const result = await loadStore(good.root);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect([...(result.partial?.briefs.keys() ?? [])]).toEqual(["good"]);
      expect([...(result.partial?.present ?? [])]).toEqual(["bad", "good"]);
      expect(result.problems.every((p) => p.file.includes("/bad/"))).toBe(true);
    }
  });
});

describe("loadBrief", () => {
  it("loads one brief folder by its path", async () => {
    const brief = writeValidBrief({}, "one");
    const result = await loadBrief(brief.dir);
    expect(result.ok && result.brief.id).toBe("one");
  });
});

describe("formatProblem", () => {
  it("prints file:line:column: message", () => {
    expect(formatProblem({ file: "briefs/x/a.yaml", line: 3, column: 7, message: "bad" })).toBe(
      "briefs/x/a.yaml:3:7: bad",
    );
  });
});
