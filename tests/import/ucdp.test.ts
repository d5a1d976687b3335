import { describe, expect, it } from "vitest";
import { importBrief, jsonLines, load, runImport, snapshot, table, writeCsv } from "./helpers.ts";

const HEADER = [
  "id",
  "relid",
  "year",
  "side_a",
  "side_b",
  "adm_1",
  "adm_2",
  "where_coordinates",
  "latitude",
  "longitude",
  "date_start",
  "date_end",
  "deaths_a",
  "deaths_b",
  "deaths_civilians",
  "deaths_unknown",
  "best",
  "high",
  "low",
  "source_article",
];

// Made-up rows in UCDP GED's shape.
const ROW = {
  id: 900001,
  side_a: "Government of Syria",
  side_b: "Syrian insurgents",
  adm_1: "Idlib governorate",
  adm_2: "Ariha district",
  where_coordinates: "Saraqib town",
  latitude: 35.86,
  longitude: 36.8,
  date_start: "2024-11-28 00:00:00.000",
  date_end: "2024-11-29 00:00:00.000",
  deaths_civilians: 2,
  best: 6,
  low: 4,
  high: 9,
  source_article: "Test wire, 29 November 2024",
};

describe("sitrep import ucdp", () => {
  it("makes a killed toll per row as the range {low, high}, with best in the note", async () => {
    const brief = importBrief();
    const report = await runImport({
      format: "ucdp",
      file: writeCsv("ged.csv", table(HEADER, [ROW])),
      briefDir: brief.dir,
    });
    expect(report.claims.added).toBe(1);
    expect(jsonLines(brief.dir, "claims/ucdp-ged.jsonl")).toEqual([
      {
        type: "toll",
        source: "ucdp",
        reported: "2024-11-29",
        metric: "killed",
        count: { low: 4, high: 9 },
        place: "saraqib",
        since: "2024-11-28",
        until: "2024-11-29",
        note: "UCDP best estimate 6, of whom 2 civilians. Government of Syria v Syrian insurgents. Sources: Test wire, 29 November 2024.",
        external_id: "900001",
        added_by: "sitrep import ucdp",
      },
    ]);
    const loaded = await load(brief.dir);
    expect(loaded.sources.get("ucdp")?.note).toMatch(/UCDP GED.*CC BY 4\.0; accessed 2024-12-01/);
  });

  it("reads the kind from where_coordinates and nests a new place under its admin units", async () => {
    const brief = importBrief();
    const row = {
      ...ROW,
      id: 900002,
      where_coordinates: "Kafr Test village",
      latitude: 35.7,
      longitude: 36.7,
    };
    const report = await runImport({
      format: "ucdp",
      file: writeCsv("ged.csv", table(HEADER, [row])),
      briefDir: brief.dir,
    });
    expect(report.places).toEqual({ id: 0, pcode: 1, name: 0, gazetteer: 1, created: 1 });
    const loaded = await load(brief.dir);
    // Ariha district is in the gazetteer: added under the brief's Idlib (same P-code).
    expect(loaded.places.get("ariha")).toEqual(
      expect.objectContaining({ kind: "district", pcode: "SY0703", in: "idlib-governorate" }),
    );
    expect(loaded.places.get("kafr-test")).toEqual({
      id: "kafr-test",
      name: "Kafr Test",
      kind: "village",
      in: "ariha",
      lat: 35.7,
      lon: 36.7,
    });
  });

  it("skips rows without deaths or with unreadable figures, with their line; re-import changes nothing", async () => {
    const brief = importBrief();
    const rows = table(HEADER, [
      ROW,
      { ...ROW, id: 900003, best: 0, low: 0, high: 0 },
      { ...ROW, id: 900004, low: 10 },
      { ...ROW, id: 900005, date_end: "soon" },
    ]);
    const file = writeCsv("ged.csv", rows);
    const report = await runImport({ format: "ucdp", file, briefDir: brief.dir });
    expect(report.skipped).toEqual([
      { line: 3, reason: "no deaths (high is 0)" },
      { line: 4, reason: "low (10) is above high (9)" },
      { line: 5, reason: "date_end `soon` is not a date" },
    ]);
    const before = snapshot(brief.dir);
    expect((await runImport({ format: "ucdp", file, briefDir: brief.dir })).claims).toEqual({
      added: 0,
      updated: 0,
      unchanged: 1,
      withdrawn: 0,
    });
    expect(snapshot(brief.dir)).toEqual(before);
  });

  it("keeps a toll whose row no longer counts deaths, withdrawn, and says so", async () => {
    const brief = importBrief();
    await runImport({
      format: "ucdp",
      file: writeCsv("ged.csv", table(HEADER, [ROW])),
      briefDir: brief.dir,
    });
    const report = await runImport({
      format: "ucdp",
      file: writeCsv("ged.csv", table(HEADER, [{ ...ROW, best: 0, low: 0, high: 0 }])),
      briefDir: brief.dir,
    });
    expect(report.skipped).toEqual([]);
    expect(report.claims).toEqual({ added: 0, updated: 0, unchanged: 0, withdrawn: 1 });
    const [toll] = jsonLines(brief.dir, "claims/ucdp-ged.jsonl");
    expect(toll).toEqual(
      expect.objectContaining({
        count: { low: 4, high: 9 },
        withdrawn: {
          reported: "2024-12-01T10:00:00Z",
          note: "UCDP GED's updated row 900001 no longer gives this figure; withdrawn by sitrep import ucdp on 2024-12-01.",
        },
      }),
    );
    expect((await load(brief.dir)).claims).toHaveLength(1);
  });
});
