// The brief as it stood before a time: without the claims reported since then, and with the
// withdrawals made since then undone. `sitrep alerts --since T` compares it with the brief as it
// is, to show what alerts the claims reported since T would raise.
import { createBrief } from "../store/brief.ts";
import type { Claim } from "../store/schema.ts";
import type { Brief, StoredClaim } from "../store/types.ts";

/** The parsed claim, without what the store added to it. */
function claimOf(stored: StoredClaim, since: number): Claim {
  const {
    key: _key,
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

export function briefBefore(brief: Brief, since: number): Brief {
  const files = new Map<string, { index: number; claim: Claim }[]>();
  for (const stored of brief.claims) {
    if (stored.at >= since) continue;
    const list = files.get(stored.file) ?? [];
    list.push({ index: stored.index, claim: claimOf(stored, since) });
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
