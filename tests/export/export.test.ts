import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { exportClaims } from "../../src/export/write.ts";
import { importDataset } from "../../src/import/run.ts";
import { formatProblem } from "../../src/store/load.ts";
import { type Brief, claimKey, type StoredClaim } from "../../src/store/types.ts";
import {
  actor,
  type BriefParts,
  claim,
  place,
  source,
  writeBriefFolder,
} from "../fixtures/brief-builder.ts";
import { GAZETTEER, load, NOW, table, writeCsv } from "../import/helpers.ts";

const PARTS: BriefParts = {
  id: "round",
  meta: { title: "Round trip", timezone: "Asia/Damascus" },
  sources: [
    source("sohr", { reliability: "B" }),
    source("sana", { kind: "state-media", reliability: "D" }),
    source("afp", { kind: "wire-agency" }),
  ],
  actors: [actor("hts", { side: "opposition" }), actor("gov", { side: "government" })],
  places: [
    place("syria", { kind: "country", pcode: "SY" }),
    place("idlib", { kind: "governorate", in: "syria", pcode: "SY07", lat: 35.9, lon: 36.6 }),
    place("saraqib", { kind: "town", in: "idlib", aliases: ["سراقب"] }),
  ],
  claimFiles: {
    "2024-11-29.yaml": [
      claim.toll({
        id: "sohr-1",
        source: "sohr",
        via: "afp",
        credibility: 2,
        metric: "killed",
        count: 255,
        qualifier: "more-than",
        place: "syria",
        since: "2024-11-27",
        quote: 'more than 255, "at least"',
      }),
      claim.toll({
        id: "sohr-2",
        source: "sohr",
        reported: "2024-11-30T09:00:00+03:00",
        metric: "killed",
        count: { low: 270, high: 280 },
        place: "syria",
        since: "2024-11-27",
        supersedes: "sohr-1",
      }),
      claim.toll({
        source: "sana",
        metric: "displaced",
        count: 1400,
        who: "civilians",
        place: "idlib",
        breakdown: [{ count: 700, qualifier: "about", who: "children" }],
      }),
      claim.control({
        source: "afp",
        place: "saraqib",
        actor: "hts",
        status: "controls",
        extent: "partial",
        detail: "the east, says a resident\nsecond line",
      }),
      claim.control({
        source: "sana",
        reported: "2024-11-29T08:00:00+03:00",
        place: "saraqib",
        actor: "gov",
        status: "controls",
        withdrawn: { reported: "2024-11-29T20:00:00+03:00", note: "misread" },
      }),
      claim.statement({
        source: "sana",
        summary: "=The army says it holds the town.",
        about: ["gov", "saraqib"],
      }),
      claim.event({
        source: "afp",
        summary: 'Shelling, with "heavy" losses.',
        place: "saraqib",
        actors: ["hts", "gov"],
        note: "@desk: check",
      }),
      claim.event({
        source: "afp",
        reported: "2024-12-02",
        summary: "Later event.",
        external_id: "ACLED-TST9",
        added_by: "sitrep import acled",
      }),
    ],
  },
};

function outFile(name: string): string {
  return join(mkdtempSync(join(tmpdir(), "sitrep-export-")), name);
}

/** A claim as the brief holds it, without the store's bookkeeping. */
function fieldsOf(claim: StoredClaim, drop: readonly string[] = []): Record<string, unknown> {
  const { file, index, at, dateOnly, withdrawnAt, supersededBy, ...fields } = claim;
  for (const name of drop) delete (fields as Record<string, unknown>)[name];
  return fields;
}

async function importInto(dir: string, file: string) {
  const result = await importDataset({
    format: "hxl",
    file,
    briefDir: dir,
    now: () => NOW,
    gazetteer: GAZETTEER,
  });
  if (!result.ok)
    throw new Error(
      "error" in result ? result.error : result.problems.map(formatProblem).join("\n"),
    );
  return result.report;
}

/** The brief's sources, actors and places, with no claims: where an export is imported back. */
function emptyCopy(): string {
  return writeBriefFolder({ ...PARTS, claimFiles: {} }).dir;
}

describe("sitrep export", () => {
  it("writes HXL CSV a spreadsheet opens: BOM, a header row, a hashtag row, a row per claim", async () => {
    const brief = await load(writeBriefFolder(PARTS).dir);
    const out = outFile("claims.csv");
    expect(await exportClaims([brief], out, { format: "hxl" })).toBe(8);
    const text = readFileSync(out, "utf8");
    expect(
      text.startsWith(
        "\uFEFFBrief,External id,Claim id,Claim type,Reported,Source,Source name,Source grade",
      ),
    ).toBe(true);
    const rows = parse(text, { bom: true, columns: false }) as string[][];
    expect(rows[1]).toContain("#affected+killed");
    const header = rows[0]!;
    const row = (n: number) => Object.fromEntries(header.map((name, at) => [name, rows[n]![at]]));
    expect(row(2)).toEqual(
      expect.objectContaining({
        "External id": "sitrep:round:sohr-1",
        "Claim type": "toll",
        Source: "sohr",
        "Source grade": "B",
        Credibility: "2",
        Place: "syria",
        "P-code": "SY",
        Killed: "255",
        Qualifier: "more-than",
        Since: "2024-11-27",
      }),
    );
    const statement = rows.findIndex((r) => r.includes("statement"));
    // A cell a spreadsheet would run as a formula is quoted with a leading apostrophe.
    expect(row(statement).Summary).toBe("'=The army says it holds the town.");
    expect(row(statement)["P-code"]).toBe("");
    expect(rows.find((r) => r.includes("idlib"))).toEqual(
      expect.arrayContaining(["SY07", "35.9", "36.6"]),
    );
  });

  it("writes JSON Lines with each claim, its source and grade, and its place with P-code", async () => {
    const brief = await load(writeBriefFolder(PARTS).dir);
    const out = outFile("claims.jsonl");
    await exportClaims([brief], out, { format: "jsonl" });
    const lines = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(8);
    expect(lines.find((l) => l.claim.metric === "displaced")).toEqual({
      brief: "round",
      external_id: "sitrep:round:claims/2024-11-29.yaml#2",
      claim: {
        type: "toll",
        source: "sana",
        reported: "2024-11-29",
        metric: "displaced",
        count: 1400,
        qualifier: "exact",
        who: "civilians",
        place: "idlib",
        breakdown: [{ count: 700, qualifier: "about", who: "children" }],
      },
      source: { id: "sana", name: "SANA", reliability: "D" },
      place: {
        id: "idlib",
        name: "Idlib",
        kind: "governorate",
        pcode: "SY07",
        lat: 35.9,
        lon: 36.6,
      },
    });
  });

  it("exports as of a time: later claims and later withdrawals are left out", async () => {
    const brief = await load(writeBriefFolder(PARTS).dir);
    const out = outFile("asof.jsonl");
    const at = Date.parse("2024-11-29T12:00:00+03:00");
    expect(await exportClaims([brief], out, { format: "jsonl", at })).toBe(6);
    const withdrawnBefore = readFileSync(out, "utf8").includes("misread");
    expect(withdrawnBefore).toBe(false);
  });

  it("round-trips: export, import into a brief with the same places, and the claims are the same", async () => {
    const original = await load(writeBriefFolder(PARTS).dir);
    const out = outFile("claims.csv");
    await exportClaims([original], out, { format: "hxl" });
    const copyDir = emptyCopy();
    const report = await importInto(copyDir, out);
    expect(report.skippedCount).toBe(0);
    expect(report.claims.added).toBe(8);
    const copy = await load(copyDir);
    // The importer records itself and the row's id, where the original had neither.
    const bookkeeping = ["external_id", "added_by"];
    const same = (brief: Brief) => brief.claims.map((c) => fieldsOf(c, bookkeeping));
    expect(same(copy)).toEqual(same(original));
    expect(copy.claims.map((c) => c.external_id)).toEqual(
      original.claims.map((c) => c.external_id ?? `sitrep:round:${claimKey(c)}`),
    );
    expect(copy.claims.at(-1)?.added_by).toBe("sitrep import acled");
    // A second trip is exact, bookkeeping included.
    const again = outFile("again.csv");
    await exportClaims([copy], again, { format: "hxl" });
    const copyDir2 = emptyCopy();
    await importInto(copyDir2, again);
    const copy2 = await load(copyDir2);
    expect(copy2.claims.map((c) => fieldsOf(c))).toEqual(copy.claims.map((c) => fieldsOf(c)));
    // And importing the export again changes nothing.
    expect((await importInto(copyDir, out)).claims).toEqual({
      added: 0,
      updated: 0,
      unchanged: 8,
      withdrawn: 0,
    });
  });

  it("does not import a brief's own export into it twice", async () => {
    const folder = writeBriefFolder(PARTS);
    const out = outFile("self.csv");
    await exportClaims([await load(folder.dir)], out, { format: "hxl" });
    const report = await importInto(folder.dir, out);
    expect(report.claims.added).toBe(0);
    expect(report.skipped[0]).toEqual({
      line: 3,
      reason: "already in the brief, in claims/2024-11-29.yaml (not imported twice)",
    });
  });

  it("round-trips withdrawals as of a time: made by then, the claim comes back withdrawn; made later, in service", async () => {
    const original = await load(writeBriefFolder(PARTS).dir);
    const sana = (brief: Brief) =>
      brief.claims.find((c) => c.type === "control" && c.source === "sana");
    for (const [at, withdrawn] of [
      ["2024-11-29T21:00:00+03:00", { reported: "2024-11-29T20:00:00+03:00", note: "misread" }],
      ["2024-11-29T12:00:00+03:00", undefined],
    ] as const) {
      const out = outFile("asof.csv");
      await exportClaims([original], out, { format: "hxl", at: Date.parse(at) });
      const copyDir = emptyCopy();
      await importInto(copyDir, out);
      const copy = await load(copyDir);
      expect(sana(copy)?.withdrawn, at).toEqual(withdrawn);
      // Claims reported after the time are not in the export: the later event, the later toll.
      expect(
        copy.claims.some((c) => c.external_id === "ACLED-TST9"),
        at,
      ).toBe(false);
      expect(
        copy.claims.some((c) => c.id === "sohr-2"),
        at,
      ).toBe(false);
    }
  });

  it("round-trips a toll a re-import withdrew: its note, and re-importing the export changes nothing", async () => {
    const folder = writeBriefFolder({ ...PARTS, claimFiles: {} });
    const header = ["event_id_cnty", "event_date", "location", "notes", "fatalities"];
    const row = {
      event_id_cnty: "TST1",
      event_date: "2024-11-29",
      location: "Saraqib",
      notes: "Test.",
    };
    const acled = async (fatalities: number) => {
      const result = await importDataset({
        format: "acled",
        file: writeCsv("events.csv", table(header, [{ ...row, fatalities }])),
        briefDir: folder.dir,
        now: () => NOW,
        gazetteer: GAZETTEER,
      });
      expect(result.ok).toBe(true);
    };
    await acled(3);
    await acled(0);
    const original = await load(folder.dir);
    const toll = original.claims.find((c) => c.type === "toll");
    expect(toll?.withdrawn?.note).toMatch(
      /no longer gives this figure; withdrawn by sitrep import acled/,
    );

    const out = outFile("withdrawn.csv");
    await exportClaims([original], out, { format: "hxl" });
    const copyDir = writeBriefFolder({ ...PARTS, claimFiles: {} }).dir;
    const first = await importInto(copyDir, out);
    expect(first.claims.added).toBe(2);
    const copy = await load(copyDir);
    expect(copy.claims.map((c) => fieldsOf(c, ["added_by"]))).toEqual(
      original.claims.map((c) => fieldsOf(c, ["added_by"])),
    );
    expect((await importInto(copyDir, out)).claims).toEqual({
      added: 0,
      updated: 0,
      unchanged: 2,
      withdrawn: 0,
    });
  });
});
