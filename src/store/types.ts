// The loaded, read-only store: briefs with their sources, actors, places and claims, and the
// indexes the queries use. Built once by the loader; never mutated afterwards.
import type { Actor, BriefMeta, Claim, Place, Source } from "./schema.ts";

/** A claim as it stands in the store: the parsed claim plus where and when. */
export type StoredClaim = Claim & {
  /** The file, relative to the brief's folder. */
  readonly file: string;
  /** Position in its file, 0-based. */
  readonly index: number;
  /** `reported` as epoch ms (a plain date: start of that day in the brief's time zone). */
  readonly at: number;
  /** `reported` was a plain date. */
  readonly dateOnly: boolean;
  /** `withdrawn.reported` as epoch ms. */
  readonly withdrawnAt?: number;
  /** The claims that correct this one (`supersedes` pointing here), oldest first. */
  readonly supersededBy?: readonly StoredClaim[];
};

/**
 * A claim's key: its `id` when given, else a stable key from file and position
 * (`claims/2024-11-29.yaml#3`). Worked out when asked, not kept: a million claims without ids
 * kept 60 MB of these strings.
 */
export function claimKey(claim: StoredClaim): string {
  return claim.id ?? `${claim.file}#${claim.index}`;
}

export type StoredClaimOf<T extends Claim["type"]> = StoredClaim & { readonly type: T };

export interface Brief {
  /** The folder name. */
  readonly id: string;
  /** Absolute path of the brief's folder. */
  readonly dir: string;
  readonly meta: BriefMeta;
  readonly sources: ReadonlyMap<string, Source>;
  readonly actors: ReadonlyMap<string, Actor>;
  readonly places: ReadonlyMap<string, Place>;
  /** Every claim, oldest `reported` first (ties in file order). */
  readonly claims: readonly StoredClaim[];
  /** The claims files in load order: claims of one time are in this order, then by index. */
  readonly claimFiles: readonly string[];
  readonly claimsById: ReadonlyMap<string, StoredClaim>;
  /** Place id to the ids of the places directly inside it. */
  readonly children: ReadonlyMap<string, readonly string[]>;
  /** Place id to the claims whose `place` (or `about`) names it, oldest first. */
  readonly claimsByPlace: ReadonlyMap<string, readonly StoredClaim[]>;
  /** Source id to its claims, oldest first. */
  readonly claimsBySource: ReadonlyMap<string, readonly StoredClaim[]>;
}

export interface Store {
  /** Briefs by id, in id order. */
  readonly briefs: ReadonlyMap<string, Brief>;
  /** Absolute path of the folder the briefs were loaded from. */
  readonly root: string;
  /** Epoch ms when this store was loaded. */
  readonly loadedAt: number;
}
