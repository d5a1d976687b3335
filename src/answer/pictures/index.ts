// Pictures an answer carries, drawn on demand: the spec to SVG, the SVG to PNG. A picture is
// drawn once however many platforms send it (the PNG is kept with the picture).
import { drawControlMap } from "./control-map.ts";
import { PNG_SCALE, rasterise } from "./rasterise.ts";
import { type Drawn, drawTollChart } from "./toll-chart.ts";
import type { Picture, PictureSpec } from "./types.ts";

export type { Picture, PictureSpec } from "./types.ts";

export function drawPicture(spec: PictureSpec): Drawn {
  return spec.kind === "toll-chart" ? drawTollChart(spec) : drawControlMap(spec);
}

export interface RenderedPicture {
  readonly name: string;
  readonly alt: string;
  readonly png: Buffer;
  /** Pixels. */
  readonly width: number;
  readonly height: number;
}

const rendered = new WeakMap<Picture, Promise<RenderedPicture>>();

/** The picture as a PNG, larger than its SVG size for sharp screens. */
export function renderPicture(picture: Picture): Promise<RenderedPicture> {
  const cached = rendered.get(picture);
  if (cached !== undefined) return cached;
  const drawn = drawPicture(picture.spec);
  const result = rasterise(drawn.svg).then((png) => ({
    name: picture.name,
    alt: picture.alt,
    png,
    width: Math.round(drawn.width * PNG_SCALE),
    height: Math.round(drawn.height * PNG_SCALE),
  }));
  rendered.set(picture, result);
  return result;
}
