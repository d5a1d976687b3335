// The verdict of a place as alerts read it: a key that changes exactly when the verdict does
// (staleness aside), the short phrase and its evidence in words, the actors any current picture
// names, and the claims behind it. Alerts only repeat what the verdict says; this adapter is the
// one place that knows how the verdict is computed.
import { formatClaimDate, joinAnd, sourceLabelOf } from "../answer/format.ts";
import type { ControlVerdictData } from "../answer/model.ts";
import {
  describeEvidence,
  describeVerdictShort,
  partyMark,
  verdictData,
} from "../answer/verdict.ts";
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
  /** The verdict as data, as answers carry it (renderers colour from it). */
  readonly data: ControlVerdictData;
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
  return {
    key: verdictKey(verdict),
    kind: verdict.kind,
    phrase: describeVerdictShort(brief, verdict, { stale: false }),
    evidence: evidenceText(brief, evidencePictures, held, t),
    stale: verdict.stale,
    actors,
    claims,
    data: verdictData(brief, verdict),
  };
}

/**
 * The sources a verdict rests on, as the verdict names them: "per AFP and SOHR, 2 Dec" when they
 * share a day and none speaks for a party, else each with its date and party mark ("per SOHR,
 * 29 Nov; SANA, the government's state media, 30 Nov"). Without "per" for a disputed verdict.
 */
function evidenceText(
  brief: Brief,
  pictures: readonly { readonly source: string; readonly at: number }[],
  held: boolean,
  t: number,
): string {
  const zone = brief.meta.timezone;
  const sources = [...new Set(pictures.map((p) => p.source))];
  if (sources.length === 0) return "";
  const dates = new Set(pictures.map((p) => formatClaimDate(p.at, t, zone)));
  const marked = sources.some((id) => partyMark(brief, id) !== undefined);
  if (dates.size === 1 && !marked) {
    const labels = sources.map((id) => sourceLabelOf(brief, id));
    const [date] = dates;
    return held ? `per ${joinAnd(labels)}, ${date}` : `${labels.join(", ")}, ${date}`;
  }
  const items = sources.map((id) => {
    const newest = pictures.find((p) => p.source === id)!;
    return describeEvidence(brief, id, newest.at, t);
  });
  return `${held ? "per " : ""}${items.join("; ")}`;
}

/** "disputed (AFP, SOHR, 29 Nov)", "unknown". */
export function verdictWithEvidence(line: VerdictLine): string {
  const stale = line.stale ? ", stale" : "";
  return line.evidence === ""
    ? `${line.phrase}${stale}`
    : `${line.phrase} (${line.evidence}${stale})`;
}
