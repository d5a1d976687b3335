// What a picture shows, as data: the Answer carries these, and the drawing code turns them into
// SVG and PNG only when a platform asks. Everything here is already worded for people (names,
// dates in the brief's time zone) so the drawing code never reads the store.
import type { Qualifier, Reliability } from "../../store/schema.ts";

/** One reported figure: from `at` it holds until the source's next figure. */
export interface ChartPoint {
  readonly at: number;
  /** The figure; for a range its low end. */
  readonly low: number;
  /** The figure; for a range its high end. */
  readonly high: number;
  readonly qualifier: Qualifier;
  /** The figure as people read it: "more than 255", "1,200–1,500". */
  readonly text: string;
}

/** One source's figures for one thing counted, oldest first. */
export interface ChartSeries {
  readonly source: string;
  readonly grade: Reliability;
  /** What sets this line apart when a source has several: "civilians, University of Aleppo campus". */
  readonly counts: string;
  readonly points: readonly ChartPoint[];
}

export interface TollChartSpec {
  readonly kind: "toll-chart";
  /** "Killed in Aleppo". */
  readonly title: string;
  /** "as of 30 Nov 2024, 23:59 (Asia/Damascus)". */
  readonly asOf: string;
  /** IANA zone the axis dates are in. */
  readonly zone: string;
  /** The time axis, epoch ms: the first figure (or the brief's start) to the answer's time. */
  readonly start: number;
  readonly end: number;
  readonly series: readonly ChartSeries[];
  /** Series left out to keep the chart readable (the least trusted). */
  readonly omitted: number;
  /** The brief and the honest small print. */
  readonly footer: string;
}

/**
 * A place's verdict, as the map draws it. `parties` are the sides said to hold it (for a dispute:
 * the sides each source says holds it), `present` the sides fighting in it (drawn as a ring).
 */
export interface MapVerdict {
  readonly kind: "held" | "held-in-part" | "split" | "disputed" | "contested" | "unknown";
  readonly parties: readonly string[];
  readonly present: readonly string[];
  /** The actors the verdict's parties were named by (ids): the legend names only these. */
  readonly actors: readonly string[];
  readonly stale: boolean;
  /** "held by HTS", "disputed": a few words for the label and the list. */
  readonly text: string;
}

export type MarkerShape = "area" | "settlement" | "site";

export interface MapPlace {
  readonly id: string;
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly shape: MarkerShape;
  /** Larger places first: labels go to them before smaller ones. */
  readonly rank: number;
  /** The place asked about. */
  readonly focus: boolean;
  readonly verdict: MapVerdict;
}

export interface MapParty {
  readonly key: string;
  /** "Opposition: HTS, HTS-allied factions". */
  readonly label: string;
}

export interface ControlMapSpec {
  readonly kind: "control-map";
  /** "Who controls Aleppo". */
  readonly title: string;
  readonly asOf: string;
  /** Colours go to parties in this order. */
  readonly parties: readonly MapParty[];
  readonly places: readonly MapPlace[];
  /** Places with no coordinates: listed under the map, never dropped. */
  readonly unplaced: readonly { readonly name: string; readonly status: string }[];
  readonly footer: string;
}

export type PictureSpec = TollChartSpec | ControlMapSpec;

/** A picture an answer carries. */
export interface Picture {
  /** File name for the attachment: "toll-aleppo-killed.png". */
  readonly name: string;
  /** What it shows in words: alt text, and the line shown where it cannot be sent. */
  readonly alt: string;
  readonly spec: PictureSpec;
}
