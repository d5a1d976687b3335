// Builds a read-only Brief (claims as instants, corrections linked, indexes) from files that have
// already been validated. References are assumed to resolve: the loader checks them first.
import type { Actor, BriefMeta, Claim, Place, Source } from "./schema.ts";
import { toInstant } from "./time.ts";
import type { Brief, StoredClaim } from "./types.ts";

export interface BriefInput {
  id: string;
  dir: string;
  meta: BriefMeta;
  sources: readonly Source[];
  actors: readonly Actor[];
  places: readonly Place[];
  /** Claims files in load order, with paths relative to the brief's folder. */
  claimFiles: readonly { file: string; claims: readonly Claim[] }[];
  /**
   * The claim objects are the caller's to give away (the loader's fresh zod output): they become
   * the stored claims in place instead of being copied, which saves a copy per claim.
   */
  adoptClaims?: boolean;
}

type MutableClaim = StoredClaim & { withdrawnAt?: number; supersededBy?: StoredClaim[] };

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** The places a claim is about, for the per-place index. */
function placesOf(claim: Claim): readonly string[] {
  switch (claim.type) {
    case "toll":
    case "control":
      return [claim.place];
    case "event":
      return claim.place === undefined ? [] : [claim.place];
    case "statement":
      return claim.about ?? [];
  }
}

export function createBrief(input: BriefInput): Brief {
  const zone = input.meta.timezone;
  const claims: MutableClaim[] = [];
  for (const { file, claims: list } of input.claimFiles) {
    for (let index = 0; index < list.length; index++) {
      const claim = list[index]!;
      const { at, dateOnly } = toInstant(claim.reported, zone);
      const fields = { key: claim.id ?? `${file}#${index}`, file, index, at, dateOnly };
      const stored = (
        input.adoptClaims ? Object.assign(claim, fields) : { ...claim, ...fields }
      ) as MutableClaim;
      if (claim.withdrawn !== undefined) {
        stored.withdrawnAt = toInstant(claim.withdrawn.reported, zone).at;
      }
      claims.push(stored);
    }
  }
  // Stable sort keeps file order among claims reported at the same instant.
  claims.sort((a, b) => a.at - b.at);

  const claimsById = new Map<string, StoredClaim>();
  for (const claim of claims) if (claim.id !== undefined) claimsById.set(claim.id, claim);
  for (const claim of claims) {
    if (claim.supersedes === undefined) continue;
    const old = claimsById.get(claim.supersedes) as MutableClaim | undefined;
    if (old === undefined) continue;
    old.supersededBy ??= [];
    old.supersededBy.push(claim);
  }

  const places = new Map(input.places.map((p) => [p.id, p]));
  const children = new Map<string, string[]>();
  for (const place of input.places) if (place.in !== undefined) push(children, place.in, place.id);

  const claimsByPlace = new Map<string, StoredClaim[]>();
  const claimsBySource = new Map<string, StoredClaim[]>();
  for (const claim of claims) {
    for (const place of placesOf(claim)) if (places.has(place)) push(claimsByPlace, place, claim);
    push(claimsBySource, claim.source, claim);
  }

  return {
    id: input.id,
    dir: input.dir,
    meta: input.meta,
    sources: new Map(input.sources.map((s) => [s.id, s])),
    actors: new Map(input.actors.map((a) => [a.id, a])),
    places,
    claims,
    claimsById,
    children,
    claimsByPlace,
    claimsBySource,
  };
}
