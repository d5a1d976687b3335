import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.ts";
import type { CliIo } from "../../src/cli/subcommand.ts";
import { importBrief, NOW, snapshot, table, writeCsv } from "../import/helpers.ts";

function capture(cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env: { SITREP_CACHE_DIR: "off" },
    now: () => NOW,
    cwd,
  };
  return { io, out, err };
}

const HEADER = [
  "event_id_cnty",
  "event_date",
  "event_type",
  "sub_event_type",
  "actor1",
  "admin1",
  "location",
  "notes",
  "fatalities",
];
const ROWS: Record<string, string | number>[] = [
  {
    event_id_cnty: "TST1",
    event_date: "2024-11-29",
    event_type: "Battles",
    sub_event_type: "Armed clash",
    actor1: "HTS",
    admin1: "Idlib",
    location: "Saraqeb",
    notes: "Test row.",
    fatalities: 3,
  },
  {
    event_id_cnty: "TST2",
    event_date: "2024-11-31",
    location: "Saraqeb",
    notes: "Bad date.",
    fatalities: 0,
  },
];

describe("sitrep import", () => {
  it("imports a file and prints the report: rows, claims, places by means, skipped rows with their line", async () => {
    const brief = importBrief();
    const file = writeCsv("events.csv", table(HEADER, ROWS));
    const { io, out, err } = capture();
    expect(
      await runCli(["import", "acled", file, "--brief", "north-west", "--briefs", brief.root], io),
    ).toBe(0);
    expect(err).toEqual([]);
    expect(out).toEqual([
      `${file} into north-west (claims/acled-events.jsonl)`,
      "rows read: 2",
      "claims written: 2 (2 new, 0 updated, 0 withdrawn); 0 unchanged",
      "places: 0 matched by P-code, 1 by name or alias, 0 by id, 0 from the gazetteer, 0 created",
      "actors: 1 matched, 0 created; sources: 1 created, 0 updated",
      "rows skipped: 1",
      `  ${file}:3: event_date \`2024-11-31\` is not a date`,
      "wrote: claims/acled-events.jsonl, sources.yaml",
    ]);
  });

  it("says what a dry run would write and writes nothing", async () => {
    const brief = importBrief();
    const before = snapshot(brief.dir);
    const { io, out } = capture();
    const file = writeCsv("events.csv", table(HEADER, ROWS));
    expect(
      await runCli(
        ["import", "acled", file, "--brief", "north-west", "--briefs", brief.root, "--dry-run"],
        io,
      ),
    ).toBe(0);
    expect(out[0]).toMatch(/^Dry run: nothing written\. /);
    expect(out.at(-1)).toBe("would write: claims/acled-events.jsonl, sources.yaml");
    expect(snapshot(brief.dir)).toEqual(before);
  });

  it("refuses a brief with problems, printing them, and writes nothing", async () => {
    const brief = importBrief();
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(brief.dir, "actors.yaml"), "- id: hts\n  colour: green\n");
    const before = snapshot(brief.dir);
    const { io, err } = capture();
    const file = writeCsv("events.csv", table(HEADER, ROWS));
    expect(
      await runCli(["import", "acled", file, "--brief", "north-west", "--briefs", brief.root], io),
    ).toBe(1);
    expect(err[1]).toMatch(/north-west\/actors\.yaml:2:3: unknown field `colour`/);
    expect(err.at(-1)).toMatch(/nothing was written/);
    expect(snapshot(brief.dir)).toEqual(before);
  });

  it("reports usage errors with exit 2", async () => {
    const brief = importBrief();
    const file = writeCsv("events.csv", table(HEADER, ROWS));
    const cases = [
      ["import", "csv", file, "--brief", "north-west"],
      ["import", "acled", file],
      ["import", "acled", "/no/such/file.csv", "--brief", "north-west", "--briefs", brief.root],
      ["import", "acled", file, "--brief", "elsewhere", "--briefs", brief.root],
    ];
    for (const argv of cases) {
      const { io, err } = capture();
      expect(await runCli(argv, io), argv.join(" ")).toBe(2);
      expect(err[0]).toMatch(/^sitrep import: /);
    }
  });

  it("names the briefs there, and the nearest, for an unknown --brief", async () => {
    const brief = importBrief();
    const file = writeCsv("events.csv", table(HEADER, ROWS));
    const { io, err } = capture();
    expect(
      await runCli(["import", "acled", file, "--brief", "north-wset", "--briefs", brief.root], io),
    ).toBe(2);
    expect(err[0]?.split("\n")[0]).toBe(
      `sitrep import: no brief \`north-wset\` in ${brief.root} (did you mean \`north-west\`?); the briefs there: north-west`,
    );
    const missing = capture();
    await runCli(
      ["import", "acled", file, "--brief", "x", "--briefs", `${brief.root}/nope`],
      missing.io,
    );
    expect(missing.err[0]?.split("\n")[0]).toBe(
      `sitrep import: no briefs folder \`${brief.root}/nope\`: give --briefs DIR or set BRIEFS_DIR`,
    );
    const folder = capture();
    await runCli(
      ["import", "acled", brief.dir, "--brief", "north-west", "--briefs", brief.root],
      folder.io,
    );
    expect(folder.err[0]?.split("\n")[0]).toBe(
      `sitrep import: ${brief.dir} is a folder, not a file to import`,
    );
  });

  it("says what an unknown format's file looks like, and writes nothing", async () => {
    const brief = importBrief();
    const before = snapshot(brief.dir);
    const file = writeCsv("events.csv", table(HEADER, ROWS));
    const { io, err } = capture();
    expect(
      await runCli(["import", "ucdp", file, "--brief", "north-west", "--briefs", brief.root], io),
    ).toBe(1);
    expect(err).toEqual([
      `sitrep import: ${file}: not a UCDP GED file: its first row lacks the columns id, date_start, date_end, best, low, high. It looks like an ACLED export: try \`sitrep import acled events.csv\`.`,
    ]);
    expect(snapshot(brief.dir)).toEqual(before);
  });

  it("reports claims withdrawn and rows no longer in the file on a re-import", async () => {
    const brief = importBrief();
    const argv = (file: string) => [
      "import",
      "acled",
      file,
      "--brief",
      "north-west",
      "--briefs",
      brief.root,
    ];
    const both = [ROWS[0]!, { ...ROWS[0]!, event_id_cnty: "TST3", fatalities: 1 }];
    await runCli(argv(writeCsv("events.csv", table(HEADER, both))), capture().io);
    const { io, out } = capture();
    const file = writeCsv("events.csv", table(HEADER, [{ ...ROWS[0]!, fatalities: 0 }]));
    expect(await runCli(argv(file), io)).toBe(0);
    expect(out).toEqual([
      `${file} into north-west (claims/acled-events.jsonl)`,
      "rows read: 1",
      "claims written: 1 (0 new, 0 updated, 1 withdrawn); 1 unchanged",
      "not in this file: 2 claims of 1 row imported before, kept unchanged",
      "places: 0 matched by P-code, 1 by name or alias, 0 by id, 0 from the gazetteer, 0 created",
      "actors: 1 matched, 0 created; sources: 0 created, 0 updated",
      "rows skipped: 0",
      "wrote: claims/acled-events.jsonl",
    ]);
  });
});

describe("sitrep export", () => {
  it("exports a brief as HXL and as JSON Lines, as of a time", async () => {
    const brief = importBrief();
    await runCli(
      [
        "import",
        "acled",
        writeCsv("events.csv", table(HEADER, ROWS)),
        "--brief",
        "north-west",
        "--briefs",
        brief.root,
      ],
      capture().io,
    );
    const { io, out } = capture(brief.root);
    expect(await runCli(["export", "all.csv", "--format", "hxl", "--briefs", "."], io)).toBe(0);
    expect(
      await runCli(
        [
          "export",
          "early.jsonl",
          "--format",
          "jsonl",
          "--brief",
          "north-west",
          "--at",
          "2024-11-28",
          "--briefs",
          ".",
        ],
        io,
      ),
    ).toBe(0);
    expect(out).toEqual([
      "all.csv: 2 claims from north-west as HXL CSV",
      "early.jsonl: 0 claims from north-west as JSON Lines",
    ]);
    expect(readFileSync(join(brief.root, "all.csv"), "utf8")).toContain("#affected+killed");
  });

  it("reports usage errors with exit 2", async () => {
    const brief = importBrief();
    for (const argv of [
      ["export", "x.csv"],
      ["export", "x.csv", "--format", "xlsx"],
      ["export", "x.csv", "--format", "hxl", "--brief", "nope", "--briefs", brief.root],
      ["export", "x.csv", "--format", "hxl", "--at", "whenever", "--briefs", brief.root],
    ]) {
      expect(await runCli(argv, capture().io), argv.join(" ")).toBe(2);
    }
    const { io, err } = capture();
    await runCli(
      ["export", "x.csv", "--format", "hxl", "--brief", "north-wes", "--briefs", brief.root],
      io,
    );
    expect(err[0]?.split("\n")[0]).toBe(
      `sitrep export: no brief \`north-wes\` in ${brief.root} (did you mean \`north-west\`?); the briefs there: north-west`,
    );
  });
});
