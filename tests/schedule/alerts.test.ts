// Watches end to end: brief files on disk loaded by the real live store, the alerter on a real
// state database, and alerts posted through the real Slack and Discord transports to the fake
// Slack and Discord APIs on loopback. Every reload is triggered by the test (reload()), so each
// test knows exactly which version of the brief is in service.
import { writeFileSync } from "node:fs";
import { webApi } from "@slack/bolt";
import type { REST } from "discord.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/log.ts";
import { createDiscordRest } from "../../src/platforms/discord/rest.ts";
import { createDiscordTransport } from "../../src/platforms/discord/transport.ts";
import { createSlackTransport } from "../../src/platforms/slack/transport.ts";
import { type Alerter, createAlerter } from "../../src/schedule/alerts.ts";
import { createDeliverer, type Deliverer } from "../../src/schedule/deliver.ts";
import type { DeliveryStatus } from "../../src/schedule/ledger.ts";
import { openStateDb, type StateDb } from "../../src/state/sqlite/db.ts";
import { createSqliteLedger } from "../../src/state/sqlite/deliveries.ts";
import { createSqliteState } from "../../src/state/sqlite/index.ts";
import {
  addWatch,
  createSqliteThreadBook,
  listRaisedAlerts,
} from "../../src/state/sqlite/watches.ts";
import { type LiveStore, openLiveStore } from "../../src/store/live.ts";
import type { Watch, WatchInput } from "../../src/watch/watch.ts";
import type { BriefFolder } from "../fixtures/brief-builder.ts";
import { writeValidBrief } from "../fixtures/briefs.ts";
import {
  type FakeDiscord,
  type RecordedRequest,
  startFakeDiscord,
} from "../platforms/discord/fake-discord.ts";
import {
  type FakeSlack,
  type RecordedCall,
  startFakeSlack,
} from "../platforms/slack/fake-slack.ts";
import { tempDbPath } from "./helpers.ts";

const NOW = Date.parse("2024-12-01T12:00:00Z");
const ROLE = "123456789012345678";
const GROUP = "S0ALERTS1";

let temp: ReturnType<typeof tempDbPath>;
let db: StateDb;
let slack: FakeSlack;
let discord: FakeDiscord;
let rest: REST;
let folder: BriefFolder;
const lives: LiveStore[] = [];
const deliverers: Deliverer[] = [];
let alerter: Alerter;
let deliverer: Deliverer;
let live: LiveStore;
let threadIds = 0;
/** The alerters' clock. */
let clock = NOW;

function transports() {
  return {
    slack: createSlackTransport(
      new webApi.WebClient("xoxb-test", {
        slackApiUrl: slack.apiUrl,
        rejectRateLimitedCalls: true,
        retryConfig: { retries: 0 },
        logLevel: webApi.LogLevel.ERROR,
      }),
    ),
    discord: createDiscordTransport(rest),
  };
}

/**
 * An instance of the bot as far as watches go: a live store whose reloads feed an alerter,
 * posting to `platforms` (default both).
 */
async function startInstance(
  name: string,
  platforms: readonly ("slack" | "discord")[] = ["slack", "discord"],
): Promise<{ live: LiveStore; alerter: Alerter; deliverer: Deliverer }> {
  const all = transports();
  const machinery = createDeliverer({
    ledger: createSqliteLedger(db),
    transports: Object.fromEntries(platforms.map((p) => [p, all[p]])),
    now: () => clock,
    logger: silentLogger,
    owner: name,
    threads: createSqliteThreadBook(db),
  });
  deliverers.push(machinery);
  const instance = createAlerter({
    state: createSqliteState(db),
    deliverer: machinery,
    now: () => clock,
    logger: silentLogger,
    platforms,
  });
  const store = await openLiveStore({
    root: folder.root,
    logger: silentLogger,
    now: () => NOW,
    watch: false,
    onSwap: (previous, next) => instance.onSwap(previous, next),
  });
  lives.push(store);
  return { live: store, alerter: instance, deliverer: machinery };
}

/** The ledger status of every alert raised, oldest first. */
async function alertStatuses(): Promise<(DeliveryStatus | undefined)[]> {
  const ledger = createSqliteLedger(db);
  return Promise.all(listRaisedAlerts(db).map(async (a) => (await ledger.get(a.id))?.status));
}

function watch(fields: Partial<WatchInput> & Pick<WatchInput, "target">): Watch {
  return addWatch(
    db,
    {
      platform: "slack",
      workspace: "T1",
      channel: "C1",
      brief: "test-brief",
      on: "control",
      createdBy: "U1",
      ...fields,
    },
    NOW,
  ).watch;
}

/** Writes a claims file, reloads, and waits until the alerts it raised are sent. */
async function change(file: string, text: string, on = { live, alerter }): Promise<void> {
  writeFileSync(folder.file(`claims/${file}`), text);
  await on.live.reload();
  await on.alerter.idle();
}

function slackPosts(channel?: string): RecordedCall[] {
  return slack.calls.filter(
    (c) => c.method === "chat.postMessage" && (channel === undefined || c.body.channel === channel),
  );
}

function discordPosts(): RecordedRequest[] {
  return discord.requests.filter((r) => r.method === "POST" && r.path.endsWith("/messages"));
}

const control = (
  place: string,
  actor: string,
  status: string,
  source = "afp",
  reported = "2024-12-01T09:00:00Z",
) =>
  `- type: control
  source: ${source}
  reported: ${reported}
  place: ${place}
  actor: ${actor}
  status: ${status}
`;

beforeEach(async () => {
  temp = tempDbPath();
  db = openStateDb(temp.path);
  clock = NOW;
  threadIds = 0;
  folder = writeValidBrief();
  slack = await startFakeSlack();
  discord = await startFakeDiscord();
  discord.respond = (request) => {
    if (request.path.endsWith("/threads")) return { body: { id: `77${++threadIds}` } };
    return undefined;
  };
  rest = createDiscordRest("bot-token", { apiUrl: discord.apiUrl });
  ({ live, alerter, deliverer } = await startInstance("one"));
});

afterEach(async () => {
  for (const machinery of deliverers.splice(0)) await machinery.stop();
  for (const store of lives.splice(0)) await store.close();
  rest.clearHashSweeper();
  rest.clearHandlerSweeper();
  await slack.close();
  await discord.close();
  db.close();
  temp.cleanup();
});

describe("alerts from watches", () => {
  it("sends one alert to the channel watching a place whose verdict changed, and none to others", async () => {
    watch({ target: { kind: "place", id: "saraqib" } });
    watch({ channel: "C2", target: { kind: "place", id: "aleppo" } });
    watch({
      platform: "discord",
      workspace: "G1",
      channel: "222",
      target: { kind: "place", id: "syria" },
    });

    await change("2024-12-01.yaml", control("saraqib", "hts", "controls"));

    expect(slackPosts("C1")).toHaveLength(1);
    expect(slackPosts("C2")).toHaveLength(0);
    const text = String(slackPosts("C1")[0]!.body.text);
    expect(text).toContain("Alert: Saraqib");
    expect(text).toContain("Saraqib: unknown → held by HTS (per Agence France-Presse, 1 Dec)");
    expect(discordPosts()).toHaveLength(1);
    expect(discordPosts()[0]!.path).toBe("/channels/222/messages");
    const embed = (discordPosts()[0]!.body as { embeds: { description: string }[] }).embeds[0]!;
    expect(embed.description).toContain("Saraqib: unknown → held by HTS");
    expect(await alertStatuses()).toEqual(["sent", "sent"]);
  });

  it("sends nothing for a claim that changes no verdict", async () => {
    watch({ target: { kind: "place", id: "aleppo" } });
    // SOHR says again what it said on 29 Nov: HTS entered part of Aleppo.
    await change(
      "2024-12-01.yaml",
      `${control("aleppo", "hts", "entered", "sohr")}  extent: partial\n`,
    );
    expect(slackPosts()).toHaveLength(0);
    expect(listRaisedAlerts(db)).toEqual([]);
  });

  it("alerts on a toll rise of at least min, and not on a smaller one", async () => {
    watch({ target: { kind: "place", id: "aleppo" }, on: "toll", min: 50 });
    const toll = (count: number, day: string) => `- type: toll
  source: sohr
  reported: ${day}T08:00:00Z
  metric: killed
  count: ${count}
  place: aleppo
`;
    // SOHR's previous figure is 270–280 (counted as 275).
    await change("2024-12-01.yaml", toll(300, "2024-12-01"));
    expect(slackPosts()).toHaveLength(0);
    await change(
      "2024-12-01.yaml",
      `${toll(300, "2024-12-01")}${toll(360, "2024-12-01")}`.replace("08:00", "07:00"),
    );
    expect(slackPosts()).toHaveLength(1);
    expect(String(slackPosts()[0]!.body.text)).toContain(
      "Aleppo: 360 people killed (per SOHR, 1 Dec), up from 300 (1 Dec)",
    );
  });

  it("sends no second alert after a restart, nor from a second instance on the same database", async () => {
    watch({ target: { kind: "place", id: "saraqib" } });
    const second = await startInstance("two");
    writeFileSync(folder.file("claims/2024-12-01.yaml"), control("saraqib", "hts", "controls"));
    // Both instances see the same new version and race to alert on it.
    await Promise.all([live.reload(), second.live.reload()]);
    await Promise.all([alerter.idle(), second.alerter.idle()]);
    expect(slackPosts()).toHaveLength(1);

    // A restart: the first load of a new instance is history, never news.
    const restarted = await startInstance("three");
    await restarted.alerter.send();
    await restarted.deliverer.resume();
    await restarted.live.reload();
    await restarted.alerter.idle();
    expect(slackPosts()).toHaveLength(1);
    expect(listRaisedAlerts(db)).toHaveLength(1);
  });

  it("leaves an alert for a platform it does not post to to an instance that does", async () => {
    watch({
      platform: "discord",
      workspace: "777",
      channel: "888",
      target: { kind: "place", id: "saraqib" },
    });
    // A Slack-only instance (Socket Mode, say) beside the one that also posts to Discord.
    const slackOnly = await startInstance("slack-only", ["slack"]);
    writeFileSync(folder.file("claims/2024-12-01.yaml"), control("saraqib", "hts", "controls"));
    await slackOnly.live.reload();
    await slackOnly.alerter.idle();
    // Recorded (its change claimed once for all), not failed for want of a Discord connection.
    expect(listRaisedAlerts(db)).toHaveLength(1);
    expect(await alertStatuses()).toEqual([undefined]);
    expect(discordPosts()).toHaveLength(0);

    // The Discord-posting instance finds the change claimed, and sends the waiting alert.
    await live.reload();
    await alerter.idle();
    expect(discordPosts()).toHaveLength(1);
    expect(await alertStatuses()).toEqual(["sent"]);
    await alerter.send();
    await slackOnly.alerter.send();
    await Promise.all([alerter.idle(), slackOnly.alerter.idle()]);
    expect(discordPosts()).toHaveLength(1);
  });

  it("sends nothing for history when a watch is created", async () => {
    await change("2024-12-01.yaml", control("saraqib", "hts", "controls"));
    watch({ target: { kind: "place", id: "saraqib" } });
    watch({ channel: "C2", target: { kind: "source", id: "afp" }, on: "any" });
    await live.reload();
    await alerter.idle();
    expect(slackPosts()).toHaveLength(0);
  });

  it("makes ten changes in one reload one message", async () => {
    const places = Array.from({ length: 10 }, (_, i) => `town-${i}`);
    writeFileSync(
      folder.file("places.yaml"),
      `- id: syria\n  name: Syria\n  kind: country\n- id: aleppo\n  name: Aleppo\n  kind: city\n  in: syria\n- id: saraqib\n  name: Saraqib\n  kind: town\n  in: syria\n${places.map((p) => `- id: ${p}\n  name: Town ${p.slice(5)}\n  kind: town\n  in: syria\n`).join("")}`,
    );
    await live.reload();
    watch({ target: { kind: "place", id: "syria" } });
    await change("2024-12-01.yaml", places.map((p) => control(p, "hts", "controls")).join(""));
    expect(slackPosts()).toHaveLength(1);
    const text = String(slackPosts()[0]!.body.text);
    expect(text).toContain("Alert: Syria, 10 changes");
    for (const p of places) expect(text).toContain(`Town ${p.slice(5)}: unknown → held by HTS`);
  });

  it("puts two alerts on one place in a day in one thread, on Slack and on Discord", async () => {
    watch({ target: { kind: "place", id: "saraqib" } });
    watch({
      platform: "discord",
      workspace: "G1",
      channel: "222",
      target: { kind: "place", id: "saraqib" },
    });
    await change("2024-12-01.yaml", control("saraqib", "hts", "controls"));
    await change(
      "2024-12-01.yaml",
      `${control("saraqib", "hts", "controls")}${control("saraqib", "government", "controls", "sana")}`,
    );
    const [first, second] = slackPosts();
    expect(first!.body.thread_ts).toBeUndefined();
    expect(second!.body.thread_ts).toBe("1732968000.000100");
    expect(String(second!.body.text)).toContain(
      "Saraqib: held by HTS (per Agence France-Presse, 1 Dec) → disputed",
    );
    // The verdict's evidence as the verdict names it: each source dated, a party's outlet marked.
    expect(String(second!.body.text)).toContain(
      "→ disputed (Agence France-Presse, 1 Dec; Syrian Arab News Agency, the government's state media, 1 Dec)",
    );

    const threads = discord.requests.filter((r) => r.path.endsWith("/threads"));
    expect(threads).toHaveLength(1);
    expect(threads[0]).toMatchObject({
      path: "/channels/222/messages/1000/threads",
      body: { name: "Saraqib: alerts of 1 Dec", auto_archive_duration: 1440 },
    });
    // Amber: the place became disputed.
    const colour = (r: RecordedRequest) =>
      (r.body as { embeds: { color: number }[] }).embeds[0]!.color;
    expect(discordPosts().map(colour)).toEqual([0x5865f2, 0xf0b232]);
    expect(discordPosts().map((r) => r.path)).toEqual([
      "/channels/222/messages",
      "/channels/771/messages",
    ]);
  });

  it("mentions exactly the configured role or user group, and brief text pings nobody", async () => {
    watch({ target: { kind: "place", id: "saraqib" }, mention: { kind: "group", id: GROUP } });
    watch({
      platform: "discord",
      workspace: "G1",
      channel: "222",
      target: { kind: "place", id: "saraqib" },
      mention: { kind: "role", id: ROLE },
    });
    watch({ channel: "C2", target: { kind: "place", id: "saraqib" } });
    const hostile = `${control("saraqib", "hts", "controls")}  note: "@everyone @here <!channel> <!subteam^S0OTHER> <@U0BOSS> <@&987654321098765432>"\n`;
    await change("2024-12-01.yaml", hostile);

    const post = slackPosts("C1")[0]!;
    const slackText = JSON.stringify(post.body);
    expect(String(post.body.text).startsWith(`<!subteam^${GROUP}> `)).toBe(true);
    // The configured group twice (fallback text and the verdict block), no other markup ever.
    expect(slackText.match(/<!|<@/g)).toHaveLength(2);
    expect(slackText.match(new RegExp(`<!subteam\\^${GROUP}>`, "g"))).toHaveLength(2);
    expect(slackText).toContain("&lt;!channel&gt;");
    expect(slackText).toContain("@\u200beveryone");
    const plainPost = JSON.stringify(slackPosts("C2")[0]!.body);
    expect(plainPost.match(/<!|<@/g)).toBeNull();

    const message = discordPosts()[0]!.body as {
      content?: string;
      allowed_mentions: unknown;
      embeds: unknown[];
    };
    expect(message.content).toBe(`<@&${ROLE}>`);
    expect(message.allowed_mentions).toEqual({ parse: [], roles: [ROLE] });
    const embeds = JSON.stringify(message.embeds);
    expect(embeds).not.toMatch(/(?<!\\)<@/);
    expect(embeds).toContain("@\u200beveryone");
  });

  it("keeps a rate-limited channel from holding up the others, and retries it", async () => {
    watch({ target: { kind: "place", id: "saraqib" } });
    watch({ channel: "C2", target: { kind: "place", id: "saraqib" } });
    slack.script("chat.postMessage", {
      status: 429,
      headers: { "retry-after": "30" },
      body: { ok: false, error: "ratelimited" },
    });
    await change("2024-12-01.yaml", control("saraqib", "hts", "controls"));
    expect((await alertStatuses()).sort()).toEqual(["failed", "sent"]);
    const ledger = createSqliteLedger(db);
    const rows = await Promise.all(listRaisedAlerts(db).map((a) => ledger.get(a.id)));
    const limited = rows.find((r) => r?.status === "failed")!;
    expect(limited.nextAttemptAt).toBe(NOW + 30_000);
    clock = NOW + 29_999;
    expect(await deliverer.resume()).toEqual([]);
    clock = NOW + 30_000;
    expect(await deliverer.resume()).toMatchObject([{ channel: limited.channel, status: "sent" }]);
    expect(new Set(slackPosts().map((c) => c.body.channel))).toEqual(new Set(["C1", "C2"]));
  });
});

describe("alerts across a crash", () => {
  it("sends an alert recorded by an instance that stopped before handing it over, once", async () => {
    watch({ target: { kind: "place", id: "saraqib" } });
    writeFileSync(folder.file("claims/2024-12-01.yaml"), control("saraqib", "hts", "controls"));
    const before = live.current();
    await live.reload();
    await alerter.idle();
    slack.calls.length = 0;
    // As if the process died between recording the alert and handing it over.
    const recorded = await alerter.record(before, live.current());
    expect(recorded).toEqual([]);
    db.prepare("UPDATE alert_outbox SET handed_at = NULL").run();
    db.prepare("DELETE FROM deliveries").run();
    const restarted = await startInstance("after-crash");
    await restarted.alerter.send();
    await restarted.alerter.idle();
    await restarted.alerter.send();
    await restarted.alerter.idle();
    expect(slackPosts()).toHaveLength(1);
    expect(await alertStatuses()).toEqual(["sent"]);
  });
});

describe("alerts across downtime", () => {
  it("alerts once, at start-up, on what changed while the bot was down", async () => {
    watch({ target: { kind: "place", id: "saraqib" } });
    // A reload with the watch in place records what the brief says (its baseline).
    await live.reload();
    await alerter.idle();
    expect(slackPosts()).toHaveLength(0);

    // The bot is down while a claim is added; it starts again on the new version.
    writeFileSync(folder.file("claims/2024-12-01.yaml"), control("saraqib", "hts", "controls"));
    const restarted = await startInstance("restarted");
    await restarted.alerter.idle();
    expect(slackPosts()).toHaveLength(1);
    expect(String(slackPosts()[0]!.body.text)).toContain("Saraqib: unknown → held by HTS");

    // Starting once more finds nothing new.
    const again = await startInstance("again");
    await again.alerter.idle();
    expect(slackPosts()).toHaveLength(1);
  });

  it("does not alert at start-up on what changed while nobody watched the brief", async () => {
    const id = watch({ target: { kind: "place", id: "saraqib" } }).id;
    await live.reload();
    db.prepare("DELETE FROM watches WHERE id = ?").run(id);
    await live.reload();
    writeFileSync(folder.file("claims/2024-12-01.yaml"), control("saraqib", "hts", "controls"));
    watch({ target: { kind: "place", id: "saraqib" } });
    const restarted = await startInstance("restarted");
    await restarted.alerter.idle();
    expect(slackPosts()).toHaveLength(0);
  });
});
