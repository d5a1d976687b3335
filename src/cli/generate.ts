// `sitrep generate --claims N --out DIR [--seed S]`: a synthetic brief for benchmarks.
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { generateSyntheticBrief } from "../generate/synthetic-brief.ts";
import { writeBrief } from "../generate/write-brief.ts";
import { type Subcommand, UsageError } from "./subcommand.ts";

function wholeNumber(flag: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`--${flag} is required`);
  }
  const n = Number(value.replace(/[_,]/g, ""));
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${flag} must be a whole number`);
  return n;
}

export default {
  usage: "--claims N --out DIR [--seed S] [--sources N] [--places N]",
  async run(argv, io) {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        claims: { type: "string" },
        out: { type: "string" },
        seed: { type: "string" },
        sources: { type: "string" },
        places: { type: "string" },
      },
    });
    if (values.out === undefined) throw new UsageError("--out is required");
    const claims = wholeNumber("claims", values.claims);
    const brief = generateSyntheticBrief({
      claims,
      seed: wholeNumber("seed", values.seed, 1),
      ...(values.sources === undefined ? {} : { sources: wholeNumber("sources", values.sources) }),
      ...(values.places === undefined ? {} : { places: wholeNumber("places", values.places) }),
    });
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(basename(values.out))) {
      throw new UsageError(
        "the last folder of --out is the brief id: make it a lowercase slug such as bench-1k",
      );
    }
    await writeBrief(values.out, brief);
    io.out(
      `${values.out}: ${claims} claims, ${brief.sources.length} sources, ${brief.places.length} places, ${brief.claimFiles.size} claims files`,
    );
    return 0;
  },
} satisfies Subcommand;
