// Shared fixtures for the scheduling tests: briefs of events (from the brief builder), a state
// database in a temp folder, a fake of our Transport interface, and a small digest builder.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sitrep, { createSitrepCommand } from "../../commands/sitrep.ts";
import type { Answer } from "../../src/answer/model.ts";
import { createRequestCore, type RequestCore } from "../../src/core/request.ts";
import type { DigestBuilder } from "../../src/digest/build.ts";
import { type Logger, silentLogger } from "../../src/log.ts";
import {
  DeliveryError,
  type DeliveryErrorCode,
  type PlatformName,
  type Transport,
} from "../../src/platforms/transport.ts";
import type { Brief, Store } from "../../src/store/types.ts";
import { buildBrief, claim, source } from "../fixtures/brief-builder.ts";

/** The request core the scheduler asks: /sitrep answering with `digest` (the real one by default). */
export function sitrepCore(options: {
  readonly getStore: () => Store;
  readonly now: () => number;
  readonly digest?: DigestBuilder;
  readonly logger?: Logger;
}): RequestCore {
  const command = options.digest === undefined ? sitrep : createSitrepCommand(options.digest);
  return createRequestCore({
    commands: [command],
    getStore: options.getStore,
    now: options.now,
    logger: options.logger ?? silentLogger,
  });
}

/** A brief whose only claims are `events` from one wire source (built with the brief builder). */
export function briefWithEvents(
  id: string,
  timezone: string,
  events: readonly { reported: string; summary: string }[] = [],
): Brief {
  return buildBrief({
    id,
    meta: { title: `Brief ${id}`, timezone },
    sources: [source("wire", { name: "Wire", kind: "wire-agency" })],
    claims: events.map((e) => claim.event({ source: "wire", ...e })),
  });
}

/** One fact per claim reported in (since, until]: enough to tell empty from not. */
export const eventDigest: DigestBuilder = (brief, { since, until }) => ({
  kind: "answer",
  title: `Daily summary: ${brief.meta.title}`,
  sections: [
    {
      facts: brief.claims
        .filter((c) => c.at > since && c.at <= until)
        .map((c) => ({ text: c.type === "event" ? c.summary : c.type })),
    },
  ],
});

/** Always says something, so every due post goes out. */
export const nonEmptyDigest: DigestBuilder = (brief, { since, until }) => ({
  kind: "answer",
  title: `Daily summary: ${brief.meta.title}`,
  sections: [
    { facts: [{ text: `${new Date(since).toISOString()} to ${new Date(until).toISOString()}` }] },
  ],
});

export interface Post {
  readonly channel: string;
  readonly answer: Answer;
  readonly at: number;
}

/** A fake of OUR Transport: records posts; `failNext` queues errors for one channel. */
export class FakeTransport implements Transport {
  readonly posts: Post[] = [];
  readonly attempts: string[] = [];
  private readonly failures = new Map<string, DeliveryError[]>();
  private count = 0;
  constructor(readonly platform: PlatformName = "slack") {}

  failNext(channel: string, code: DeliveryErrorCode, retryAfterMs?: number, times = 1): void {
    const list = this.failures.get(channel) ?? [];
    for (let i = 0; i < times; i++) {
      list.push(
        new DeliveryError(
          code,
          `${code} in ${channel}`,
          retryAfterMs === undefined ? {} : { retryAfterMs },
        ),
      );
    }
    this.failures.set(channel, list);
  }

  async postMessage(channel: string, answer: Answer): Promise<string> {
    this.attempts.push(channel);
    const failure = this.failures.get(channel)?.shift();
    if (failure !== undefined) throw failure;
    this.posts.push({ channel, answer, at: Date.now() });
    this.count += 1;
    return `m${this.count}`;
  }

  postsTo(channel: string): Post[] {
    return this.posts.filter((p) => p.channel === channel);
  }
}

export function tempDbPath(): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "sitrep-schedule-"));
  return {
    path: join(dir, "state", "sitrep.db"),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
