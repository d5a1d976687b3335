// A place's control verdict read for the map: which sides hold it (each source's side for a
// dispute), which sides are fighting in it, and whether it is stale. Actors of one `side` are one
// party; an actor without a side is its own.
import { controlVerdict } from "../../store/queries.ts";
import type { Brief } from "../../store/types.ts";
import { describeVerdictShort } from "../verdict.ts";
import type { MapVerdict } from "./types.ts";

/** The party an actor belongs to: its side, else itself. */
export function partyOf(brief: Brief, actorId: string): string {
  return brief.actors.get(actorId)?.side ?? actorId;
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}

export function mapVerdictOf(brief: Brief, placeId: string, t: number): MapVerdict {
  const verdict = controlVerdict(brief, placeId, t);
  const base = { stale: verdict.stale, text: describeVerdictShort(brief, verdict) };
  const holders = unique(verdict.views.flatMap((v) => v.holders.map((a) => partyOf(brief, a))));
  // In the place, fighting for it: what a ring means. Approaching or besieging is outside it.
  const fighting = unique(
    verdict.views.flatMap((v) =>
      v.picture.claims
        .filter((c) => c.status === "contested" || c.status === "entered")
        .map((c) => partyOf(brief, c.actor)),
    ),
  );
  switch (verdict.kind) {
    case "unknown":
      return { ...base, kind: "unknown", parties: [], present: [], text: "no claims" };
    case "vacated":
      return { ...base, kind: "unknown", parties: [], present: fighting };
    case "contested":
      return { ...base, kind: "contested", parties: [], present: fighting };
    case "disputed":
      // One side said to hold it and another saying nobody does: the second half stays grey.
      return {
        ...base,
        kind: "disputed",
        parties: holders.length >= 2 ? holders : [...holders, ""],
        present: fighting.filter((p) => !holders.includes(p)),
      };
    case "held": {
      const parties = unique(verdict.holders.map((a) => partyOf(brief, a)));
      const kind = parties.length > 1 ? "split" : verdict.partial ? "held-in-part" : "held";
      return { ...base, kind, parties, present: fighting.filter((p) => !parties.includes(p)) };
    }
  }
}
