// A small brief for the picture tests: places with coordinates (and two without), two sides,
// a disputed city, a contested town, a stale claim, and three sources' tolls over four days
// with every qualifier a chart draws. Also a PNG decoder that goes through another program's
// reading of the file (resvg's image loader), so a test sees what a viewer would.
import { Resvg } from "@resvg/resvg-js";
import { createBrief } from "../../../src/store/brief.ts";
import { type Actor, BriefMeta, Claim, type Place, Source } from "../../../src/store/schema.ts";
import type { Brief } from "../../../src/store/types.ts";

/** 30 Nov 2024, 12:00 in Damascus. */
export const AT = Date.parse("2024-11-30T12:00:00+03:00");
export const CLOCK = { at: AT, now: AT };

const sources = [
  {
    id: "sohr",
    name: "Syrian Observatory for Human Rights",
    aliases: ["SOHR"],
    kind: "monitor",
    reliability: "B",
  },
  {
    id: "sana",
    name: "Syrian Arab News Agency",
    aliases: ["SANA"],
    kind: "state-media",
    party: "gov",
    reliability: "D",
  },
  {
    id: "ocha",
    name: "UN humanitarian office",
    aliases: ["OCHA"],
    kind: "un-agency",
    reliability: "A",
  },
  {
    id: "afp",
    name: "Agence France-Presse",
    aliases: ["AFP"],
    kind: "wire-agency",
    reliability: "B",
  },
].map((s) => Source.parse(s));

const actors: Actor[] = [
  { id: "hts", name: "Hayat Tahrir al-Sham", short: "HTS", side: "opposition" },
  { id: "allies", name: "Allied factions", side: "opposition" },
  { id: "gov", name: "Syrian government forces", short: "Syrian army", side: "government" },
];

const places: Place[] = [
  { id: "north", name: "North", kind: "region" },
  { id: "aleppo", name: "Aleppo", kind: "city", in: "north", lat: 36.2, lon: 37.16 },
  { id: "west-aleppo", name: "Western Aleppo", kind: "neighbourhood", in: "aleppo" },
  { id: "saraqib", name: "Saraqib", kind: "city", in: "north", lat: 35.86, lon: 36.8 },
  { id: "idlib", name: "Idlib", kind: "city", in: "north", lat: 35.93, lon: 36.63 },
  { id: "maarat", name: "معرة النعمان", kind: "town", in: "north", lat: 35.65, lon: 36.67 },
  { id: "hama", name: "Hama", kind: "city", in: "north", lat: 35.13, lon: 36.75 },
  { id: "atareb", name: "Atareb", kind: "town", in: "north" },
];

const claims: unknown[] = [
  // Saraqib: disputed, AFP says HTS holds it, SANA that the army does.
  {
    type: "control",
    source: "afp",
    reported: "2024-11-29",
    place: "saraqib",
    actor: "hts",
    status: "controls",
  },
  {
    type: "control",
    source: "sana",
    reported: "2024-11-29",
    place: "saraqib",
    actor: "gov",
    status: "controls",
  },
  // Aleppo: held by the army with HTS fighting in it.
  {
    type: "control",
    source: "sohr",
    reported: "2024-11-29",
    place: "aleppo",
    actor: "gov",
    status: "controls",
  },
  {
    type: "control",
    source: "sohr",
    reported: "2024-11-29",
    place: "aleppo",
    actor: "hts",
    status: "contested",
  },
  // Idlib: held by HTS, and stale by 30 Nov.
  {
    type: "control",
    source: "afp",
    reported: "2024-11-20",
    place: "idlib",
    actor: "hts",
    status: "controls",
  },
  // Maarat: only fighting reported.
  {
    type: "control",
    source: "sohr",
    reported: "2024-11-29",
    place: "maarat",
    actor: "allies",
    status: "contested",
  },
  // Western Aleppo (no coordinates): held in part by HTS.
  {
    type: "control",
    source: "sohr",
    reported: "2024-11-29",
    place: "west-aleppo",
    actor: "hts",
    status: "controls",
    extent: "partial",
  },

  // Tolls in the region: SOHR climbing (at least, then more than), OCHA a range then about,
  // SANA one exact figure for a place inside it.
  {
    type: "toll",
    source: "sohr",
    reported: "2024-11-27T18:00:00+03:00",
    metric: "killed",
    count: 44,
    qualifier: "at-least",
    place: "north",
    since: "2024-11-27",
  },
  {
    type: "toll",
    source: "sohr",
    reported: "2024-11-28T18:00:00+03:00",
    metric: "killed",
    count: 153,
    qualifier: "more-than",
    place: "north",
    since: "2024-11-27",
  },
  {
    type: "toll",
    source: "sohr",
    reported: "2024-11-29T18:00:00+03:00",
    metric: "killed",
    count: 255,
    qualifier: "more-than",
    place: "north",
    since: "2024-11-27",
  },
  {
    type: "toll",
    source: "ocha",
    reported: "2024-11-28T12:00:00+03:00",
    metric: "killed",
    count: { low: 20, high: 30 },
    who: "civilians",
    place: "north",
    since: "2024-11-27",
  },
  {
    type: "toll",
    source: "ocha",
    reported: "2024-11-30T10:00:00+03:00",
    metric: "killed",
    count: 61,
    qualifier: "about",
    who: "civilians",
    place: "north",
    since: "2024-11-27",
  },
  {
    type: "toll",
    source: "sana",
    reported: "2024-11-29",
    metric: "killed",
    count: 4,
    who: "civilians",
    place: "aleppo",
    since: "2024-11-29",
    until: "2024-11-29",
  },
];

/** The brief; `keep` leaves claims out (an earlier version of it, for alert tests). */
export function pictureBrief(
  keep: (claim: Record<string, unknown>) => boolean = () => true,
): Brief {
  return createBrief({
    id: "pictures",
    dir: "/fixtures/pictures",
    meta: BriefMeta.parse({
      title: "Picture test",
      timezone: "Asia/Damascus",
      region: "north",
      started: "2024-11-27",
      stale_after_hours: 48,
    }),
    sources,
    actors,
    places,
    claimFiles: [
      {
        file: "claims/all.yaml",
        claims: claims.filter((c) => keep(c as Record<string, unknown>)).map((c) => Claim.parse(c)),
      },
    ],
  });
}

export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  /** RGBA, row by row. */
  readonly pixels: Buffer;
}

/** Reads a PNG back into pixels through resvg's own PNG decoder. */
export function decodePng(png: Buffer): DecodedPng {
  // The size, from the IHDR chunk right after the 8-byte signature.
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image width="${width}" height="${height}" href="data:image/png;base64,${png.toString("base64")}"/></svg>`;
  const image = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
  return { width: image.width, height: image.height, pixels: image.pixels };
}

/** The colour at (x, y) as "#rrggbb". */
export function pixelAt(image: DecodedPng, x: number, y: number): string {
  const i = (Math.round(y) * image.width + Math.round(x)) * 4;
  const hex = (v: number) => v.toString(16).padStart(2, "0");
  return `#${hex(image.pixels[i]!)}${hex(image.pixels[i + 1]!)}${hex(image.pixels[i + 2]!)}`;
}
