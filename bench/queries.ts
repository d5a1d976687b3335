// Command latency over a loaded store: every question through the request core (what the platforms
// call), then the same answer rendered for Slack and for Discord, each timed on its own. Passes
// over the whole question list repeat until there are enough samples or the time budget is spent.
// The first pass builds the lazy indexes (its slowest question is reported on its own) and the
// first two warm the JIT; neither is mixed into the percentiles.

import { commands } from "../commands/index.ts";
import type { Answer } from "../src/answer/model.ts";
import { renderDiscord } from "../src/answer/render-discord.ts";
import { renderSlack } from "../src/answer/render-slack.ts";
import { createRequestCore, type RequestCore } from "../src/core/request.ts";
import { buildDigest } from "../src/digest/build.ts";
import { silentLogger } from "../src/log.ts";
import { CONSOLE_ORIGIN } from "../src/platforms/console.ts";
import { warmBrief } from "../src/store/prepare.ts";
import type { Brief, Store } from "../src/store/types.ts";
import { type Summary, summarize } from "./stats.ts";
import { askedAt, buildQuestions, busiestDay, dayBounds, type Question } from "./workload.ts";

export interface CommandFigures {
  readonly command: string;
  readonly questions: number;
  /** Slowest question of the first (cold) pass, ms. */
  readonly firstPassMaxMs: number;
  readonly answer: Summary;
  readonly answerAndRender: Summary;
  /** The question whose answer+render was slowest, to know where to look. */
  readonly slowest: { readonly text: string; readonly kind: string; readonly ms: number };
  /** Answer+render per kind of question, to see which kinds make the tail. */
  readonly byKind: readonly { readonly kind: string; readonly total: Summary }[];
  /** Questions that did not produce an answer (usage lines or handler errors). */
  readonly failures: readonly string[];
}

/** A brief's warming after it is served, and the slowest question asked before it finished. */
export interface WarmingFigures {
  readonly wallMs: number;
  readonly cpuMs: number;
  /** Every question asked once right after preparing, before warming: the slowest. */
  readonly slowestBefore: {
    readonly command: string;
    readonly text: string;
    readonly kind: string;
    readonly ms: number;
  };
}

export interface DigestFigures {
  readonly day: string;
  readonly claimsThatDay: number;
  readonly facts: number;
  readonly build: Summary;
  readonly buildAndRender: Summary;
}

export interface Budget {
  readonly minSamples: number;
  readonly maxMs: number;
}

const DEFAULT_BUDGET: Budget = { minSamples: 1000, maxMs: 20_000 };
/** Passes before the measured ones: the first builds lazy indexes, the next lets the JIT settle. */
const WARM_PASSES = 2;

function renderBoth(answer: Answer): number {
  const slack = renderSlack(answer);
  const discord = renderDiscord(answer);
  return slack.blocks.length + discord.embeds.length;
}

async function ask(core: RequestCore, q: Question): Promise<{ answer: Answer; failed?: string }> {
  const reply = await core.handle({ origin: CONSOLE_ORIGIN, command: q.command, text: q.text });
  if (reply.outcome === "usage") {
    return { answer: reply.answer, failed: `/${q.command} ${q.text}: usage` };
  }
  if (reply.failure !== undefined) {
    const cause =
      reply.failure.cause instanceof Error
        ? reply.failure.cause.message
        : String(reply.failure.cause);
    return { answer: reply.answer, failed: `/${q.command} ${q.text}: ${cause}` };
  }
  return { answer: reply.answer };
}

function coreFor(store: Store, brief: Brief): RequestCore {
  const now = askedAt(brief);
  return createRequestCore({
    commands,
    getStore: () => store,
    now: () => now,
    logger: silentLogger,
  });
}

/**
 * Every question once on a brief prepared but not warmed (right after a reload), then the
 * brief's warming (warmBrief, what a running bot does in slices after serving it), timed.
 */
export async function measureWarming(store: Store, brief: Brief): Promise<WarmingFigures> {
  const core = coreFor(store, brief);
  let slowestBefore = { command: "", text: "", kind: "", ms: -1 };
  for (const q of buildQuestions(brief)) {
    const t0 = performance.now();
    const { answer } = await ask(core, q);
    renderBoth(answer);
    const took = performance.now() - t0;
    if (took > slowestBefore.ms) {
      slowestBefore = { command: q.command, text: q.text, kind: q.kind, ms: took };
    }
  }
  const cpu = process.cpuUsage();
  const started = performance.now();
  warmBrief(brief);
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, slowestBefore };
}

export async function measureCommands(
  store: Store,
  brief: Brief,
  budget: Budget = DEFAULT_BUDGET,
): Promise<CommandFigures[]> {
  const core = coreFor(store, brief);
  const all = buildQuestions(brief);
  const names = [...new Set(all.map((q) => q.command))];
  const figures: CommandFigures[] = [];
  for (const command of names) {
    const questions = all.filter((q) => q.command === command);
    const answerMs: number[] = [];
    const totalMs: number[] = [];
    const failures = new Set<string>();
    const kindMs = new Map<string, number[]>();
    let firstPassMaxMs = 0;
    let slowest = { text: "", kind: "", ms: -1 };
    const started = performance.now();
    for (let pass = 0; ; pass++) {
      for (const q of questions) {
        const t0 = performance.now();
        const { answer, failed } = await ask(core, q);
        const t1 = performance.now();
        renderBoth(answer);
        const t2 = performance.now();
        if (failed !== undefined) failures.add(failed);
        if (pass === 0) firstPassMaxMs = Math.max(firstPassMaxMs, t2 - t0);
        if (pass < WARM_PASSES) continue;
        answerMs.push(t1 - t0);
        totalMs.push(t2 - t0);
        const list = kindMs.get(q.kind);
        if (list === undefined) kindMs.set(q.kind, [t2 - t0]);
        else list.push(t2 - t0);
        if (t2 - t0 > slowest.ms) slowest = { text: q.text, kind: q.kind, ms: t2 - t0 };
      }
      const elapsed = performance.now() - started;
      if (pass >= WARM_PASSES && (answerMs.length >= budget.minSamples || elapsed >= budget.maxMs))
        break;
    }
    figures.push({
      command,
      questions: questions.length,
      firstPassMaxMs,
      answer: summarize(answerMs),
      answerAndRender: summarize(totalMs),
      slowest,
      byKind: [...kindMs].map(([kind, samples]) => ({ kind, total: summarize(samples) })),
      failures: [...failures],
    });
  }
  return figures;
}

/** The daily summary of the busiest day, as the scheduler builds it, with and without rendering. */
export function measureDigest(brief: Brief, budget: Budget = DEFAULT_BUDGET): DigestFigures {
  const { day, claims } = busiestDay(brief);
  const { since, until } = dayBounds(brief, day);
  const now = askedAt(brief);
  const buildMs: number[] = [];
  const totalMs: number[] = [];
  let facts = 0;
  const started = performance.now();
  for (let i = 0; ; i++) {
    const t0 = performance.now();
    const answer = buildDigest(brief, { since, until, now });
    const t1 = performance.now();
    renderBoth(answer);
    const t2 = performance.now();
    if (i < WARM_PASSES) {
      facts = answer.sections.reduce((n, s) => n + s.facts.length, 0);
      continue;
    }
    buildMs.push(t1 - t0);
    totalMs.push(t2 - t0);
    if (buildMs.length >= budget.minSamples / 5 || performance.now() - started >= budget.maxMs)
      break;
  }
  return {
    day,
    claimsThatDay: claims,
    facts,
    build: summarize(buildMs),
    buildAndRender: summarize(totalMs),
  };
}
