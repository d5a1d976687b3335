// The results as Markdown tables, each goal shown next to its figures with a verdict: met, or
// missed by how much. Printed to stdout and written to docs/benchmarks.md with the machine, the
// date, the command that reproduces it, and the analysis kept by hand in bench/analysis.md.
import type { BenchBrief } from "./briefs.ts";
import type { CliStartFigures } from "./cli-start.ts";
import type { EndToEndFigures } from "./end-to-end.ts";
import type { ImportFigures } from "./import.ts";
import type { LoadFigures, PhaseFigures } from "./load.ts";
import type { Machine } from "./machine.ts";
import {
  formatPictureSection,
  PICTURE_GOALS,
  type PictureFigures,
  type PictureTiming,
} from "./pictures.ts";
import type { CommandFigures, DigestFigures, WarmingFigures } from "./queries.ts";
import { median } from "./stats.ts";

export interface SizeResult {
  readonly claims: number;
  readonly brief?: BenchBrief;
  /** Cold loads: parse and validate every file, filling an empty snapshot cache. */
  readonly loads?: readonly LoadFigures[];
  /** Warm loads: the next start, reading the snapshots the cold load saved. */
  readonly warmLoads?: readonly LoadFigures[];
  readonly phases?: PhaseFigures;
  readonly commands?: readonly CommandFigures[];
  /** The brief's warming after it is served, and the slowest question asked before it. */
  readonly warming?: WarmingFigures;
  readonly digest?: DigestFigures;
  readonly endToEnd?: EndToEndFigures;
  /** Rows other measurements add to the summary at this size (see bench/extras.ts). */
  readonly extras?: readonly GlanceRow[];
  /** Stages that failed, with why. */
  readonly errors: readonly string[];
}

export interface BenchResults {
  readonly date: string;
  readonly machine: Machine;
  readonly command: string;
  readonly seed: number;
  /** The CLI's start against plain node, measured once per run. */
  readonly cliStart?: CliStartFigures;
  /** A toll chart and a 5,000-place control map, measured once per run. */
  readonly pictures?: PictureFigures;
  /** 100,000 ACLED-shaped rows imported into a brief, measured once per run. */
  readonly import?: ImportFigures;
  readonly sizes: readonly SizeResult[];
  /** Summary rows measured once per run, not per size (see bench/extras.ts). */
  readonly extras?: readonly GlanceRow[];
}

export const GOALS = {
  warmLoadRatioAt100k: 3,
  /** A cold load of JSON Lines claims (no snapshot): they need no YAML parser. */
  jsonlColdLoadRatio: 3,
  coldLoadRatioAt100k: 8,
  peakMemoryMbAt1M: 800,
  commandP99MsAt1M: 5,
  singleQuestionMs: 50,
  endToEndRatio: 1.2,
  cliStartMs: 300,
  importMsAt100k: 10_000,
  importPeakMb: 300,
} as const;

/**
 * One line of the summary at the top: what was measured, at how many claims, the figure, the
 * goal or floor it is held against, and the verdict. Other measurements add theirs through
 * bench/extras.ts.
 */
export interface GlanceRow {
  readonly what: string;
  readonly claims?: number;
  readonly figure: string;
  readonly goal: string;
  /** "met", "**missed** (…)", or "" for a figure without a goal. */
  readonly verdict: string;
}

const count = (n: number) => n.toLocaleString("en-US");
function ms(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return "–";
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 100) return `${Math.round(value)} ms`;
  if (value >= 1) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}
const mb = (value: number) => `${Math.round(value)} MB`;
const ratio = (value: number) => `${value.toFixed(value >= 10 ? 0 : 2)}×`;

/** "met" or "missed: 4.1× the goal". */
export function verdict(value: number, goal: number): string {
  if (Number.isNaN(value)) return "not measured";
  return value <= goal ? "met" : `**missed** (${ratio(value / goal)} the goal)`;
}

export interface LoadSummary {
  readonly loadMs: number;
  readonly floorMs: number;
  /** CPU time of the load and of the floor (medians); NaN for results without them. */
  readonly loadCpuMs: number;
  readonly floorCpuMs: number;
  readonly ratio: number;
  readonly peakRssMb: number;
  readonly retainedHeapMb: number;
  readonly baselineRssMb: number;
  readonly jsonMb: number;
}

export function summarizeLoads(loads: readonly LoadFigures[]): LoadSummary {
  const loadMs = median(loads.map((l) => l.loadMs));
  const floorMs = median(loads.map((l) => l.floorMs));
  return {
    loadMs,
    floorMs,
    loadCpuMs: median(loads.map((l) => l.loadCpuMs ?? Number.NaN)),
    floorCpuMs: median(loads.map((l) => l.floorCpuMs ?? Number.NaN)),
    ratio: loadMs / floorMs,
    peakRssMb: Math.max(...loads.map((l) => l.peakRssMb)),
    retainedHeapMb: median(loads.map((l) => l.retainedHeapMb)),
    baselineRssMb: median(loads.map((l) => l.baselineRssMb)),
    jsonMb: loads[0]?.jsonMb ?? Number.NaN,
  };
}

/** A Markdown table with padded columns, the way the project's formatter (biome) lays them out. */
function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    `| ${widths.map((w, i) => (cells[i] ?? "").padEnd(w)).join(" | ")} |`;
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function loadSection(sizes: readonly SizeResult[]): string {
  const rows = sizes.flatMap((s) => {
    if (s.loads === undefined || s.loads.length === 0) return [];
    const cold = summarizeLoads(s.loads);
    const warm = s.warmLoads === undefined ? undefined : summarizeLoads(s.warmLoads);
    const at100k = s.claims === 100_000;
    const peak = Math.max(cold.peakRssMb, warm?.peakRssMb ?? 0);
    return [
      [
        count(s.claims),
        s.brief === undefined ? "–" : `${(s.brief.bytes / 1024 ** 2).toFixed(1)} MB`,
        String(s.loads.length),
        ms(cold.floorMs),
        `${ms(cold.loadMs)} (${ratio(cold.ratio)})`,
        at100k ? verdict(cold.ratio, GOALS.coldLoadRatioAt100k) : "",
        warm === undefined ? "–" : `${ms(warm.loadMs)} (${ratio(warm.loadMs / cold.floorMs)})`,
        at100k && warm !== undefined
          ? verdict(warm.loadMs / cold.floorMs, GOALS.warmLoadRatioAt100k)
          : "",
        cpuRatios(cold, warm),
        mb(peak),
        mb(cold.baselineRssMb),
        `${mb(cold.retainedHeapMb)} / ${warm === undefined ? "–" : mb(warm.retainedHeapMb)}`,
        s.claims === 1_000_000 ? verdict(peak, GOALS.peakMemoryMbAt1M) : "",
      ],
    ];
  });
  return [
    "## Load against the floor",
    "",
    "Each load runs in a fresh Node process (`loadStore` on the brief folder, with the snapshot cache as `npm start` uses it). _Cold_ starts with an empty cache: every file is read, YAML-parsed, validated with zod and saved as a snapshot, then references are checked and `createBrief` builds the brief. _Warm_ is the next start: every file is read and hashed, and its validated data comes from its snapshot; the references and the claims' order come from the brief's entry. The floor is `JSON.parse` of the same brief already in memory as one JSON string (median of several runs in the same process, after the load). Peak RSS is the process's own high-water mark (`VmHWM` in `/proc/self/status`, the larger of cold and warm) right after the load; it includes the runtime and tsx (the baseline column). Retained heap is what is still in use after the load and a full GC (cold / warm): what the store costs to keep. The schema fingerprint the cache keys include is computed once per process before the timed load, like module loading. The CPU column is the process's user and system time (all threads, GC included), which other work on a shared machine inflates far less than wall time: on a busy machine, read the ratios there.",
    "",
    `Goals at 100,000 claims: cold load within ${GOALS.coldLoadRatioAt100k}× of JSON.parse, warm within ${GOALS.warmLoadRatioAt100k}×; peak memory under ${GOALS.peakMemoryMbAt1M} MB at 1,000,000 claims.`,
    "",
    table(
      [
        "claims",
        "YAML",
        "runs",
        "JSON.parse",
        "cold load (× floor)",
        "cold goal",
        "warm load (× floor)",
        "warm goal",
        "CPU: floor, cold (×), warm (×)",
        "peak RSS",
        "baseline RSS",
        "retained heap",
        "memory goal",
      ],
      rows,
    ),
  ].join("\n");
}

/** CPU times of the floor, the cold and the warm load, with the loads' ratios to the floor. */
function cpuRatios(cold: LoadSummary, warm: LoadSummary | undefined): string {
  if (Number.isNaN(cold.floorCpuMs)) return "–";
  const of = (l: LoadSummary) => `${ms(l.loadCpuMs)} (${ratio(l.loadCpuMs / cold.floorCpuMs)})`;
  return `${ms(cold.floorCpuMs)}, ${of(cold)}, ${warm === undefined ? "–" : of(warm)}`;
}

/** The goals and any added figures, one line each, from the detailed tables below. */
export function glanceRows(sizes: readonly SizeResult[]): GlanceRow[] {
  const rows: GlanceRow[] = [];
  for (const s of sizes) {
    if (s.claims === 100_000 && s.loads !== undefined && s.loads.length > 0) {
      const cold = summarizeLoads(s.loads);
      rows.push({
        what: "cold load (parse, validate, save snapshots)",
        claims: s.claims,
        figure: `${ms(cold.loadMs)} (${ratio(cold.ratio)} JSON.parse)`,
        goal: `${GOALS.coldLoadRatioAt100k}× JSON.parse`,
        verdict: verdict(cold.ratio, GOALS.coldLoadRatioAt100k),
      });
      if (s.warmLoads !== undefined && s.warmLoads.length > 0) {
        const warm = summarizeLoads(s.warmLoads).loadMs / cold.floorMs;
        rows.push({
          what: "warm load (from snapshots)",
          claims: s.claims,
          figure: `${ms(summarizeLoads(s.warmLoads).loadMs)} (${ratio(warm)} JSON.parse)`,
          goal: `${GOALS.warmLoadRatioAt100k}× JSON.parse`,
          verdict: verdict(warm, GOALS.warmLoadRatioAt100k),
        });
      }
    }
    if (s.claims === 1_000_000 && s.loads !== undefined && s.loads.length > 0) {
      const peak = Math.max(
        ...s.loads.map((l) => l.peakRssMb),
        ...(s.warmLoads ?? []).map((l) => l.peakRssMb),
      );
      rows.push({
        what: "peak memory of a load",
        claims: s.claims,
        figure: mb(peak),
        goal: `under ${GOALS.peakMemoryMbAt1M} MB`,
        verdict: verdict(peak, GOALS.peakMemoryMbAt1M),
      });
    }
    if (s.claims === 1_000_000) {
      for (const c of s.commands ?? []) {
        rows.push({
          what: `/${c.command} p99, rendering included`,
          claims: s.claims,
          figure: ms(c.answerAndRender.p99),
          goal: `${GOALS.commandP99MsAt1M} ms`,
          verdict: verdict(c.answerAndRender.p99, GOALS.commandP99MsAt1M),
        });
      }
      const single = Math.max(
        ...(s.commands ?? []).flatMap((c) => [c.firstPassMaxMs, c.slowest.ms]),
      );
      if (Number.isFinite(single)) {
        rows.push({
          what: "slowest single question (first pass included, brief warmed)",
          claims: s.claims,
          figure: ms(single),
          goal: `${GOALS.singleQuestionMs} ms`,
          verdict: verdict(single, GOALS.singleQuestionMs),
        });
      }
      if (s.warming !== undefined) {
        const { slowestBefore: q, cpuMs } = s.warming;
        rows.push({
          what: "after a reload: warming for past days (CPU, in the background); slowest first ask before it finished",
          claims: s.claims,
          figure: `${(cpuMs / 1000).toFixed(1)} s; ${ms(q.ms)} (/${q.command} ${q.kind})`,
          goal: "",
          verdict: "",
        });
      }
    }
    const all = s.endToEnd?.runs.find((run) => run.workload === "all /toll questions");
    if (all !== undefined) {
      const r50 = all.answering.ack.median / all.emptyAck.ack.median;
      const r99 = all.answering.ack.p99 / all.emptyAck.ack.p99;
      rows.push({
        what: "/toll over Bolt, every question: ack p50 / p99 against the empty ack",
        claims: s.claims,
        figure: `${ratio(r50)} / ${ratio(r99)}`,
        goal: `${GOALS.endToEndRatio}×`,
        verdict: verdict(Math.max(r50, r99), GOALS.endToEndRatio),
      });
    }
    rows.push(...(s.extras ?? []));
  }
  return rows;
}

/** The import's time and memory, and the cold load of the JSON Lines it wrote. */
function importRows(figures: ImportFigures | undefined): GlanceRow[] {
  if (figures === undefined) return [];
  const { first, load } = figures;
  const loadRatio = load.loadMs / load.floorMs;
  return [
    {
      what: `import of ${count(figures.rows)} ACLED rows: wall / CPU, peak RSS`,
      figure: `${ms(first.ms)} / ${ms(first.cpuMs)}, ${mb(first.peakRssMb)}`,
      goal: `${GOALS.importMsAt100k / 1000} s, ${GOALS.importPeakMb} MB`,
      // Time judged, as the pictures are, on the lower of wall and CPU time (see importSection).
      verdict: verdict(
        Math.max(
          Math.min(first.ms, first.cpuMs) / GOALS.importMsAt100k,
          first.peakRssMb / GOALS.importPeakMb,
        ),
        1,
      ),
    },
    {
      what: "cold load of the imported JSON Lines claims (first start, empty snapshot cache)",
      claims: load.claims,
      figure: `${ms(load.loadMs)} (${ratio(loadRatio)} JSON.parse)`,
      goal: `${GOALS.jsonlColdLoadRatio}× JSON.parse`,
      verdict: verdict(loadRatio, GOALS.jsonlColdLoadRatio),
    },
  ];
}

/** The pictures' totals (judged, as their section does, on the lower of wall and CPU time). */
function pictureRows(figures: PictureFigures | undefined): GlanceRow[] {
  if (figures === undefined) return [];
  const row = (t: PictureTiming, goal: number): GlanceRow => ({
    what: `picture, ${t.label} (${t.detail}), wall / CPU`,
    figure: `${ms(t.totalMs)} / ${ms(t.cpuMs)}`,
    goal: ms(goal),
    verdict: verdict(Math.min(t.totalMs, t.cpuMs), goal),
  });
  return [row(figures.chart, PICTURE_GOALS.chartMs), row(figures.map, PICTURE_GOALS.mapMs)];
}

function glanceSection(results: BenchResults): string {
  const cli = results.cliStart?.cli;
  const rows: GlanceRow[] = [
    ...(cli === undefined
      ? []
      : [
          {
            what: "CLI start to answer (`sitrep ask /sources`, wall median)",
            figure: ms(cli.wallMs),
            goal: `${GOALS.cliStartMs} ms`,
            verdict: verdict(cli.wallMs, GOALS.cliStartMs),
          },
        ]),
    ...importRows(results.import),
    ...pictureRows(results.pictures),
    ...glanceRows(results.sizes),
    ...(results.extras ?? []),
  ];
  if (rows.length === 0) return "";
  return [
    "## At a glance",
    "",
    "Every goal, from the tables below, and the figures other parts of the project add (`bench/extras.ts`).",
    "",
    table(
      ["what", "claims", "figure", "goal", "verdict"],
      rows.map((r) => [
        r.what,
        r.claims === undefined ? "" : count(r.claims),
        r.figure,
        r.goal,
        r.verdict,
      ]),
    ),
  ].join("\n");
}

function phaseSection(sizes: readonly SizeResult[]): string {
  const rows = sizes.flatMap((s) => {
    const p = s.phases;
    if (p === undefined) return [];
    const total = p.readMs + p.yamlMs + p.zodMs + p.referencesMs + p.createBriefMs;
    const share = (v: number) => `${ms(v)} (${Math.round((v / total) * 100)}%)`;
    return [
      [
        count(s.claims),
        share(p.readMs),
        share(p.yamlMs),
        share(p.zodMs),
        share(p.referencesMs),
        share(p.createBriefMs),
        ms(total),
        p.prepareMs === undefined ? "" : ms(p.prepareMs),
      ],
    ];
  });
  if (rows.length === 0) return "";
  return [
    "## Where the load time goes",
    "",
    "The loader's steps run one after another with its own modules, in a fresh process per size (so the sum differs a little from the load above, which reads files concurrently). The last column is not part of the load: it is the live store building the query and name indexes in the background before it swaps a new brief in, so that no question waits for them.",
    "",
    table(
      [
        "claims",
        "read files",
        "YAML parse (js-yaml)",
        "zod validation",
        "references",
        "createBrief",
        "sum",
        "then indexes (prepareBrief)",
      ],
      rows,
    ),
  ].join("\n");
}

function commandSection(sizes: readonly SizeResult[]): string {
  const rows = sizes.flatMap((s) =>
    (s.commands ?? []).map((c) => [
      count(s.claims),
      `/${c.command}`,
      String(c.questions),
      count(c.answer.count),
      ms(c.answer.median),
      ms(c.answer.p99),
      ms(c.answerAndRender.median),
      ms(c.answerAndRender.p99),
      s.claims === 1_000_000 ? verdict(c.answerAndRender.p99, GOALS.commandP99MsAt1M) : "",
      ms(c.firstPassMaxMs),
      `${c.slowest.kind}: \`${c.slowest.text || "(no text)"}\``,
    ]),
  );
  const failures = sizes.flatMap((s) =>
    (s.commands ?? []).flatMap((c) => c.failures.map((f) => `- ${count(s.claims)} claims: ${f}`)),
  );
  return [
    "## Command latency",
    "",
    "Varied questions per command (common and rare places, names several places share, aliases, misspellings that get suggestions, unknown names, `at` in the past; /toll with and without a place and a metric; /sources with and without a name; /sitrep over single days and the last 24 hours and 3 days), through the request core as the platforms call it, in passes over the list until at least 1,000 samples or 20 s. _Answer_ is dispatch alone; _+ render_ adds rendering the same answer for Slack (Block Kit) and Discord (embeds). The brief is prepared first as the live store prepares it before serving it (`prepareBrief` builds the indexes and works out the last days' control changes), and every question is asked once, its slowest shown in the summary as the slowest right after a reload; then the brief is warmed as a running bot warms it in the background once it serves it (`warmBrief`: every older control claim's change, which a past day's /sitrep reads), and the measured passes begin. Their first pass warms the JIT and any per-question caches, is left out of the percentiles, and its slowest question is shown on its own.",
    "",
    `Goal: every command's p99 under ${GOALS.commandP99MsAt1M} ms at 1,000,000 claims, rendering included.`,
    "",
    table(
      [
        "claims",
        "command",
        "questions",
        "samples",
        "answer p50",
        "answer p99",
        "+ render p50",
        "+ render p99",
        "goal",
        "first pass, slowest",
        "slowest question (warm)",
      ],
      rows,
    ),
    ...(failures.length === 0
      ? []
      : [
          "",
          "Questions that gave a usage line or an error instead of an answer:",
          "",
          ...failures,
        ]),
  ].join("\n");
}

/** Which kinds of question make the tail, at the largest size measured. */
function kindSection(sizes: readonly SizeResult[]): string {
  const largest = [...sizes].reverse().find((s) => s.commands !== undefined);
  if (largest?.commands === undefined) return "";
  const rows = largest.commands.flatMap((c) =>
    [...c.byKind]
      .sort((a, b) => b.total.p99 - a.total.p99)
      .map((k) => [
        `/${c.command}`,
        k.kind,
        count(k.total.count),
        ms(k.total.median),
        ms(k.total.p99),
      ]),
  );
  return [
    `### By kind of question, at ${count(largest.claims)} claims (answer + render)`,
    "",
    table(["command", "kind of question", "samples", "p50", "p99"], rows),
  ].join("\n");
}

function digestSection(sizes: readonly SizeResult[]): string {
  const rows = sizes.flatMap((s) => {
    const d = s.digest;
    if (d === undefined) return [];
    return [
      [
        count(s.claims),
        d.day,
        count(d.claimsThatDay),
        String(d.facts),
        count(d.build.count),
        ms(d.build.median),
        ms(d.build.p99),
        ms(d.buildAndRender.median),
        ms(d.buildAndRender.p99),
      ],
    ];
  });
  if (rows.length === 0) return "";
  return [
    "## A day's /sitrep summary",
    "",
    "`buildDigest` over the busiest day of the brief (the daily post the scheduler sends), then rendered for Slack and Discord.",
    "",
    table(
      [
        "claims",
        "busiest day",
        "claims that day",
        "facts shown",
        "samples",
        "build p50",
        "build p99",
        "+ render p50",
        "+ render p99",
      ],
      rows,
    ),
  ].join("\n");
}

function endToEndSection(sizes: readonly SizeResult[]): string {
  const rows = sizes.flatMap((s) =>
    (s.endToEnd?.runs ?? []).map(({ workload, emptyAck: empty, answering: run }) => {
      const z = empty.ack;
      const a = run.ack;
      const r50 = a.median / z.median;
      const r99 = a.p99 / z.p99;
      return [
        count(s.claims),
        workload,
        `${ms(z.median)} / ${ms(z.p99)}`,
        `${ms(a.median)} / ${ms(a.p99)}`,
        ratio(r50),
        ratio(r99),
        verdict(Math.max(r50, r99), GOALS.endToEndRatio),
        `${ms(empty.mainMsPerRequest)} / ${ms(run.mainMsPerRequest)}`,
        `${ms(empty.cpuMsPerRequest)} / ${ms(run.cpuMsPerRequest)}`,
        `${ms(run.delivered?.median)} / ${ms(run.delivered?.p99)}`,
        ms(run.coldestMs),
        `${run.lateAcks} / ${run.failed + empty.failed}`,
      ];
    }),
  );
  if (rows.length === 0) return "";
  const o = sizes.find((s) => s.endToEnd !== undefined)?.endToEnd?.options;
  return [
    "## End to end: signed /toll through the Bolt HTTP app",
    "",
    `Signed slash-command requests at a steady ${o?.rate ?? "?"} per second, only to 127.0.0.1, from the benchmark process to two apps in child processes: the answering app and the floor, a Bolt app whose /toll listener only acknowledges. Both sit behind the same signature-checking receiver and hold the same loaded store. The two are measured interleaved, in rounds of ${o?.round ?? "?"} requests taken in turn (who goes first alternates; a round ends when its acks and answers are in), ${o?.count ?? "?"} measured requests each, so both see the same machine. Before that, a warm-up asks each app every question once, one at a time, right after it loaded the brief: its slowest request, sent to answer delivered, is shown as _warm-up, slowest_. Latency is from sending the request to reading the HTTP ack, which is what Slack waits for (3 s allowed). The answer is computed after the ack and posted to a fake response_url in the benchmark process; that time is shown separately. _Main thread_ is the app's event loop busy time per measured request, _CPU_ the process's CPU (every thread) per measured request, each as empty ack / answering app. The answering app works answers out in the answer pool (\`ANSWER_THREADS=1\`: one worker thread holding its own copy of the brief, which answers, renders for Slack and posts to the response_url), so the main thread only verifies, parses, acknowledges and hands the command over. Three workloads: every /toll question of the command benchmark (including the region-wide ones without a place), only the questions that name a place, and every question again answered on the main thread (\`ANSWER_THREADS=0\`) for comparison.`,
    "",
    `Goal: /toll within ${GOALS.endToEndRatio}× of the empty ack (median and p99).`,
    "",
    table(
      [
        "claims",
        "workload",
        "empty ack p50 / p99",
        "/toll ack p50 / p99",
        "ratio p50",
        "ratio p99",
        "goal",
        "main thread per request",
        "CPU per request",
        "answer on response_url p50 / p99",
        "warm-up, slowest",
        "acks over 3 s / failed",
      ],
      rows,
    ),
  ].join("\n");
}

function cliStartSection(figures: CliStartFigures | undefined): string {
  if (figures === undefined) return "";
  const row = (f: CliStartFigures["node"], goal: string) => [
    `\`${f.command}\``,
    String(f.runs),
    ms(f.wallMs),
    ms(f.minWallMs),
    ms(f.cpuMs),
    goal,
  ];
  return [
    "## CLI start",
    "",
    `From the start of the process to its answer: \`sitrep ask "/sources"\` on the bundled brief, compiled (\`bin/sitrep.js\` on \`dist/\`, as \`npx sitrep\` runs it), against plain \`node -e ''\`, in the same run, interleaved. Wall time is the median and the fastest run; CPU is the median of the user and system time each process reports, which other work on the machine inflates far less. Load average ${figures.loadAverage} at the end of the runs.`,
    "",
    `Goal: a CLI call answers within ${GOALS.cliStartMs} ms of its start (wall median).`,
    "",
    table(
      ["command", "runs", "wall (median)", "wall (fastest)", "CPU (median)", "goal"],
      [row(figures.node, "floor"), row(figures.cli, verdict(figures.cli.wallMs, GOALS.cliStartMs))],
    ),
  ].join("\n");
}

function importSection(figures: ImportFigures | undefined): string {
  if (figures === undefined) return "";
  const run = (label: string, f: ImportFigures["first"]) => [
    label,
    ms(f.ms),
    ms(f.cpuMs),
    verdict(Math.min(f.ms, f.cpuMs), GOALS.importMsAt100k),
    mb(f.peakRssMb),
    mb(f.baselineRssMb),
    verdict(f.peakRssMb, GOALS.importPeakMb),
    count(f.claimsWritten),
    count(f.unchanged),
    `${count(f.placesMatched)} / ${count(f.placesCreated)}`,
    count(f.actorsCreated),
  ];
  const loadRow = (label: string, load: LoadFigures | undefined, judged: boolean) => {
    if (load === undefined) return undefined;
    const loadRatio = load.loadMs / load.floorMs;
    return [
      label,
      count(load.claims),
      ms(load.loadMs),
      ms(load.floorMs),
      ratio(loadRatio),
      judged ? verdict(loadRatio, GOALS.jsonlColdLoadRatio) : "",
      mb(load.peakRssMb),
      mb(load.retainedHeapMb),
    ];
  };
  const loads = [
    loadRow("first start (empty snapshot cache)", figures.load, true),
    loadRow("next start (from snapshots)", figures.warm, false),
    loadRow("no snapshot cache (`SITREP_CACHE_DIR=off`)", figures.uncached, false),
  ].filter((row) => row !== undefined);
  return [
    "## Import",
    "",
    `\`sitrep import acled\` of ${count(figures.rows)} generated ACLED-shaped rows (${figures.csvMb.toFixed(1)} MB of CSV; made-up names and figures, 40% of rows with fatalities; \`bench/import.ts\`) into an empty brief, in a fresh process: streamed through csv-parse, places and actors matched or created, the whole brief validated before the rename. Then the same file again, which changes nothing. CPU is the user and system time the import used, which other work on the machine inflates far less; the import runs on one thread, so on an idle machine its wall time is its CPU time plus file I/O, and the time goal is judged, as the pictures' are, on the lower of the two. Peak RSS is the process's high-water mark, runtime and tsx included (the baseline column). Then loads of the brief with the imported claims (JSON Lines), each in a fresh process, against JSON.parse of the same brief, as in the load table below: the bot's first start after the import (an empty snapshot cache: every file parsed, validated and saved as a snapshot; the goal's load), its next start (from the snapshots), and a load with the cache turned off (parsing and validating alone, nothing saved).`,
    "",
    `Goals: importing ${count(figures.rows)} rows within ${GOALS.importMsAt100k / 1000} s and ${GOALS.importPeakMb} MB; the brief then loads within ${GOALS.jsonlColdLoadRatio}× of JSON.parse (the load goal).`,
    "",
    table(
      [
        "run",
        "wall",
        "CPU",
        "time goal",
        "peak RSS",
        "baseline RSS",
        "memory goal",
        "claims written",
        "unchanged",
        "places matched / created",
        "actors created",
      ],
      [run("first import", figures.first), run("same file again", figures.again)],
    ),
    "",
    table(
      ["load", "claims", "time", "JSON.parse", "ratio", "ratio goal", "peak RSS", "retained heap"],
      loads,
    ),
  ].join("\n");
}

function errorSection(sizes: readonly SizeResult[]): string {
  const lines = sizes.flatMap((s) =>
    s.errors.map((e) => `- ${count(s.claims)} claims: ${e.split("\n")[0]}`),
  );
  return lines.length === 0 ? "" : ["## Stages that did not run", "", ...lines].join("\n");
}

/** The tables alone, for stdout. */
export function formatTables(results: BenchResults): string {
  return [
    glanceSection(results),
    cliStartSection(results.cliStart),
    formatPictureSection(results.pictures, verdict),
    importSection(results.import),
    loadSection(results.sizes),
    phaseSection(results.sizes),
    commandSection(results.sizes),
    kindSection(results.sizes),
    digestSection(results.sizes),
    endToEndSection(results.sizes),
    errorSection(results.sizes),
  ]
    .filter((s) => s !== "")
    .join("\n\n");
}

export function formatDocument(results: BenchResults, analysis: string | undefined): string {
  const m = results.machine;
  const briefs = results.sizes
    .flatMap((s) =>
      s.brief === undefined
        ? []
        : [
            `${count(s.claims)} claims: ${count(s.brief.sources)} sources, ${count(s.brief.places)} places, ${count(s.brief.files)} files`,
          ],
    )
    .join("; ");
  return [
    "# Benchmarks",
    "",
    "How fast the store loads and answers as briefs grow, measured against the floor. This page is written by `npm run bench`; the analysis at the end is kept by hand in `bench/analysis.md`.",
    "",
    `- Date: ${results.date}`,
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB memory, ${m.platform}, Node ${m.node}; load average ${m.loadAverage} when the run began (other work on the machine shows in the tails)`,
    `- Reproduce: \`${results.command}\` (briefs are generated once into \`bench/out/\`, seed ${results.seed}, and reused; \`--sizes 1000,10000\` runs a subset; 1,000,000 claims takes many minutes and several GB of memory)`,
    `- Briefs: synthetic (\`src/generate/synthetic-brief.ts\`): ${briefs}`,
    "",
    formatTables(results),
    ...(analysis === undefined ? [] : ["", analysis.trim()]),
    "",
  ].join("\n");
}
