// Pictures: how long a toll chart and a control map of 5,000 places take, from the brief to the
// PNG (the spec from the store, the SVG, the rasterising), on a synthetic brief built in memory.
// Measured in this process after one warm-up each (the first map also reads Natural Earth's
// outlines, reported on its own). Wall time and the process's CPU time, which other work on the
// machine inflates far less.
import { controlMapPicture } from "../src/answer/pictures/control-map-spec.ts";
import { preparedFontFiles } from "../src/answer/pictures/fonts.ts";
import { drawPicture } from "../src/answer/pictures/index.ts";
import { rasterise } from "../src/answer/pictures/rasterise.ts";
import { tollChartPicture } from "../src/answer/pictures/toll-chart-spec.ts";
import type { Picture } from "../src/answer/pictures/types.ts";
import { loadWorld } from "../src/answer/pictures/world.ts";
import { generateSyntheticBrief } from "../src/generate/synthetic-brief.ts";
import { createBrief } from "../src/store/brief.ts";
import { BriefMeta, Claim } from "../src/store/schema.ts";
import type { Brief } from "../src/store/types.ts";
import { median } from "./stats.ts";

const RUNS = 7;
export const MAP_PLACES = 5_000;

export interface PictureTiming {
  readonly label: string;
  readonly detail: string;
  readonly runs: number;
  /** Medians, ms. */
  readonly specMs: number;
  readonly svgMs: number;
  readonly pngMs: number;
  readonly totalMs: number;
  readonly cpuMs: number;
  readonly pngKb: number;
}

export interface PictureFigures {
  readonly chart: PictureTiming;
  readonly map: PictureTiming;
  /** Reading Natural Earth's outlines, once per process. */
  readonly outlinesMs: number;
}

function syntheticBrief(): Brief {
  const s = generateSyntheticBrief({ claims: 50_000, places: MAP_PLACES, seed: 1 });
  return createBrief({
    id: "bench-pictures",
    dir: "/bench/pictures",
    meta: BriefMeta.parse(s.meta),
    sources: s.sources,
    actors: s.actors,
    places: s.places,
    claimFiles: [...s.claimFiles].map(([file, claims]) => ({
      file: `claims/${file}`,
      claims: claims.map((c) => Claim.parse(c)),
    })),
  });
}

async function time(label: string, detail: string, make: () => Picture): Promise<PictureTiming> {
  const samples: { spec: number; svg: number; png: number; cpu: number; kb: number }[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const picture = make();
    const t1 = performance.now();
    const drawn = drawPicture(picture.spec);
    const t2 = performance.now();
    const png = await rasterise(drawn.svg);
    const t3 = performance.now();
    const used = process.cpuUsage(cpu);
    // The first run warms caches and the JIT; it is not counted.
    if (i > 0) {
      samples.push({
        spec: t1 - t0,
        svg: t2 - t1,
        png: t3 - t2,
        cpu: (used.user + used.system) / 1000,
        kb: png.length / 1024,
      });
    }
  }
  const med = (pick: (s: (typeof samples)[number]) => number) => median(samples.map(pick));
  return {
    label,
    detail,
    runs: RUNS,
    specMs: med((s) => s.spec),
    svgMs: med((s) => s.svg),
    pngMs: med((s) => s.png),
    totalMs: med((s) => s.spec + s.svg + s.png),
    cpuMs: med((s) => s.cpu),
    pngKb: med((s) => s.kb),
  };
}

export async function measurePictures(): Promise<PictureFigures> {
  const brief = syntheticBrief();
  const region = brief.places.get(brief.meta.region!)!;
  const at = Math.max(...brief.claims.map((c) => c.at));
  const clock = { at, now: at };
  const t0 = performance.now();
  loadWorld("10m");
  loadWorld("50m");
  await preparedFontFiles();
  const outlinesMs = performance.now() - t0;
  const chart = await time(
    "toll chart",
    `killed in ${region.name}, the 8 most trusted sources' lines`,
    () => tollChartPicture(brief, region, "killed", clock),
  );
  const map = await time(
    "control map",
    `${region.name} and the ${MAP_PLACES.toLocaleString("en-US")} places in the brief`,
    () => controlMapPicture(brief, region, clock),
  );
  return { chart, map, outlinesMs };
}

export const PICTURE_GOALS = { chartMs: 100, mapMs: 500 } as const;

function ms(value: number): string {
  return value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
}

/** The section of docs/benchmarks.md, with each goal's verdict. */
export function formatPictureSection(
  figures: PictureFigures | undefined,
  verdict: (value: number, goal: number) => string,
): string {
  if (figures === undefined) return "";
  const row = (t: PictureTiming, goal: number) => [
    `${t.label}: ${t.detail}`,
    String(t.runs),
    ms(t.specMs),
    ms(t.svgMs),
    ms(t.pngMs),
    ms(t.totalMs),
    ms(t.cpuMs),
    `${Math.round(t.pngKb)} KB`,
    `${ms(goal)}: ${verdict(Math.min(t.totalMs, t.cpuMs), goal)}`,
  ];
  const head = ["picture", "runs", "spec", "SVG", "PNG", "total (wall)", "CPU", "size", "goal"];
  const rows = [row(figures.chart, PICTURE_GOALS.chartMs), row(figures.map, PICTURE_GOALS.mapMs)];
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [
    "## Pictures",
    "",
    `From the brief to the PNG: the picture's data from the store, the SVG, and the PNG (resvg, bundled fonts, ${"1.5×"} scale), medians of ${figures.chart.runs} runs after a warm-up, on a synthetic brief of 50,000 claims and ${MAP_PLACES.toLocaleString("en-US")} places. CPU is the process's own time per picture, which other work on the machine inflates far less than the wall time; the goal is judged on the lower of the two. Reading Natural Earth's outlines and cutting the fonts down, once per process: ${ms(figures.outlinesMs)}.`,
    "",
    line(head),
    line(head.map(() => "---")),
    ...rows.map(line),
  ].join("\n");
}
