// A place's control verdict (src/store/verdict.ts, by the brief format's rules) read for the map:
// the sides said to hold it (for a dispute, each side some source says holds it), the sides
// present in it without holding it (drawn as a ring), and whether it is stale.
import type { Brief } from "../../store/types.ts";
import { placeVerdict } from "../../store/verdict.ts";
import { describeVerdictShort } from "../verdict.ts";
import type { MapVerdict } from "./types.ts";

export function mapVerdictOf(brief: Brief, placeId: string, t: number): MapVerdict {
  const verdict = placeVerdict(brief, placeId, t);
  const holders = verdict.parties.filter((p) => p.standing === "holds").map((p) => p.party);
  const present = verdict.parties.filter((p) => p.standing === "present").map((p) => p.party);
  const base = {
    kind: verdict.kind,
    actors: [...new Set(verdict.parties.flatMap((p) => p.actors))],
    stale: verdict.stale,
    present,
    text:
      verdict.kind === "unknown" && verdict.evidence.length === 0
        ? "no claims"
        : describeVerdictShort(brief, verdict, { stale: false }),
  };
  if (verdict.kind === "disputed") {
    // A dispute over whether one side holds it at all (the other source says it is only present,
    // near or gone): the second half stays grey, for "not held by them".
    const parties = holders.length >= 2 ? holders : [...holders, ""];
    return { ...base, parties, present: present.filter((p) => !holders.includes(p)) };
  }
  return { ...base, parties: holders };
}
