import { describe, expect, it } from "vitest";
import { drawPicture, renderPicture } from "../../../src/answer/pictures/index.ts";
import { colourAt } from "../../../src/answer/pictures/palette.ts";
import { PNG_SCALE } from "../../../src/answer/pictures/rasterise.ts";
import { tollChartPicture } from "../../../src/answer/pictures/toll-chart-spec.ts";
import type { TollChartSpec } from "../../../src/answer/pictures/types.ts";
import { CLOCK, decodePng, pictureBrief } from "./picture-brief.ts";

function regionChart() {
  const brief = pictureBrief();
  return tollChartPicture(brief, brief.places.get("north"), "killed", CLOCK);
}

describe("toll chart", () => {
  it("draws one line per source, most trusted first, each with all its figures", () => {
    const picture = regionChart();
    const spec = picture.spec as TollChartSpec;
    expect(spec.series.map((s) => [s.source, s.grade, s.points.map((p) => p.text)])).toEqual([
      ["OCHA", "A", ["20–30", "about 61"]],
      ["SOHR", "B", ["at least 44", "more than 153", "more than 255"]],
      ["SANA", "D", ["4"]],
    ]);
    const svg = drawPicture(spec).svg;
    const groups = [...svg.matchAll(/<g data-series="(\d+)" data-source="([^"]+)">/g)];
    expect(groups.map((g) => g[2])).toEqual(["OCHA", "SOHR", "SANA"]);
  });

  it("draws an at-least figure open, a range as a band, about as a dashed line", () => {
    const svg = drawPicture(regionChart().spec).svg;
    const sohr = svg.split('data-source="SOHR"')[1]!.split("</g>")[0]!;
    expect(sohr.match(/<circle [^>]*fill="#ffffff" stroke="#D55E00"/g)).toHaveLength(3);
    const ocha = svg.split('data-source="OCHA"')[1]!.split("</g>")[0]!;
    expect(ocha).toMatch(/<rect [^>]*fill="#0072B2" fill-opacity="0.16"/);
    expect(ocha).toContain('stroke-dasharray="7 5"');
  });

  it("names the place, metric and time in the title and says these are claims; no total", () => {
    const picture = regionChart();
    const svg = drawPicture(picture.spec).svg;
    expect(svg).toContain("Killed in North");
    expect(svg).toContain("as of 30 Nov 2024, 12:00 (Asia/Damascus)");
    expect(svg).toContain(
      "Sources&#39; claims, not facts: each line is one source&#39;s own figures",
    );
    expect(svg).not.toMatch(/>\s*(Total|Average)/i);
    // Each legend line names the source and its grade.
    expect(svg).toContain('OCHA</tspan><tspan fill="#57606a"> · A, completely reliable');
    expect(picture.alt).toContain("SOHR (B): more than 255");
  });

  it("puts dates on the axis in the brief's time zone", () => {
    const svg = drawPicture(regionChart().spec).svg;
    for (const day of ["27 Nov", "28 Nov", "29 Nov", "30 Nov"]) expect(svg).toContain(`>${day}<`);
  });

  it("matches its SVG snapshot", async () => {
    await expect(drawPicture(regionChart().spec).svg).toMatchFileSnapshot(
      "__snapshots__/toll-chart.svg",
    );
  });

  it("is a PNG that decodes at the SVG size times the scale, with the lines' colours in it", async () => {
    const picture = regionChart();
    const drawn = drawPicture(picture.spec);
    const rendered = await renderPicture(picture);
    expect(rendered.png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    const image = decodePng(rendered.png);
    expect([image.width, image.height]).toEqual([
      Math.round(drawn.width * PNG_SCALE),
      Math.round(drawn.height * PNG_SCALE),
    ]);
    expect([rendered.width, rendered.height]).toEqual([image.width, image.height]);
    const colours = new Set<string>();
    for (let i = 0; i < image.pixels.length; i += 4) {
      const hex = (v: number) => v.toString(16).padStart(2, "0");
      colours.add(
        `#${hex(image.pixels[i]!)}${hex(image.pixels[i + 1]!)}${hex(image.pixels[i + 2]!)}`.toUpperCase(),
      );
    }
    for (let i = 0; i < 3; i++) expect(colours).toContain(colourAt(i));
  });

  it("says so when no source has reported the figure", () => {
    const brief = pictureBrief();
    const picture = tollChartPicture(brief, brief.places.get("north"), "missing", CLOCK);
    expect(drawPicture(picture.spec).svg).toContain("No source has reported this figure yet.");
    expect(picture.alt).toContain("no figures yet");
  });
});
