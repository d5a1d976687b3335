// Loads and imports check claims with zod's compiled fast path (compiledClaim). It must accept,
// shape and refuse exactly as the schema's own parser does: the sample brief's claims, and each
// of them broken in every way a hand-written or generated file can break it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CORE_SCHEMA, load } from "js-yaml";
import { describe, expect, it } from "vitest";
import {
  Actor,
  Claim,
  compiledClaim,
  compiledOnFirstUse,
  Place,
  Source,
} from "../../src/store/schema.ts";

const BRIEF = join(import.meta.dirname, "../../briefs/syria-northwest-2024");

/** A file's items as the loader reads them (YAML's core schema: dates stay strings). */
function listIn(file: string): Record<string, unknown>[] {
  return (load(readFileSync(file, "utf8"), { schema: CORE_SCHEMA }) ?? []) as Record<
    string,
    unknown
  >[];
}

const claims = readdirSync(join(BRIEF, "claims")).flatMap((f) => listIn(join(BRIEF, "claims", f)));

/** Values that break a field one way or another (wrong types, empty, padded, not a slug, dates). */
const BREAKERS: unknown[] = [
  undefined,
  null,
  0,
  -3,
  1.5,
  true,
  "",
  "  ",
  " padded ",
  "Not A Slug",
  "2024-02-30",
  "2024-11-29T25:00Z",
  "2024-11-29T10:00+15:00",
  [],
  ["x"],
  {},
  { low: 5, high: 2 },
];

/** Each claim with one field changed (or removed), one unknown field added, or its type changed. */
function brokenVersions(claim: Record<string, unknown>): unknown[] {
  const versions: unknown[] = [];
  for (const key of Object.keys(claim)) {
    for (const value of BREAKERS) {
      const copy: Record<string, unknown> = { ...claim };
      if (value === undefined) delete copy[key];
      else copy[key] = value;
      versions.push(copy);
    }
  }
  versions.push({ ...claim, unknown_field: 1 });
  for (const type of ["toll", "control", "statement", "event", "rumour"]) {
    versions.push({ ...claim, type });
  }
  return versions;
}

function sameOutcome(schema: typeof Claim, compiled: typeof Claim, input: unknown): void {
  const expected = schema.safeParse(input);
  const actual = compiled.safeParse(input);
  expect(actual.success).toBe(expected.success);
  if (expected.success) expect(actual.data).toStrictEqual(expected.data);
  else expect(actual.error?.issues).toStrictEqual(expected.error.issues);
}

describe("the compiled claim schema", () => {
  it("accepts the sample brief's claims and gives the same data", () => {
    expect(claims.length).toBeGreaterThan(20);
    for (const claim of claims) {
      expect(compiledClaim().safeParse(claim).success).toBe(true);
      sameOutcome(Claim, compiledClaim(), claim);
    }
  });

  it("refuses every broken claim with the same problems as the parser", () => {
    let broken = 0;
    for (const claim of claims) {
      for (const version of brokenVersions(claim)) {
        sameOutcome(Claim, compiledClaim(), version);
        if (!Claim.safeParse(version).success) broken++;
      }
    }
    expect(broken).toBeGreaterThan(1_000);
  });

  it("does the same for sources, actors and places", () => {
    for (const [file, schema] of [
      ["sources.yaml", Source],
      ["actors.yaml", Actor],
      ["places.yaml", Place],
    ] as const) {
      const compiled = compiledOnFirstUse(schema)();
      for (const item of listIn(join(BRIEF, file))) {
        for (const version of [item, ...brokenVersions(item)]) {
          const expected = schema.safeParse(version);
          const actual = compiled.safeParse(version);
          expect(actual.success).toBe(expected.success);
          if (expected.success) expect(actual.data).toStrictEqual(expected.data);
          else expect(actual.error?.issues).toStrictEqual(expected.error.issues);
        }
      }
    }
  });
});
