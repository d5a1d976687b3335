import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { formatProblem, loadStore } from "../../src/store/load.ts";
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

async function problemsOf(text: string): Promise<string[]> {
  const brief = writeValidBrief({ [FILE]: text });
  const result = await loadStore(brief.root);
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
});
