// SVG to PNG with resvg (a Rust renderer whose binary comes inside its npm package: no browser,
// no download), reading only the bundled fonts so every machine draws the same pixels.
import { Resvg } from "@resvg/resvg-js";
import { fontFiles } from "./fonts.ts";

/** Pixels per SVG unit: sharp on high-density screens, still small enough to upload. */
export const PNG_SCALE = 2;

export function rasterise(svg: string, scale = PNG_SCALE): Buffer {
  const resvg = new Resvg(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: [...fontFiles()],
      defaultFontFamily: "Noto Sans",
      sansSerifFamily: "Noto Sans",
    },
    fitTo: { mode: "zoom", value: scale },
    textRendering: 1,
    shapeRendering: 2,
    logLevel: "off",
  });
  return resvg.render().asPng();
}
