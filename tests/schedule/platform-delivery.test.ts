// The scheduler wired to the real Slack and Discord transports, posting to the fake Slack and
// Discord HTTP APIs on loopback: what reaches each channel, how a 429 in one channel delays that
// channel only, and how a lost Discord channel stops being tried.
import { webApi } from "@slack/bolt";
import type { REST } from "discord.js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderSlack } from "../../src/answer/render-slack.ts";
import { buildDigest } from "../../src/digest/build.ts";
import { silentLogger } from "../../src/log.ts";
import { toDiscordMessage } from "../../src/platforms/discord/interactions.ts";
import { createDiscordRest } from "../../src/platforms/discord/rest.ts";
import { createDiscordTransport, deliveryNonce } from "../../src/platforms/discord/transport.ts";
import { createSlackTransport, DELIVERY_EVENT_TYPE } from "../../src/platforms/slack/transport.ts";
import type { PlatformName } from "../../src/platforms/transport.ts";
import { dailyDeliveryId } from "../../src/schedule/ledger.ts";
import { createScheduler, type Scheduler } from "../../src/schedule/scheduler.ts";
import { openStateDb, type StateDb } from "../../src/state/sqlite/db.ts";
import { getDelivery, listDeliveries } from "../../src/state/sqlite/deliveries.ts";
import { createSqliteState } from "../../src/state/sqlite/index.ts";
import { getSubscription, upsertSubscription } from "../../src/state/sqlite/subscriptions.ts";
import type { Subscription } from "../../src/state/types.ts";
import type { Brief } from "../../src/store/types.ts";
import { storeOf } from "../fixtures/brief-builder.ts";
import {
  type FakeDiscord,
  type RecordedRequest,
  startFakeDiscord,
} from "../platforms/discord/fake-discord.ts";
import {
  type FakeSlack,
  type RecordedCall,
  type ScriptedReply,
  startFakeSlack,
} from "../platforms/slack/fake-slack.ts";
import { briefWithEvents, sitrepCore, tempDbPath } from "./helpers.ts";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const RETRY_AFTER_S = 30;
const at = (iso: string) => Date.parse(iso);

/** Every subscription posts at 07:00 UTC; the first tick is that minute. */
const DUE = at("2026-01-10T07:00:00Z");
const TODAY = "2026-01-10";

let temp: ReturnType<typeof tempDbPath>;
let db: StateDb;
let slack: FakeSlack;
let discord: FakeDiscord;
let rest: REST;
let scheduler: Scheduler;
/** The scheduler's clock; `advance` moves it together with the faked setTimeout. */
let clock: number;
let brief: Brief;

function advance(ms: number): void {
  clock += ms;
  vi.advanceTimersByTime(ms);
}

/**
 * The fake Slack scripts replies per method, in arrival order; concurrent posts to two channels
 * arrive in either order. This scripts the reply for one channel instead, at the moment the fake
 * records the call (it records a call right before choosing its reply).
 */
function scriptChannel(fake: FakeSlack, channel: string, reply: ScriptedReply): void {
  const push = fake.calls.push.bind(fake.calls);
  let pending = true;
  fake.calls.push = (...calls: RecordedCall[]) => {
    for (const call of calls) {
      if (pending && call.method === "chat.postMessage" && call.body.channel === channel) {
        pending = false;
        fake.script(call.method, reply);
      }
    }
    return push(...calls);
  };
}

function slackPostsTo(channel: string): RecordedCall[] {
  return slack.calls.filter((c) => c.method === "chat.postMessage" && c.body.channel === channel);
}

function discordPostsTo(channel: string): RecordedRequest[] {
  return discord.requests.filter(
    (r) => r.method === "POST" && r.path === `/channels/${channel}/messages`,
  );
}

function subscribe(
  platform: PlatformName,
  workspace: string,
  channel: string,
  postWhenEmpty = false,
): Subscription {
  return upsertSubscription(
    db,
    {
      platform,
      workspace,
      channel,
      brief: brief.id,
      time: "07:00",
      timezone: "UTC",
      postWhenEmpty,
      createdBy: "U1",
    },
    at("2026-01-09T12:00:00Z"),
  ).subscription;
}

/**
 * What the real digest and renderers make of the period, as it looks after a JSON round trip,
 * carrying the delivery id (Slack metadata, Discord enforced nonce).
 */
function expectedPost(since: number, until: number, sub: Subscription) {
  const answer = buildDigest(brief, { since, until, now: until });
  const { text, blocks } = renderSlack(answer);
  const { embeds, allowed_mentions } = toDiscordMessage(answer, false);
  const id = dailyDeliveryId({ subscriptionId: sub.id, localDate: TODAY });
  return {
    slack: {
      text,
      blocks: JSON.parse(JSON.stringify(blocks)) as unknown,
      metadata: JSON.stringify({
        event_type: DELIVERY_EVENT_TYPE,
        event_payload: { delivery_id: id },
      }),
    },
    discord: JSON.parse(
      JSON.stringify({ embeds, allowed_mentions, nonce: deliveryNonce(id), enforce_nonce: true }),
    ) as unknown,
  };
}

beforeEach(async () => {
  temp = tempDbPath();
  db = openStateDb(temp.path);
  clock = DUE;
  brief = briefWithEvents("syria", "UTC", [
    { reported: "2026-01-10T05:00:00Z", summary: "Shelling reported near Saraqib" },
    { reported: "2026-01-10T07:00:20Z", summary: "Convoy seen on the M5 road" },
  ]);
  slack = await startFakeSlack();
  discord = await startFakeDiscord();
  let messageIds = 0;
  let limited = true;
  discord.respond = (request) => {
    if (request.path === "/channels/404/messages") {
      return { status: 404, body: { message: "Unknown Channel", code: 10003 } };
    }
    if (request.path === "/channels/429/messages" && limited) {
      limited = false;
      return {
        status: 429,
        headers: { "retry-after": String(RETRY_AFTER_S), "x-ratelimit-scope": "user" },
        body: { message: "You are being rate limited.", retry_after: RETRY_AFTER_S, global: false },
      };
    }
    return { body: { id: `9${++messageIds}`, channel_id: request.path.split("/")[2] } };
  };
  rest = createDiscordRest("bot-token", { apiUrl: discord.apiUrl });
  // Faked setTimeout drives the scheduler's retry and post-timeout timers; Date, sockets and the
  // libraries' own clocks stay real. Nothing here may need a library timer to fire: a Slack
  // network retry (p-retry backoff) or a Discord rate-limit wait would hang, hence retries: 0.
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  scheduler = createScheduler({
    state: createSqliteState(db),
    transports: {
      slack: createSlackTransport(
        new webApi.WebClient("xoxb-test", {
          slackApiUrl: slack.apiUrl,
          rejectRateLimitedCalls: true,
          retryConfig: { retries: 0 },
          logLevel: webApi.LogLevel.ERROR,
        }),
      ),
      discord: createDiscordTransport(rest),
    },
    getStore: () => storeOf(brief),
    now: () => clock,
    logger: silentLogger,
    catchUpHours: 6,
    instanceId: "test-instance",
    core: sitrepCore({ getStore: () => storeOf(brief), now: () => clock }),
  });
});

afterEach(async () => {
  await scheduler.stop();
  vi.useRealTimers();
  rest.clearHashSweeper();
  rest.clearHandlerSweeper();
  await slack.close();
  await discord.close();
  db.close();
  temp.cleanup();
});

describe("daily summaries through the real Slack and Discord transports", () => {
  it("posts to every due channel, and a 429 in one Slack channel delays that channel only", async () => {
    const c1 = subscribe("slack", "T1", "C1");
    const c2 = subscribe("slack", "T1", "C2");
    const guild = subscribe("discord", "G1", "222");
    scriptChannel(slack, "C1", {
      status: 429,
      headers: { "retry-after": String(RETRY_AFTER_S) },
      body: { ok: false, error: "ratelimited" },
    });

    const first = await scheduler.runDue();
    await scheduler.idle();

    const expected = expectedPost(DUE - DAY, DUE, c2);
    expect(expected.slack.text).toContain("Shelling reported near Saraqib");
    expect(slackPostsTo("C2")).toHaveLength(1);
    expect(slackPostsTo("C2")[0]!.body).toMatchObject({
      channel: "C2",
      ...expected.slack,
      unfurl_links: "false",
      unfurl_media: "false",
    });
    expect(discordPostsTo("222")).toHaveLength(1);
    expect(discordPostsTo("222")[0]!.body).toEqual(expectedPost(DUE - DAY, DUE, guild).discord);
    expect(discordPostsTo("222")[0]!.headers.authorization).toBe("Bot bot-token");
    expect(slackPostsTo("C1")).toHaveLength(1);
    const retryAt = DUE + RETRY_AFTER_S * 1000;
    expect(first.find((o) => o.subscriptionId === c1.id)).toMatchObject({
      status: "failed",
      attempt: 1,
      retryAt,
    });
    expect(getDelivery(db, { subscriptionId: c1.id, localDate: TODAY })).toMatchObject({
      status: "failed",
      attempts: 1,
      nextAttemptAt: retryAt,
    });
    expect(getSubscription(db, c1.id)?.lastError).toMatch(/rate limited/);

    // Neither the retry timer nor a tick touches C1 a millisecond before Retry-After is up.
    advance(RETRY_AFTER_S * 1000 - 1);
    await scheduler.runDue();
    await scheduler.idle();
    expect(slackPostsTo("C1")).toHaveLength(1);

    advance(1);
    await scheduler.idle();
    expect(slackPostsTo("C1")).toHaveLength(2);
    expect(slackPostsTo("C1")[1]!.body).toMatchObject({
      channel: "C1",
      // The retry sends the message rendered for the first attempt: one delivery, one message.
      ...expectedPost(DUE - DAY, DUE, c1).slack,
      unfurl_links: "false",
    });

    advance(MINUTE);
    expect(await scheduler.runDue()).toEqual([]);
    advance(6 * 60 * MINUTE);
    expect(await scheduler.runDue()).toEqual([]);
    await scheduler.idle();
    expect(slackPostsTo("C1")).toHaveLength(2);
    expect(slackPostsTo("C2")).toHaveLength(1);
    expect(discordPostsTo("222")).toHaveLength(1);

    for (const [sub, attempts, untilAt] of [
      [c1, 2, DUE],
      [c2, 1, DUE],
      [guild, 1, DUE],
    ] as const) {
      const rows = listDeliveries(db, sub.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ localDate: TODAY, status: "sent", attempts, untilAt });
      expect(getSubscription(db, sub.id)?.lastError).toBeUndefined();
    }
    expect(getDelivery(db, { subscriptionId: guild.id, localDate: TODAY })?.messageId).toMatch(
      /^9\d+$/,
    );
  });

  it("retries a rate-limited channel once when a tick and the retry timer both come due", async () => {
    // Posting even an empty summary, so a second retry would show as a second post.
    const c1 = subscribe("slack", "T1", "C1", true);
    scriptChannel(slack, "C1", {
      status: 429,
      headers: { "retry-after": String(RETRY_AFTER_S) },
      body: { ok: false, error: "ratelimited" },
    });
    await scheduler.runDue();

    // The next minute's tick finds the due retry first; the timer then finds it already sent.
    clock += MINUTE;
    const tick = await scheduler.runDue();
    expect(tick).toMatchObject([{ subscriptionId: c1.id, status: "sent", attempt: 2 }]);
    // Exactly to the timer: a further advance would also fire the new post's 30 s timeout.
    vi.advanceTimersByTime(RETRY_AFTER_S * 1000);
    await scheduler.idle();

    expect(slackPostsTo("C1")).toHaveLength(2);
    expect(listDeliveries(db, c1.id)).toMatchObject([{ status: "sent", attempts: 2 }]);
  });

  it("delays only the Discord channel that answered 429, until its retry_after is up", async () => {
    const limited = subscribe("discord", "G1", "429");
    const kept = subscribe("discord", "G1", "222");

    const first = await scheduler.runDue();
    await scheduler.idle();
    expect(discordPostsTo("222")).toHaveLength(1);
    expect(discordPostsTo("429")).toHaveLength(1);
    const outcome = first.find((o) => o.subscriptionId === limited.id);
    expect(outcome).toMatchObject({ status: "failed", attempt: 1 });
    const wait = outcome!.retryAt! - DUE;
    // retry_after, plus the small safety offset @discordjs/rest adds.
    expect(wait).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000);
    expect(wait).toBeLessThanOrEqual(RETRY_AFTER_S * 1000 + 1000);

    advance(wait - 1);
    await scheduler.runDue();
    await scheduler.idle();
    expect(discordPostsTo("429")).toHaveLength(1);

    advance(1);
    await scheduler.idle();
    expect(discordPostsTo("429")).toHaveLength(2);
    // The retry sends the message rendered for the first attempt, under the same nonce.
    expect(discordPostsTo("429")[1]!.body).toEqual(expectedPost(DUE - DAY, DUE, limited).discord);
    expect(discordPostsTo("222")).toHaveLength(1);
    expect(listDeliveries(db, limited.id)).toMatchObject([{ status: "sent", attempts: 2 }]);
    expect(listDeliveries(db, kept.id)).toMatchObject([{ status: "sent", attempts: 1 }]);
  });

  it("records a Discord channel answering 404 Unknown Channel as no_access and stops trying it", async () => {
    const gone = subscribe("discord", "G1", "404");
    const kept = subscribe("discord", "G1", "222");

    const first = await scheduler.runDue();
    await scheduler.idle();
    expect(first.find((o) => o.subscriptionId === gone.id)).toMatchObject({
      status: "no_access",
    });
    expect(first.find((o) => o.subscriptionId === kept.id)).toMatchObject({ status: "sent" });
    expect(getDelivery(db, { subscriptionId: gone.id, localDate: TODAY })).toMatchObject({
      status: "no_access",
      attempts: 1,
    });
    expect(getDelivery(db, { subscriptionId: gone.id, localDate: TODAY })?.nextAttemptAt).toBe(
      undefined,
    );
    expect(getSubscription(db, gone.id)).toMatchObject({ noAccessAt: DUE });
    expect(getSubscription(db, gone.id)?.lastError).toMatch(/Unknown Channel/);

    // Later ticks that day, any timer and the next posting time all leave the lost channel alone.
    for (const step of [MINUTE, 10 * MINUTE, DAY - 11 * MINUTE]) {
      advance(step);
      await scheduler.runDue();
      await scheduler.idle();
    }
    expect(discordPostsTo("404")).toHaveLength(1);
    expect(discordPostsTo("222")).toHaveLength(2);
    expect(listDeliveries(db, gone.id)).toHaveLength(1);
    expect(listDeliveries(db, kept.id).map((d) => d.status)).toEqual(["sent", "sent"]);
  });
});
