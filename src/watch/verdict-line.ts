// The verdict of a place as alerts read it: a key that changes exactly when the verdict does
// (staleness aside), the short phrase and its evidence in words, the actors any current picture
// names, and the claims behind it. Alerts only repeat what the verdict says; this adapter is the
// one place that knows how the verdict is computed.
import { formatDay, joinAnd, sourceLabelOf } from "../answer/format.ts";
import { describeVerdictShort } from "../answer/verdict.ts";
import type { Brief, StoredClaim } from "../store/types.ts";
import { placeVerdict, verdictKey } from "../store/verdict.ts";

export interface VerdictLine {
  /** Equal for two verdicts that say the same (kind, each party's standing); stale is left out. */
  readonly key: string;
  readonly kind: string;
  /** "held by HTS", "disputed", "unknown". */
  readonly phrase: string;
  /** "per AFP and SOHR, 2 Dec", "AFP, SOHR, 29 Nov"; empty when nobody said anything. */
  readonly evidence: string;
  readonly stale: boolean;
  /** Actor ids named by any picture the verdict rests on. */
  readonly actors: readonly string[];
  /** The claims the verdict rests on, newest first. */
  readonly claims: readonly StoredClaim[];
}

export function readVerdict(brief: Brief, placeId: string, t: number): VerdictLine {
  const verdict = placeVerdict(brief, placeId, t);
  const pictures = verdict.evidence.map((e) => e.picture);
  const claims = pictures.flatMap((p) => p.claims).sort((a, b) => b.at - a.at);
  const actors = [...new Set(claims.map((c) => c.actor))].sort();
  const held =
    verdict.kind === "held" || verdict.kind === "held-in-part" || verdict.kind === "split";
  const holding = new Set(
    verdict.parties.filter((p) => p.standing === "holds").flatMap((p) => p.sources),
  );
  const evidencePictures = held ? pictures.filter((p) => holding.has(p.source)) : pictures;
  const sources = [...new Set(evidencePictures.map((p) => sourceLabelOf(brief, p.source)))];
  const newest = evidencePictures[0]?.at;
  const day = newest === undefined ? "" : formatDay(newest, brief.meta.timezone);
  const evidence =
    sources.length === 0
      ? ""
      : held
        ? `per ${joinAnd(sources)}, ${day}`
        : `${sources.join(", ")}, ${day}`;
  return {
    key: verdictKey(verdict),
    kind: verdict.kind,
    phrase: describeVerdictShort(brief, verdict, { stale: false }),
    evidence,
    stale: verdict.stale,
    actors,
    claims,
  };
}

/** "disputed (AFP, SOHR, 29 Nov)", "unknown". */
export function verdictWithEvidence(line: VerdictLine): string {
  const stale = line.stale ? ", stale" : "";
  return line.evidence === ""
    ? `${line.phrase}${stale}`
    : `${line.phrase} (${line.evidence}${stale})`;
}
