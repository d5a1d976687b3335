// `npm run bench`: for each brief size, generates the synthetic brief if missing, then measures
// cold load against JSON.parse, the load's phases, every command's latency with rendering, the
// busiest day's summary, and /toll end to end through the Bolt app against an empty ack. Each
// measurement runs in its own child process. Once per run, first, the CLI's start against plain
// node, the pictures, and the import of 100,000 generated ACLED-shaped rows. Prints the tables
// and, with --write (or when every size runs), writes docs/benchmarks.md.
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchBrief, ensureBrief, OUT_DIR } from "./briefs.ts";
import { type CliStartFigures, measureCliStart } from "./cli-start.ts";
import { measureEndToEnd } from "./end-to-end.ts";
import { EXTRA_BENCHES } from "./extras.ts";
import { type ImportFigures, measureImport } from "./import.ts";
import type { LoadFigures, PhaseFigures } from "./load.ts";
import { describeMachine } from "./machine.ts";
import { type BenchOptions, parseBenchOptions, USAGE } from "./options.ts";
import { measurePictures, type PictureFigures } from "./pictures.ts";
import type { CommandFigures, DigestFigures, WarmingFigures } from "./queries.ts";
import {
  type BenchResults,
  formatDocument,
  formatTables,
  type GlanceRow,
  type SizeResult,
} from "./report.ts";
import { runChild } from "./spawn.ts";

const PROJECT = join(dirname(fileURLToPath(import.meta.url)), "..");
const DOC = join(PROJECT, "docs", "benchmarks.md");
const ANALYSIS = join(PROJECT, "bench", "analysis.md");

/** Cold loads per size: more where a single load is short and noisy. */
function loadRuns(claims: number): number {
  if (claims >= 1_000_000) return 1;
  if (claims >= 100_000) return 3;
  return 5;
}

function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function stage<T>(
  name: string,
  errors: string[],
  work: () => Promise<T>,
): Promise<T | undefined> {
  const started = performance.now();
  progress(`${name}…`);
  try {
    const value = await work();
    progress(`${name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return value;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    progress(`${name}: FAILED: ${message}`);
    errors.push(`${name}: ${message}`);
    return undefined;
  }
}

async function measureSize(claims: number, options: BenchOptions): Promise<SizeResult> {
  const errors: string[] = [];
  const label = `${claims.toLocaleString("en-US")} claims`;
  const brief: BenchBrief | undefined = await stage(`${label}: brief`, errors, () =>
    ensureBrief(claims, options.seed),
  );
  if (brief === undefined) return { claims, errors };
  const { root } = brief;
  const briefId = `bench-${claims}`;
  const has = (s: string) => options.stages.has(s as never);

  const loads: LoadFigures[] = [];
  const warmLoads: LoadFigures[] = [];
  if (has("load")) {
    for (let i = 0; i < loadRuns(claims); i++) {
      // Cold: an empty snapshot cache, filled by this load; warm: the next start, with it.
      const cacheDir = join(OUT_DIR, `cache-${claims}`);
      await rm(cacheDir, { recursive: true, force: true });
      const cold = await stage(`${label}: cold load ${i + 1}`, errors, () =>
        runChild<LoadFigures>({ task: "load", root, cacheDir }),
      );
      if (cold !== undefined) loads.push(cold);
      const warm = await stage(`${label}: warm load ${i + 1}`, errors, () =>
        runChild<LoadFigures>({ task: "load", root, cacheDir }),
      );
      if (warm !== undefined) warmLoads.push(warm);
      await rm(cacheDir, { recursive: true, force: true });
    }
  }
  const phases = has("phases")
    ? await stage(`${label}: load phases`, errors, () =>
        runChild<PhaseFigures>({ task: "phases", root, briefId }),
      )
    : undefined;
  const queries = has("commands")
    ? await stage(`${label}: commands and digest`, errors, () =>
        runChild<{
          commands: CommandFigures[];
          warming?: WarmingFigures;
          digest?: DigestFigures;
          digestError?: string;
        }>({
          task: "queries",
          root,
        }),
      )
    : undefined;
  if (queries?.digestError !== undefined) errors.push(`digest: ${queries.digestError}`);
  const endToEnd = has("e2e")
    ? await stage(`${label}: end to end`, errors, () => measureEndToEnd(root))
    : undefined;
  const extras: GlanceRow[] = [];
  for (const extra of has("extras") ? EXTRA_BENCHES : []) {
    const rows = await stage(`${label}: ${extra.name}`, errors, () =>
      extra.run({ claims, root, seed: options.seed }),
    );
    extras.push(...(rows ?? []));
  }
  return {
    claims,
    brief,
    ...(loads.length > 0 ? { loads } : {}),
    ...(warmLoads.length > 0 ? { warmLoads } : {}),
    ...(phases === undefined ? {} : { phases }),
    ...(queries === undefined ? {} : { commands: queries.commands }),
    ...(queries?.warming === undefined ? {} : { warming: queries.warming }),
    ...(queries?.digest === undefined ? {} : { digest: queries.digest }),
    ...(endToEnd === undefined ? {} : { endToEnd }),
    ...(extras.length > 0 ? { extras } : {}),
    errors,
  };
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    return 2;
  }
  const saved = join(OUT_DIR, "results.json");
  let results: BenchResults;
  let cliFailed = false;
  if (options.reportOnly) {
    results = JSON.parse(await readFile(saved, "utf8")) as BenchResults;
  } else {
    const machine = describeMachine();
    const cliErrors: string[] = [];
    const cliStart: CliStartFigures | undefined = options.stages.has("cli")
      ? await stage("CLI start", cliErrors, async () => measureCliStart())
      : undefined;
    const pictures: PictureFigures | undefined = options.stages.has("pictures")
      ? await stage("pictures", cliErrors, () => measurePictures())
      : undefined;
    const importFigures: ImportFigures | undefined = options.stages.has("import")
      ? await stage("import of 100,000 ACLED-shaped rows", cliErrors, () =>
          measureImport(options.seed),
        )
      : undefined;
    cliFailed = cliErrors.length > 0;
    const sizes: SizeResult[] = [];
    for (const claims of options.sizes) sizes.push(await measureSize(claims, options));
    const args = process.argv.slice(2).filter((a) => a !== "--write");
    results = {
      date: new Date().toISOString().slice(0, 10),
      machine,
      command: `npm run bench${args.length === 0 ? "" : ` -- ${args.join(" ")}`}`,
      seed: options.seed,
      ...(cliStart === undefined ? {} : { cliStart }),
      ...(pictures === undefined ? {} : { pictures }),
      ...(importFigures === undefined ? {} : { import: importFigures }),
      sizes,
    };
    await mkdir(OUT_DIR, { recursive: true });
    await writeFile(saved, `${JSON.stringify(results, null, 2)}\n`);
  }
  process.stdout.write(`${formatTables(results)}\n`);
  if (options.write) {
    const analysis = existsSync(ANALYSIS) ? await readFile(ANALYSIS, "utf8") : undefined;
    await writeFile(DOC, formatDocument(results, analysis));
    progress(`wrote ${DOC}`);
  }
  return results.sizes.some((s) => s.errors.length > 0) || cliFailed ? 1 : 0;
}

process.exitCode = await main();
