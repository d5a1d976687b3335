// What the import tests share: a small brief folder with P-coded places, CSV files the tests
// write themselves (never real ACLED or UCDP rows), a tiny gazetteer, and reading back the brief.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type GazetteerUnit, gazetteerOf } from "../../src/import/gazetteer.ts";
import { type ImportOptions, type ImportReport, importDataset } from "../../src/import/run.ts";
import { formatProblem, loadBrief } from "../../src/store/load.ts";
import type { Brief } from "../../src/store/types.ts";
import {
  actor,
  type BriefFolder,
  place,
  source,
  writeBriefFolder,
} from "../fixtures/brief-builder.ts";

/** 1 Dec 2024, the access date the tests stamp. */
export const NOW = Date.parse("2024-12-01T10:00:00Z");

export function importBrief(): BriefFolder {
  return writeBriefFolder({
    id: "north-west",
    meta: { title: "North-west", timezone: "Asia/Damascus" },
    sources: [
      source("sohr", {
        name: "Syrian Observatory for Human Rights",
        aliases: ["SOHR"],
        note: "Our own note.",
      }),
    ],
    actors: [
      actor("hts", { name: "Hayat Tahrir al-Sham", short: "HTS" }),
      actor("government", {
        name: "Syrian government forces",
        aliases: ["Military Forces of Syria"],
      }),
    ],
    places: [
      place("syria", { kind: "country", pcode: "SY" }),
      place("idlib-governorate", {
        name: "Idlib",
        aliases: ["Idleb"],
        kind: "governorate",
        in: "syria",
        pcode: "SY07",
      }),
      place("saraqib", {
        name: "Saraqib",
        aliases: ["Saraqeb"],
        kind: "town",
        in: "idlib-governorate",
      }),
      place("aleppo", { name: "Aleppo", kind: "city", in: "syria" }),
    ],
    claims: [],
  });
}

/** Governorates and districts, P-coded, as the bundled gazetteer has them. */
export const GAZETTEER = gazetteerOf([
  {
    id: "SY07",
    name: "Idlib",
    aliases: ["Idleb"],
    kind: "governorate",
    level: 1,
    lat: 35.9,
    lon: 36.6,
  },
  {
    id: "SY02",
    name: "Aleppo",
    aliases: ["Halab"],
    kind: "governorate",
    level: 1,
    lat: 36.2,
    lon: 37.5,
  },
  {
    id: "SY0703",
    name: "Ariha",
    aliases: [],
    kind: "district",
    level: 2,
    parent: "SY07",
    lat: 35.8,
    lon: 36.6,
  },
  {
    id: "SY0200",
    name: "Jebel Saman",
    aliases: ["Mount Simeon"],
    kind: "district",
    level: 2,
    parent: "SY02",
    lat: 36.2,
    lon: 37.1,
  },
  {
    id: "SY020001",
    name: "Atareb",
    aliases: ["Al Atareb"],
    kind: "district",
    level: 3,
    parent: "SY0200",
    lat: 36.14,
    lon: 36.83,
  },
] satisfies GazetteerUnit[]);

/** A CSV file in a temp folder: rows of cells, quoted as needed. */
export function writeCsv(name: string, rows: readonly (readonly (string | number)[])[]): string {
  const cell = (value: string | number) => {
    const text = String(value);
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const file = join(mkdtempSync(join(tmpdir(), "sitrep-import-")), name);
  writeFileSync(file, `${rows.map((row) => row.map(cell).join(",")).join("\n")}\n`);
  return file;
}

/** Rows as objects under a header, for the fixed-header formats. */
export function table(header: readonly string[], rows: readonly Record<string, string | number>[]) {
  return [header, ...rows.map((row) => header.map((name) => row[name] ?? ""))];
}

export async function runImport(
  options: Omit<ImportOptions, "now" | "gazetteer"> & { now?: number },
): Promise<ImportReport> {
  const result = await importDataset({
    ...options,
    now: () => options.now ?? NOW,
    gazetteer: GAZETTEER,
  });
  if (result.ok) return result.report;
  throw new Error("error" in result ? result.error : result.problems.map(formatProblem).join("\n"));
}

export async function load(dir: string): Promise<Brief> {
  const result = await loadBrief(dir);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
  return result.brief;
}

/** Every file of a folder with its bytes and modification time, to tell that nothing changed. */
export function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string, prefix: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
      else
        files[`${prefix}${entry.name}`] = `${statSync(path).mtimeMs} ${readFileSync(path, "utf8")}`;
    }
  };
  walk(dir, "");
  return files;
}

/** The claims of a file of the brief, as its JSON lines. */
export function jsonLines(dir: string, file: string): Record<string, unknown>[] {
  return readFileSync(join(dir, file), "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
