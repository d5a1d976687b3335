// `npm run bench -- [--sizes 1000,10000] [--seed S] [--write] [--skip e2e,phases]`.
import { parseArgs } from "node:util";

export const ALL_SIZES = [1_000, 10_000, 100_000, 1_000_000] as const;
export const STAGES = [
  "cli",
  "pictures",
  "import",
  "load",
  "phases",
  "commands",
  "e2e",
  "extras",
] as const;
export type Stage = (typeof STAGES)[number];

export interface BenchOptions {
  readonly sizes: readonly number[];
  readonly seed: number;
  /** Write docs/benchmarks.md (by default only when every size runs). */
  readonly write: boolean;
  readonly stages: ReadonlySet<Stage>;
  /** Measure nothing: rewrite docs/benchmarks.md from the last run's bench/out/results.json. */
  readonly reportOnly: boolean;
}

export const USAGE = `npm run bench -- [--sizes 1000,10000,100000,1000000] [--seed 1] [--write] [--skip cli,pictures,import,load,phases,commands,e2e,extras]

  --sizes  claim counts to run (default all four; 1,000,000 takes minutes and several GB of memory;
           none: only the CLI start)
  --seed   seed of the synthetic briefs (default 1); briefs are generated once into bench/out/
  --write  write docs/benchmarks.md (done by default when all four sizes run)
  --skip   stages to leave out (cli: the CLI's start against plain node; pictures: a chart and
           a 5,000-place map; import: 100,000 generated ACLED rows into a brief; all once per run)
  --report measure nothing; rewrite docs/benchmarks.md from the last run (bench/out/results.json)`;

function wholeNumber(text: string, what: string): number {
  const n = Number(text.trim().replace(/_/g, ""));
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`${what} must be a whole number above 0, not \`${text}\``);
  return n;
}

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      sizes: { type: "string" },
      seed: { type: "string" },
      write: { type: "boolean", default: false },
      skip: { type: "string" },
      report: { type: "boolean", default: false },
    },
  });
  const sizes =
    values.sizes === undefined
      ? [...ALL_SIZES]
      : values.sizes === "none"
        ? []
        : values.sizes
            .split(",")
            .filter(Boolean)
            .map((s) => wholeNumber(s, "--sizes"));
  const skipped = new Set((values.skip ?? "").split(",").filter(Boolean));
  for (const name of skipped) {
    if (!(STAGES as readonly string[]).includes(name))
      throw new Error(`--skip takes ${STAGES.join(", ")}; not \`${name}\``);
  }
  const all = ALL_SIZES.every((n) => sizes.includes(n));
  return {
    sizes,
    seed: values.seed === undefined ? 1 : wholeNumber(values.seed, "--seed"),
    write: values.write || values.report || (all && skipped.size === 0),
    reportOnly: values.report,
    stages: new Set(STAGES.filter((s) => !skipped.has(s))),
  };
}
