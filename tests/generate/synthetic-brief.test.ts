import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSyntheticBrief, type SyntheticBrief } from "../../src/generate/synthetic-brief.ts";
import { writeBrief } from "../../src/generate/write-brief.ts";
import { loadStore } from "../../src/store/load.ts";

function claimCount(brief: SyntheticBrief): number {
  let total = 0;
  for (const claims of brief.claimFiles.values()) total += claims.length;
  return total;
}

describe("generateSyntheticBrief", () => {
  it("gives the same brief for the same seed", () => {
    const a = generateSyntheticBrief({ claims: 3000, seed: 42 });
    const b = generateSyntheticBrief({ claims: 3000, seed: 42 });
    expect(b.sources).toEqual(a.sources);
    expect(b.places).toEqual(a.places);
    expect([...b.claimFiles]).toEqual([...a.claimFiles]);
  });

  it("gives a different brief for a different seed", () => {
    const a = generateSyntheticBrief({ claims: 3000, seed: 1 });
    const b = generateSyntheticBrief({ claims: 3000, seed: 2 });
    expect(b.places.map((p) => p.name)).not.toEqual(a.places.map((p) => p.name));
  });

  it.each([1000, 10_000, 50_000])("writes exactly %i claims", (claims) => {
    expect(claimCount(generateSyntheticBrief({ claims }))).toBe(claims);
  });

  it("grows sources, places and days with the claim count, within their bounds", () => {
    const small = generateSyntheticBrief({ claims: 1000 });
    const large = generateSyntheticBrief({ claims: 200_000 });
    expect(small.sources.length).toBe(50);
    expect(large.sources.length).toBe(500);
    expect(small.places.length).toBeGreaterThanOrEqual(200);
    expect(large.places.length).toBeGreaterThanOrEqual(5000);
    expect(large.places.length).toBeLessThan(5100);
    expect(large.claimFiles.size).toBeGreaterThan(small.claimFiles.size);
  });

  it("holds the hard cases the benchmark asks about: shared names and corrections", () => {
    const brief = generateSyntheticBrief({ claims: 10_000 });
    const names = brief.places.map((p) => p.name.toLowerCase());
    expect(new Set(names).size).toBeLessThan(names.length);
    const claims = [...brief.claimFiles.values()].flat();
    expect(claims.some((c) => c.supersedes !== undefined)).toBe(true);
    expect(claims.some((c) => c.withdrawn !== undefined)).toBe(true);
  });
});

describe("a generated brief written with writeBrief", () => {
  let root: string;
  let generated: SyntheticBrief;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "sitrep-synthetic-"));
    generated = generateSyntheticBrief({ claims: 2000, seed: 7 });
    await writeBrief(join(root, "synthetic-2k"), generated);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("loads with loadStore without problems, every claim, source and place in it", async () => {
    const result = await loadStore(root);
    if (!result.ok) expect(result.problems.slice(0, 5)).toEqual([]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const brief = result.store.briefs.get("synthetic-2k");
    expect(brief).toBeDefined();
    expect(brief!.claims.length).toBe(2000);
    expect(brief!.sources.size).toBe(generated.sources.length);
    expect(brief!.places.size).toBe(generated.places.length);
    expect(brief!.meta.title).toBe(generated.meta.title);
  });
});
