// Several instances: two real bot processes (`npm start`), each with its own copy of the brief
// folder, on one state store (one SQLite file on this machine, then one database on the test
// PostgreSQL server, DATABASE_URL), in Slack HTTP mode and Discord HTTP interactions mode with
// DISCORD_TOKEN, posting to the local fake Slack and Discord APIs. Started at the same moment,
// they race for the same daily posts and, after an edit to both brief copies, for the same alerts:
// the database claims each once, so every channel gets exactly one post and one alert, and the
// instance that loses does nothing. Started again together after an edit made while both were
// down, they alert once more (from the baseline in the state database) and post nothing again.
// Waits on events (log entries, messages taken), never on time.
import { cpSync, mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openState, type StateSettings } from "../../src/state/open.ts";
import { type BotProcess, killBots, type LogEntry, spawnBot } from "../fixtures/bot-process.ts";
import { writeValidBrief } from "../fixtures/briefs.ts";
import {
  type FakePostingApi,
  startFakeDiscordApi,
  startFakeSlackApi,
} from "../schedule/fake-posting-apis.ts";
import { createTestDatabase } from "../state/postgres-db.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const SLACK = { platform: "slack", workspace: "T1" } as const;
const DISCORD = { platform: "discord", workspace: "777" } as const;
/** Where the daily summaries and the alerts go, on each platform. */
const CHANNELS = {
  slack: { daily: "C1", alert: "C2" },
  discord: { daily: "888", alert: "889" },
} as const;

const fakes: FakePostingApi[] = [];

afterEach(async () => {
  killBots();
  for (const fake of fakes.splice(0)) await fake.close();
});

/** HH:MM (UTC) of the minute `at` is in. */
function utcTime(at: number): string {
  return new Date(at).toISOString().slice(11, 16);
}

/**
 * The state both instances share: a daily summary per platform whose slot passed five minutes
 * ago (made three hours ago, so the start-up tick catches it up now), and a watch on Saraqib per
 * platform. Returns the daily summaries' ids.
 */
async function prepareState(settings: StateSettings, now: number): Promise<number[]> {
  const state = await openState(settings);
  const made = now - 3 * HOUR_MS;
  const time = utcTime(now - 5 * MINUTE_MS);
  const ids: number[] = [];
  for (const [where, channel] of [
    [SLACK, CHANNELS.slack.daily],
    [DISCORD, CHANNELS.discord.daily],
  ] as const) {
    const daily = { ...where, channel, brief: "test-brief", time, timezone: "UTC" };
    const { subscription } = await state.subscriptions.upsert(
      { ...daily, postWhenEmpty: true, createdBy: "U1" },
      made,
    );
    ids.push(subscription.id);
  }
  for (const [where, channel] of [
    [SLACK, CHANNELS.slack.alert],
    [DISCORD, CHANNELS.discord.alert],
  ] as const) {
    const target = { kind: "place", id: "saraqib" } as const;
    const watch = { ...where, channel, brief: "test-brief", target, on: "control" } as const;
    await state.watches.add({ ...watch, createdBy: "U1" }, made);
  }
  await state.close();
  return ids;
}

/** One SQLite file both processes open (one machine), or one PostgreSQL database. */
const STORES: readonly { name: string; settings: () => Promise<StateSettings> }[] = [
  {
    name: "one SQLite state file",
    settings: async () => ({
      STATE_DB: join(mkdtempSync(join(tmpdir(), "sitrep-instances-")), "state.db"),
    }),
  },
  {
    name: "one PostgreSQL database",
    settings: async () => ({
      STATE_DB: "/nonexistent/never-opened.db",
      DATABASE_URL: await createTestDatabase(),
    }),
  },
];

/** Both modes that scale out: Slack over HTTP and Discord HTTP interactions with a bot token. */
function instanceEnv(slack: FakePostingApi, discord: FakePostingApi): NodeJS.ProcessEnv {
  return {
    PORT: "0",
    LOG_LEVEL: "debug",
    SLACK_BOT_TOKEN: "xoxb-test",
    SLACK_SIGNING_SECRET: "signing-secret",
    SLACK_API_URL: slack.url,
    DISCORD_TOKEN: "bot-token",
    DISCORD_APPLICATION_ID: "4242",
    DISCORD_PUBLIC_KEY: "a".repeat(64),
    DISCORD_API_URL: discord.url,
  };
}

/** The outcomes of the instance's first scheduler tick (the start-up catch-up). */
async function firstTick(bot: BotProcess): Promise<{ id: string; status: string }[]> {
  const entry = await bot.waitForLog((e) => e.msg === "scheduler tick done");
  return entry.outcomes as { id: string; status: string }[];
}

/** Resolves once `api` has taken `count` messages for `channel`. */
async function messageTo(api: FakePostingApi, channel: string, count = 1): Promise<void> {
  while (api.messages.filter((m) => m.channel === channel).length < count) await api.nextTaken();
}

/** The ids of the alerts the instances raised, as they logged them. */
function alertsRaised(bots: readonly BotProcess[]): string[] {
  return bots.flatMap((bot) =>
    bot.logs().flatMap((e) => (e.msg === "alerts raised" ? (e.alerts as string[]) : [])),
  );
}

/** Replaces a file in one move, so a reload never reads half of it. */
function writeWhole(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

const reloaded = (entry: LogEntry) =>
  entry.msg === "briefs loaded" && typeof entry.reloads === "number" && entry.reloads >= 2;

describe.each(STORES)("two instances on $name", ({ settings }) => {
  it("send each daily post and each alert exactly once", async () => {
    const slack = await startFakeSlackApi();
    const discord = await startFakeDiscordApi();
    fakes.push(slack, discord);
    const first = writeValidBrief();
    const second = mkdtempSync(join(tmpdir(), "sitrep-instance-"));
    cpSync(first.root, second, { recursive: true });
    const state = await settings();
    const daily = await prepareState(state, Date.now());

    // Started at the same moment: both start-up ticks find the same posts due.
    const env = instanceEnv(slack, discord);
    const bots = [
      spawnBot({ ...env, ...state, BRIEFS_DIR: first.root }),
      spawnBot({ ...env, ...state, BRIEFS_DIR: second }),
    ];
    const ticks = await Promise.all(bots.map(firstTick));
    for (const bot of bots) {
      const running = await bot.waitForLog((e) => e.msg === "sitrep is running");
      const ready = await fetch(`http://127.0.0.1:${running.port}/readyz`);
      expect(ready.status).toBe(200);
    }

    // Each daily post went out once, from one instance; the other did nothing with it.
    const sent = ticks.flat().filter((o) => o.status === "sent");
    expect(sent.map((o) => o.id.replace(/:\d{4}-\d\d-\d\d$/, "")).sort()).toEqual(
      daily.map((id) => `daily:${id}`).sort(),
    );
    expect(ticks.flat()).toEqual(sent);
    expect(slack.messages.map((m) => m.channel)).toEqual([CHANNELS.slack.daily]);
    expect(discord.messages.map((m) => m.channel)).toEqual([CHANNELS.discord.daily]);

    // An edit to both copies: each instance reloads its own and compares it with the one before.
    const edit = (actor: string, ago: number) => {
      const reported = new Date(Date.now() - ago).toISOString();
      const claim = `- type: control\n  source: afp\n  reported: ${reported}\n  place: saraqib\n  actor: ${actor}\n  status: controls\n`;
      for (const root of [first.root, second]) {
        writeWhole(join(root, "test-brief", "claims", `${actor}.yaml`), claim);
      }
    };
    edit("hts", 2 * MINUTE_MS);
    for (const bot of bots) bot.child.kill("SIGHUP");
    await Promise.all(bots.map((bot) => bot.waitForLog(reloaded)));
    await Promise.all([
      messageTo(slack, CHANNELS.slack.alert),
      messageTo(discord, CHANNELS.discord.alert),
    ]);

    // Stopped cleanly, so nothing is still being sent: what the fakes hold is all there is.
    for (const bot of bots) bot.child.kill("SIGTERM");
    expect(await Promise.all(bots.map((bot) => bot.exited))).toEqual([0, 0]);
    expect(slack.messages.map((m) => m.channel)).toEqual([
      CHANNELS.slack.daily,
      CHANNELS.slack.alert,
    ]);
    expect(discord.messages.map((m) => m.channel)).toEqual([
      CHANNELS.discord.daily,
      CHANNELS.discord.alert,
    ]);
    const alert = slack.messages[1]!.body;
    expect(String(alert.text)).toContain("Saraqib");
    // Each alert was raised by one instance only: the other found its changes claimed.
    expect(alertsRaised(bots)).toHaveLength(2);
    expect(new Set(alertsRaised(bots)).size).toBe(2);

    // An edit while both are down; both start again at once and compare with the baseline in
    // the state database: one alert per channel, and no daily post again.
    edit("government", MINUTE_MS);
    const again = [
      spawnBot({ ...env, ...state, BRIEFS_DIR: first.root }),
      spawnBot({ ...env, ...state, BRIEFS_DIR: second }),
    ];
    await Promise.all(again.map(firstTick));
    await Promise.all([
      messageTo(slack, CHANNELS.slack.alert, 2),
      messageTo(discord, CHANNELS.discord.alert, 2),
    ]);
    for (const bot of again) bot.child.kill("SIGTERM");
    expect(await Promise.all(again.map((bot) => bot.exited))).toEqual([0, 0]);
    expect(slack.messages.map((m) => m.channel)).toEqual([
      CHANNELS.slack.daily,
      CHANNELS.slack.alert,
      CHANNELS.slack.alert,
    ]);
    expect(discord.messages.map((m) => m.channel)).toEqual([
      CHANNELS.discord.daily,
      CHANNELS.discord.alert,
      CHANNELS.discord.alert,
    ]);
    expect(String(slack.messages[2]!.body.text)).toContain("Syrian government forces");
    expect(alertsRaised(again)).toHaveLength(2);
    expect(new Set(alertsRaised(again)).size).toBe(2);
  }, 120_000);
});
