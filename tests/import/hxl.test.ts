import { describe, expect, it } from "vitest";
import { importBrief, jsonLines, load, runImport, writeCsv } from "./helpers.ts";

// An HDX-style sheet: a title row, human headers, then the hashtag row.
const SHEET = [
  ["Casualty figures, test sheet", "", "", "", "", "", ""],
  ["Date", "Governorate code", "District code", "Location", "Killed", "Displaced", "Reported by"],
  [
    "#date",
    "#adm1+code",
    "#adm2+code",
    "#loc+name",
    "#affected+killed",
    "#affected+displaced",
    "#org",
  ],
  ["2024-11-29", "SY07", "", "Saraqeb", "12", "", "SOHR"],
  ["2024-11-30", "SY02", "SY0200", "", "", "1,500", "Test Relief Network"],
  ["2024-11-30", "SY07", "SY0703", "", "3-5", "", "SOHR"],
  ["", "SY07", "", "", "4", "", "SOHR"],
  ["2024-11-30", "SY07", "", "", "a few", "", "SOHR"],
];

describe("sitrep import hxl", () => {
  it("finds the hashtag row below the headers and makes a toll per figure", async () => {
    const brief = importBrief();
    const report = await runImport({
      format: "hxl",
      file: writeCsv("sheet.csv", SHEET),
      briefDir: brief.dir,
    });
    expect(report.rows).toBe(5);
    const claims = jsonLines(brief.dir, "claims/hxl-sheet.jsonl");
    expect(claims.map((c) => [c.source, c.reported, c.metric, c.count, c.place])).toEqual([
      ["sohr", "2024-11-29", "killed", 12, "saraqib"],
      ["test-relief-network", "2024-11-30", "displaced", 1500, "jebel-saman"],
      ["sohr", "2024-11-30", "killed", { low: 3, high: 5 }, "ariha"],
    ]);
    expect(
      claims.every((c) => typeof c.external_id === "string" && c.added_by === "sitrep import hxl"),
    ).toBe(true);
    expect(report.skipped).toEqual([
      { line: 7, reason: "no date (#date or #date+reported)" },
      { line: 8, reason: "the figure `a few` is not a whole number or a range" },
    ]);
  });

  it("matches places by P-code first, then the gazetteer by P-code, creating the admin chain", async () => {
    const brief = importBrief();
    const report = await runImport({
      format: "hxl",
      file: writeCsv("sheet.csv", SHEET),
      briefDir: brief.dir,
    });
    // Saraqeb by alias; Jebel Saman (and Aleppo above it) and Ariha from the gazetteer by P-code,
    // Ariha under the Idlib the brief has by that P-code.
    expect(report.places).toEqual({ id: 0, pcode: 1, name: 1, gazetteer: 3, created: 0 });
    const loaded = await load(brief.dir);
    expect(loaded.places.get("jebel-saman")).toEqual(
      expect.objectContaining({ pcode: "SY0200", in: "aleppo-syria" }),
    );
    expect(loaded.places.get("ariha")?.in).toBe("idlib-governorate");
    expect(loaded.sources.get("test-relief-network")).toEqual({
      id: "test-relief-network",
      name: "Test Relief Network",
      kind: "other",
      reliability: "F",
    });
  });

  it("matches a place by the P-code it has in the brief", async () => {
    const brief = importBrief();
    const sheet = [
      ["#date+reported", "#adm1+code", "#affected+injured+children", "#meta+source"],
      ["2024-11-29", "sy07", "8", "sohr"],
    ];
    const report = await runImport({
      format: "hxl",
      file: writeCsv("pcode.csv", sheet),
      briefDir: brief.dir,
    });
    expect(report.places.pcode).toBe(1);
    expect(jsonLines(brief.dir, "claims/hxl-pcode.jsonl")).toEqual([
      expect.objectContaining({
        metric: "injured",
        who: "children",
        count: 8,
        place: "idlib-governorate",
      }),
    ]);
  });

  it("uses --source when the sheet names no source, and keeps its row ids stable across imports", async () => {
    const brief = importBrief();
    const sheet = [
      ["#date", "#loc+name", "#affected+killed", "#description"],
      ["2024-11-29", "Aleppo", "3", "Shelling of a market."],
    ];
    const first = await runImport({
      format: "hxl",
      file: writeCsv("nosource.csv", sheet),
      briefDir: brief.dir,
      source: "sohr",
    });
    expect(first.claims.added).toBe(2);
    const claims = jsonLines(brief.dir, "claims/hxl-nosource.jsonl");
    expect(claims.map((c) => [c.type, c.source, c.place])).toEqual([
      ["toll", "sohr", "aleppo"],
      ["event", "sohr", "aleppo"],
    ]);
    // The same row with a corrected figure updates its claims.
    const corrected = [sheet[0]!, ["2024-11-29", "Aleppo", "4", "Shelling of a market."]];
    const second = await runImport({
      format: "hxl",
      file: writeCsv("nosource.csv", corrected),
      briefDir: brief.dir,
      source: "sohr",
    });
    expect(second.claims).toEqual({ added: 0, updated: 1, unchanged: 1, withdrawn: 0 });
    expect(jsonLines(brief.dir, "claims/hxl-nosource.jsonl")[0]?.count).toBe(4);
  });

  it("refuses a CSV without a hashtag row", async () => {
    const brief = importBrief();
    const rows = Array.from({ length: 30 }, (_, i) => [`row ${i}`, "x"]);
    await expect(
      runImport({ format: "hxl", file: writeCsv("plain.csv", rows), briefDir: brief.dir }),
    ).rejects.toThrow(
      /plain\.csv: no HXL hashtag row \(#date, #loc\+name, #affected\+killed, \.\.\.\) in its first 25 rows\. It is none of the formats sitrep reads .*; its first row has the columns row 0, x\.$/,
    );
    // A short file that is an ACLED export: the error says so, and how to import it.
    const acled = writeCsv("events.csv", [
      ["event_id_cnty", "event_date", "location", "fatalities"],
      ["TST1", "2024-11-29", "Aleppo", "2"],
    ]);
    await expect(runImport({ format: "hxl", file: acled, briefDir: brief.dir })).rejects.toThrow(
      `${acled}: no HXL hashtag row (#date, #loc+name, #affected+killed, ...) in its first 2 rows. It looks like an ACLED export: try \`sitrep import acled events.csv\`.`,
    );
  });

  it("keeps a figure the updated sheet no longer gives, withdrawn; the row's other claims stay", async () => {
    const brief = importBrief();
    const header = ["#date", "#meta+id", "#loc+name", "#affected+killed", "#affected+injured"];
    await runImport({
      format: "hxl",
      file: writeCsv("figures.csv", [header, ["2024-11-29", "R1", "Aleppo", "4", "9"]]),
      briefDir: brief.dir,
      source: "sohr",
    });
    const report = await runImport({
      format: "hxl",
      file: writeCsv("figures.csv", [header, ["2024-11-29", "R1", "Aleppo", "", "11"]]),
      briefDir: brief.dir,
      source: "sohr",
    });
    expect(report.claims).toEqual({ added: 0, updated: 1, unchanged: 0, withdrawn: 1 });
    const claims = jsonLines(brief.dir, "claims/hxl-figures.jsonl");
    expect(
      claims.map((c) => [c.metric, c.count, (c.withdrawn as { note?: string })?.note]),
    ).toEqual([
      [
        "killed",
        4,
        "The HXL file's updated row R1 no longer gives this figure; withdrawn by sitrep import hxl on 2024-12-01.",
      ],
      ["injured", 11, undefined],
    ]);
    // Both figures gone: the row makes no claim, and the injured figure is withdrawn too.
    const gone = await runImport({
      format: "hxl",
      file: writeCsv("figures.csv", [header, ["2024-11-29", "R1", "Aleppo", "", ""]]),
      briefDir: brief.dir,
      source: "sohr",
    });
    expect(gone.skipped).toEqual([]);
    expect(gone.claims).toEqual({ added: 0, updated: 0, unchanged: 1, withdrawn: 1 });
    expect((await load(brief.dir)).claims.every((c) => c.withdrawn !== undefined)).toBe(true);
  });
});
