// The map's key (the colour of each side, and the marks used for disputed, partial, fighting,
// unknown, stale and area markers: only those the map uses) and its scale bar.
import { type GeoProjection, geoDistance } from "d3-geo";
import { type Colours, type Frame, STALE_TINT } from "./control-map.ts";
import { textWidth } from "./fonts.ts";
import type { Rect } from "./labels.ts";
import { INK, tint, UNKNOWN } from "./palette.ts";
import { n, text } from "./svg.ts";
import type { ControlMapSpec } from "./types.ts";

const EARTH_KM = 6371.0088;

/** A bar of a round number of kilometres, bottom left in the frame. */
export function drawScaleBar(projection: GeoProjection, frame: Frame): { svg: string; box: Rect } {
  const x = frame.x + 16;
  const y = frame.y + frame.h - 18;
  const a = projection.invert?.([x, y]);
  const b = projection.invert?.([x + 100, y]);
  if (!a || !b) return { svg: "", box: { x, y, w: 0, h: 0 } };
  const kmPer100 = geoDistance(a, b) * EARTH_KM;
  const km =
    [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000]
      .filter((k) => (k / kmPer100) * 100 <= 120)
      .pop() ?? 1;
  const w = (km / kmPer100) * 100;
  const svg = [
    `<rect x="${n(x - 6)}" y="${n(y - 16)}" width="${n(w + 52)}" height="24" rx="3" fill="#ffffff" fill-opacity="0.8"/>`,
    `<path d="M${n(x)} ${n(y - 4)}V${n(y)}H${n(x + w)}V${n(y - 4)}" fill="none" stroke="${INK}" stroke-width="1.2"/>`,
    text(x + w + 6, y + 1, `${km} km`, { size: 11, fill: INK }),
  ].join("");
  return { svg, box: { x: x - 6, y: y - 16, w: w + 52, h: 24 } };
}

interface KeyItem {
  readonly mark: (x: number, y: number) => string;
  readonly label: string;
}

function circle(x: number, y: number, fill: string, stroke = "#ffffff", width = 1.2): string {
  return `<circle cx="${n(x)}" cy="${n(y)}" r="6" fill="${fill}" stroke="${stroke}" stroke-width="${width}"/>`;
}

/** The marks this map uses, explained. */
function keyItems(spec: ControlMapSpec, colours: Colours): KeyItem[] {
  const kinds = new Set(spec.places.map((p) => p.verdict.kind));
  const first = colours(spec.parties[0]?.key ?? "");
  const second = spec.parties[1] === undefined ? UNKNOWN : colours(spec.parties[1].key);
  const items: KeyItem[] = [];
  if (kinds.has("disputed")) {
    items.push({
      mark: (x, y) =>
        `<path d="M${n(x)} ${n(y - 6)}A6 6 0 0 0 ${n(x)} ${n(y + 6)}Z" fill="${first}"/><path d="M${n(x)} ${n(y - 6)}A6 6 0 0 1 ${n(x)} ${n(y + 6)}Z" fill="${second}"/><circle cx="${n(x)}" cy="${n(y)}" r="6" fill="none" stroke="${INK}" stroke-width="1.4"/>`,
      label: "disputed: sources name different holders",
    });
  }
  if (kinds.has("held-in-part") || kinds.has("split")) {
    items.push({
      mark: (x, y) => circle(x, y, tint(first, 0.55), first, 1.8),
      label: "held in part",
    });
  }
  if (spec.places.some((p) => p.verdict.present.length > 0)) {
    items.push({
      mark: (x, y) =>
        `${circle(x, y, UNKNOWN)}<circle cx="${n(x)}" cy="${n(y)}" r="9" fill="none" stroke="${first}" stroke-width="2.2"/>`,
      label: "ring: a side is fighting there",
    });
  }
  if (spec.places.some((p) => p.verdict.parties.length === 0)) {
    items.push({ mark: (x, y) => circle(x, y, UNKNOWN), label: "no source says who holds it" });
  }
  if (spec.places.some((p) => p.verdict.stale)) {
    items.push({
      mark: (x, y) => circle(x, y, tint(first, STALE_TINT)),
      label: "faded: newest claim is stale",
    });
  }
  if (spec.places.some((p) => p.shape === "area")) {
    items.push({
      mark: (x, y) =>
        `<rect x="${n(x - 6)}" y="${n(y - 6)}" width="12" height="12" rx="1.5" fill="${UNKNOWN}"/>`,
      label: "square: a province or district, at its centre",
    });
  }
  return items;
}

/** Lays items out in rows, wrapping at the frame's width. */
function flow(
  items: readonly KeyItem[],
  frame: Frame,
  top: number,
  size: number,
): { body: string[]; bottom: number } {
  const body: string[] = [];
  let x = frame.x;
  let y = top;
  for (const item of items) {
    const w = 22 + textWidth(item.label, size) + 20;
    if (x > frame.x && x + w > frame.x + frame.w) {
      x = frame.x;
      y += 24;
    }
    body.push(item.mark(x + 7, y - 4), text(x + 20, y, item.label, { size, fill: INK }));
    x += w;
  }
  return { body, bottom: y };
}

export function drawLegend(
  spec: ControlMapSpec,
  colours: Colours,
  frame: Frame,
): { body: string[]; bottom: number } {
  const body: string[] = [];
  let y = frame.y + 26;
  if (spec.parties.length > 0) {
    body.push(text(frame.x, y, "Held by", { size: 13, bold: true, fill: INK }));
    const parties = flow(
      spec.parties.map((p) => ({
        mark: (x: number, yy: number) => circle(x, yy, colours(p.key)),
        label: p.label,
      })),
      { ...frame, x: frame.x + 62, w: frame.w - 62 },
      y,
      13,
    );
    body.push(...parties.body);
    y = parties.bottom + 26;
  }
  const items = keyItems(spec, colours);
  if (items.length > 0) {
    const key = flow(items, frame, y, 12);
    body.push(...key.body);
    y = key.bottom + 8;
  } else y -= 18;
  body.push(`<path d="M${frame.x} ${n(y + 6)}H${frame.x + frame.w}" stroke="#e4e7eb"/>`);
  return { body, bottom: y + 6 };
}
