// The platform-neutral Answer: what every command returns and every renderer draws. All text in
// an Answer is plain, untrusted text (much of it comes from briefs); renderers escape all of it
// and apply the styles themselves, so no markup ever travels inside a string.
import type { Reliability } from "../store/schema.ts";
import type { Picture } from "./pictures/types.ts";

export type Style = "bold" | "italic" | "code";

export interface Span {
  readonly text: string;
  readonly style?: Style;
}

/** Plain text, or spans of it with styles. */
export type Rich = string | readonly Span[];

/** Who says so, how far they are trusted, and when. */
export interface Attribution {
  /** The source's display name ("SOHR"). */
  readonly source: string;
  /** Admiralty source reliability, A to F. */
  readonly grade: Reliability;
  /** Admiralty information credibility, 1 to 6, where the brief gives it. */
  readonly credibility?: number;
  /** The outlet that carried the claim ("AFP"). */
  readonly via?: string;
  /** When it was reported, for people: "29 Nov 2024" or "29 Nov 2024, 14:30". */
  readonly when: string;
  /** How old it is as of the answer's time: "2 days ago". */
  readonly age: string;
  /** Older than the brief's stale_after_hours. */
  readonly stale?: boolean;
}

/** One line of an answer: a claim, a figure, a profile line. */
export interface Fact {
  readonly text: Rich;
  readonly attribution?: readonly Attribution[];
  /** A quieter second line: a quote, a breakdown, a trend, a note. */
  readonly detail?: Rich;
}

export interface Section {
  readonly title?: string;
  readonly facts: readonly Fact[];
  /** Facts the command already left out; renderers add any they cut themselves. */
  readonly more?: number;
}

/** A control verdict as data: renderers colour and summarise from this, never from the wording. */
export interface ControlVerdictData {
  /** The place's id. */
  readonly place: string;
  readonly kind: "disputed" | "held" | "held-in-part" | "split" | "contested" | "unknown";
  /** The newest current picture is older than the brief's stale_after_hours at T. */
  readonly stale: boolean;
  /** Each party's standing: holders first. */
  readonly parties: readonly ControlPartyData[];
  /** The sources the verdict rests on, newest claim first. */
  readonly evidence: readonly ControlEvidenceData[];
}

export interface ControlPartyData {
  /** The party key: an actors' `side`, or `actor:<id>`. */
  readonly party: string;
  /** Display name: the party's actors the claims name ("HTS and SNA"). */
  readonly name: string;
  readonly standing: "holds" | "present" | "near" | "gone";
  readonly extent: "full" | "partial";
  /** Display names of the sources that say so. */
  readonly sources: readonly string[];
}

export interface ControlEvidenceData {
  /** Display name ("SANA"). */
  readonly source: string;
  /** "30 Nov" (with the year when it differs from the answer's). */
  readonly date: string;
  /** Epoch ms of the claim. */
  readonly at: number;
  /** The party the source speaks for, when it has one ("government"). */
  readonly party?: string;
  /** "the government's state media". */
  readonly mark?: string;
}

export type AnswerKind = "answer" | "not-found" | "usage" | "error";

export interface Answer {
  readonly kind: AnswerKind;
  readonly title: string;
  /** The one-line headline: "Disputed: SOHR says HTS entered; the army says it holds it". */
  readonly verdict?: Rich;
  /** The verdict of /who-controls as data (kind, parties, evidence). */
  readonly control?: ControlVerdictData;
  readonly sections: readonly Section[];
  /** Caveats: what is unknown, what differs between figures, what is stale. */
  readonly notes?: readonly Rich[];
  /**
   * Notes the command left out and only counted (a region's tens of thousands of spread notes,
   * past NOTES_KEPT): each renderer adds them to its "… and N more notes".
   */
  readonly moreNotes?: number;
  /** The brief and the time the answer is as of. */
  readonly footer?: string;
  /**
   * Pictures drawn from the same data (a toll chart, a control map), as data: each platform's
   * renderer decides how they travel. The text above is complete without them.
   */
  readonly pictures?: readonly Picture[];
}

/** The plain text of rich text, without styles. */
export function plain(text: Rich): string {
  return typeof text === "string" ? text : text.map((s) => s.text).join("");
}
