// The verdicts and newest control claims the queries keep and read from a window of recent claims
// (see verdict.ts: judgedAt, windowPictures; queries.ts: newestControlOf) against the
// straightforward reading: every source's claims on the place, as of each time, afresh. Over a
// generated brief with control claims withdrawn and superseded, as of past days, claim times,
// just before them, between claims and after the last, asked in an order that reuses what is kept.
import { describe, expect, it } from "vitest";
import { generateSyntheticBrief } from "../../src/generate/synthetic-brief.ts";
import { isCurrent, staleAfterMs, stalePlaces } from "../../src/store/queries.ts";
import type { ControlClaimOf } from "../../src/store/query-index.ts";
import type { Claim } from "../../src/store/schema.ts";
import type { Brief } from "../../src/store/types.ts";
import {
  controlChangesOf,
  type Picture,
  placeVerdict,
  placeVerdictCore,
  readParties,
  verdictFromPictures,
  verdictKey,
} from "../../src/store/verdict.ts";
import { buildBrief } from "../fixtures/brief-builder.ts";

/** A generated brief whose control claims are also withdrawn and corrected now and then. */
function correctedBrief(): Brief {
  const generated = generateSyntheticBrief({ claims: 3_000, seed: 11, days: 20 });
  const lastControl = new Map<string, { claim: Claim & { id?: string }; file: string }>();
  const claimFiles: Record<string, Claim[]> = {};
  let n = 0;
  for (const [file, claims] of generated.claimFiles) {
    const day = file.slice(0, 10);
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    claimFiles[file] = claims.map((original) => {
      if (original.type !== "control") return original;
      n++;
      let claim: Claim & { id?: string } = { ...original, id: `c${n}` };
      const key = `${claim.source}|${claim.place}`;
      const previous = lastControl.get(key);
      if (previous !== undefined && previous.file < file && n % 4 === 0) {
        claim = { ...claim, supersedes: previous.claim.id };
      } else if (n % 9 === 0) {
        claim = { ...claim, withdrawn: { reported: next, note: "retracted" } };
      }
      lastControl.set(key, { claim, file });
      return claim;
    });
  }
  return buildBrief({
    id: "corrected",
    meta: generated.meta,
    sources: generated.sources,
    actors: generated.actors,
    places: generated.places,
    claimFiles,
  });
}

const controlLists = new WeakMap<Brief, Map<string, ControlClaimOf[]>>();

/** The place's control claims in the brief's order, from the brief's claims themselves. */
function controlClaimsOf(brief: Brief, placeId: string): readonly ControlClaimOf[] {
  let byPlace = controlLists.get(brief);
  if (byPlace === undefined) {
    byPlace = new Map();
    for (const claim of brief.claims) {
      if (claim.type !== "control") continue;
      byPlace.set(claim.place, [...(byPlace.get(claim.place) ?? []), claim]);
    }
    controlLists.set(brief, byPlace);
  }
  return byPlace.get(placeId) ?? [];
}

/** Each source's newest current claims made at one time, read from every claim of the brief. */
function straightforwardPictures(brief: Brief, placeId: string, t: number): Picture[] {
  const bySource = new Map<string, ControlClaimOf[]>();
  for (const claim of controlClaimsOf(brief, placeId)) {
    if (!isCurrent(claim, t)) continue;
    bySource.set(claim.source, [...(bySource.get(claim.source) ?? []), claim]);
  }
  const pictures: Picture[] = [];
  for (const [source, current] of bySource) {
    const newestAt = Math.max(...current.map((c) => c.at));
    const claims = current.filter((c) => c.at === newestAt);
    pictures.push({
      source,
      at: newestAt,
      dateOnly: claims.every((c) => c.dateOnly),
      claims,
      parties: readParties(brief, claims),
    });
  }
  return pictures.sort(
    (a, b) => b.at - a.at || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0),
  );
}

/** The newest current control claim: ties go to the source that reported on the place first. */
function straightforwardNewest(brief: Brief, placeId: string, t: number) {
  let newest: ControlClaimOf | undefined;
  const seen = new Set<string>();
  for (const claim of controlClaimsOf(brief, placeId)) {
    if (seen.has(claim.source)) continue;
    seen.add(claim.source);
    const own = controlClaimsOf(brief, placeId).filter(
      (c) => c.source === claim.source && isCurrent(c, t),
    );
    const candidate = own[own.length - 1];
    if (candidate !== undefined && (newest === undefined || candidate.at > newest.at)) {
      newest = candidate;
    }
  }
  return newest;
}

describe("verdicts kept and read from recent claims", () => {
  const brief = correctedBrief();
  const places = [...new Set(brief.claims.filter((c) => c.type === "control").map((c) => c.place))];
  const corrected = brief.claims.filter(
    (c) => c.type === "control" && (c.withdrawnAt !== undefined || c.supersededBy !== undefined),
  );
  const last = brief.claims[brief.claims.length - 1]!.at;
  const dayStarts = [...new Set(brief.claims.map((c) => c.file))].map((file) =>
    Date.parse(`${file.slice(-15, -5)}T00:00:00+03:00`),
  );
  const claimTimes = brief.claims.filter((_, i) => i % 97 === 0).map((c) => c.at);
  const times = [
    ...dayStarts,
    ...claimTimes.flatMap((t) => [t - 1, t, t + 60_000]),
    ...corrected.slice(0, 20).flatMap((c) => [c.withdrawnAt ?? c.supersededBy![0]!.at]),
    last,
    last + 10 * staleAfterMs(brief),
  ];

  it("has corrected control claims to test with", () => {
    expect(corrected.filter((c) => c.withdrawnAt !== undefined).length).toBeGreaterThan(10);
    expect(corrected.filter((c) => c.supersededBy !== undefined).length).toBeGreaterThan(10);
  });

  it("gives every place the straightforward verdict as of every time, in any order", () => {
    // Forward, then backward, so later asks find what earlier ones kept.
    for (const t of [...times, ...[...times].reverse()]) {
      for (const placeId of places.filter((_, i) => i % 3 === Math.abs(t) % 3)) {
        const expected = verdictFromPictures(
          brief,
          placeId,
          t,
          straightforwardPictures(brief, placeId, t),
        );
        const { overtaken: _, conflicts: __, ...core } = expected;
        expect(placeVerdictCore(brief, placeId, t), `${placeId} at ${t}`).toEqual(core);
        expect(placeVerdict(brief, placeId, t), `${placeId} at ${t}`).toEqual(expected);
      }
    }
  });

  it("tells which control claims changed their place's verdict as the verdicts around each do", () => {
    let changed = 0;
    for (const placeId of places) {
      const seen: ControlClaimOf[] = [];
      // In two ranges, as warming asks in steps.
      const visit = (claim: ControlClaimOf, change: boolean) => {
        seen.push(claim);
        const before = verdictKey(placeVerdictCore(brief, placeId, claim.at - 1));
        const after = verdictKey(placeVerdictCore(brief, placeId, claim.at));
        expect(change, `${placeId}: ${claim.source} at ${claim.at}`).toBe(before !== after);
        if (change) changed++;
      };
      controlChangesOf(brief, placeId, 0, 5, visit);
      controlChangesOf(brief, placeId, 5, Number.POSITIVE_INFINITY, visit);
      expect(seen).toEqual(controlClaimsOf(brief, placeId));
    }
    expect(changed).toBeGreaterThan(50);
  });

  it("finds each place's newest control claim as the straightforward reading does", () => {
    for (const t of times) {
      const expected = places
        .map((place) => ({ place, newest: straightforwardNewest(brief, place, t) }))
        .filter((p) => p.newest !== undefined && t - p.newest.at > staleAfterMs(brief))
        .sort(
          (a, b) =>
            b.newest!.at - a.newest!.at || (a.place < b.place ? -1 : a.place > b.place ? 1 : 0),
        );
      expect(stalePlaces(brief, t), `as of ${t}`).toEqual(expected);
    }
  });
});
