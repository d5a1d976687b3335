// The whole app as `npm start` runs it (console mode), with an injected clock and a transport the
// test controls: a stop (what SIGTERM and SIGINT call) waits for the post being sent, records it
// once, and a restart over the same database does not post it again.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import type { Answer } from "../src/answer/model.ts";
import { readConfig } from "../src/config.ts";
import { silentLogger } from "../src/log.ts";
import { type App, startApp } from "../src/main.ts";
import type { Transport } from "../src/platforms/transport.ts";
import { openStateDb } from "../src/state/sqlite/db.ts";
import { listDeliveries } from "../src/state/sqlite/deliveries.ts";
import { listSubscriptions, upsertSubscription } from "../src/state/sqlite/subscriptions.ts";
import { writeValidBrief } from "./fixtures/briefs.ts";

/** 07:00:30 in Damascus (UTC+3) on 2 December 2024: the subscription below is due. */
const NOW = Date.parse("2024-12-02T04:00:30Z");
const apps: App[] = [];
const holds: (() => void)[] = [];

afterEach(async () => {
  for (const release of holds.splice(0)) release();
  for (const app of apps.splice(0)) await app.stop();
});

/**
 * A console transport whose post stays in flight until the test releases it (a post that starts
 * after the release goes through at once).
 */
function heldTransport() {
  const posts: { channel: string; answer: Answer }[] = [];
  let released = false;
  let finish: () => void = () => {};
  const release = () => {
    released = true;
    finish();
  };
  let started: () => void = () => {};
  const postStarted = new Promise<void>((resolve) => {
    started = resolve;
  });
  const transport: Transport = {
    platform: "console",
    postMessage(channel, answer) {
      posts.push({ channel, answer });
      started();
      return new Promise((resolve) => {
        finish = () => resolve("m1");
        if (released) finish();
      });
    },
  };
  holds.push(() => release());
  return { transport, posts, postStarted, release: () => release() };
}

function setUp() {
  const dir = mkdtempSync(join(tmpdir(), "sitrep-app-"));
  const brief = writeValidBrief();
  const stateDb = join(dir, "state.db");
  const db = openStateDb(stateDb);
  upsertSubscription(
    db,
    {
      platform: "console",
      workspace: "console",
      channel: "desk",
      brief: "test-brief",
      time: "07:00",
      timezone: "Asia/Damascus",
      postWhenEmpty: true,
      createdBy: "test",
    },
    NOW - 3_600_000,
  );
  db.close();
  const config = readConfig({ BRIEFS_DIR: brief.root, STATE_DB: stateDb });
  return { config, stateDb };
}

async function startTestApp(config: ReturnType<typeof readConfig>, transport: Transport) {
  const app = await startApp({
    config,
    logger: silentLogger,
    now: () => NOW,
    input: new PassThrough(),
    output: new PassThrough(),
    watch: false,
    transports: { console: transport },
  });
  apps.push(app);
  return app;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe("startApp", () => {
  it("runs the console mode when no chat platform is configured", async () => {
    const { config } = setUp();
    const held = heldTransport();
    const app = await startTestApp(config, held.transport);
    expect(app.mode).toEqual(["console"]);
    expect([...app.live.current().briefs.keys()]).toEqual(["test-brief"]);
  });

  it("lets a post in flight finish and records it once when stopped, and does not post it again after a restart", async () => {
    const { config, stateDb } = setUp();
    const held = heldTransport();
    const app = await startTestApp(config, held.transport);
    await held.postStarted;

    let stopped = false;
    const stopping = app.stop().then(() => {
      stopped = true;
    });
    await settle();
    expect(stopped).toBe(false);
    held.release();
    await stopping;
    expect(held.posts).toHaveLength(1);
    expect(held.posts[0]!.channel).toBe("desk");

    const db = openStateDb(stateDb);
    const [subscription] = listSubscriptions(db);
    expect(listDeliveries(db, subscription!.id)).toEqual([
      expect.objectContaining({ status: "sent", attempts: 1 }),
    ]);
    db.close();

    const again = heldTransport();
    const restarted = await startTestApp(config, again.transport);
    await restarted.scheduler.idle();
    expect(again.posts).toHaveLength(0);
  });
});
