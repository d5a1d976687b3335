// The import benchmark: 100,000 generated ACLED-shaped rows (made-up names and figures, never
// ACLED data) imported into an empty brief, in a fresh process whose peak memory is the
// import's own; then the same file again (nothing changes), and a cold load of the brief with the
// imported claims against the JSON.parse floor, as the load benchmark measures it.
import { once } from "node:events";
import { createWriteStream, existsSync } from "node:fs";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { importDataset } from "../src/import/run.ts";
import { formatProblem } from "../src/store/load.ts";
import { OUT_DIR } from "./briefs.ts";
import type { LoadFigures } from "./load.ts";
import { readPeakRssMb } from "./machine.ts";
import { runChild } from "./spawn.ts";

export const IMPORT_ROWS = 100_000;

export interface ImportRunFigures {
  readonly ms: number;
  /** User and system CPU time of the import: what other work on the machine inflates far less. */
  readonly cpuMs: number;
  readonly baselineRssMb: number;
  readonly peakRssMb: number;
  readonly claimsWritten: number;
  readonly unchanged: number;
  readonly placesCreated: number;
  readonly placesMatched: number;
  readonly actorsCreated: number;
  readonly skipped: number;
}

export interface ImportFigures {
  readonly rows: number;
  readonly csvMb: number;
  readonly first: ImportRunFigures;
  /** The same file again: every row unchanged, nothing written. */
  readonly again: ImportRunFigures;
  /**
   * Cold load of the brief holding the imported claims, as the bot's first start after the
   * import makes it: every file parsed, validated and saved into an empty snapshot cache.
   */
  readonly load: LoadFigures;
  /** The next start: every file's data from its snapshot. */
  readonly warm?: LoadFigures;
  /** A load without the snapshot cache (`SITREP_CACHE_DIR=off`): parsing and validating alone. */
  readonly uncached?: LoadFigures;
}

const MB = 1024 * 1024;
const HEADER =
  "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp";
const EVENT_TYPES = [
  ["Battles", "Armed clash"],
  ["Explosions/Remote violence", "Shelling/artillery/missile attack"],
  ["Explosions/Remote violence", "Air/drone strike"],
  ["Violence against civilians", "Attack"],
  ["Strategic developments", "Looting/property destruction"],
  ["Protests", "Peaceful protest"],
] as const;
const SYLLABLES = ["kafr", "tell", "ain", "deir", "jisr", "maarat", "khan", "beit", "qasr", "ard"];
const ROOTS = [
  "nabl",
  "hamr",
  "sal",
  "zaw",
  "tun",
  "bas",
  "rak",
  "dur",
  "mis",
  "hal",
  "jab",
  "sar",
];

/** A small seeded generator (mulberry32): the same seed, the same file. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function title(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Writes the CSV once per seed (streamed: constant memory here too). */
export async function ensureAcledCsv(rows: number, seed: number): Promise<string> {
  const file = join(OUT_DIR, `acled-${rows}-seed-${seed}.csv`);
  if (existsSync(file)) return file;
  await mkdir(OUT_DIR, { recursive: true });
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const admin1 = Array.from(
    { length: 14 },
    (_, i) => `${title(pick(ROOTS))}${pick(ROOTS)} Governorate ${i + 1}`,
  );
  const locations = Array.from({ length: 3_000 }, (_, i) => ({
    name: `${title(pick(SYLLABLES))} ${title(pick(ROOTS))}${pick(ROOTS)} ${i + 1}`,
    admin1: admin1[i % admin1.length]!,
    admin2: `District ${(i % 60) + 1}`,
    admin3: `Subdistrict ${(i % 270) + 1}`,
    lat: (32.5 + next() * 4.5).toFixed(4),
    lon: (35.8 + next() * 6).toFixed(4),
  }));
  const actors = Array.from({ length: 80 }, (_, i) => `Test Armed Group ${i + 1} (2011-)`);
  const temp = `${file}.tmp`;
  const out = createWriteStream(temp);
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, "drain");
  };
  await write(HEADER);
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < rows; i++) {
    const place = pick(locations);
    const [type, subType] = pick(EVENT_TYPES);
    const fatalities = next() < 0.4 ? 1 + Math.floor(next() * 20) : 0;
    const date = new Date(start + Math.floor(next() * 700) * 86_400_000).toISOString().slice(0, 10);
    const notes = `"On ${date}, a test event (${subType.toLowerCase()}) was coded near ${place.name}, ${place.admin3}; ""reported"" by two outlets. ${fatalities} fatalities."`;
    await write(
      [
        `TST${i + 1}`,
        date,
        date.slice(0, 4),
        1,
        "Political violence",
        type,
        subType,
        pick(actors),
        "",
        1,
        next() < 0.7 ? pick(actors) : "",
        "",
        2,
        12,
        "",
        760,
        "Middle East",
        "Syria",
        place.admin1,
        place.admin2,
        place.admin3,
        place.name,
        place.lat,
        place.lon,
        1,
        "Test Outlet; Other Test Outlet",
        "National",
        notes,
        fatalities,
        "",
        1_733_000_000 + i,
      ].join(","),
    );
  }
  out.end();
  await once(out, "finish");
  await rename(temp, file);
  return file;
}

/** An empty brief to import into: the same each run. */
async function freshBrief(): Promise<{ root: string; dir: string }> {
  const root = join(OUT_DIR, "import-run");
  const dir = join(root, "acled-bench");
  await rm(root, { recursive: true, force: true });
  await mkdir(join(dir, "claims"), { recursive: true });
  await writeFile(join(dir, "brief.yaml"), "title: Import benchmark\ntimezone: Asia/Damascus\n");
  await writeFile(join(dir, "sources.yaml"), "[]\n");
  await writeFile(join(dir, "actors.yaml"), "[]\n");
  await writeFile(
    join(dir, "places.yaml"),
    "- id: syria\n  name: Syria\n  kind: country\n  pcode: SY\n",
  );
  return { root, dir };
}

/** In a child process: one import, timed, with the process's peak memory. */
export async function runImportTask(file: string, dir: string): Promise<ImportRunFigures> {
  (globalThis as { gc?: () => void }).gc?.();
  const baselineRssMb = process.memoryUsage().rss / MB;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await importDataset({ format: "acled", file, briefDir: dir });
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  if (!result.ok) {
    throw new Error(
      "error" in result ? result.error : result.problems.slice(0, 5).map(formatProblem).join("\n"),
    );
  }
  const { report } = result;
  const { created, ...matched } = report.places;
  return {
    ms,
    cpuMs: (used.user + used.system) / 1000,
    baselineRssMb,
    peakRssMb: readPeakRssMb(),
    claimsWritten: report.claims.added + report.claims.updated,
    unchanged: report.claims.unchanged,
    placesCreated: created,
    placesMatched: Object.values(matched).reduce((a, b) => a + b, 0),
    actorsCreated: report.actors.created,
    skipped: report.skippedCount,
  };
}

export async function measureImport(seed: number): Promise<ImportFigures> {
  const file = await ensureAcledCsv(IMPORT_ROWS, seed);
  const { root, dir } = await freshBrief();
  const first = await runChild<ImportRunFigures>({ task: "import", file, dir });
  const again = await runChild<ImportRunFigures>({ task: "import", file, dir });
  const cacheDir = `${root}-cache`;
  await rm(cacheDir, { recursive: true, force: true });
  const load = await runChild<LoadFigures>({ task: "load", root, cacheDir });
  const warm = await runChild<LoadFigures>({ task: "load", root, cacheDir });
  await rm(cacheDir, { recursive: true, force: true });
  const uncached = await runChild<LoadFigures>({ task: "load", root });
  const csvMb = (await stat(file)).size / MB;
  return { rows: IMPORT_ROWS, csvMb, first, again, load, warm, uncached };
}
