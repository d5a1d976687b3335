// End to end: signed /toll requests at a steady rate through the real Bolt HTTP app on loopback,
// and the same through a Bolt app whose /toll only acknowledges. Latency runs from sending the
// request to reading the HTTP ack (what Slack waits for); for the real app, the time until its
// answer reaches the fake response_url is noted separately. The apps run in child processes so
// their work does not share this process's event loop with the clock that measures them.
// Two workloads: every kind of /toll question, and only questions that name a place (the
// region-wide questions cost far more, so the mix alone would hide how the common case does).
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import type { ServeReady } from "./child.ts";
import { startBenchSlack } from "./fake-slack.ts";
import { signedHeaders, slashCommandBody } from "./slack-sign.ts";
import { startChild } from "./spawn.ts";
import { type Summary, summarize } from "./stats.ts";

export interface EndToEndOptions {
  /** Requests per second. */
  readonly rate: number;
  /** Measured requests per app. */
  readonly count: number;
}

export type Workload =
  | "all /toll questions"
  | "place-named /toll only"
  | "all /toll questions, answered in line";

export interface AppRun {
  readonly workload: Workload;
  /** Warm-up: every question once, one at a time, right after the load; its slowest, ms. */
  readonly coldestMs: number;
  readonly ack: Summary;
  /** Request sent to answer posted on the response_url; only for the answering app. */
  readonly delivered?: Summary;
  /** Acks slower than Slack's 3 seconds: Slack would show the user an error. */
  readonly lateAcks: number;
  /** Non-200 replies and answers that never arrived. */
  readonly failed: number;
}

export interface EndToEndFigures {
  readonly options: EndToEndOptions;
  readonly emptyAck: AppRun;
  readonly answering: readonly AppRun[];
}

export const DEFAULT_END_TO_END: EndToEndOptions = { rate: 50, count: 400 };

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

async function runApp(
  root: string,
  app: "answering" | "empty-ack",
  workload: Workload,
  options: EndToEndOptions,
): Promise<AppRun> {
  const slack = await startBenchSlack();
  const { child, result } = startChild<ServeReady>({
    task: "serve",
    root,
    app,
    secret: SECRET,
    apiUrl: slack.apiUrl,
    pool: app === "answering" && inPool(workload),
    cacheDir: `${root}-cache`,
  });
  try {
    const { port, tollQuestions } = await result;
    const texts = tollQuestions
      .filter((q) => workload !== "place-named /toll only" || isPlaceNamed(q.kind))
      .map((q) => q.text);
    const url = `http://127.0.0.1:${port}/slack/events`;
    const acks: number[] = [];
    const deliveries: number[] = [];
    let failed = 0;

    async function send(index: number, counted: boolean): Promise<void> {
      const response = slack.responseUrl();
      const body = slashCommandBody("/toll", texts[index % texts.length] ?? "", response.url);
      const sent = performance.now();
      const reply = await fetch(url, {
        method: "POST",
        headers: signedHeaders(SECRET, body, Date.now()),
        body,
      });
      await reply.arrayBuffer();
      const acked = performance.now();
      if (reply.status !== 200) {
        failed++;
        return;
      }
      if (counted) acks.push(acked - sent);
      if (app !== "answering") return;
      const arrived = await Promise.race([
        response.arrived,
        sleep(DELIVERY_TIMEOUT_MS, -1, { ref: false }),
      ]);
      if (arrived < 0) failed++;
      else if (counted) deliveries.push(arrived - sent);
    }

    // Warm-up, not counted: each question once and one at a time, so the lazy indexes a fresh
    // load builds on first use are in place before the steady rate starts.
    let coldestMs = 0;
    for (let i = 0; i < texts.length; i++) {
      const t = performance.now();
      await send(i, false);
      coldestMs = Math.max(coldestMs, performance.now() - t);
    }
    const interval = 1000 / options.rate;
    const pending: Promise<void>[] = [];
    const start = performance.now();
    for (let i = 0; i < options.count; i++) {
      const due = start + i * interval - performance.now();
      if (due > 0) await sleep(due);
      pending.push(send(i, true));
    }
    await Promise.all(pending);
    return {
      workload,
      coldestMs,
      ack: summarize(acks),
      ...(app === "answering" ? { delivered: summarize(deliveries) } : {}),
      lateAcks: acks.filter((ms) => ms > SLACK_ACK_LIMIT_MS).length,
      failed,
    };
  } finally {
    if (child.connected) child.send("stop");
    if (child.exitCode === null) await once(child, "exit");
    await slack.close();
  }
}

export async function measureEndToEnd(
  root: string,
  options: EndToEndOptions = DEFAULT_END_TO_END,
): Promise<EndToEndFigures> {
  const emptyAck = await runApp(root, "empty-ack", "all /toll questions", options);
  const answering: AppRun[] = [];
  for (const workload of WORKLOADS)
    answering.push(await runApp(root, "answering", workload, options));
  return { options, emptyAck, answering };
}
