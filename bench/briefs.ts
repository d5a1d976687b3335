// The synthetic briefs the benchmark runs on: generated once per claim count and seed into
// bench/out/ and reused, since writing a million claims takes a while. A marker file written
// last says the folder is complete, so an interrupted generation is redone, not trusted.
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateSyntheticBrief } from "../src/generate/synthetic-brief.ts";
import { writeBrief } from "../src/generate/write-brief.ts";

export const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), "out");

export interface BenchBrief {
  /** The briefs root to give loadStore (holds one brief folder). */
  readonly root: string;
  readonly claims: number;
  readonly seed: number;
  readonly sources: number;
  readonly places: number;
  readonly files: number;
  /** Bytes of YAML on disk. */
  readonly bytes: number;
  /** Milliseconds spent generating and writing, when this run did it. */
  readonly generatedMs?: number;
}

const MARKER = "complete.json";

export function briefRoot(claims: number, seed: number): string {
  return join(OUT_DIR, `claims-${claims}-seed-${seed}`);
}

export async function ensureBrief(claims: number, seed: number): Promise<BenchBrief> {
  const root = briefRoot(claims, seed);
  const marker = join(root, MARKER);
  if (existsSync(marker)) {
    return JSON.parse(await readFile(marker, "utf8")) as BenchBrief;
  }
  await rm(root, { recursive: true, force: true });
  const started = performance.now();
  const brief = generateSyntheticBrief({ claims, seed });
  const dir = join(root, `bench-${claims}`);
  await writeBrief(dir, brief);
  const info: BenchBrief = {
    root,
    claims,
    seed,
    sources: brief.sources.length,
    places: brief.places.length,
    files: brief.claimFiles.size + 4,
    bytes: await folderBytes(dir),
    generatedMs: performance.now() - started,
  };
  await mkdir(root, { recursive: true });
  await writeFile(marker, JSON.stringify(info, null, 2));
  return info;
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}
