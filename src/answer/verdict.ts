// A control verdict in words: the headline of /who-controls ("Disputed: AFP says HTS controls
// it; SOHR says the Syrian army controls it") and the short form used for places inside it.
import type { PictureView, Verdict } from "../store/queries.ts";
import type { ControlStatus } from "../store/schema.ts";
import type { Brief } from "../store/types.ts";
import { actorLabelOf, joinAnd, sourceLabelOf } from "./format.ts";
import type { Rich } from "./model.ts";

const SHORT_WORDS: Record<ControlStatus, string> = {
  controls: "controls",
  contested: "is fighting for",
  entered: "entered",
  approaching: "is approaching",
  besieging: "is besieging",
  withdrew: "withdrew from",
};

/** "the Syrian army controls it and HTS is fighting for it": one source's picture, briefly. */
export function summarizePicture(brief: Brief, view: PictureView): string {
  const speaker = sourceLabelOf(brief, view.picture.source);
  const parts = view.picture.claims.map((claim) => {
    const part = claim.extent === "partial" ? " part of" : "";
    const actor = actorLabelOf(brief, claim.actor);
    // "Syrian army says it controls it", not "Syrian army says Syrian army controls it".
    const who = actor === speaker ? "it" : actor;
    return `${who} ${SHORT_WORDS[claim.status]}${part} it`;
  });
  return joinAnd(parts);
}

function perSources(brief: Brief, views: readonly PictureView[]): string {
  return `per ${joinAnd(views.map((v) => sourceLabelOf(brief, v.picture.source)))}`;
}

/** Sources whose pictures read the same, grouped: "AFP and SOHR say HTS entered it". */
function groupedPictures(brief: Brief, views: readonly PictureView[]): string {
  const bySummary = new Map<string, string[]>();
  for (const view of views) {
    const summary = summarizePicture(brief, view);
    const sources = bySummary.get(summary) ?? [];
    sources.push(sourceLabelOf(brief, view.picture.source));
    bySummary.set(summary, sources);
  }
  return [...bySummary]
    .map(
      ([summary, sources]) =>
        `${joinAnd(sources)} ${sources.length === 1 ? "says" : "say"} ${summary}`,
    )
    .join("; ");
}

function holdersText(brief: Brief, holders: readonly string[]): string {
  return joinAnd(holders.map((id) => actorLabelOf(brief, id)));
}

/** The one-line headline of a control verdict for `placeName`. */
export function describeVerdict(brief: Brief, verdict: Verdict, placeName: string): Rich {
  const views = verdict.views;
  switch (verdict.kind) {
    case "unknown":
      return [
        { text: "Unknown", style: "bold" },
        { text: `: no source has said who controls ${placeName}` },
      ];
    case "held": {
      const holding = views.filter((v) => v.holders.length > 0);
      const how =
        verdict.holders.length > 1
          ? "Divided between"
          : verdict.partial
            ? "Held in part by"
            : "Held by";
      return [
        { text: `${how} ${holdersText(brief, verdict.holders)}`, style: "bold" },
        { text: ` (${perSources(brief, holding)})` },
      ];
    }
    case "disputed":
      return [{ text: "Disputed", style: "bold" }, { text: `: ${groupedPictures(brief, views)}` }];
    case "contested":
      return [
        { text: "Contested", style: "bold" },
        { text: `: no source says who holds it; ${groupedPictures(brief, views)}` },
      ];
    case "vacated":
      return [
        { text: "No holder reported", style: "bold" },
        { text: `: ${groupedPictures(brief, views)}` },
      ];
  }
}

/** "held by HTS", "disputed": the verdict in a few words, for a section title. */
export function describeVerdictShort(brief: Brief, verdict: Verdict): string {
  switch (verdict.kind) {
    case "held": {
      const how =
        verdict.holders.length > 1
          ? "divided between"
          : verdict.partial
            ? "held in part by"
            : "held by";
      return `${how} ${holdersText(brief, verdict.holders)}`;
    }
    case "vacated":
      return "no holder reported";
    default:
      return verdict.kind;
  }
}
