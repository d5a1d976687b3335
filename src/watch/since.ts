// Earlier versions of a brief, rebuilt from the one in service: as it stood before a time (without
// the claims reported since then, the withdrawals made since then undone), which `sitrep alerts
// --since T` compares with the brief as it is; or as a watch baseline last saw it, which a bot
// that starts again compares with what it loaded.
import { createBrief } from "../store/brief.ts";
import type { Claim } from "../store/schema.ts";
import type { Brief, StoredClaim } from "../store/types.ts";
import { claimSignature } from "./diff.ts";

/** The parsed claim, without what the store added to it. */
function claimOf(stored: StoredClaim, since: number): Claim {
  const {
    file: _file,
    index: _index,
    at: _at,
    dateOnly: _dateOnly,
    withdrawnAt,
    supersededBy: _supersededBy,
    ...claim
  } = stored;
  if (withdrawnAt !== undefined && withdrawnAt >= since) {
    const { withdrawn: _withdrawn, ...kept } = claim;
    return kept as Claim;
  }
  return claim as Claim;
}

/** The brief rebuilt from some of its claims, as `pick` keeps or changes them. */
function rebuild(brief: Brief, pick: (claim: StoredClaim) => Claim | undefined): Brief {
  const files = new Map<string, { index: number; claim: Claim }[]>();
  for (const stored of brief.claims) {
    const claim = pick(stored);
    if (claim === undefined) continue;
    const list = files.get(stored.file) ?? [];
    list.push({ index: stored.index, claim });
    files.set(stored.file, list);
  }
  return createBrief({
    id: brief.id,
    dir: brief.dir,
    meta: brief.meta,
    sources: [...brief.sources.values()],
    actors: [...brief.actors.values()],
    places: [...brief.places.values()],
    claimFiles: [...files].map(([file, list]) => ({
      file,
      claims: list.sort((a, b) => a.index - b.index).map((c) => c.claim),
    })),
  });
}

export function briefBefore(brief: Brief, since: number): Brief {
  return rebuild(brief, (stored) => (stored.at >= since ? undefined : claimOf(stored, since)));
}

/**
 * The brief as a baseline saw it: the claims whose signature it holds, and the ones withdrawn
 * since then as they were before. Claims deleted since then cannot come back (published claims
 * are withdrawn, never deleted).
 */
export function briefFromBaseline(brief: Brief, signatures: ReadonlySet<string>): Brief {
  // The common start-up: nothing changed while the bot was down, so nothing to rebuild.
  const current = new Set(brief.claims.map(claimSignature));
  if (current.size === signatures.size && [...current].every((sig) => signatures.has(sig))) {
    return brief;
  }
  return rebuild(brief, (stored) => {
    if (signatures.has(claimSignature(stored))) return claimOf(stored, Number.POSITIVE_INFINITY);
    if (stored.withdrawnAt === undefined) return undefined;
    const { withdrawnAt: _withdrawnAt, ...unwithdrawn } = stored;
    return signatures.has(claimSignature(unwithdrawn as StoredClaim))
      ? claimOf(stored, Number.NEGATIVE_INFINITY)
      : undefined;
  });
}
