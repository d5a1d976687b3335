// The bot and the CLI on PostgreSQL: with DATABASE_URL set, startApp and `sitrep` keep the state
// in that database, and two bots started on it at once (in one process here; tests/instances runs
// separate processes) post a due daily summary once between them.
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/model.ts";
import { readConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/log.ts";
import { type App, startApp } from "../../src/main.ts";
import type { Transport } from "../../src/platforms/transport.ts";
import { openPostgresState } from "../../src/state/postgres/index.ts";
import { runCliCapturing } from "../cli/run-cli.ts";
import { writeValidBrief } from "../fixtures/briefs.ts";
import { createTestDatabase } from "./postgres-db.ts";

const NOW = Date.parse("2024-12-02T04:00:30Z");
const apps: App[] = [];

afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
});

function recordingTransport() {
  const posts: { channel: string; answer: Answer }[] = [];
  const transport: Transport = {
    platform: "console",
    async postMessage(channel, answer) {
      posts.push({ channel, answer });
      return `m${posts.length}`;
    },
  };
  return { transport, posts };
}

describe("the bot with DATABASE_URL", () => {
  it("keeps its state in PostgreSQL, and two bots on it post a due summary once", async () => {
    const url = await createTestDatabase();
    const seed = await openPostgresState(url);
    const { subscription } = await seed.subscriptions.upsert(
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
    const brief = writeValidBrief();
    const config = readConfig({
      BRIEFS_DIR: brief.root,
      STATE_DB: "/nonexistent/never-opened.db",
      DATABASE_URL: url,
    });
    const recorders = [recordingTransport(), recordingTransport()];
    const started = await Promise.all(
      recorders.map(({ transport }) =>
        startApp({
          config,
          logger: silentLogger,
          now: () => NOW,
          input: new PassThrough(),
          output: new PassThrough(),
          watch: false,
          transports: { console: transport },
        }),
      ),
    );
    apps.push(...started);
    for (const app of started) await app.scheduler.runDue();
    for (const app of started) await app.scheduler.idle();

    expect(recorders.flatMap((r) => r.posts).map((p) => p.channel)).toEqual(["desk"]);
    expect(await seed.deliveries.listDaily(subscription.id)).toEqual([
      expect.objectContaining({ localDate: "2024-12-02", status: "sent", attempts: 1 }),
    ]);
    await seed.close();
  });

  it("lets the CLI subscribe and list in the same database", async () => {
    const url = await createTestDatabase();
    const brief = writeValidBrief();
    const io = {
      env: { DATABASE_URL: url, BRIEFS_DIR: brief.root, STATE_DB: "/nonexistent/x.db" },
      now: () => NOW,
      cwd: brief.root,
    };
    const channel = ["--platform", "slack", "--workspace", "T1", "--channel", "C1"];
    const subscribed = await runCliCapturing(["subscribe", ...channel, "--time", "08:00"], io);
    expect(subscribed.err).toBe("");
    expect(subscribed.code).toBe(0);
    const listed = await runCliCapturing(["subscriptions"], io);
    expect(listed.out).toMatch(/slack\s+T1\s+C1\s+test-brief\s+08:00/);
    const state = await openPostgresState(url);
    try {
      expect(await state.subscriptions.list()).toMatchObject([{ channel: "C1", time: "08:00" }]);
    } finally {
      await state.close();
    }
  });
});
