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
  /**
   * The claims already carry the store's fields (from storeClaims or a snapshot): they are
   * adopted as they are.
   */
  stored?: boolean;
  /** The claims' order by time (see claimOrder), when already known (a snapshot keeps it). */
  order?: ArrayLike<number>;
}

type MutableClaim = StoredClaim & { withdrawnAt?: number; supersededBy?: StoredClaim[] };

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** The places a claim is about: the per-place index, and the digest's place filter. */
export function placesOf(claim: Claim): readonly string[] {
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

/**
 * Gives one file's validated claims the store's fields (key, file, index, instants), in place:
 * the loader does it file by file, so a snapshot can keep claims in their stored form.
 */
export function storeClaims(file: string, claims: readonly Claim[], zone: string): StoredClaim[] {
  const stored: StoredClaim[] = new Array(claims.length);
  for (let index = 0; index < claims.length; index++)
    stored[index] = storeClaim(claims[index]!, file, index, zone);
  return stored;
}

/** One claim given the store's fields, in place (see storeClaims). */
export function storeClaim(claim: Claim, file: string, index: number, zone: string): StoredClaim {
  const { at, dateOnly } = toInstant(claim.reported, zone);
  const fields = { file, index, at, dateOnly };
  const done = Object.assign(claim, fields) as MutableClaim;
  if (claim.withdrawn !== undefined)
    done.withdrawnAt = toInstant(claim.withdrawn.reported, zone).at;
  return done;
}

/**
 * Positions of the claims (numbered through the files in load order) oldest `reported` first,
 * ties in file order: a stable sort of plain numbers, not of claim objects.
 */
export function claimOrder(claimFiles: readonly { claims: readonly StoredClaim[] }[]): Uint32Array {
  let total = 0;
  for (const { claims } of claimFiles) total += claims.length;
  const ats = new Float64Array(total);
  let n = 0;
  for (const { claims } of claimFiles) for (const claim of claims) ats[n++] = claim.at;
  const order = new Uint32Array(total);
  let sorted = true;
  for (let i = 0; i < total; i++) {
    order[i] = i;
    if (i > 0 && ats[i]! < ats[i - 1]!) sorted = false;
  }
  if (!sorted) order.sort((a, b) => ats[a]! - ats[b]! || a - b);
  return order;
}

/** True when `order` is a permutation of 0..total-1 (a snapshot's order is checked before use). */
export function isOrder(order: ArrayLike<number>, total: number): boolean {
  if (order.length !== total) return false;
  const seen = new Uint8Array(total);
  for (let i = 0; i < total; i++) {
    const at = order[i]!;
    if (!Number.isInteger(at) || at < 0 || at >= total || seen[at] === 1) return false;
    seen[at] = 1;
  }
  return true;
}

export function createBrief(input: BriefInput): Brief {
  const zone = input.meta.timezone;
  const files = input.stored
    ? (input.claimFiles as readonly { file: string; claims: readonly StoredClaim[] }[])
    : input.claimFiles.map(({ file, claims }) => ({
        file,
        claims: storeClaims(file, input.adoptClaims ? claims : claims.map((c) => ({ ...c })), zone),
      }));
  const all: StoredClaim[] = [];
  for (const { claims: list } of files) for (const claim of list) all.push(claim);
  const order = input.order ?? claimOrder(files);
  const claims: MutableClaim[] = new Array(all.length);
  for (let i = 0; i < all.length; i++) claims[i] = all[order[i]!]! as MutableClaim;

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
    // placesOf inlined: a list per claim was a hundred thousand short-lived arrays per load.
    if (claim.type === "statement") {
      for (const place of claim.about ?? [])
        if (places.has(place)) push(claimsByPlace, place, claim);
    } else if (claim.place !== undefined && places.has(claim.place)) {
      push(claimsByPlace, claim.place, claim);
    }
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
    claimFiles: files.map((f) => f.file),
    claimsById,
    children,
    claimsByPlace,
    claimsBySource,
  };
}
