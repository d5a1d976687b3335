// GET /metrics: the running bot serves Prometheus text on its HTTP server, and its counters move
// with what the bot does: requests (signed Discord interactions through the request core), a
// daily post sent, a reload of the briefs (clean or with problems), a
// state store operation that fails. METRICS=off serves no /metrics at all.
import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { readConfig } from "../src/config.ts";
import { silentLogger } from "../src/log.ts";
import { type App, startApp } from "../src/main.ts";
import { countStateErrors, createMetrics } from "../src/metrics.ts";
import { openStateDb } from "../src/state/sqlite/db.ts";
import { upsertSubscription } from "../src/state/sqlite/subscriptions.ts";
import { writeValidBrief } from "./fixtures/briefs.ts";
import { FakeTransport } from "./schedule/helpers.ts";

const apps: App[] = [];

afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
});

/** The value of one series in the exposition text (0 when absent). */
function readSeries(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

async function scrape(app: App): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(`http://127.0.0.1:${app.port}/metrics`);
  return {
    status: res.status,
    type: res.headers.get("content-type") ?? "",
    text: await res.text(),
  };
}

/** Posts a slash command to the bot's Discord interactions endpoint, signed with `key`. */
async function interact(
  app: App,
  key: KeyObject,
  at: number,
  name: string,
  options: { name: string; type: number; value: string }[],
): Promise<number> {
  const body = JSON.stringify({
    id: String(7000 + Math.floor(Math.random() * 1e6)),
    application_id: "4242",
    type: 2,
    token: "interaction-token",
    version: 1,
    guild_id: "777",
    channel_id: "888",
    member: {
      user: { id: "555", username: "alice", discriminator: "0", global_name: null, avatar: null },
      roles: [],
      permissions: "0",
      joined_at: "2024-01-01T00:00:00.000Z",
      deaf: false,
      mute: false,
      flags: 0,
    },
    data: { id: "6001", name, type: 1, options },
  });
  // Signed at the bot's own (injected) clock: the signature window is checked against it.
  const ts = String(Math.floor(at / 1000));
  const res = await fetch(`http://127.0.0.1:${app.port}/discord/interactions`, {
    method: "POST",
    headers: {
      "x-signature-ed25519": sign(null, Buffer.from(ts + body), key).toString("hex"),
      "x-signature-timestamp": ts,
    },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

async function startBot(env: Record<string, string> = {}) {
  const brief = writeValidBrief();
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const der = publicKey.export({ format: "der", type: "spki" });
  let clock = Date.parse("2024-12-02T06:00:00Z");
  const transport = new FakeTransport("discord");
  const config = readConfig({
    BRIEFS_DIR: brief.root,
    STATE_DB: join(mkdtempSync(join(tmpdir(), "sitrep-metrics-")), "state.db"),
    PORT: "0",
    DISCORD_PUBLIC_KEY: der.subarray(der.length - 32).toString("hex"),
    DISCORD_APPLICATION_ID: "4242",
    ...env,
  });
  const app = await startApp({
    config,
    logger: silentLogger,
    now: () => clock,
    input: new PassThrough(),
    output: new PassThrough(),
    watch: false,
    transports: { discord: transport },
  });
  apps.push(app);
  return {
    app,
    brief,
    config,
    transport,
    privateKey,
    clock: () => clock,
    setClock: (at: number) => {
      clock = at;
    },
  };
}

describe("GET /metrics", () => {
  it("counts requests by platform, command and outcome, and times their answers", async () => {
    const { app, privateKey, clock } = await startBot();
    const before = (await scrape(app)).text;
    expect(
      readSeries(before, 'sitrep_answer_seconds_count{platform="discord",trigger="chat"}'),
    ).toBe(0);
    const place = [{ name: "place", type: 3, value: "Aleppo" }];
    expect(await interact(app, privateKey, clock(), "toll", place)).toBe(200);
    expect(await interact(app, privateKey, clock(), "who-controls", place)).toBe(200);
    expect(await interact(app, privateKey, clock(), "who-controls", place)).toBe(200);
    const unsure = [{ name: "place", type: 3, value: "Atlantis" }];
    expect(await interact(app, privateKey, clock(), "who-controls", unsure)).toBe(200);
    const badTime = [...place, { name: "at", type: 3, value: "the day after never" }];
    expect(await interact(app, privateKey, clock(), "who-controls", badTime)).toBe(200);
    const after = (await scrape(app)).text;
    const count = (command: string, outcome: string) =>
      readSeries(
        after,
        `sitrep_requests_total{platform="discord",command="${command}",outcome="${outcome}",trigger="chat"}`,
      );
    expect(count("toll", "answer")).toBe(1);
    expect(count("who-controls", "answer")).toBe(3);
    expect(count("who-controls", "usage")).toBe(1);
    expect(
      readSeries(after, 'sitrep_answer_seconds_count{platform="discord",trigger="chat"}'),
    ).toBe(5);
    expect(
      readSeries(
        after,
        'sitrep_answer_seconds_bucket{le="+Inf",platform="discord",trigger="chat"}',
      ),
    ).toBe(5);
  });

  it("counts a daily post sent and reloads of the briefs, clean and with problems", async () => {
    const { app, brief, config, transport, setClock } = await startBot();
    const before = await scrape(app);
    expect(before.status).toBe(200);
    expect(before.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(readSeries(before.text, 'sitrep_brief_reloads_total{result="ok"}')).toBe(1);
    expect(
      readSeries(
        before.text,
        'sitrep_deliveries_total{kind="daily",platform="discord",status="sent"}',
      ),
    ).toBe(0);

    const db = openStateDb(config.STATE_DB);
    upsertSubscription(
      db,
      {
        platform: "discord",
        workspace: "777",
        channel: "888",
        brief: "test-brief",
        time: "07:00",
        timezone: "UTC",
        postWhenEmpty: true,
        createdBy: "555",
      },
      Date.parse("2024-12-02T06:00:00Z"),
    );
    db.close();
    setClock(Date.parse("2024-12-02T07:01:00Z"));
    await app.scheduler.runDue();
    expect(transport.postsTo("888")).toHaveLength(1);
    // The daily post asked the core for /sitrep: counted as the scheduler's, not a person's.
    const posted = (await scrape(app)).text;
    expect(
      readSeries(
        posted,
        'sitrep_requests_total{platform="discord",command="sitrep",outcome="answer",trigger="scheduler"}',
      ),
    ).toBe(1);
    expect(posted).not.toContain('command="sitrep",outcome="answer",trigger="chat"');

    await app.live.reload();
    writeFileSync(join(brief.root, "test-brief", "brief.yaml"), "title: [unclosed\n");
    await app.live.reload();

    const after = (await scrape(app)).text;
    expect(
      readSeries(after, 'sitrep_deliveries_total{kind="daily",platform="discord",status="sent"}'),
    ).toBe(1);
    expect(readSeries(after, 'sitrep_brief_reloads_total{result="ok"}')).toBe(2);
    expect(readSeries(after, 'sitrep_brief_reloads_total{result="problems"}')).toBe(1);
    expect(readSeries(after, "sitrep_brief_problems_total")).toBeGreaterThanOrEqual(1);
    expect(after).toContain("process_cpu_user_seconds_total");
  });

  it("is not served with METRICS=off", async () => {
    const { app } = await startBot({ METRICS: "off" });
    expect(app.metrics).toBeUndefined();
    expect((await scrape(app)).status).toBe(404);
  });
});

describe("state store errors", () => {
  it("are counted by operation and passed on unchanged", async () => {
    const metrics = createMetrics({ processMetrics: false });
    const failure = new Error("disk I/O error");
    const ledger = countStateErrors(
      "ledger",
      {
        claim: async () => {
          throw failure;
        },
        find: () => {
          throw failure;
        },
        ok: async () => true,
      },
      metrics,
    );
    await expect(ledger.claim()).rejects.toBe(failure);
    expect(() => ledger.find()).toThrow(failure);
    expect(await ledger.ok()).toBe(true);
    const text = (await metrics.render()).body;
    expect(readSeries(text, 'sitrep_state_errors_total{operation="ledger.claim"}')).toBe(1);
    expect(readSeries(text, 'sitrep_state_errors_total{operation="ledger.find"}')).toBe(1);
    expect(readSeries(text, 'sitrep_state_errors_total{operation="ledger.ok"}')).toBe(0);
  });
});
