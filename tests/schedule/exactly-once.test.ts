// Each scheduled post exactly once, through the real clients (Slack's WebClient, discord.js REST)
// against fakes on loopback that take a post and then answer late or hang up. Fake timers drive
// the timeouts and the retry delays; nothing sleeps.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../src/log.ts";
import { createDiscordRest } from "../../src/platforms/discord/rest.ts";
import { createDiscordTransport, deliveryNonce } from "../../src/platforms/discord/transport.ts";
import { postingClient } from "../../src/platforms/slack/start.ts";
import { createSlackTransport } from "../../src/platforms/slack/transport.ts";
import type { PlatformName, Transport } from "../../src/platforms/transport.ts";
import { createScheduler, type Scheduler } from "../../src/schedule/scheduler.ts";
import { openStateDb, type StateDb } from "../../src/state/sqlite/db.ts";
import { getDelivery } from "../../src/state/sqlite/deliveries.ts";
import { createSqliteState } from "../../src/state/sqlite/index.ts";
import { upsertSubscription } from "../../src/state/sqlite/subscriptions.ts";
import type { Subscription } from "../../src/state/types.ts";
import { storeOf } from "../fixtures/brief-builder.ts";
import {
  type FakePostingApi,
  startFakeDiscordApi,
  startFakeSlackApi,
} from "./fake-posting-apis.ts";
import { briefWithEvents, nonEmptyDigest, sitrepCore, tempDbPath } from "./helpers.ts";

const DUE = Date.parse("2026-01-10T07:00:00Z");
const POST_TIMEOUT = 10_000;
const CHECK_DELAY = 30_000;

let temp: ReturnType<typeof tempDbPath>;
let db: StateDb;
let fake: FakePostingApi;
let scheduler: Scheduler;

function subscribe(platform: PlatformName, channel: string): Subscription {
  return upsertSubscription(
    db,
    {
      platform,
      workspace: "W1",
      channel,
      brief: "syria",
      time: "07:00",
      timezone: "UTC",
      postWhenEmpty: false,
      createdBy: "U1",
    },
    DUE - 3_600_000,
  ).subscription;
}

async function start(platform: "slack" | "discord"): Promise<Subscription> {
  fake = platform === "slack" ? await startFakeSlackApi() : await startFakeDiscordApi();
  const transport: Transport =
    platform === "slack"
      ? createSlackTransport(postingClient("xoxb-test", fake.url))
      : createDiscordTransport(createDiscordRest("bot-token", { apiUrl: fake.url }));
  scheduler = createScheduler({
    state: createSqliteState(db),
    transports: { [platform]: transport },
    getStore: () => storeOf(briefWithEvents("syria", "UTC")),
    now: () => Date.now(),
    logger: silentLogger,
    catchUpHours: 6,
    core: sitrepCore({
      getStore: () => storeOf(briefWithEvents("syria", "UTC")),
      now: () => Date.now(),
      digest: nonEmptyDigest,
    }),
    postTimeoutMs: POST_TIMEOUT,
    checkDelayMs: CHECK_DELAY,
  });
  return subscribe(platform, platform === "slack" ? "C1" : "123");
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  vi.setSystemTime(DUE);
  temp = tempDbPath();
  db = openStateDb(temp.path);
});

afterEach(async () => {
  await scheduler.stop();
  vi.useRealTimers();
  await fake.close();
  db.close();
  temp.cleanup();
});

/** Runs the due tick while the fake takes the post, then lets `ms` of fake time pass. */
async function tickTakenThen(ms: number) {
  const tick = scheduler.runDue();
  await fake.nextTaken();
  await vi.advanceTimersByTimeAsync(ms);
  return tick;
}

describe.each(["slack", "discord"] as const)("%s: a post whose answer is lost", (platform) => {
  it("answering after 12 s: uncertain, checked, recorded as sent; one message", async () => {
    const sub = await start(platform);
    fake.behaviours.push({ kind: "late", ms: 12_000 });
    const [first] = await tickTakenThen(POST_TIMEOUT);
    expect(first).toMatchObject({ status: "uncertain", retryAt: DUE + POST_TIMEOUT + CHECK_DELAY });
    await vi.advanceTimersByTimeAsync(2_000); // the late answer arrives: nobody waits for it
    await vi.advanceTimersByTimeAsync(CHECK_DELAY);
    await scheduler.idle();
    await scheduler.runDue();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    await scheduler.runDue();
    expect(fake.messages).toHaveLength(1);
    expect(getDelivery(db, { subscriptionId: sub.id, localDate: "2026-01-10" })).toMatchObject({
      status: "sent",
      messageId: fake.messages[0]!.id,
      attempts: 2,
    });
  });

  it("dropping the connection after taking the post: one message", async () => {
    const sub = await start(platform);
    fake.behaviours.push({ kind: "drop" });
    const [first] = await tickTakenThen(0);
    expect(first).toMatchObject({ status: "uncertain" });
    await vi.advanceTimersByTimeAsync(CHECK_DELAY);
    await scheduler.idle();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    await scheduler.runDue();
    expect(fake.messages).toHaveLength(1);
    expect(getDelivery(db, { subscriptionId: sub.id, localDate: "2026-01-10" })).toMatchObject({
      status: "sent",
      messageId: fake.messages[0]!.id,
    });
  });

  it("dropping the connection WITHOUT taking the post: checked, then posted; one message", async () => {
    const sub = await start(platform);
    fake.behaviours.push({ kind: "lost" });
    const [first] = await scheduler.runDue();
    expect(first).toMatchObject({ status: "uncertain" });
    expect(fake.messages).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(CHECK_DELAY);
    await scheduler.idle();
    expect(fake.messages).toHaveLength(1);
    expect(getDelivery(db, { subscriptionId: sub.id, localDate: "2026-01-10" })?.status).toBe(
      "sent",
    );
  });
});

describe("how each platform checks", () => {
  it("Slack: the post carries its delivery id in metadata, found in the history", async () => {
    await start("slack");
    fake.behaviours.push({ kind: "drop" });
    await tickTakenThen(0);
    await vi.advanceTimersByTimeAsync(CHECK_DELAY);
    await scheduler.idle();
    expect(fake.messages[0]!.body.metadata).toEqual({
      event_type: "sitrep_delivery",
      event_payload: { delivery_id: "daily:1:2026-01-10" },
    });
    expect(fake.requests.filter((r) => r === "chat.postMessage")).toHaveLength(1);
    expect(fake.requests).toContain("conversations.history");
  });

  it("Discord: the retry is the same nonce with enforce_nonce, and gets the first message back", async () => {
    await start("discord");
    fake.behaviours.push({ kind: "drop" });
    await tickTakenThen(0);
    await vi.advanceTimersByTimeAsync(CHECK_DELAY);
    await scheduler.idle();
    expect(fake.requests.filter((r) => r === "POST /channels/123/messages")).toHaveLength(2);
    expect(fake.messages[0]!.body).toMatchObject({
      nonce: deliveryNonce("daily:1:2026-01-10"),
      enforce_nonce: true,
    });
  });

  it("Discord: past the nonce window an uncertain post is not sent again", async () => {
    const sub = await start("discord");
    fake.behaviours.push({ kind: "lost" });
    const tick = scheduler.runDue();
    await tick;
    await scheduler.stop(); // the bot is down past Discord's nonce window
    vi.setSystemTime(DUE + 10 * 60_000);
    await scheduler.runDue();
    expect(fake.messages).toHaveLength(0);
    expect(getDelivery(db, { subscriptionId: sub.id, localDate: "2026-01-10" })).toMatchObject({
      status: "uncertain",
      error: expect.stringMatching(/no way to check/),
    });
  });
});
