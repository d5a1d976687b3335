import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ACLED_TOLL_NOTE } from "../../src/import/acled.ts";
import { importDataset } from "../../src/import/run.ts";
import {
  GAZETTEER,
  importBrief,
  jsonLines,
  load,
  NOW,
  runImport,
  snapshot,
  table,
  writeCsv,
} from "./helpers.ts";

const HEADER = [
  "event_id_cnty",
  "event_date",
  "year",
  "event_type",
  "sub_event_type",
  "actor1",
  "actor2",
  "admin1",
  "admin2",
  "admin3",
  "location",
  "latitude",
  "longitude",
  "source",
  "notes",
  "fatalities",
  "timestamp",
];

// Made-up rows in ACLED's shape: never real ACLED data (its terms forbid redistributing it).
const CLASH = {
  event_id_cnty: "TST1",
  event_date: "2024-11-29",
  event_type: "Battles",
  sub_event_type: "Armed clash",
  actor1: "HTS: Hayat Tahrir al-Sham",
  actor2: "Military Forces of Syria (2000-2024)",
  admin1: "Idleb",
  admin2: "Ariha",
  location: "Saraqeb",
  latitude: "35.86",
  longitude: "36.80",
  source: "Local monitor",
  notes: "Test row: fighters clashed with army units near the town.\nSecond line of the note.",
  fatalities: 7,
};
const STRIKE = {
  event_id_cnty: "TST2",
  event_date: "30 November 2024",
  event_type: "Explosions/Remote violence",
  sub_event_type: "Air/drone strike",
  actor1: "Test Air Force",
  admin1: "Aleppo",
  admin2: "Jebel Saman",
  admin3: "Atareb",
  location: "Kafr Testin",
  latitude: "36.1",
  longitude: "36.9",
  notes: "Test row: a strike on a village.",
  fatalities: 0,
};

const FILE = "claims/acled-events.jsonl";

describe("sitrep import acled", () => {
  it("makes an event per row and a killed toll where fatalities > 0, with the conservative-figures note", async () => {
    const brief = importBrief();
    const report = await runImport({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [CLASH, STRIKE])),
      briefDir: brief.dir,
    });
    expect(report.claimsFile).toBe(FILE);
    expect(report.rows).toBe(2);
    expect(report.claims).toEqual({ added: 3, updated: 0, unchanged: 0, withdrawn: 0 });
    expect(jsonLines(brief.dir, FILE)).toEqual([
      {
        type: "event",
        source: "acled",
        reported: "2024-11-29",
        summary:
          "Test row: fighters clashed with army units near the town. Second line of the note.",
        place: "saraqib",
        actors: ["hts", "government"],
        note: "ACLED: Battles / Armed clash. Sources: Local monitor.",
        external_id: "TST1",
        added_by: "sitrep import acled",
      },
      {
        type: "toll",
        source: "acled",
        reported: "2024-11-29",
        metric: "killed",
        count: 7,
        place: "saraqib",
        since: "2024-11-29",
        until: "2024-11-29",
        note: ACLED_TOLL_NOTE,
        external_id: "TST1",
        added_by: "sitrep import acled",
      },
      expect.objectContaining({
        type: "event",
        reported: "2024-11-30",
        place: "kafr-testin",
        actors: ["test-air-force"],
        external_id: "TST2",
      }),
    ]);
    expect(ACLED_TOLL_NOTE).toMatch(/conservative/);
  });

  it("matches places by name and alias, takes admin units from the gazetteer, and creates the rest under them", async () => {
    const brief = importBrief();
    const report = await runImport({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [CLASH, STRIKE])),
      briefDir: brief.dir,
    });
    expect(report.places).toEqual({ id: 0, pcode: 0, name: 1, gazetteer: 3, created: 1 });
    const loaded = await load(brief.dir);
    // Atareb (a sub-district) from the gazetteer, with the district and governorate above it.
    expect(loaded.places.get("atareb")).toEqual(
      expect.objectContaining({
        name: "Atareb",
        kind: "district",
        pcode: "SY020001",
        in: "jebel-saman",
        lat: 36.14,
      }),
    );
    expect(loaded.places.get("jebel-saman")?.in).toBe("aleppo-syria");
    expect(loaded.places.get("aleppo-syria")).toEqual(
      expect.objectContaining({ name: "Aleppo", kind: "governorate", pcode: "SY02", in: "syria" }),
    );
    expect(loaded.places.get("kafr-testin")).toEqual({
      id: "kafr-testin",
      name: "Kafr Testin",
      kind: "town",
      in: "atareb",
      lat: 36.1,
      lon: 36.9,
    });
  });

  it("matches actors through ACLED's spellings and creates the unknown ones", async () => {
    const brief = importBrief();
    const report = await runImport({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [CLASH, STRIKE])),
      briefDir: brief.dir,
    });
    expect(report.actors).toEqual({ matched: 2, created: 1 });
    const loaded = await load(brief.dir);
    expect(loaded.actors.get("test-air-force")).toEqual({
      id: "test-air-force",
      name: "Test Air Force",
    });
  });

  it("stamps ACLED's attribution and the access date on the source", async () => {
    const brief = importBrief();
    await runImport({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [CLASH])),
      briefDir: brief.dir,
    });
    const acled = (await load(brief.dir)).sources.get("acled");
    expect(acled).toEqual(
      expect.objectContaining({ kind: "monitor", url: "https://acleddata.com" }),
    );
    expect(acled?.note).toMatch(/ACLED.*accessed 2024-12-01.*forbid redistributing/);
    // A later import updates the access date in place.
    await runImport({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [CLASH])),
      briefDir: brief.dir,
      now: Date.parse("2025-01-05T00:00:00Z"),
    });
    const text = readFileSync(join(brief.dir, "sources.yaml"), "utf8");
    expect(text).toContain("accessed 2025-01-05");
    expect(text.match(/id: acled/g)).toHaveLength(1);
  });

  it("keeps the team's own note on a source it stamps, and replaces only its earlier stamp", async () => {
    const brief = importBrief();
    const file = writeCsv("events.csv", table(HEADER, [CLASH]));
    await runImport({ format: "acled", file, briefDir: brief.dir, source: "sohr" });
    const stamped = (await load(brief.dir)).sources.get("sohr")?.note;
    expect(stamped).toMatch(/^Our own note\. Armed Conflict .* accessed 2024-12-01\./);
    await runImport({
      format: "acled",
      file,
      briefDir: brief.dir,
      source: "sohr",
      now: Date.parse("2025-02-01T00:00:00Z"),
    });
    const again = (await load(brief.dir)).sources.get("sohr")?.note;
    expect(again).toBe(stamped!.replace("2024-12-01", "2025-02-01"));
  });

  it("changes nothing when the same file is imported again", async () => {
    const brief = importBrief();
    const file = writeCsv("events.csv", table(HEADER, [CLASH, STRIKE]));
    await runImport({ format: "acled", file, briefDir: brief.dir });
    const before = snapshot(brief.dir);
    const again = await runImport({ format: "acled", file, briefDir: brief.dir });
    expect(again.claims).toEqual({ added: 0, updated: 0, unchanged: 3, withdrawn: 0 });
    expect(again.places).toEqual({ id: 0, pcode: 0, name: 2, gazetteer: 0, created: 0 });
    expect(again.files).toEqual([]);
    expect(snapshot(brief.dir)).toEqual(before);
    expect(readdirSync(brief.root).filter((name) => name.startsWith("."))).toEqual([]);
  });

  it("updates the claims of an updated row in place, and adds new rows after", async () => {
    const brief = importBrief();
    await runImport({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [CLASH, STRIKE])),
      briefDir: brief.dir,
    });
    const updated = { ...CLASH, fatalities: 9 };
    const added = { ...STRIKE, event_id_cnty: "TST3", fatalities: 2 };
    const report = await runImport({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [updated, STRIKE, added])),
      briefDir: brief.dir,
    });
    expect(report.claims).toEqual({ added: 2, updated: 1, unchanged: 2, withdrawn: 0 });
    const lines = jsonLines(brief.dir, FILE);
    expect(lines.map((c) => [c.external_id, c.type, c.count])).toEqual([
      ["TST1", "event", undefined],
      ["TST1", "toll", 9],
      ["TST2", "event", undefined],
      ["TST3", "event", undefined],
      ["TST3", "toll", 2],
    ]);
    expect((await load(brief.dir)).claims).toHaveLength(5);
  });

  it("reports bad rows with their line and imports the rest", async () => {
    const brief = importBrief();
    const rows = table(HEADER, [
      CLASH, // lines 2-3: the note holds a line break
      { ...STRIKE, event_id_cnty: "TST4", event_date: "someday" },
      { ...STRIKE, event_id_cnty: "TST5", fatalities: "many" },
      { ...STRIKE, event_id_cnty: "", fatalities: 1 },
      { ...STRIKE, event_id_cnty: "TST1" },
      STRIKE,
    ]);
    const report = await runImport({
      format: "acled",
      file: writeCsv("events.csv", rows),
      briefDir: brief.dir,
    });
    expect(report.rows).toBe(6);
    expect(report.skipped).toEqual([
      { line: 4, reason: "event_date `someday` is not a date" },
      { line: 5, reason: "fatalities `many` is not a whole number" },
      { line: 6, reason: "no event_id_cnty" },
      { line: 7, reason: "external id `TST1` repeats the row on line 2" },
    ]);
    expect(report.skippedCount).toBe(4);
    expect(report.claims.added).toBe(3);
  });

  it("refuses to rewrite a claims file whose kept lines were broken by hand, naming the line", async () => {
    const brief = importBrief();
    await runImport({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [CLASH, STRIKE])),
      briefDir: brief.dir,
    });
    const path = join(brief.dir, FILE);
    const lines = readFileSync(path, "utf8").split("\n");
    lines[2] = lines[2]!.replace('"place":"kafr-testin"', '"place":"atlantis"');
    writeFileSync(path, lines.join("\n"));
    const before = snapshot(brief.dir);
    const result = await importDataset({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [{ ...CLASH, fatalities: 8 }])),
      briefDir: brief.dir,
      gazetteer: GAZETTEER,
      now: () => NOW,
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          file: path,
          line: 3,
          column: lines[2]!.indexOf('"atlantis"') + 1,
          message: "`place` `atlantis` is not in the brief",
        },
      ],
    });
    expect(snapshot(brief.dir)).toEqual(before);
  });

  it("writes nothing on a dry run, but reports what it would do", async () => {
    const brief = importBrief();
    const before = snapshot(brief.dir);
    const report = await runImport({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [CLASH, STRIKE])),
      briefDir: brief.dir,
      dryRun: true,
    });
    expect(report.dryRun).toBe(true);
    expect(report.claims.added).toBe(3);
    expect(report.files).toEqual(["actors.yaml", FILE, "places.yaml", "sources.yaml"]);
    expect(snapshot(brief.dir)).toEqual(before);
    expect(readdirSync(brief.root).filter((name) => name.startsWith("."))).toEqual([]);
  });

  it("refuses a file that is not an ACLED export, says what it looks like, and writes nothing", async () => {
    const brief = importBrief();
    const before = snapshot(brief.dir);
    const attempt = (file: string) =>
      importDataset({
        format: "acled",
        file,
        briefDir: brief.dir,
        gazetteer: GAZETTEER,
        now: () => NOW,
      });
    const plain = writeCsv("x.csv", [
      ["id", "date"],
      ["1", "2024-11-29"],
    ]);
    expect(await attempt(plain)).toEqual({
      ok: false,
      error: `${plain}: not an ACLED export: its first row lacks the columns event_id_cnty, event_date, location. It is none of the formats sitrep reads (an HXL sheet, an ACLED export, a UCDP GED file); its first row has the columns id, date.`,
    });
    const ged = writeCsv("ged.csv", [
      ["id", "date_start", "date_end", "best", "low", "high"],
      ["1", "2024-11-29", "2024-11-29", "3", "2", "4"],
    ]);
    expect(await attempt(ged)).toEqual({
      ok: false,
      error: `${ged}: not an ACLED export: its first row lacks the columns event_id_cnty, event_date, location. It looks like a UCDP GED file: try \`sitrep import ucdp ged.csv\`.`,
    });
    const sheet = writeCsv("sheet.csv", [
      ["Date", "Place"],
      ["#date", "#loc+name"],
    ]);
    expect(await attempt(sheet)).toEqual({
      ok: false,
      error: expect.stringContaining(
        "It looks like an HXL sheet: try `sitrep import hxl sheet.csv`.",
      ),
    });
    const empty = writeCsv("empty.csv", []);
    expect(await attempt(empty)).toEqual({ ok: false, error: `${empty}: the file is empty` });
    expect(await attempt(`${empty}.gone`)).toEqual({
      ok: false,
      error: `${empty}.gone: no such file`,
    });
    expect(snapshot(brief.dir)).toEqual(before);
  });

  it("refuses a --source the brief does not have, suggesting the nearest, and writes nothing", async () => {
    const brief = importBrief();
    const before = snapshot(brief.dir);
    const result = await importDataset({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [CLASH])),
      briefDir: brief.dir,
      source: "sorh",
      gazetteer: GAZETTEER,
      now: () => NOW,
    });
    expect(result).toEqual({
      ok: false,
      error:
        "--source `sorh` is not a source of brief north-west (did you mean `sohr`?): give a source id, name or alias from its sources.yaml, or add the source there first",
    });
    expect(snapshot(brief.dir)).toEqual(before);
    // By its name or alias it is found.
    const byAlias = await runImport({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [CLASH])),
      briefDir: brief.dir,
      source: "SOHR",
    });
    expect(byAlias.sources).toEqual({ created: 0, updated: 1 });
  });
});

describe("sitrep import acled, re-imports that never lose a claim", () => {
  /** An ACLED `timestamp`: when ACLED last changed the row (3 Jan 2025, 09:00 UTC). */
  const CHANGED = Date.parse("2025-01-03T09:00:00Z") / 1000;

  it("keeps a toll whose fatalities dropped to 0, withdrawn with a note saying why and when", async () => {
    const brief = importBrief();
    await runImport({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [CLASH, STRIKE])),
      briefDir: brief.dir,
    });
    const zeroed = { ...CLASH, fatalities: 0, timestamp: CHANGED };
    const report = await runImport({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [zeroed, STRIKE])),
      briefDir: brief.dir,
      now: Date.parse("2025-01-05T10:00:00Z"),
    });
    expect(report.claims).toEqual({ added: 0, updated: 0, unchanged: 2, withdrawn: 1 });
    const lines = jsonLines(brief.dir, FILE);
    expect(lines.map((c) => [c.external_id, c.type, c.count])).toEqual([
      ["TST1", "event", undefined],
      ["TST1", "toll", 7],
      ["TST2", "event", undefined],
    ]);
    expect(lines[1]?.withdrawn).toEqual({
      reported: "2025-01-03T09:00:00Z",
      note: "ACLED's updated row TST1 (changed 2025-01-03T09:00:00Z) no longer gives this figure; withdrawn by sitrep import acled on 2025-01-05.",
    });
    const loaded = await load(brief.dir);
    expect(loaded.claims).toHaveLength(3);
    expect(loaded.claims[1]?.withdrawnAt).toBe(Date.parse("2025-01-03T09:00:00Z"));

    // Importing the same file again changes nothing.
    const before = snapshot(brief.dir);
    const again = await runImport({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [zeroed, STRIKE])),
      briefDir: brief.dir,
      now: Date.parse("2025-01-05T10:00:00Z"),
    });
    expect(again.claims).toEqual({ added: 0, updated: 0, unchanged: 3, withdrawn: 0 });
    expect(again.files).toEqual([]);
    expect(snapshot(brief.dir)).toEqual(before);

    // ACLED gives a figure again: the toll is in service again, with it.
    const back = await runImport({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [{ ...CLASH, fatalities: 5 }, STRIKE])),
      briefDir: brief.dir,
    });
    expect(back.claims).toEqual({ added: 0, updated: 1, unchanged: 2, withdrawn: 0 });
    const reinstated = jsonLines(brief.dir, FILE)[1];
    expect(reinstated).toEqual(expect.objectContaining({ type: "toll", count: 5 }));
    expect(reinstated).not.toHaveProperty("withdrawn");
  });

  it("withdraws as of the import time when the row has no timestamp, never before the claim", async () => {
    const brief = importBrief();
    const file = () => writeCsv("events.csv", table(HEADER, [CLASH]));
    await runImport({ format: "acled", file: file(), briefDir: brief.dir });
    await runImport({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [{ ...CLASH, fatalities: 0 }])),
      briefDir: brief.dir,
    });
    expect(jsonLines(brief.dir, FILE)[1]?.withdrawn).toEqual({
      reported: "2024-12-01T10:00:00Z",
      note: "ACLED's updated row TST1 no longer gives this figure; withdrawn by sitrep import acled on 2024-12-01.",
    });
    // A clock before the claim (a wrong clock): the withdrawal is dated at the claim.
    const early = importBrief();
    await runImport({ format: "acled", file: file(), briefDir: early.dir });
    await runImport({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [{ ...CLASH, fatalities: 0 }])),
      briefDir: early.dir,
      now: Date.parse("2024-11-01T00:00:00Z"),
    });
    expect(jsonLines(early.dir, FILE)[1]?.withdrawn).toEqual(
      expect.objectContaining({ reported: "2024-11-29" }),
    );
    await load(early.dir);
  });

  it("leaves a claim an editor withdrew by hand as it is", async () => {
    const brief = importBrief();
    const file = writeCsv("events.csv", table(HEADER, [CLASH]));
    await runImport({ format: "acled", file, briefDir: brief.dir });
    const path = join(brief.dir, FILE);
    const [event, toll] = readFileSync(path, "utf8").trim().split("\n");
    const withdrawn = {
      ...JSON.parse(toll!),
      withdrawn: { reported: "2024-11-30", note: "Misattributed, says our desk." },
    };
    writeFileSync(path, `${event}\n${JSON.stringify(withdrawn)}\n`);
    const before = snapshot(brief.dir);
    const again = await runImport({ format: "acled", file, briefDir: brief.dir });
    expect(again.claims).toEqual({ added: 0, updated: 0, unchanged: 2, withdrawn: 0 });
    expect(snapshot(brief.dir)).toEqual(before);
    // Even when ACLED drops the figure, the editor's withdrawal is kept as written.
    await runImport({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [{ ...CLASH, fatalities: 0 }])),
      briefDir: brief.dir,
    });
    expect(jsonLines(brief.dir, FILE)[1]).toEqual(withdrawn);
  });

  it("keeps the claims of rows a re-imported file no longer has, and says how many", async () => {
    const brief = importBrief();
    await runImport({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [CLASH, STRIKE])),
      briefDir: brief.dir,
    });
    const before = snapshot(brief.dir);
    const report = await runImport({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [STRIKE])),
      briefDir: brief.dir,
    });
    expect(report.notInFile).toEqual({ rows: 1, claims: 2 });
    expect(report.claims).toEqual({ added: 0, updated: 0, unchanged: 1, withdrawn: 0 });
    expect(snapshot(brief.dir)).toEqual(before);
    // A row skipped this time is in the file: not counted as missing.
    const skipped = await runImport({
      format: "acled",
      file: writeCsv("events.csv", table(HEADER, [{ ...CLASH, event_date: "someday" }, STRIKE])),
      briefDir: brief.dir,
    });
    expect(skipped.notInFile).toEqual({ rows: 0, claims: 0 });
    expect(jsonLines(brief.dir, FILE)).toHaveLength(3);
  });
});
