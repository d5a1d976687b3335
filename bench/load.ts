// Cold load of a briefs folder, run once per fresh child process: loadStore's time and the
// process's peak memory, then the floor in the same process: JSON.parse of the same brief as a
// JSON string already in memory. Also the load's phases timed one by one (read, YAML parse, zod,
// references, createBrief) with the loader's own parts, to say where the time goes.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import yaml from "js-yaml";
import { createBrief } from "../src/store/brief.ts";
import { CLAIMS_DIR, type FileKind, TOP_FILES } from "../src/store/files.ts";
import { loadStore } from "../src/store/load.ts";
import { prepareBrief } from "../src/store/prepare.ts";
import { checkReferences, type RawList } from "../src/store/references.ts";
import type { Actor, BriefMeta, Claim, Place, Source } from "../src/store/schema.ts";
import { openSnapshotCache, schemaFingerprint } from "../src/store/snapshot.ts";
import type { Brief } from "../src/store/types.ts";
import { validateFile } from "../src/store/validate-file.ts";
import { readPeakRssMb } from "./machine.ts";
import { median } from "./stats.ts";

export interface LoadFigures {
  readonly loadMs: number;
  /** CPU time of the process during the load (user + system, all threads), ms. */
  readonly loadCpuMs?: number;
  readonly claims: number;
  /** Resident set size before loading (the runtime and tsx), MB. */
  readonly baselineRssMb: number;
  /** The process's peak resident set size after loading, MB. */
  readonly peakRssMb: number;
  /** Heap still in use after loading and a full GC: what the store costs to keep, MB. */
  readonly retainedHeapMb: number;
  readonly jsonMb: number;
  /** Median of several JSON.parse runs of the same brief. */
  readonly floorMs: number;
  /** The same runs' median CPU time, ms. */
  readonly floorCpuMs?: number;
}

export interface PhaseFigures {
  readonly readMs: number;
  readonly yamlMs: number;
  readonly zodMs: number;
  readonly referencesMs: number;
  readonly createBriefMs: number;
  /** Building the query and name indexes, as the live store does before swapping a brief in. */
  readonly prepareMs?: number;
}

const MB = 1024 * 1024;
const STORED_ONLY = new Set([
  "key",
  "file",
  "index",
  "at",
  "dateOnly",
  "withdrawnAt",
  "supersededBy",
]);

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** The brief as its files hold it (claims without the store's own fields), as one JSON string. */
export function briefAsJson(brief: Brief): string {
  const claimFiles: Record<string, unknown[]> = {};
  for (const claim of brief.claims) {
    const plain = Object.fromEntries(Object.entries(claim).filter(([k]) => !STORED_ONLY.has(k)));
    const list = claimFiles[claim.file];
    if (list === undefined) claimFiles[claim.file] = [plain];
    else list.push(plain);
  }
  return JSON.stringify({
    meta: brief.meta,
    sources: [...brief.sources.values()],
    actors: [...brief.actors.values()],
    places: [...brief.places.values()],
    claimFiles,
  });
}

/**
 * One load of the briefs under `root`, with the snapshot cache in `cacheDir` when given: cold
 * when that folder is empty (every file parsed, validated and saved), warm when a previous load
 * filled it.
 */
export async function measureLoad(root: string, cacheDir?: string): Promise<LoadFigures> {
  const cache = cacheDir === undefined ? undefined : openSnapshotCache(cacheDir);
  // The schema's fingerprint is computed once per process, before a bot's first load.
  schemaFingerprint();
  collectGarbage();
  const baselineRssMb = process.memoryUsage().rss / MB;
  const cpu = process.cpuUsage();
  const started = performance.now();
  // PARSE_THREADS as the bot reads it: `PARSE_THREADS=2 npm run bench` measures parse workers.
  const threads = Number(process.env.PARSE_THREADS ?? 0) || 0;
  const result = await loadStore(root, {
    ...(cache === undefined ? {} : { cache }),
    workers: { threads },
  });
  const loadMs = performance.now() - started;
  const loadCpu = process.cpuUsage(cpu);
  // Read before the floor adds its own allocations.
  const peakRssMb = readPeakRssMb();
  if (!result.ok) {
    const first = result.problems.slice(0, 3).map((p) => `${p.file}: ${p.message}`);
    throw new Error(`the benchmark brief did not load: ${first.join("; ")}`);
  }
  collectGarbage();
  const retainedHeapMb = process.memoryUsage().heapUsed / MB;
  const brief = [...result.store.briefs.values()][0]!;
  const claims = brief.claims.length;
  const json = briefAsJson(brief);
  const floors: number[] = [];
  const floorCpus: number[] = [];
  const runs = claims >= 1_000_000 ? 3 : claims >= 100_000 ? 5 : 15;
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    JSON.parse(json);
    floors.push(performance.now() - t);
    const used = process.cpuUsage(c);
    floorCpus.push((used.user + used.system) / 1000);
  }
  return {
    loadMs,
    loadCpuMs: (loadCpu.user + loadCpu.system) / 1000,
    claims,
    baselineRssMb,
    peakRssMb,
    retainedHeapMb,
    jsonMb: Buffer.byteLength(json) / MB,
    floorMs: median(floors),
    floorCpuMs: median(floorCpus),
  };
}

interface ReadFile {
  readonly file: string;
  readonly kind: FileKind;
  readonly text: string;
}

/** The loader's steps one after another, each timed over the whole brief. */
export async function measurePhases(dir: string): Promise<PhaseFigures> {
  let t = performance.now();
  const wanted: { file: string; kind: FileKind }[] = Object.entries(TOP_FILES).map(
    ([kind, name]) => ({
      file: join(dir, name),
      kind: kind as FileKind,
    }),
  );
  const claimNames = (await readdir(join(dir, CLAIMS_DIR)))
    .filter((n) => n.endsWith(".yaml"))
    .sort();
  for (const name of claimNames) wanted.push({ file: join(dir, CLAIMS_DIR, name), kind: "claims" });
  const files: ReadFile[] = await Promise.all(
    wanted.map(async (w) => ({ ...w, text: await readFile(w.file, "utf8") })),
  );
  const readMs = performance.now() - t;

  t = performance.now();
  const raws = files.map((f) => yaml.load(f.text, { schema: yaml.CORE_SCHEMA }) ?? null);
  const yamlMs = performance.now() - t;

  t = performance.now();
  const data = files.map((f, i) => {
    const check = validateFile(f.kind, raws[i]);
    if (!check.ok) throw new Error(`${f.file} does not validate`);
    return check.data;
  });
  const zodMs = performance.now() - t;

  const listOf = (kind: FileKind): RawList => {
    const i = files.findIndex((f) => f.kind === kind);
    return { file: files[i]!.file, items: raws[i] as unknown[] };
  };
  t = performance.now();
  checkReferences({
    meta: { file: listOf("brief").file, data: raws[files.findIndex((f) => f.kind === "brief")] },
    sources: listOf("sources"),
    actors: listOf("actors"),
    places: listOf("places"),
    claimFiles: files.flatMap((f, i) =>
      f.kind === "claims" ? [{ file: f.file, items: raws[i] as unknown[] }] : [],
    ),
    incomplete: new Set(),
  });
  const referencesMs = performance.now() - t;

  const of = <T>(kind: FileKind): T => data[files.findIndex((f) => f.kind === kind)] as T;
  t = performance.now();
  const brief = createBrief({
    id: "bench",
    dir,
    meta: of<BriefMeta>("brief"),
    sources: of<Source[]>("sources"),
    actors: of<Actor[]>("actors"),
    places: of<Place[]>("places"),
    claimFiles: files.flatMap((f, i) =>
      f.kind === "claims"
        ? [{ file: `${CLAIMS_DIR}/${f.file.split("/").pop()}`, claims: data[i] as Claim[] }]
        : [],
    ),
    adoptClaims: true,
  });
  const createBriefMs = performance.now() - t;
  t = performance.now();
  prepareBrief(brief);
  const prepareMs = performance.now() - t;
  return { readMs, yamlMs, zodMs, referencesMs, createBriefMs, prepareMs };
}
