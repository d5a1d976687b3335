import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.ts";
import type { CliIo } from "../../src/cli/subcommand.ts";
import { writeValidBrief } from "../fixtures/briefs.ts";

function capture(env: NodeJS.ProcessEnv = {}, cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env,
    now: () => 0,
    cwd,
  };
  return { io, out, err };
}

describe("sitrep validate", () => {
  it("prints one line per valid brief with its counts and exits 0", async () => {
    const brief = writeValidBrief();
    writeValidBrief({}, "second", brief.root);
    const { io, out, err } = capture();
    expect(await runCli(["validate", brief.root], io)).toBe(0);
    expect(out).toEqual([
      "second: 5 claims, 3 sources, 3 actors, 3 places",
      "test-brief: 5 claims, 3 sources, 3 actors, 3 places",
    ]);
    expect(err).toEqual([]);
  });

  it("prints every problem as file:line:col: message with a summary, and exits 1", async () => {
    const brief = writeValidBrief({
      "actors.yaml": "- id: hts\n  name: HTS\n  colour: green\n",
      "places.yaml": "- id: syria\n  kind: country\n",
    });
    const { io, out, err } = capture();
    expect(await runCli(["validate", brief.root], io)).toBe(1);
    expect(out).toEqual([]);
    expect(err[0]).toBe(
      `${brief.file("actors.yaml")}:3:3: unknown field \`colour\` (expected one of: id, name, short, aliases, side, backed_by, note)`,
    );
    expect(
      err.some((line) =>
        line.startsWith(`${brief.file("places.yaml")}:1:3: missing required field \`name\``),
      ),
    ).toBe(true);
    expect(err.at(-1)).toMatch(/^\d+ problems in \d+ files$/);
    expect(err.at(-1)).toBe(
      `${err.length - 1} problems in ${new Set(err.slice(0, -1).map((l) => l.split(":")[0])).size} files`,
    );
  });

  it("still lists the briefs that are valid when another has problems", async () => {
    const good = writeValidBrief({}, "good");
    writeValidBrief(
      { "brief.yaml": "title: x\ntimezone: Asia/Damascus\nregion: syria\nextra: 1\n" },
      "bad",
      good.root,
    );
    const { io, out, err } = capture();
    expect(await runCli(["validate", good.root], io)).toBe(1);
    expect(out).toEqual(["good: 5 claims, 3 sources, 3 actors, 3 places"]);
    expect(err).toEqual([
      `${join(good.root, "bad", "brief.yaml")}:4:1: unknown field \`extra\` (expected one of: title, timezone, summary, region, started, stale_after_hours)`,
      "1 problem in 1 file",
    ]);
  });

  it("reads the folder from BRIEFS_DIR when none is given", async () => {
    const brief = writeValidBrief();
    const { io, out } = capture({ BRIEFS_DIR: brief.root });
    expect(await runCli(["validate"], io)).toBe(0);
    expect(out).toHaveLength(1);
  });

  it("resolves a relative folder against the working directory and prints paths relative to it", async () => {
    const brief = writeValidBrief({ "sources.yaml": null });
    const { io, err } = capture({}, brief.root);
    expect(await runCli(["validate", "."], io)).toBe(1);
    const shown = relative(process.cwd(), brief.file("sources.yaml"));
    expect(err[0]).toBe(
      `${shown}:1:1: missing sources.yaml: a brief holds brief.yaml, sources.yaml, actors.yaml, places.yaml and claims/*.yaml`,
    );
  });

  it("refuses a folder that does not exist with exit 2", async () => {
    const { io, err } = capture();
    const missing = join(tmpdir(), "sitrep-validate-missing-folder");
    expect(await runCli(["validate", missing], io)).toBe(2);
    expect(err[0]).toContain(`no such folder: ${missing}`);
  });

  it("refuses a file given as the folder with exit 2", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "sitrep-validate-")), "briefs.yaml");
    writeFileSync(file, "");
    const { io, err } = capture();
    expect(await runCli(["validate", file], io)).toBe(2);
    expect(err[0]).toContain("not a folder");
  });

  it("refuses unknown flags and extra arguments with exit 2", async () => {
    expect(await runCli(["validate", "--strict"], capture().io)).toBe(2);
    expect(await runCli(["validate", "a", "b"], capture().io)).toBe(2);
  });

  it("reports a folder without briefs as a problem, exit 1", async () => {
    const root = mkdtempSync(join(tmpdir(), "sitrep-validate-empty-"));
    const { io, err } = capture();
    expect(await runCli(["validate", root], io)).toBe(1);
    expect(err[0]).toContain(`${root}:1:1: no briefs in`);
    expect(err.at(-1)).toBe("1 problem in 1 file");
  });
});
