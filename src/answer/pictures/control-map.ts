// The control map: the place asked about and the places inside it as markers at their
// coordinates, each coloured by the side its verdict says holds it, over Natural Earth's country
// outlines. A dispute is split between the sides the sources name, fighting is a ring, a stale
// verdict is faded, no verdict is grey; places with no coordinates are listed under the map.
import { type GeoProjection, geoContains, geoMercator, geoPath } from "d3-geo";
import type { LineString, Polygon } from "geojson";
import { fitText, textWidth, wrapText } from "./fonts.ts";
import { Occupancy, type Rect } from "./labels.ts";
import { drawLegend, drawScaleBar } from "./map-legend.ts";
import {
  BORDER,
  colourAt,
  FAINT,
  HOME_LAND,
  INK,
  LAND,
  MUTED,
  SEA,
  tint,
  UNKNOWN,
} from "./palette.ts";
import { n, svgDocument, text } from "./svg.ts";
import type { Drawn } from "./toll-chart.ts";
import type { ControlMapSpec, MapPlace } from "./types.ts";
import { type Box, boxesMeet, boxHas, loadWorld, type Piece } from "./world.ts";

export const MAP_WIDTH = 800;
const PAD = 28;
const FRAME_HEIGHT = 540;
const MAX_UNPLACED = 24;
/** How far a stale marker is washed towards white. */
export const STALE_TINT = 0.6;
/** Places that may try for a label: on a crowded map the rest would never fit anyway. */
const MAX_LABEL_TRIES = 400;
/** Labels on one map: past this a map reads as a list. */
const MAX_LABELS = 80;
/** Past this many places markers are small and drawn without their white edge. */
const CROWDED = 500;
/** Up to this many places, labels carry the verdict too. */
const STATUS_LABELS = 30;

export interface Anchor {
  readonly x: number;
  readonly y: number;
  readonly r: number;
}

export interface DrawnMap extends Drawn {
  /** Where each place's marker is, in SVG units, and its radius. */
  readonly anchors: ReadonlyMap<string, Anchor>;
}

export interface Frame {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export type Colours = (party: string) => string;

/** How far apart the rings of fighting sit, and how thick: thinner on crowded maps. */
function ringStep(r: number): { gap: number; width: number } {
  return r >= 5 ? { gap: 3.5, width: 2.4 } : { gap: 2, width: 1.2 };
}

/** The marker's outer radius, rings included. */
function outerRadius(place: MapPlace, r: number): number {
  return r + ringStep(r).gap * place.verdict.present.length;
}

function radiusOf(place: MapPlace, count: number): number {
  const base = count <= 60 ? 7 : count <= CROWDED ? 5 : 3;
  const size = place.shape === "area" ? base + 1 : place.shape === "site" ? base - 2 : base;
  return place.focus ? size + 2 : size;
}

/** Fits the places (at least a degree or so across) into the frame, with room for labels. */
function fitProjection(places: readonly MapPlace[], frame: Frame): GeoProjection {
  let [w, s, e, north] = [180, 90, -180, -90];
  for (const p of places) {
    w = Math.min(w, p.lon);
    e = Math.max(e, p.lon);
    s = Math.min(s, p.lat);
    north = Math.max(north, p.lat);
  }
  const midLat = (s + north) / 2;
  const minLat = 1.6;
  const minLon = minLat / Math.max(Math.cos((midLat * Math.PI) / 180), 0.2);
  if (north - s < minLat) [s, north] = [midLat - minLat / 2, midLat + minLat / 2];
  if (e - w < minLon) [w, e] = [(w + e) / 2 - minLon / 2, (w + e) / 2 + minLon / 2];
  const corners = {
    type: "MultiPoint" as const,
    coordinates: [
      [w, s],
      [e, north],
      [w, north],
      [e, s],
    ],
  };
  const my = 60;
  const mx = 110;
  return geoMercator()
    .fitExtent(
      [
        [frame.x + mx, frame.y + my],
        [frame.x + frame.w - mx, frame.y + frame.h - my],
      ],
      corners,
    )
    .clipExtent([
      [frame.x, frame.y],
      [frame.x + frame.w, frame.y + frame.h],
    ]);
}

/** The part of the world the frame shows, in degrees, for culling outlines. */
function viewBox(projection: GeoProjection, frame: Frame): Box {
  const a = projection.invert?.([frame.x, frame.y + frame.h]) ?? [-180, -90];
  const b = projection.invert?.([frame.x + frame.w, frame.y]) ?? [180, 90];
  return [a[0] - 0.5, a[1] - 0.5, b[0] + 0.5, b[1] + 0.5];
}

interface Outlines {
  readonly shapes: string[];
  readonly countryLabels: { readonly name: string; readonly x: number; readonly y: number }[];
}

/** Sea, land (the focus's country lighter), coasts and dashed borders, cut to the frame. */
function drawOutlines(
  projection: GeoProjection,
  frame: Frame,
  focus: MapPlace | undefined,
): Outlines {
  const view = viewBox(projection, frame);
  // A province needs the fine coastline; a country or more looks the same from the lighter one.
  const world = loadWorld(view[2] - view[0] > 8 ? "50m" : "10m");
  const path = geoPath(projection).digits(1);
  const shapes: string[] = [
    `<rect x="${frame.x}" y="${frame.y}" width="${frame.w}" height="${frame.h}" fill="${SEA}"/>`,
  ];
  const countryLabels: Outlines["countryLabels"][number][] = [];
  for (const country of world.countries) {
    let d = "";
    let home = false;
    // The label goes on the country's largest piece in view (judged by its box: cheap).
    let largest: Piece<Polygon> | undefined;
    const boxArea = (b: Box) => (b[2] - b[0]) * (b[3] - b[1]);
    for (const polygon of country.polygons) {
      if (!boxesMeet(polygon.box, view)) continue;
      const piece = path(polygon.geometry);
      if (!piece) continue;
      d += piece;
      if (focus !== undefined && !home && boxHas(polygon.box, focus.lon, focus.lat)) {
        home = geoContains(polygon.geometry, [focus.lon, focus.lat]);
      }
      if (largest === undefined || boxArea(polygon.box) > boxArea(largest.box)) largest = polygon;
    }
    if (d === "") continue;
    shapes.push(`<path d="${d}" fill="${home ? HOME_LAND : LAND}"/>`);
    if (largest !== undefined && path.area(largest.geometry) > 5000) {
      const [x, y] = path.centroid(largest.geometry);
      if (Number.isFinite(x) && Number.isFinite(y))
        countryLabels.push({ name: country.name, x, y });
    }
  }
  const strokes = (list: readonly Piece<LineString>[], style: string): string => {
    let d = "";
    for (const piece of list) if (boxesMeet(piece.box, view)) d += path(piece.geometry) ?? "";
    return d === "" ? "" : `<path d="${d}" fill="none" stroke-linejoin="round" ${style}/>`;
  };
  shapes.push(
    strokes(world.coasts, `stroke="#9fb4c6" stroke-width="0.8"`),
    strokes(world.borders, `stroke="${BORDER}" stroke-width="1.1" stroke-dasharray="5 2.5"`),
  );
  return { shapes, countryLabels };
}

/** Wedges of a circle, the first party on the left, clockwise. */
function wedges(x: number, y: number, r: number, fills: readonly string[]): string {
  const step = (2 * Math.PI) / fills.length;
  return fills
    .map((fill, i) => {
      const a0 = Math.PI / 2 + i * step;
      const a1 = a0 + step;
      const large = step > Math.PI ? 1 : 0;
      return `<path d="M${n(x)} ${n(y)}L${n(x + r * Math.cos(a0))} ${n(y + r * Math.sin(a0))}A${r} ${r} 0 ${large} 1 ${n(x + r * Math.cos(a1))} ${n(y + r * Math.sin(a1))}Z" fill="${fill}"/>`;
    })
    .join("");
}

/** Vertical strips of a square, the first party on the left. */
function strips(x: number, y: number, r: number, fills: readonly string[]): string {
  const w = (2 * r) / fills.length;
  return fills
    .map(
      (fill, i) =>
        `<rect x="${n(x - r + i * w)}" y="${n(y - r)}" width="${n(w)}" height="${n(2 * r)}" fill="${fill}"/>`,
    )
    .join("");
}

/** The fills of a marker: one per side said to hold it; tinted where they hold only part. */
export function markerFills(place: MapPlace, colours: Colours): string[] {
  const v = place.verdict;
  if (v.parties.length === 0) return [UNKNOWN];
  const partial = v.kind === "held-in-part" || v.kind === "split";
  return v.parties.map((p) => (partial ? tint(colours(p), 0.55) : colours(p)));
}

export function drawMarker(
  place: MapPlace,
  x: number,
  y: number,
  r: number,
  colours: Colours,
): string {
  const v = place.verdict;
  // Stale: every colour washed towards white (cheaper to draw than a see-through group).
  const fade = (c: string) => (v.stale ? tint(c, STALE_TINT) : c);
  const fills = markerFills(place, colours).map(fade);
  const area = place.shape === "area";
  const outline = fade(
    v.kind === "disputed"
      ? INK
      : v.kind === "held-in-part" || v.kind === "split"
        ? colours(v.parties[0]!)
        : "#ffffff",
  );
  const outlineWidth =
    v.kind === "disputed"
      ? 1.6
      : v.kind === "held-in-part" || v.kind === "split"
        ? 1.8
        : r < 5
          ? 0
          : 1.3;
  const edge = outlineWidth === 0 ? "" : ` stroke="${outline}" stroke-width="${outlineWidth}"`;
  const parts: string[] = [];
  v.present.forEach((party, j) => {
    const step = ringStep(r);
    const rr = r + step.gap * (j + 1);
    parts.push(
      area
        ? `<rect x="${n(x - rr)}" y="${n(y - rr)}" width="${n(2 * rr)}" height="${n(2 * rr)}" rx="2" fill="none" stroke="${fade(colours(party))}" stroke-width="${step.width}"/>`
        : `<circle cx="${n(x)}" cy="${n(y)}" r="${n(rr)}" fill="none" stroke="${fade(colours(party))}" stroke-width="${step.width}"/>`,
    );
  });
  if (fills.length === 1) {
    parts.push(
      area
        ? `<rect x="${n(x - r)}" y="${n(y - r)}" width="${n(2 * r)}" height="${n(2 * r)}" rx="1.5" fill="${fills[0]}"${edge}/>`
        : `<circle cx="${n(x)}" cy="${n(y)}" r="${n(r)}" fill="${fills[0]}"${edge}/>`,
    );
  } else {
    parts.push(area ? strips(x, y, r, fills) : wedges(x, y, r, fills));
    if (edge !== "") {
      parts.push(
        area
          ? `<rect x="${n(x - r)}" y="${n(y - r)}" width="${n(2 * r)}" height="${n(2 * r)}" fill="none"${edge}/>`
          : `<circle cx="${n(x)}" cy="${n(y)}" r="${n(r)}" fill="none"${edge}/>`,
      );
    }
  }
  const stale = v.stale ? ` data-stale="true"` : "";
  return `<g data-place="${place.id}"${stale}>${parts.join("")}</g>`;
}

/** Who gets a label first: the place asked about, disputes and fighting, then bigger places. */
function labelPriority(p: MapPlace): number {
  const weight =
    p.verdict.kind === "disputed"
      ? 0
      : p.verdict.kind === "contested" || p.verdict.present.length > 0
        ? 1
        : 2;
  return (p.focus ? 0 : 1000) + weight * 100 + p.rank;
}

interface Placed {
  readonly place: MapPlace;
  readonly x: number;
  readonly y: number;
  readonly r: number;
}

type Anchoring = "start" | "end" | "middle";

/** Spots around a marker, nearest first; the far ones get a leader line. */
function spots(
  x: number,
  y: number,
  ring: number,
  w: number,
  h: number,
): [number, number, Anchoring, boolean][] {
  const out: [number, number, Anchoring, boolean][] = [];
  for (const [gap, far] of [
    [ring, false],
    [ring + 22, true],
  ] as const) {
    const d = gap * 0.75;
    out.push(
      [x + gap, y - h / 2, "start", far],
      [x - gap - w, y - h / 2, "end", far],
      [x - w / 2, y - gap - h, "middle", far],
      [x - w / 2, y + gap, "middle", far],
      [x + d, y - d - h, "start", far],
      [x + d, y + d, "start", far],
      [x - d - w, y - d - h, "end", far],
      [x - d - w, y + d, "end", far],
    );
  }
  return out;
}

/** Names (and, on small maps, verdicts) beside the markers, wherever they fit. */
function drawLabels(placed: readonly Placed[], occupied: Occupancy, withStatus: boolean): string[] {
  const out: string[] = [];
  // Keys computed once: a crowded map sorts thousands of places.
  const order = placed
    .map((p) => ({ p, key: labelPriority(p.place) }))
    .sort(
      (a, b) =>
        a.key - b.key ||
        (a.p.place.name < b.p.place.name ? -1 : a.p.place.name > b.p.place.name ? 1 : 0),
    )
    .slice(0, MAX_LABEL_TRIES)
    .map((e) => e.p);
  let count = 0;
  for (const { place, x, y, r } of order) {
    if (count >= MAX_LABELS) break;
    const size = place.focus ? 14 : 12;
    const name = fitText(place.name, size, 220, place.focus);
    const status = withStatus ? fitText(place.verdict.text, 11, 220) : "";
    const w = Math.max(
      textWidth(name, size, place.focus),
      status === "" ? 0 : textWidth(status, 11),
    );
    const h = size + 2 + (status === "" ? 0 : 13);
    const ring = outerRadius(place, r) + 4;
    for (const [lx, ly, anchor, far] of spots(x, y, ring, w, h)) {
      const box: Rect = { x: lx, y: ly, w, h };
      if (!occupied.fits(box)) continue;
      occupied.add(box);
      count++;
      const tx = anchor === "start" ? lx : anchor === "end" ? lx + w : lx + w / 2;
      const stale = place.verdict.stale;
      if (far) {
        // A thin line from the marker to the nearest point of the label.
        const cx = Math.min(Math.max(x, lx), lx + w);
        const cy = Math.min(Math.max(y, ly), ly + h);
        const len = Math.hypot(cx - x, cy - y);
        const sx = x + ((cx - x) / len) * (ring - 2);
        const sy = y + ((cy - y) / len) * (ring - 2);
        out.push(
          `<path d="M${n(sx)} ${n(sy)}L${n(cx)} ${n(cy)}" stroke="${MUTED}" stroke-width="0.8"/>`,
        );
      }
      out.push(
        text(tx, ly + size - 1, name, {
          size,
          bold: place.focus,
          anchor,
          halo: true,
          fill: stale ? MUTED : INK,
        }),
      );
      if (status !== "") {
        out.push(
          text(tx, ly + size + 12, status, {
            size: 11,
            fill: stale ? FAINT : MUTED,
            anchor,
            halo: true,
          }),
        );
      }
      break;
    }
  }
  return out;
}

function drawCountryLabels(labels: Outlines["countryLabels"], occupied: Occupancy): string[] {
  const out: string[] = [];
  for (const { name, x, y } of labels) {
    const label = name.toUpperCase();
    const w = textWidth(label, 11) + label.length * 1.5;
    const box: Rect = { x: x - w / 2, y: y - 8, w, h: 12 };
    if (!occupied.fits(box)) continue;
    occupied.add(box);
    out.push(text(x, y + 3, label, { size: 11, fill: "#9aa1a9", anchor: "middle", spacing: 1.5 }));
  }
  return out;
}

/** Header: title and what the colours mean, as of when. */
function drawHeader(spec: ControlMapSpec): { body: string[]; bottom: number } {
  const body = [
    text(PAD, PAD + 20, fitText(spec.title, 22, MAP_WIDTH - 2 * PAD, true), {
      size: 22,
      bold: true,
    }),
    text(
      PAD,
      PAD + 44,
      fitText(
        `Each place's verdict from the sources' newest claims, ${spec.asOf}`,
        14,
        MAP_WIDTH - 2 * PAD,
      ),
      {
        size: 14,
        fill: MUTED,
      },
    ),
  ];
  return { body, bottom: PAD + 60 };
}

/** The places with no coordinates, in words, so none is dropped silently. */
function drawUnplaced(spec: ControlMapSpec, top: number): { body: string[]; bottom: number } {
  if (spec.unplaced.length === 0) return { body: [], bottom: top };
  const body: string[] = [];
  let y = top + 16;
  body.push(
    text(PAD, y, "Not on the map (no coordinates in the brief)", {
      size: 13,
      bold: true,
      fill: INK,
    }),
  );
  y += 19;
  const shown = spec.unplaced.slice(0, MAX_UNPLACED).map((u) => `${u.name}: ${u.status}`);
  const more = spec.unplaced.length - shown.length;
  const list = `${shown.join(" · ")}${more > 0 ? ` · and ${more} more` : ""}`;
  for (const line of wrapText(list, 12, MAP_WIDTH - 2 * PAD)) {
    body.push(text(PAD, y, line, { size: 12, fill: INK }));
    y += 17;
  }
  return { body, bottom: y };
}

/** The map as SVG, with each marker's position. */
export function drawControlMap(spec: ControlMapSpec): DrawnMap {
  const partyIndex = new Map(spec.parties.map((p, i) => [p.key, i]));
  const colours: Colours = (party) => {
    const i = partyIndex.get(party);
    return i === undefined ? UNKNOWN : colourAt(i);
  };
  const header = drawHeader(spec);
  const body = [...header.body];
  const frame: Frame = {
    x: PAD,
    y: header.bottom,
    w: MAP_WIDTH - 2 * PAD,
    h: spec.places.length > 0 ? FRAME_HEIGHT : 120,
  };
  const anchors = new Map<string, Anchor>();
  const defs = `<clipPath id="frame"><rect x="${frame.x}" y="${frame.y}" width="${frame.w}" height="${frame.h}"/></clipPath>`;
  body.push(defs);
  if (spec.places.length === 0) {
    body.push(
      `<rect x="${frame.x}" y="${frame.y}" width="${frame.w}" height="${frame.h}" fill="#f6f8fa"/>`,
      text(
        frame.x + frame.w / 2,
        frame.y + frame.h / 2 + 5,
        "No place here has coordinates in the brief: see the list below.",
        {
          size: 14,
          fill: MUTED,
          anchor: "middle",
        },
      ),
    );
  } else {
    const projection = fitProjection(spec.places, frame);
    const focus = spec.places.find((p) => p.focus) ?? spec.places[0];
    const outlines = drawOutlines(projection, frame, focus);
    const occupied = new Occupancy({
      x: frame.x + 4,
      y: frame.y + 4,
      w: frame.w - 8,
      h: frame.h - 8,
    });
    const placed: Placed[] = [];
    for (const place of spec.places) {
      const xy = projection([place.lon, place.lat]);
      if (xy === null) continue;
      const r = radiusOf(place, spec.places.length);
      placed.push({ place, x: xy[0], y: xy[1], r });
      anchors.set(place.id, { x: xy[0], y: xy[1], r });
      const ring = outerRadius(place, r);
      occupied.add({ x: xy[0] - ring, y: xy[1] - ring, w: 2 * ring, h: 2 * ring });
    }
    const scale = drawScaleBar(projection, frame);
    occupied.add(scale.box);
    const labels = drawLabels(placed, occupied, spec.places.length <= STATUS_LABELS);
    const countries = drawCountryLabels(outlines.countryLabels, occupied);
    // Markers draw largest first so small places stay visible on top of big ones.
    const markers = [...placed]
      .sort((a, b) => b.r - a.r || Number(a.place.focus) - Number(b.place.focus))
      .map((p) => drawMarker(p.place, p.x, p.y, p.r, colours));
    body.push(
      `<g clip-path="url(#frame)">`,
      ...outlines.shapes,
      ...countries,
      ...markers,
      ...labels,
      scale.svg,
      "</g>",
    );
  }
  body.push(
    `<rect x="${frame.x}" y="${frame.y}" width="${frame.w}" height="${frame.h}" fill="none" stroke="#c9ced4"/>`,
  );
  const legend = drawLegend(spec, colours, { x: PAD, y: frame.y + frame.h, w: frame.w, h: 0 });
  body.push(...legend.body);
  const unplaced = drawUnplaced(spec, legend.bottom);
  body.push(...unplaced.body);
  let y = unplaced.bottom + 14;
  const caption =
    "These are sources' claims, not facts: each marker shows the verdict read from every source's newest claims about the place. Where sources disagree, the marker is split between the sides they name. Country outlines: Natural Earth.";
  for (const line of wrapText(caption, 12, MAP_WIDTH - 2 * PAD)) {
    body.push(text(PAD, y, line, { size: 12, fill: MUTED }));
    y += 17;
  }
  body.push(text(PAD, y + 4, spec.footer, { size: 12, fill: FAINT }));
  const height = Math.ceil(y + 22);
  return {
    svg: svgDocument(MAP_WIDTH, height, `${spec.title}, ${spec.asOf}`, body),
    width: MAP_WIDTH,
    height,
    anchors,
  };
}
