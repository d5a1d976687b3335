// One copy of each repeated string in a brief's claims. JSON.parse and js-yaml make a new string
// for every value, so a million claims held a million copies of "control", of each source id,
// of each place id and date; and a string js-yaml cut from a file's text can keep the whole text
// alive. Interning them through one Map per load saves about a third of a claim's memory.
import type { StoredClaim } from "./types.ts";

/** Claim fields whose values repeat across claims (ids, enums, dates). */
const INTERNED: ReadonlySet<string> = new Set([
  "type",
  "source",
  "reported",
  "file",
  "place",
  "actor",
  "status",
  "extent",
  "metric",
  "who",
  "qualifier",
  "via",
  "since",
  "until",
]);

/** Fields holding lists of ids. */
const LIST_FIELDS: ReadonlySet<string> = new Set(["actors", "about"]);

export type StringPool = Map<string, string>;

function intern(pool: StringPool, value: string): string {
  const known = pool.get(value);
  if (known !== undefined) return known;
  // A fresh, flat copy: the value may be a slice of a whole file's text.
  const copy = JSON.parse(JSON.stringify(value)) as string;
  pool.set(copy, copy);
  return copy;
}

/** Replaces the claims' repeated strings, in place, with the pool's single copies. */
export function internClaims(claims: readonly StoredClaim[], pool: StringPool): void {
  for (const claim of claims) internClaim(claim, pool);
}

/** One claim's repeated strings replaced with the pool's copies, in place. */
export function internClaim(claim: StoredClaim, pool: StringPool): void {
  const fields = claim as unknown as Record<string, unknown>;
  // Only the fields the claim has: walking its keys reads what is there, where looking up each
  // of the fourteen names read mostly absent ones through a generic keyed load.
  for (const field in fields) {
    const value = fields[field];
    if (typeof value === "string") {
      if (INTERNED.has(field)) fields[field] = intern(pool, value);
    } else if (Array.isArray(value) && LIST_FIELDS.has(field)) {
      for (let i = 0; i < value.length; i++) {
        if (typeof value[i] === "string") value[i] = intern(pool, value[i]);
      }
    }
  }
}
