// The verdict of a place as alerts read it: a key that changes exactly when the verdict does
// (staleness aside), the short phrase and its evidence in words, the actors any current picture
// names, and the claims behind it. Alerts only repeat what the verdict says; this adapter is the
// one place that knows how the verdict is computed.
import { formatDay, joinAnd, sourceLabelOf } from "../answer/format.ts";
import { describeVerdictShort } from "../answer/verdict.ts";
import { controlVerdict } from "../store/queries.ts";
import type { Brief, StoredClaim } from "../store/types.ts";

export interface VerdictLine {
  /** Equal for two verdicts that say the same (kind, holders, in part); stale is left out. */
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
  const verdict = controlVerdict(brief, placeId, t);
  const views = verdict.views;
  const holders = verdict.kind === "held" ? verdict.holders : [];
  const claims = views.flatMap((v) => v.picture.claims).sort((a, b) => b.at - a.at);
  const actors = [...new Set(claims.map((c) => c.actor))].sort();
  const evidenceViews = verdict.kind === "held" ? views.filter((v) => v.holders.length > 0) : views;
  const sources = [...new Set(evidenceViews.map((v) => sourceLabelOf(brief, v.picture.source)))];
  const newest = evidenceViews[0]?.picture.at;
  const day = newest === undefined ? "" : formatDay(newest, brief.meta.timezone);
  const evidence =
    sources.length === 0
      ? ""
      : verdict.kind === "held"
        ? `per ${joinAnd(sources)}, ${day}`
        : `${sources.join(", ")}, ${day}`;
  return {
    key: `${verdict.kind}|${holders.join(",")}|${verdict.partial ? "part" : "all"}`,
    kind: verdict.kind,
    phrase: describeVerdictShort(brief, verdict),
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
