// A control verdict in words and as data: the headline of /who-controls ("Held by Syrian army
// (per SANA, the government's state media, 30 Nov); HTS approaching (per SOHR, 29 Nov)"), the
// short form used for places inside it and for actors, and the data renderers colour from.
// Verdicts are phrased with participles ("held by", "approaching") so that plural names read
// right: "held by Syrian government forces", never "Syrian government forces controls it".
import type { ControlStatus } from "../store/schema.ts";
import type { Brief } from "../store/types.ts";
import type {
  Evidence,
  PartyStanding,
  Picture,
  Verdict,
  VerdictCore,
  VerdictParty,
} from "../store/verdict.ts";
import { actorLabelOf, formatClaimDate, joinAnd, sourceLabelOf } from "./format.ts";
import type { ControlVerdictData, Rich, Span } from "./model.ts";

/** "the government", "the opposition", or the actor's name for a party of one actor. */
export function partyLabel(brief: Brief, party: string): string {
  if (party.startsWith("actor:")) return actorLabelOf(brief, party.slice("actor:".length));
  return `the ${party.replaceAll("-", " ")}`;
}

function possessive(name: string): string {
  return name.endsWith("s") ? `${name}'` : `${name}'s`;
}

/** "the government's state media", "speaking for the opposition": a source that speaks for a party. */
export function partyMark(brief: Brief, sourceId: string): string | undefined {
  const source = brief.sources.get(sourceId);
  if (source?.party === undefined) return undefined;
  const actor = brief.actors.get(source.party);
  const name =
    actor?.side === undefined ? actorLabelOf(brief, source.party) : partyLabel(brief, actor.side);
  return source.kind === "state-media" ? `${possessive(name)} state media` : `speaking for ${name}`;
}

/** "SANA, the government's state media, 30 Nov": a source in a verdict line. */
export function describeEvidence(brief: Brief, source: string, at: number, t: number): string {
  const mark = partyMark(brief, source);
  const date = formatClaimDate(at, t, brief.meta.timezone);
  return [sourceLabelOf(brief, source), ...(mark === undefined ? [] : [mark]), date].join(", ");
}

/** "per SOHR, 29 Nov; SANA, the government's state media, 30 Nov". */
function perSources(brief: Brief, verdict: Verdict, sources: readonly string[]): string {
  const items = sources.map((id) => {
    const evidence = verdict.evidence.find((e) => e.source === id);
    return evidence === undefined
      ? sourceLabelOf(brief, id)
      : describeEvidence(brief, id, evidence.at, verdict.at);
  });
  return `per ${items.join("; ")}`;
}

function actorsText(brief: Brief, actors: readonly string[]): string {
  return joinAnd(actors.map((id) => actorLabelOf(brief, id)));
}

const OTHER_WORDS: Record<Exclude<ControlStatus, "controls">, [string, string]> = {
  entered: ["inside", "inside part of it"],
  contested: ["fighting for it", "fighting for part of it"],
  approaching: ["approaching", "approaching"],
  besieging: ["besieging it", "besieging part of it"],
  withdrew: ["withdrawn from it", "withdrawn from part of it"],
};

const STANDING_STATUSES: Record<PartyStanding["standing"], readonly ControlStatus[]> = {
  holds: ["controls"],
  present: ["entered", "contested"],
  near: ["besieging", "approaching"],
  gone: ["withdrew"],
};

/** "held by Syrian army", "held in part by HTS", "HTS approaching", "HTS fighting for it". */
export function standingPhrase(brief: Brief, p: PartyStanding): string {
  const who = actorsText(brief, p.actors);
  if (p.standing === "holds") return `held${p.extent === "partial" ? " in part" : ""} by ${who}`;
  const words = OTHER_WORDS[statusIn(p) as Exclude<ControlStatus, "controls">];
  return `${who} ${words[p.extent === "partial" ? 1 : 0]}`;
}

function holdersPhrase(brief: Brief, holders: readonly PartyStanding[]): string {
  if (holders.length === 1) return standingPhrase(brief, holders[0]!);
  return `split between ${joinAnd(holders.map((h) => actorsText(brief, h.actors)))}`;
}

/** "held by Syrian army, HTS fighting for it": what one picture says. */
export function summarizePicture(brief: Brief, picture: Picture): string {
  const holders = picture.parties.filter((p) => p.standing === "holds");
  const others = picture.parties.filter((p) => p.standing !== "holds");
  const parts = holders.length > 0 ? [holdersPhrase(brief, holders)] : [];
  for (const p of others) parts.push(standingPhrase(brief, p));
  return parts.join(", ");
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The status word a picture gives a party ("approaching" rather than "besieging"). */
function statusIn(p: PartyStanding): ControlStatus {
  return STANDING_STATUSES[p.standing].find((s) => p.statuses.includes(s)) ?? "entered";
}

/**
 * "HTS approaching (per SOHR, 29 Nov)" for each party that does not hold the place; where
 * sources word its standing differently, each wording with its sources: "HTS fighting for it
 * (per AFP, 29 Nov), inside (per SOHR, 29 Nov)".
 */
function othersText(brief: Brief, verdict: Verdict): string[] {
  return verdict.parties
    .filter((p) => p.standing !== "holds")
    .map((p) => {
      const byWords = new Map<string, string[]>();
      for (const evidence of verdict.evidence) {
        if (!p.sources.includes(evidence.source)) continue;
        const said = evidence.picture.parties.find((q) => q.party === p.party);
        if (said === undefined) continue;
        const status = statusIn(said) as Exclude<ControlStatus, "controls">;
        const words = OTHER_WORDS[status][said.extent === "partial" ? 1 : 0];
        byWords.set(words, [...(byWords.get(words) ?? []), evidence.source]);
      }
      const parts = [...byWords].map(
        ([words, sources]) => `${words} (${perSources(brief, verdict, sources)})`,
      );
      return `${actorsText(brief, p.actors)} ${parts.join(", ")}`;
    });
}

/** "per AFP, 29 Nov: held by HTS; per SOHR, 29 Nov: held by Syrian army, HTS fighting for it". */
function disputedText(brief: Brief, verdict: Verdict): string {
  const bySummary = new Map<string, string[]>();
  for (const evidence of verdict.evidence) {
    const summary = summarizePicture(brief, evidence.picture);
    const sources = bySummary.get(summary) ?? [];
    sources.push(evidence.source);
    bySummary.set(summary, sources);
  }
  return [...bySummary]
    .map(([summary, sources]) => `${perSources(brief, verdict, sources)}: ${summary}`)
    .join("; ");
}

function lead(brief: Brief, verdict: VerdictCore): string {
  const holders = verdict.parties.filter((p) => p.standing === "holds");
  switch (verdict.kind) {
    case "held":
    case "held-in-part":
    case "split":
      return capitalize(holdersPhrase(brief, holders));
    default:
      return capitalize(verdict.kind);
  }
}

/** The one-line headline of a control verdict for `placeName`. */
export function describeVerdict(brief: Brief, verdict: Verdict, placeName: string): Rich {
  const spans: Span[] = [{ text: lead(brief, verdict), style: "bold" }];
  const others = othersText(brief, verdict);
  switch (verdict.kind) {
    case "held":
    case "held-in-part":
    case "split": {
      const holders = verdict.parties.filter((p) => p.standing === "holds");
      const sources = [...new Set(holders.flatMap((h) => h.sources))];
      spans.push({ text: ` (${perSources(brief, verdict, sources)})` });
      if (others.length > 0) spans.push({ text: `; ${others.join("; ")}` });
      break;
    }
    case "disputed":
      spans.push({ text: `: ${disputedText(brief, verdict)}` });
      break;
    case "contested":
      spans.push({ text: `: ${others.join("; ")}; no source says who holds it` });
      break;
    case "unknown":
      spans.push({
        text:
          others.length === 0
            ? `: no source has said who controls ${placeName}`
            : `: no source says who holds it; ${others.join("; ")}`,
      });
      break;
  }
  if (verdict.stale) spans.push({ text: " (stale)", style: "italic" });
  return spans;
}

/** "held by HTS", "disputed", "split between HTS and Syrian army": for a section title. */
export function describeVerdictShort(
  brief: Brief,
  verdict: VerdictCore,
  options: { readonly stale?: boolean } = {},
): string {
  const text = lead(brief, verdict);
  const short = text.charAt(0).toLowerCase() + text.slice(1);
  return verdict.stale && options.stale !== false ? `${short} (stale)` : short;
}

function evidenceData(brief: Brief, evidence: Evidence, t: number) {
  const mark = partyMark(brief, evidence.source);
  return {
    source: sourceLabelOf(brief, evidence.source),
    date: formatClaimDate(evidence.at, t, brief.meta.timezone),
    at: evidence.at,
    ...(evidence.party === undefined ? {} : { party: evidence.party }),
    ...(mark === undefined ? {} : { mark }),
  };
}

/** The verdict as data for the Answer: kind, parties and evidence with display names. */
export function verdictData(brief: Brief, verdict: Verdict): ControlVerdictData {
  return {
    place: verdict.place,
    kind: verdict.kind,
    stale: verdict.stale,
    parties: verdict.parties.map((p: VerdictParty) => ({
      party: p.party,
      name: actorsText(brief, p.actors),
      standing: p.standing,
      extent: p.extent,
      sources: p.sources.map((id) => sourceLabelOf(brief, id)),
    })),
    evidence: verdict.evidence.map((e) => evidenceData(brief, e, verdict.at)),
  };
}
