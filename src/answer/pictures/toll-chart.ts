// The toll chart: each source's figures as its own step line (a figure holds until the same
// source's next one), never added up or averaged. "At least" figures are drawn open with an arrow
// up, "up to" with one down, "about" dashed, and a range as a band between its ends.
import { RELIABILITY_MEANING } from "../../store/schema.ts";
import { fitText, textWidth, wrapText } from "./fonts.ts";
import { colourAt, FAINT, GRID, MUTED } from "./palette.ts";
import { n, svgDocument, text } from "./svg.ts";
import { timeTicks, valueTicks } from "./time-axis.ts";
import type { ChartPoint, ChartSeries, TollChartSpec } from "./types.ts";

export const CHART_WIDTH = 800;
const PAD = 28;
const PLOT_HEIGHT = 300;
const LEGEND_ROW = 22;

export interface Drawn {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

interface Frame {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  readonly x: (at: number) => number;
  readonly y: (value: number) => number;
}

function middle(p: ChartPoint): number {
  return (p.low + p.high) / 2;
}

function isOpen(p: ChartPoint): boolean {
  return p.qualifier === "at-least" || p.qualifier === "more-than" || p.qualifier === "up-to";
}

function marker(p: ChartPoint, x: number, frame: Frame, colour: string): string {
  if (p.low !== p.high) {
    const top = frame.y(p.high);
    const bottom = frame.y(p.low);
    return `<path d="M${n(x - 4)} ${n(top)}H${n(x + 4)}M${n(x)} ${n(top)}V${n(bottom)}M${n(x - 4)} ${n(bottom)}H${n(x + 4)}" stroke="${colour}" stroke-width="2" fill="none"/>`;
  }
  const y = frame.y(p.low);
  if (!isOpen(p)) {
    return `<circle cx="${n(x)}" cy="${n(y)}" r="4.5" fill="${colour}" stroke="#ffffff" stroke-width="1.5"/>`;
  }
  // Open: the true figure lies beyond it, above ("at least") or below ("up to").
  const d = p.qualifier === "up-to" ? 1 : -1;
  const arrow = `M${n(x - 4)} ${n(y + d * 9)}L${n(x)} ${n(y + d * 14)}L${n(x + 4)} ${n(y + d * 9)}`;
  return [
    `<circle cx="${n(x)}" cy="${n(y)}" r="4.5" fill="#ffffff" stroke="${colour}" stroke-width="2"/>`,
    `<path d="${arrow}" stroke="${colour}" stroke-width="2" fill="none" stroke-linecap="round" stroke-linejoin="round"/>`,
  ].join("");
}

/** One series: the bands of its ranges, its step line, and a marker at each figure. */
function drawSeries(series: ChartSeries, index: number, frame: Frame, end: number): string {
  const colour = colourAt(index);
  const parts: string[] = [`<g data-series="${index}" data-source="${series.source}">`];
  const points = series.points;
  let line = "";
  points.forEach((p, i) => {
    const x0 = frame.x(p.at);
    const x1 = frame.x(points[i + 1]?.at ?? end);
    const previous = points[i - 1];
    if (previous !== undefined) {
      line += `M${n(x0)} ${n(frame.y(middle(previous)))}V${n(frame.y(middle(p)))}`;
    }
    if (p.low !== p.high) {
      const top = frame.y(p.high);
      const bottom = frame.y(p.low);
      parts.push(
        `<rect x="${n(x0)}" y="${n(top)}" width="${n(Math.max(x1 - x0, 1))}" height="${n(bottom - top)}" fill="${colour}" fill-opacity="0.16"/>`,
        `<path d="M${n(x0)} ${n(top)}H${n(x1)}M${n(x0)} ${n(bottom)}H${n(x1)}" stroke="${colour}" stroke-width="1.5" fill="none"/>`,
      );
    } else {
      const dash = p.qualifier === "about" ? ` stroke-dasharray="7 5"` : "";
      parts.push(
        `<path d="M${n(x0)} ${n(frame.y(p.low))}H${n(x1)}" stroke="${colour}" stroke-width="2.5" fill="none"${dash}/>`,
      );
    }
  });
  if (line !== "") {
    parts.push(`<path d="${line}" stroke="${colour}" stroke-width="2.5" fill="none"/>`);
  }
  points.forEach((p) => {
    parts.push(marker(p, frame.x(p.at), frame, colour));
  });
  parts.push("</g>");
  return parts.join("\n");
}

/** The newest figure of each line, at its right end, pushed apart so no two overlap. */
function endLabels(spec: TollChartSpec, frame: Frame): string[] {
  const labels = spec.series.map((s, i) => {
    const last = s.points[s.points.length - 1]!;
    return { i, y: frame.y(middle(last)) + 4, text: last.text };
  });
  labels.sort((a, b) => a.y - b.y);
  const gap = 16;
  for (let k = 1; k < labels.length; k++) {
    labels[k]!.y = Math.max(labels[k]!.y, labels[k - 1]!.y + gap);
  }
  const overflow = (labels[labels.length - 1]?.y ?? 0) - (frame.bottom + 4);
  if (overflow > 0) for (const label of labels) label.y -= overflow;
  const room = CHART_WIDTH - PAD - frame.right - 8;
  return labels.map((l) =>
    text(frame.right + 8, l.y, fitText(l.text, 13, room, true), {
      size: 13,
      bold: true,
      fill: colourAt(l.i),
    }),
  );
}

function axes(spec: TollChartSpec, frame: Frame, ticks: readonly number[]): string[] {
  const out: string[] = [];
  for (const v of ticks) {
    const y = frame.y(v);
    out.push(
      `<path d="M${n(frame.left)} ${n(y)}H${n(frame.right)}" stroke="${v === 0 ? "#b7bdc4" : GRID}" stroke-width="1"/>`,
      text(frame.left - 8, y + 4, v.toLocaleString("en-US"), {
        size: 12,
        fill: MUTED,
        anchor: "end",
      }),
    );
  }
  for (const tick of timeTicks(spec.start, spec.end, spec.zone)) {
    const x = frame.x(tick.at);
    out.push(
      `<path d="M${n(x)} ${n(frame.bottom)}v5" stroke="#b7bdc4" stroke-width="1"/>`,
      text(x, frame.bottom + 20, tick.label, { size: 12, fill: MUTED, anchor: "middle" }),
    );
  }
  return out;
}

function legend(spec: TollChartSpec, top: number): string[] {
  const out: string[] = [];
  spec.series.forEach((s, i) => {
    const y = top + i * LEGEND_ROW;
    const colour = colourAt(i);
    out.push(
      `<path d="M${PAD} ${n(y - 4)}h26" stroke="${colour}" stroke-width="2.5"/>`,
      `<circle cx="${PAD + 13}" cy="${n(y - 4)}" r="4" fill="${colour}" stroke="#ffffff" stroke-width="1.5"/>`,
    );
    const grade = ` · ${s.grade}, ${RELIABILITY_MEANING[s.grade]}`;
    const x = PAD + 36;
    const room = CHART_WIDTH - PAD - x - textWidth(s.source, 14, true) - textWidth(grade, 14);
    out.push(
      text(
        x,
        y,
        [
          { text: s.source, bold: true },
          { text: grade, fill: MUTED },
          { text: fitText(` — ${s.counts}`, 14, room) },
        ],
        { size: 14 },
      ),
    );
  });
  return out;
}

/** The key to the marks, drawn with the marks themselves. */
function key(y: number): string[] {
  const c = MUTED;
  const items: [string, (x: number) => string][] = [
    ["figure as reported", (x) => `<circle cx="${n(x + 5)}" cy="${n(y - 4)}" r="4" fill="${c}"/>`],
    [
      "at least / more than",
      (x) =>
        `<circle cx="${n(x + 5)}" cy="${n(y - 2)}" r="3.5" fill="#ffffff" stroke="${c}" stroke-width="1.5"/><path d="M${n(x + 2)} ${n(y - 8)}L${n(x + 5)} ${n(y - 11)}L${n(x + 8)} ${n(y - 8)}" stroke="${c}" stroke-width="1.5" fill="none"/>`,
    ],
    [
      "up to",
      (x) =>
        `<circle cx="${n(x + 5)}" cy="${n(y - 7)}" r="3.5" fill="#ffffff" stroke="${c}" stroke-width="1.5"/><path d="M${n(x + 2)} ${n(y - 1)}L${n(x + 5)} ${n(y + 2)}L${n(x + 8)} ${n(y - 1)}" stroke="${c}" stroke-width="1.5" fill="none"/>`,
    ],
    [
      "about",
      (x) =>
        `<path d="M${n(x)} ${n(y - 4)}h18" stroke="${c}" stroke-width="2" stroke-dasharray="5 3"/>`,
    ],
    [
      "range, low to high",
      (x) =>
        `<rect x="${n(x)}" y="${n(y - 10)}" width="18" height="11" fill="${c}" fill-opacity="0.16" stroke="${c}" stroke-width="1"/>`,
    ],
  ];
  const out: string[] = [];
  let x = PAD;
  for (const [label, mark] of items) {
    const symbol = label === "about" || label.startsWith("range") ? 18 : 10;
    out.push(mark(x), text(x + symbol + 6, y, label, { size: 12, fill: MUTED }));
    x += symbol + 6 + textWidth(label, 12) + 22;
  }
  return out;
}

/** The chart as SVG. */
export function drawTollChart(spec: TollChartSpec): Drawn {
  const body: string[] = [];
  let y = PAD + 20;
  body.push(
    text(PAD, y, fitText(spec.title, 22, CHART_WIDTH - 2 * PAD, true), { size: 22, bold: true }),
  );
  y += 24;
  body.push(
    text(PAD, y, `Each source's own figures over time, ${spec.asOf}`, { size: 14, fill: MUTED }),
  );
  y += 30;
  body.push(...legend(spec, y));
  y += Math.max(spec.series.length, 1) * LEGEND_ROW + 8;

  const maxValue = Math.max(0, ...spec.series.flatMap((s) => s.points.map((p) => p.high)));
  // Headroom above the highest figure, so no line runs along the top edge.
  const ticks = valueTicks(maxValue * 1.08);
  const yMax = ticks[ticks.length - 1]!;
  const labelRoom = Math.max(...ticks.map((v) => textWidth(v.toLocaleString("en-US"), 12)));
  const endRoom = Math.min(
    200,
    Math.max(
      40,
      ...spec.series.map((s) => textWidth(s.points[s.points.length - 1]!.text, 13, true)),
    ),
  );
  const left = PAD + labelRoom + 10;
  const right = CHART_WIDTH - PAD - endRoom - 10;
  const top = y + 8;
  const bottom = top + PLOT_HEIGHT;
  const span = Math.max(spec.end - spec.start, 1);
  const frame: Frame = {
    left,
    right,
    top,
    bottom,
    x: (at) =>
      left + ((Math.min(Math.max(at, spec.start), spec.end) - spec.start) / span) * (right - left),
    y: (v) => bottom - (v / yMax) * (bottom - top),
  };
  body.push(...axes(spec, frame, ticks));
  if (spec.series.length === 0) {
    body.push(
      text((left + right) / 2, (top + bottom) / 2, "No source has reported this figure yet.", {
        size: 15,
        fill: MUTED,
        anchor: "middle",
      }),
    );
  }
  spec.series.forEach((s, i) => {
    body.push(drawSeries(s, i, frame, spec.end));
  });
  body.push(...endLabels(spec, frame));

  y = bottom + 46;
  body.push(...key(y));
  y += 26;
  const notes = [
    "Sources' claims, not facts: each line is one source's own figures as reported, holding until its next one; never added up or averaged.",
    ...(spec.omitted > 0
      ? [
          `${spec.omitted} more ${spec.omitted === 1 ? "line" : "lines"} from less trusted sources not drawn; the text answer lists every figure.`,
        ]
      : []),
  ];
  for (const note of notes) {
    for (const line of wrapText(note, 12, CHART_WIDTH - 2 * PAD)) {
      body.push(text(PAD, y, line, { size: 12, fill: MUTED }));
      y += 17;
    }
    y += 4;
  }
  body.push(text(PAD, y + 2, spec.footer, { size: 12, fill: FAINT }));
  const height = Math.ceil(y + 20);
  return {
    svg: svgDocument(CHART_WIDTH, height, `${spec.title}, ${spec.asOf}`, body),
    width: CHART_WIDTH,
    height,
  };
}
