import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateSyntheticBrief } from "../../src/generate/synthetic-brief.ts";
import { writeBrief } from "../../src/generate/write-brief.ts";
import { formatProblem, type LoadOptions, loadStore } from "../../src/store/load.ts";
import { openSnapshotCache } from "../../src/store/snapshot.ts";
import { type Brief, claimKey } from "../../src/store/types.ts";

/** Files the workers parsed. */
const parsedInWorkers = new Set<string>();

/** Workers from the first claims file on, so a small brief goes through them. */
const WORKERS: LoadOptions["workers"] = {
  threads: 2,
  filesBefore: 0,
  bytesBefore: 0,
  wait: true,
  parsed: (file) => parsedInWorkers.add(file),
};

async function syntheticRoot(): Promise<{ root: string; dir: string }> {
  const root = mkdtempSync(join(tmpdir(), "sitrep-parse-"));
  const dir = join(root, "synthetic");
  await writeBrief(dir, generateSyntheticBrief({ claims: 600, seed: 3 }));
  return { root, dir };
}

async function loaded(root: string, options: LoadOptions): Promise<Brief> {
  const result = await loadStore(root, options);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
  return [...result.store.briefs.values()][0]!;
}

/** Every claim with every field (corrections as keys), in the brief's order. */
function claimsOf(brief: Brief): unknown[] {
  return brief.claims.map(({ supersededBy, ...claim }) => ({
    ...claim,
    supersededBy: supersededBy?.map((c) => claimKey(c)),
  }));
}

describe("parse workers", () => {
  it("give the same brief as the loader's own thread, with and without a snapshot cache", async () => {
    const { root } = await syntheticRoot();
    const plain = await loaded(root, {});
    parsedInWorkers.clear();
    const threaded = await loaded(root, { workers: WORKERS });
    expect(parsedInWorkers.size).toBe(
      threaded.claims.length > 0 ? new Set(threaded.claims.map((c) => c.file)).size : 0,
    );
    expect(parsedInWorkers.size).toBeGreaterThan(3);
    expect(claimsOf(threaded)).toEqual(claimsOf(plain));
    expect(claimsOf(threaded).map((c) => Object.keys(c as object))).toEqual(
      claimsOf(plain).map((c) => Object.keys(c as object)),
    );
    const cache = openSnapshotCache(mkdtempSync(join(tmpdir(), "sitrep-parse-cache-")));
    const cold = await loaded(root, { cache, workers: WORKERS });
    const warm = await loaded(root, { cache, workers: WORKERS });
    expect(claimsOf(cold)).toEqual(claimsOf(plain));
    expect(claimsOf(warm)).toEqual(claimsOf(plain));
  });

  it("leave a file with problems to the loader's thread, which reports them as always", async () => {
    const { root, dir } = await syntheticRoot();
    const file = join(dir, "claims", "2024-06-02.yaml");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace(/reported: '?2024-06-02'?/, "reported: 2024-06-31"));
    const broken = join(dir, "claims", "2024-06-03.yaml");
    writeFileSync(broken, `${readFileSync(broken, "utf8")}\n- type: toll\n  source: [\n`);
    const messages = async (options: LoadOptions) => {
      const result = await loadStore(root, options);
      return result.ok ? [] : result.problems.map(formatProblem);
    };
    const plain = await messages({});
    expect(plain.length).toBeGreaterThanOrEqual(2);
    expect(plain.join("\n")).toContain("2024-06-02.yaml:");
    expect(plain.join("\n")).toContain("2024-06-03.yaml:");
    parsedInWorkers.clear();
    expect(await messages({ workers: WORKERS })).toEqual(plain);
    // The good files went through the workers; the two bad ones were checked here.
    expect(parsedInWorkers.size).toBeGreaterThan(3);
    expect([...parsedInWorkers].some((f) => f.endsWith("2024-06-03.yaml"))).toBe(true);
  });
});
