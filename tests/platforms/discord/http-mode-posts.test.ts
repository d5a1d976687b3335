// Discord HTTP interactions mode with a bot token: the bot answers over HTTP AND posts daily
// summaries over REST (to the local fake Discord API), without ever opening a gateway connection.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { readConfig } from "../../../src/config.ts";
import { silentLogger } from "../../../src/log.ts";
import { type App, startApp } from "../../../src/main.ts";
import { openStateDb } from "../../../src/state/sqlite/db.ts";
import { upsertSubscription } from "../../../src/state/sqlite/subscriptions.ts";
import { writeValidBrief } from "../../fixtures/briefs.ts";
import { type FakeDiscord, messageProblems, startFakeDiscord } from "./fake-discord.ts";

const apps: App[] = [];
const fakes: FakeDiscord[] = [];

afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
  for (const fake of fakes.splice(0)) await fake.close();
});

describe("Discord HTTP interactions mode with DISCORD_TOKEN", () => {
  it("delivers a due daily post over REST and never asks for the gateway", async () => {
    const discord = await startFakeDiscord();
    fakes.push(discord);
    let clock = Date.parse("2024-12-02T06:00:00Z");
    const config = readConfig({
      BRIEFS_DIR: writeValidBrief().root,
      STATE_DB: join(mkdtempSync(join(tmpdir(), "sitrep-discord-http-")), "state.db"),
      PORT: "0",
      DISCORD_PUBLIC_KEY: "a".repeat(64),
      DISCORD_APPLICATION_ID: "4242",
      DISCORD_TOKEN: "bot-token",
      DISCORD_API_URL: discord.apiUrl,
    });
    const app = await startApp({
      config,
      logger: silentLogger,
      now: () => clock,
      input: new PassThrough(),
      output: new PassThrough(),
      watch: false,
    });
    apps.push(app);
    expect(app.mode).toEqual(["discord"]);

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
      clock,
    );
    db.close();
    clock = Date.parse("2024-12-02T07:01:00Z");
    const outcomes = await app.scheduler.runDue();

    expect(outcomes.map((o) => [o.kind, o.platform, o.channel, o.status])).toEqual([
      ["daily", "discord", "888", "sent"],
    ]);
    const posts = discord.requests.filter((r) => r.method === "POST");
    expect(posts.map((r) => r.path)).toEqual(["/channels/888/messages"]);
    expect(posts[0]!.headers.authorization).toBe("Bot bot-token");
    expect(messageProblems(posts[0]!.body, "channel")).toEqual([]);
    // A gateway connection starts with GET /gateway/bot: HTTP mode never asks for one.
    expect(discord.requests.map((r) => r.path)).not.toContain("/gateway/bot");
  });
});
