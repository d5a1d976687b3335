// SVG to PNG with resvg (a Rust renderer whose binary comes inside its npm package: no browser,
// no download), reading only the bundled fonts so every machine draws the same pixels. The native
// module is loaded on the first picture, so answers without one never pay for it.
import { createRequire } from "node:module";
import { preparedFontFiles } from "./fonts.ts";

/** Pixels per SVG unit: sharp on high-density screens, still small enough to upload. */
export const PNG_SCALE = 1.5;

type ResvgModule = typeof import("@resvg/resvg-js");
const load = createRequire(import.meta.url);
let resvg: ResvgModule | undefined;

export async function rasterise(svg: string, scale = PNG_SCALE): Promise<Buffer> {
  const fonts = await preparedFontFiles();
  resvg ??= load("@resvg/resvg-js") as ResvgModule;
  const renderer = new resvg.Resvg(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: [...fonts],
      defaultFontFamily: "Noto Sans",
      sansSerifFamily: "Noto Sans",
    },
    fitTo: { mode: "zoom", value: scale },
    textRendering: 1,
    shapeRendering: 2,
    logLevel: "off",
  });
  return renderer.render().asPng();
}
