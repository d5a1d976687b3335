import { describe, expect, it } from "vitest";
import { decodeClaimTable, encodeClaimTable } from "../../src/store/claim-table.ts";
import type { StoredClaim } from "../../src/store/types.ts";
import { offensiveBrief } from "../fixtures/briefs.ts";

/** The brief's claims by file, as storeClaims leaves them (before corrections are linked). */
function storedFiles(): Map<string, StoredClaim[]> {
  const files = new Map<string, StoredClaim[]>();
  for (const claim of offensiveBrief().claims) {
    const { supersededBy: _, ...plain } = claim;
    const list = files.get(claim.file) ?? [];
    list[claim.index] = plain as StoredClaim;
    files.set(claim.file, list);
  }
  return files;
}

function roundTrip(file: string, claims: readonly StoredClaim[]) {
  return decodeClaimTable(
    JSON.parse(JSON.stringify(encodeClaimTable(file, claims))),
    file,
    new Map(),
  );
}

describe("the claims table of a snapshot", () => {
  it("gives back every claim with the same fields, values and key order", () => {
    const files = storedFiles();
    expect(files.size).toBeGreaterThan(0);
    for (const [file, claims] of files) {
      const back = roundTrip(file, claims);
      expect(back).toEqual(claims);
      expect(back?.map((c) => Object.keys(c))).toEqual(claims.map((c) => Object.keys(c)));
    }
  });

  it("keeps a key that is not the file and position, an id, ranges and withdrawals as they are", () => {
    const [file, claims] = [...storedFiles()][0]!;
    const odd = claims.map((c, i) =>
      i === 0 ? ({ ...c, index: 7, file: "claims/other.yaml" } as StoredClaim) : c,
    );
    expect(roundTrip(file, odd)).toEqual(odd);
    const all = [...storedFiles().values()].flat();
    expect(all.some((c) => c.id !== undefined)).toBe(true);
    expect(all.some((c) => c.withdrawn !== undefined)).toBe(true);
    expect(all.some((c) => c.type === "toll" && typeof c.count === "object")).toBe(true);
  });

  it("is smaller than the plain list", () => {
    for (const [file, claims] of storedFiles()) {
      const table = JSON.stringify(encodeClaimTable(file, claims)).length;
      if (claims.length >= 5) expect(table).toBeLessThan(JSON.stringify(claims).length);
    }
  });

  it.each([
    ["a plain list", () => [1, 2, 3]],
    ["another file's table", (t: Record<string, unknown>) => ({ ...t, file: "claims/other.yaml" })],
    [
      "values cut short",
      (t: Record<string, unknown>) => ({ ...t, values: (t.values as unknown[]).slice(0, -1) }),
    ],
    [
      "one claim too many",
      (t: Record<string, unknown>) => ({ ...t, count: (t.count as number) + 1 }),
    ],
    ["an unknown kind", (t: Record<string, unknown>) => ({ ...t, shapes: [[["type", "x"]]] })],
    [
      "a __proto__ field",
      (t: Record<string, unknown>) => ({ ...t, shapes: [[["__proto__", "v"]]] }),
    ],
    ["a string that is not one", (t: Record<string, unknown>) => ({ ...t, strings: [1] })],
  ])("refuses %s", (_, damage) => {
    const [file, claims] = [...storedFiles()][0]!;
    const table = JSON.parse(JSON.stringify(encodeClaimTable(file, claims)));
    expect(decodeClaimTable(damage(table), file, new Map())).toBeUndefined();
  });
});
