// End to end: signed /toll requests at a steady rate through the real Bolt HTTP app on loopback,
// and the same through a Bolt app whose /toll only acknowledges. Latency runs from sending the
// request to reading the HTTP ack (what Slack waits for); for the real app, the time until its
// answer reaches the fake response_url is noted separately. The apps run in child processes so
// their work does not share this process's event loop with the clock that measures them.
// Each workload runs beside its own empty-ack app, in alternating short rounds (one round of
// requests to one app, its answers drained, then a round to the other), so both see the same
// machine: on a shared machine, apps measured minutes apart see different loads.
// Three workloads: every kind of /toll question, only questions that name a place (the
// region-wide questions cost far more, so the mix alone would hide how the common case does), and
// every question answered on the main thread (no answer pool) for comparison.
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import type { ServeReady, ServeUsage } from "./child.ts";
import { type BenchSlack, startBenchSlack } from "./fake-slack.ts";
import { signedHeaders, slashCommandBody } from "./slack-sign.ts";
import { startChild } from "./spawn.ts";
import { type Summary, summarize } from "./stats.ts";

export interface EndToEndOptions {
  /** Requests per second. */
  readonly rate: number;
  /** Measured requests per app. */
  readonly count: number;
  /** Requests per round; the apps take turns round by round. */
  readonly round: number;
}

export type Workload =
  | "all /toll questions"
  | "place-named /toll only"
  | "all /toll questions, answered in line";

export interface AppRun {
  /** Warm-up: every question once, one at a time, right after the load; its slowest, ms. */
  readonly coldestMs: number;
  readonly ack: Summary;
  /** Request sent to answer posted on the response_url; only for the answering app. */
  readonly delivered?: Summary;
  /** Acks slower than Slack's 3 seconds: Slack would show the user an error. */
  readonly lateAcks: number;
  /** Non-200 replies and answers that never arrived. */
  readonly failed: number;
  /** Main thread busy (event loop active) per measured request, ms. */
  readonly mainMsPerRequest: number;
  /** CPU of the whole process (every thread) per measured request, ms. */
  readonly cpuMsPerRequest: number;
}

export interface WorkloadRun {
  readonly workload: Workload;
  /** The empty-ack app, measured in the rounds between the answering app's. */
  readonly emptyAck: AppRun;
  readonly answering: AppRun;
}

export interface EndToEndFigures {
  readonly options: EndToEndOptions;
  readonly runs: readonly WorkloadRun[];
}

export const DEFAULT_END_TO_END: EndToEndOptions = { rate: 50, count: 400, round: 50 };

const SECRET = "bench-signing-secret-0123456789abcdef";
const SLACK_ACK_LIMIT_MS = 3000;
const DELIVERY_TIMEOUT_MS = 120_000;
const WORKLOADS: readonly Workload[] = [
  "all /toll questions",
  "place-named /toll only",
  "all /toll questions, answered in line",
];

function isPlaceNamed(kind: string): boolean {
  return !kind.startsWith("region");
}

/** The answer pool (ANSWER_THREADS=1) answers, except in the "answered in line" workload. */
function inPool(workload: Workload): boolean {
  return !workload.endsWith("answered in line");
}

interface Tally {
  readonly acks: number[];
  readonly deliveries: number[];
  failed: number;
  coldestMs: number;
}

interface RunningApp {
  readonly kind: "answering" | "empty-ack";
  readonly child: ChildProcess;
  readonly url: string;
  readonly texts: readonly string[];
  readonly tally: Tally;
  /** Requests sent so far: the next question is texts[sent % length]. */
  sent: number;
}

/** The child's main-thread busy time and process CPU so far, ms. */
function usageOf(child: ChildProcess): Promise<ServeUsage> {
  return new Promise((resolve) => {
    const onMessage = (message: { usage?: ServeUsage }) => {
      if (message.usage === undefined) return;
      child.off("message", onMessage);
      resolve(message.usage);
    };
    child.on("message", onMessage);
    child.send("usage");
  });
}

async function startApp(
  root: string,
  kind: RunningApp["kind"],
  workload: Workload,
  slack: BenchSlack,
): Promise<RunningApp> {
  const { child, result } = startChild<ServeReady>({
    task: "serve",
    root,
    app: kind,
    secret: SECRET,
    apiUrl: slack.apiUrl,
    pool: kind === "answering" && inPool(workload),
    cacheDir: `${root}-cache`,
  });
  const { port, tollQuestions } = await result;
  const texts = tollQuestions
    .filter((q) => workload !== "place-named /toll only" || isPlaceNamed(q.kind))
    .map((q) => q.text);
  const tally: Tally = { acks: [], deliveries: [], failed: 0, coldestMs: 0 };
  return { kind, child, url: `http://127.0.0.1:${port}/slack/events`, texts, tally, sent: 0 };
}

async function stopApp(app: RunningApp): Promise<void> {
  if (app.child.connected) app.child.send("stop");
  if (app.child.exitCode === null) await once(app.child, "exit");
}

async function send(app: RunningApp, slack: BenchSlack, counted: boolean): Promise<void> {
  const { tally } = app;
  const response = slack.responseUrl();
  const text = app.texts[app.sent++ % app.texts.length] ?? "";
  const body = slashCommandBody("/toll", text, response.url);
  const sent = performance.now();
  const reply = await fetch(app.url, {
    method: "POST",
    headers: signedHeaders(SECRET, body, Date.now()),
    body,
  });
  await reply.arrayBuffer();
  const acked = performance.now();
  if (reply.status !== 200) {
    tally.failed++;
    return;
  }
  if (counted) tally.acks.push(acked - sent);
  if (app.kind !== "answering") return;
  const arrived = await Promise.race([
    response.arrived,
    sleep(DELIVERY_TIMEOUT_MS, -1, { ref: false }),
  ]);
  if (arrived < 0) tally.failed++;
  else if (counted) tally.deliveries.push(arrived - sent);
}

/**
 * Warm-up, not counted: each question once and one at a time, so the lazy indexes a fresh load
 * builds on first use are in place before the steady rate starts.
 */
async function warmUp(app: RunningApp, slack: BenchSlack): Promise<void> {
  for (let i = 0; i < app.texts.length; i++) {
    const t = performance.now();
    await send(app, slack, false);
    app.tally.coldestMs = Math.max(app.tally.coldestMs, performance.now() - t);
  }
  app.sent = 0;
}

/** One round at the steady rate; resolves when every ack and answer of it is in. */
async function runRound(app: RunningApp, slack: BenchSlack, n: number, rate: number) {
  const interval = 1000 / rate;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const due = start + i * interval - performance.now();
    if (due > 0) await sleep(due);
    pending.push(send(app, slack, true));
  }
  await Promise.all(pending);
}

function figures(app: RunningApp, before: ServeUsage, after: ServeUsage): AppRun {
  const { tally } = app;
  const n = Math.max(1, tally.acks.length);
  return {
    coldestMs: tally.coldestMs,
    ack: summarize(tally.acks),
    ...(app.kind === "answering" ? { delivered: summarize(tally.deliveries) } : {}),
    lateAcks: tally.acks.filter((ms) => ms > SLACK_ACK_LIMIT_MS).length,
    failed: tally.failed,
    mainMsPerRequest: (after.mainMs - before.mainMs) / n,
    cpuMsPerRequest: (after.cpuMs - before.cpuMs) / n,
  };
}

async function runWorkload(
  root: string,
  workload: Workload,
  options: EndToEndOptions,
): Promise<WorkloadRun> {
  const slack = await startBenchSlack();
  const started: RunningApp[] = [];
  try {
    // One after the other, so two loads of a big brief do not hold memory at once.
    const empty = await startApp(root, "empty-ack", workload, slack);
    started.push(empty);
    const answering = await startApp(root, "answering", workload, slack);
    started.push(answering);
    await warmUp(empty, slack);
    await warmUp(answering, slack);
    const before = await Promise.all(started.map((app) => usageOf(app.child)));
    // Round by round, each app in turn, who goes first alternating: any drift in the machine's
    // load falls on both alike.
    for (let done = 0, r = 0; done < options.count; done += options.round, r++) {
      const n = Math.min(options.round, options.count - done);
      const order = r % 2 === 0 ? [empty, answering] : [answering, empty];
      for (const app of order) await runRound(app, slack, n, options.rate);
    }
    const after = await Promise.all(started.map((app) => usageOf(app.child)));
    return {
      workload,
      emptyAck: figures(empty, before[0]!, after[0]!),
      answering: figures(answering, before[1]!, after[1]!),
    };
  } finally {
    await Promise.all(started.map(stopApp));
    await slack.close();
  }
}

export async function measureEndToEnd(
  root: string,
  options: EndToEndOptions = DEFAULT_END_TO_END,
): Promise<EndToEndFigures> {
  const runs: WorkloadRun[] = [];
  for (const workload of WORKLOADS) runs.push(await runWorkload(root, workload, options));
  return { options, runs };
}
