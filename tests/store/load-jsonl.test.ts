import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { formatProblem, type LoadOptions, loadStore } from "../../src/store/load.ts";
import { openSnapshotCache } from "../../src/store/snapshot.ts";
import { claimKey } from "../../src/store/types.ts";
import { writeValidBrief } from "../fixtures/briefs.ts";

const FILE = "claims/acled-test.jsonl";

function line(claim: Record<string, unknown>): string {
  return JSON.stringify(claim);
}

const EVENT = {
  type: "event",
  source: "afp",
  reported: "2024-11-30",
  summary: "Shelling of the old city.",
  place: "aleppo",
  external_id: "SYR1001",
  added_by: "sitrep import acled",
};
const TOLL = {
  type: "toll",
  source: "afp",
  reported: "2024-11-30",
  metric: "killed",
  count: { low: 3, high: 5 },
  place: "saraqib",
  external_id: "SYR1001",
};

async function problemsOf(text: string, options: LoadOptions = {}): Promise<string[]> {
  const brief = writeValidBrief({ [FILE]: text });
  const result = await loadStore(brief.root, options);
  if (result.ok) return [];
  return result.problems.map(
    (p) => `${relative(brief.dir, p.file)}:${p.line}:${p.column}: ${p.message}`,
  );
}

describe("loadStore reads claims/*.jsonl", () => {
  it("loads one claim per line beside the YAML files, with external_id and added_by", async () => {
    const brief = writeValidBrief({ [FILE]: `${line(EVENT)}\n\n${line(TOLL)}\r\n` });
    const result = await loadStore(brief.root);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    const claims = result.store.briefs.get("test-brief")!.claims;
    const imported = claims.filter((c) => c.file === FILE);
    expect(imported.map((c) => [c.type, c.index, claimKey(c), c.external_id])).toEqual([
      ["event", 0, `${FILE}#0`, "SYR1001"],
      ["toll", 1, `${FILE}#1`, "SYR1001"],
    ]);
    expect(imported[0]?.added_by).toBe("sitrep import acled");
    expect(claims).toHaveLength(7);
  });

  it("reads an empty file as no claims", async () => {
    expect(await problemsOf("")).toEqual([]);
  });

  it("reports every line that is not JSON, with its line and column", async () => {
    const problems = await problemsOf(`${line(EVENT)}\n{"type": "event",}\n\n{"a": 1\n`);
    expect(problems).toEqual([
      `${FILE}:2:18: JSON syntax: expected double-quoted property name (each line must be one claim as a JSON object)`,
      `${FILE}:4:8: JSON syntax: expected ',' or '}' after property value (each line must be one claim as a JSON object)`,
    ]);
  });

  it("points a schema problem at the line and the offending value", async () => {
    const bad = { ...TOLL, count: { low: 5, high: 3 } };
    const problems = await problemsOf(`${line(EVENT)}\n\n${line(bad)}\n`);
    // The value of `high`, seven characters after its quoted key (`"high":`).
    const column = line(bad).indexOf('"high"') + 7 + 1;
    expect(problems).toEqual([`${FILE}:3:${column}: \`count.high\`: low must not be above high`]);
  });

  it("points an unknown field at its key and an unknown place at its value", async () => {
    const text = `${line({ ...EVENT, colour: "red" })}\n${line({ ...TOLL, place: "atlantis" })}\n`;
    const problems = await problemsOf(text);
    const first = line({ ...EVENT, colour: "red" });
    const second = line({ ...TOLL, place: "atlantis" });
    expect(problems).toEqual([
      expect.stringMatching(
        new RegExp(`^${FILE}:1:${first.indexOf('"colour"') + 1}: unknown field \`colour\``),
      ),
      expect.stringMatching(
        new RegExp(`^${FILE}:2:${second.indexOf('"atlantis"') + 1}: .*atlantis`),
      ),
    ]);
  });

  it("stores the same claims with a snapshot cache, on the first start and from the snapshot", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sitrep-cache-"));
    const cache = openSnapshotCache(dir);
    const withdrawn = { ...TOLL, withdrawn: { reported: "2024-12-01", note: "A mistake." } };
    const brief = writeValidBrief({
      [FILE]: `${line(EVENT)}\n${line(TOLL)}\n${line(withdrawn)}\n`,
    });
    const imported = async (options: LoadOptions) => {
      const result = await loadStore(brief.root, options);
      if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
      return result.store.briefs.get("test-brief")!.claims.filter((c) => c.file === FILE);
    };
    const plain = await imported({});
    const first = await imported({ cache });
    // The six YAML files, the JSON Lines one, and one entry for the whole brief.
    expect(readdirSync(dir)).toHaveLength(8);
    const second = await imported({ cache });
    expect(first).toEqual(plain);
    expect(second).toEqual(plain);
    expect(second.map((c) => [claimKey(c), c.at, c.withdrawnAt])).toEqual([
      [`${FILE}#0`, plain[0]!.at, undefined],
      [`${FILE}#1`, plain[1]!.at, undefined],
      [`${FILE}#2`, plain[2]!.at, Date.parse("2024-11-30T21:00:00Z")],
    ]);
  });

  it("reports a bad line the same with a snapshot cache, and keeps no snapshot of the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sitrep-cache-"));
    const text = `${line(EVENT)}\n{"type": "event",}\n`;
    const problems = await problemsOf(text, { cache: openSnapshotCache(dir) });
    expect(problems).toEqual(await problemsOf(text));
    expect(problems).toHaveLength(1);
    // The six YAML files only: none for the JSON Lines file, none for a brief that did not load.
    expect(readdirSync(dir)).toHaveLength(6);
  });
});
