import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DigestBuilder } from "../../src/digest/build.ts";
import { silentLogger } from "../../src/log.ts";
import type { Transport } from "../../src/platforms/transport.ts";
import { createSubscriptionService } from "../../src/schedule/admin.ts";
import { dailyDeliveryId } from "../../src/schedule/ledger.ts";
import {
  createScheduler,
  type DeliveryOutcome,
  type Scheduler,
} from "../../src/schedule/scheduler.ts";
import { openStateDb, type StateDb } from "../../src/state/sqlite/db.ts";
import {
  createSqliteLedger,
  getDelivery,
  listDeliveries,
} from "../../src/state/sqlite/deliveries.ts";
import { createSqliteState } from "../../src/state/sqlite/index.ts";
import { getSubscription, upsertSubscription } from "../../src/state/sqlite/subscriptions.ts";
import type { Subscription } from "../../src/state/types.ts";
import type { Store } from "../../src/store/types.ts";
import { storeOf } from "../fixtures/brief-builder.ts";
import {
  briefWithEvents,
  eventDigest,
  FakeTransport,
  nonEmptyDigest,
  sitrepCore,
  tempDbPath,
} from "./helpers.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (iso: string) => Date.parse(iso);

let temp: ReturnType<typeof tempDbPath>;
const open: StateDb[] = [];
const running: Scheduler[] = [];

function db(): StateDb {
  const handle = openStateDb(temp.path);
  open.push(handle);
  return handle;
}

function scheduler(
  state: StateDb,
  transport: Transport,
  options: {
    store?: Store;
    digest?: DigestBuilder;
    catchUpHours?: number;
    maxAttempts?: number;
    instanceId?: string;
    sendAlerts?: () => Promise<DeliveryOutcome[]>;
  } = {},
): Scheduler {
  const s = createScheduler({
    state: createSqliteState(state),
    transports: { [transport.platform]: transport },
    getStore: () => options.store ?? storeOf(briefWithEvents("syria", "UTC")),
    now: () => Date.now(),
    logger: silentLogger,
    catchUpHours: options.catchUpHours ?? 6,
    core: sitrepCore({
      getStore: () => options.store ?? storeOf(briefWithEvents("syria", "UTC")),
      now: () => Date.now(),
      digest: options.digest ?? nonEmptyDigest,
    }),
    retryDelayMs: MINUTE,
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    ...(options.instanceId === undefined ? {} : { instanceId: options.instanceId }),
    ...(options.sendAlerts === undefined ? {} : { sendAlerts: options.sendAlerts }),
  });
  running.push(s);
  return s;
}

function subscribe(
  state: StateDb,
  channel: string,
  time: string,
  timezone: string,
  createdAt: number,
  postWhenEmpty = false,
) {
  return upsertSubscription(
    state,
    {
      platform: "slack",
      workspace: "T1",
      channel,
      brief: "syria",
      time,
      timezone,
      postWhenEmpty,
      createdBy: "U1",
    },
    createdAt,
  ).subscription;
}

beforeEach(() => {
  temp = tempDbPath();
  vi.useFakeTimers({ now: at("2026-01-09T12:00:00Z") });
});

afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
  for (const handle of open.splice(0)) handle.close();
  vi.useRealTimers();
  temp.cleanup();
});

describe("daily posts", () => {
  it("posts once at the subscription's local time and not again later that day", async () => {
    const state = db();
    subscribe(state, "C1", "07:00", "Asia/Damascus", Date.now());
    const slack = new FakeTransport();
    const s = scheduler(state, slack);
    vi.setSystemTime(at("2026-01-10T03:59:00Z"));
    await s.runDue();
    expect(slack.posts).toHaveLength(0);
    vi.setSystemTime(at("2026-01-10T04:00:00Z"));
    await s.runDue();
    vi.setSystemTime(at("2026-01-10T04:01:00Z"));
    await s.runDue();
    vi.setSystemTime(at("2026-01-10T20:00:00Z"));
    await s.runDue();
    expect(slack.posts.map((p) => new Date(p.at).toISOString())).toEqual([
      "2026-01-10T04:00:00.000Z",
    ]);
  });

  it("does not post again after a restart over the same database file", async () => {
    const sub = subscribe(db(), "C1", "07:00", "UTC", Date.now());
    const slack = new FakeTransport();
    vi.setSystemTime(at("2026-01-10T07:00:00Z"));
    const first = scheduler(db(), slack);
    await first.runDue();
    await first.stop();

    const second = scheduler(db(), slack);
    for (const time of ["2026-01-10T07:00:30Z", "2026-01-10T07:01:00Z", "2026-01-10T12:00:00Z"]) {
      vi.setSystemTime(at(time));
      await second.runDue();
    }
    expect(slack.posts).toHaveLength(1);
    expect(getDelivery(db(), { subscriptionId: sub.id, localDate: "2026-01-10" })).toMatchObject({
      status: "sent",
      attempts: 1,
      messageId: "m1",
    });
  });

  it("covers what was reported since the channel's previous post, 24 hours for the first", async () => {
    const state = db();
    subscribe(state, "C1", "07:00", "UTC", Date.now());
    const periods: { since: string; until: string }[] = [];
    const recording: DigestBuilder = (brief, period) => {
      periods.push({
        since: new Date(period.since).toISOString(),
        until: new Date(period.until).toISOString(),
      });
      return nonEmptyDigest(brief, period);
    };
    const s = scheduler(state, new FakeTransport(), { digest: recording });
    vi.setSystemTime(at("2026-01-10T07:00:00Z"));
    await s.runDue();
    vi.setSystemTime(at("2026-01-11T07:00:00Z"));
    await s.runDue();
    expect(periods).toEqual([
      { since: "2026-01-09T07:00:00.000Z", until: "2026-01-10T07:00:00.000Z" },
      { since: "2026-01-10T07:00:00.000Z", until: "2026-01-11T07:00:00.000Z" },
    ]);
  });

  it("skips a day with nothing new unless the subscription posts when empty", async () => {
    const state = db();
    const quiet = subscribe(state, "C1", "07:00", "UTC", Date.now());
    subscribe(state, "C2", "07:00", "UTC", Date.now(), true);
    const slack = new FakeTransport();
    const s = scheduler(state, slack, { digest: eventDigest });
    vi.setSystemTime(at("2026-01-10T07:00:00Z"));
    await s.runDue();
    expect(slack.posts.map((p) => p.channel)).toEqual(["C2"]);
    expect(getDelivery(state, { subscriptionId: quiet.id, localDate: "2026-01-10" })?.status).toBe(
      "skipped",
    );
  });

  it("posts what was reported in the period, from the store it is given", async () => {
    const state = db();
    subscribe(state, "C1", "07:00", "UTC", Date.now());
    const store = storeOf(
      briefWithEvents("syria", "UTC", [
        { reported: "2026-01-08T10:00:00Z", summary: "too old" },
        { reported: "2026-01-09T20:00:00Z", summary: "HTS entered Saraqib" },
      ]),
    );
    const slack = new FakeTransport();
    const s = scheduler(state, slack, { store, digest: eventDigest });
    vi.setSystemTime(at("2026-01-10T07:00:00Z"));
    await s.runDue();
    expect(slack.posts[0]?.answer.sections[0]?.facts.map((f) => f.text)).toEqual([
      "HTS entered Saraqib",
    ]);
  });
});

describe("the /sitrep digest as the post", () => {
  it("posts the digest builder's summary by default, and skips a period with nothing in it", async () => {
    const state = db();
    subscribe(state, "C1", "07:00", "UTC", Date.now());
    const brief = briefWithEvents("syria", "UTC", [
      { reported: "2026-01-09T20:00:00Z", summary: "HTS entered Saraqib" },
    ]);
    const slack = new FakeTransport();
    const s = createScheduler({
      state: createSqliteState(state),
      transports: { slack },
      getStore: () => storeOf(brief),
      now: () => Date.now(),
      logger: silentLogger,
      catchUpHours: 6,
      core: sitrepCore({ getStore: () => storeOf(brief), now: () => Date.now() }),
    });
    running.push(s);
    vi.setSystemTime(at("2026-01-10T07:00:00Z"));
    await s.runDue();
    vi.setSystemTime(at("2026-01-11T07:00:00Z"));
    const outcomes = await s.runDue();
    expect(slack.posts).toHaveLength(1);
    expect(JSON.stringify(slack.posts[0]?.answer)).toContain("HTS entered Saraqib");
    expect(outcomes.map((o) => o.status)).toEqual(["skipped"]);
  });
});

describe("a daily post the digest fails on", () => {
  it("posts one line with an error id, logged once through the core, and loses no period", async () => {
    const state = db();
    const sub = subscribe(state, "C1", "07:00", "UTC", Date.now());
    const logged: Record<string, unknown>[] = [];
    const logger = pino(
      { level: "info" },
      new Writable({
        write(chunk, _encoding, done) {
          logged.push(JSON.parse(String(chunk)));
          done();
        },
      }),
    );
    let failing = false;
    const periods: string[] = [];
    const digest: DigestBuilder = (brief, period) => {
      if (failing) throw new Error("digest exploded at line 42");
      periods.push(new Date(period.since).toISOString());
      return nonEmptyDigest(brief, period);
    };
    const getStore = () => storeOf(briefWithEvents("syria", "UTC"));
    const slack = new FakeTransport();
    const s = createScheduler({
      state: createSqliteState(state),
      transports: { slack },
      getStore,
      now: () => Date.now(),
      logger,
      catchUpHours: 6,
      core: sitrepCore({ getStore, now: () => Date.now(), digest, logger }),
    });
    running.push(s);
    vi.setSystemTime(at("2026-01-10T07:00:00Z"));
    await s.runDue();
    failing = true;
    vi.setSystemTime(at("2026-01-11T07:00:00Z"));
    await s.runDue();

    const errors = logged.filter((l) => l.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ trigger: "scheduler", channel: "C1", command: "sitrep" });
    const id = errors[0]?.errorId as string;
    const post = JSON.stringify(slack.postsTo("C1")[1]?.answer);
    expect(slack.postsTo("C1")).toHaveLength(2);
    expect(post).toContain(`Error id ${id}`);
    expect(post).not.toMatch(/exploded|\bat .*\.ts:\d+|Error:/);
    expect(getSubscription(state, sub.id)?.lastError).toContain(id);

    // The next day's post covers the failed day too.
    failing = false;
    vi.setSystemTime(at("2026-01-12T07:00:00Z"));
    await s.runDue();
    expect(periods).toEqual(["2026-01-09T07:00:00.000Z", "2026-01-10T07:00:00.000Z"]);
  });
});

describe("downtime", () => {
  it("sends a missed post at start-up when it is less than the catch-up window late", async () => {
    const state = db();
    const sub = subscribe(state, "C1", "07:00", "UTC", Date.now());
    const slack = new FakeTransport();
    vi.setSystemTime(at("2026-01-10T12:59:00Z"));
    const s = scheduler(state, slack, { catchUpHours: 6 });
    s.start();
    await s.idle();
    expect(slack.posts).toHaveLength(1);
    expect(getDelivery(state, { subscriptionId: sub.id, localDate: "2026-01-10" })?.status).toBe(
      "sent",
    );
  });

  it("records a miss, and does not post, when the bot comes back after the window", async () => {
    const state = db();
    const sub = subscribe(state, "C1", "07:00", "UTC", Date.now());
    const slack = new FakeTransport();
    vi.setSystemTime(at("2026-01-10T13:01:00Z"));
    const s = scheduler(state, slack, { catchUpHours: 6 });
    const outcomes = await s.runDue();
    expect(slack.posts).toHaveLength(0);
    expect(outcomes.map((o) => o.status)).toEqual(["missed"]);
    expect(getDelivery(state, { subscriptionId: sub.id, localDate: "2026-01-10" })?.status).toBe(
      "missed",
    );

    vi.setSystemTime(at("2026-01-11T07:00:00Z"));
    await s.runDue();
    expect(slack.posts).toHaveLength(1);
  });

  /** A claim left by an instance that died: claimed, or marked sending too. */
  async function deadClaim(state: StateDb, sub: Subscription, due: number, sending: boolean) {
    const ledger = createSqliteLedger(state);
    const id = dailyDeliveryId({ subscriptionId: sub.id, localDate: "2026-01-10" });
    const lease = { owner: "dead", now: due, leaseMs: 10 * MINUTE };
    await ledger.claim(
      {
        id,
        kind: "daily",
        platform: "slack",
        channel: sub.channel,
        message: { kind: "answer", title: "the dead instance's summary", sections: [] },
        dueAt: due,
        deadlineAt: due + 6 * HOUR,
        subscriptionId: sub.id,
        localDate: "2026-01-10",
      },
      lease,
    );
    if (sending) await ledger.markSending(id, lease);
  }

  it("posts a claim whose process died before sending, once its lease has run out", async () => {
    const state = db();
    const sub = subscribe(state, "C1", "07:00", "UTC", Date.now());
    const due = at("2026-01-10T07:00:00Z");
    await deadClaim(state, sub, due, false);
    const slack = new FakeTransport();
    const s = scheduler(state, slack);
    vi.setSystemTime(due + 5 * MINUTE);
    await s.runDue();
    expect(slack.posts).toHaveLength(0);
    vi.setSystemTime(due + 11 * MINUTE);
    await s.runDue();
    vi.setSystemTime(due + 30 * MINUTE);
    await s.runDue();
    expect(slack.posts.map((p) => p.answer.title)).toEqual(["the dead instance's summary"]);
    expect(getDelivery(state, { subscriptionId: sub.id, localDate: "2026-01-10" })).toMatchObject({
      status: "sent",
      attempts: 2,
    });
  });

  it("does not re-post a claim whose process died while sending, when it cannot check", async () => {
    const state = db();
    const sub = subscribe(state, "C1", "07:00", "UTC", Date.now());
    const due = at("2026-01-10T07:00:00Z");
    await deadClaim(state, sub, due, true);
    const slack = new FakeTransport();
    const s = scheduler(state, slack);
    vi.setSystemTime(due + 11 * MINUTE);
    await s.runDue();
    vi.setSystemTime(due + 30 * MINUTE);
    await s.runDue();
    expect(slack.posts).toHaveLength(0);
    expect(getDelivery(state, { subscriptionId: sub.id, localDate: "2026-01-10" })).toMatchObject({
      status: "uncertain",
      error: expect.stringMatching(/may have been posted/),
    });
  });
});

describe("daylight saving time (Europe/Berlin, 02:30)", () => {
  async function runWholeDay(s: Scheduler, fromIso: string, toIso: string): Promise<void> {
    for (let t = at(fromIso); t <= at(toIso); t += MINUTE) {
      vi.setSystemTime(t);
      await s.runDue();
    }
  }

  it("posts once on the spring-forward day, when 02:30 does not exist (at 03:30 CEST)", async () => {
    vi.setSystemTime(at("2026-03-27T12:00:00Z"));
    const state = db();
    subscribe(state, "C1", "02:30", "Europe/Berlin", Date.now());
    const slack = new FakeTransport();
    const s = scheduler(state, slack);
    // 2026-03-28 23:00Z is 00:00 CET on the 29th; 2026-03-29 21:59Z is 23:59 CEST.
    await runWholeDay(s, "2026-03-28T23:00:00Z", "2026-03-29T21:59:00Z");
    expect(slack.posts.map((p) => new Date(p.at).toISOString())).toEqual([
      "2026-03-29T01:30:00.000Z",
    ]);
  });

  it("posts once on the fall-back day, when 02:30 happens twice", async () => {
    vi.setSystemTime(at("2026-10-23T12:00:00Z"));
    const state = db();
    subscribe(state, "C1", "02:30", "Europe/Berlin", Date.now());
    const slack = new FakeTransport();
    const s = scheduler(state, slack);
    // 2026-10-24 22:00Z is 00:00 CEST on the 25th; 2026-10-25 22:59Z is 23:59 CET (a 25-hour day).
    await runWholeDay(s, "2026-10-24T22:00:00Z", "2026-10-25T22:59:00Z");
    expect(slack.posts).toHaveLength(1);
    expect(["2026-10-25T00:30:00.000Z", "2026-10-25T01:30:00.000Z"]).toContain(
      new Date(slack.posts[0]!.at).toISOString(),
    );
  });
});

describe("several instances", () => {
  it("posts once when two schedulers on one database run the same minute", async () => {
    subscribe(db(), "C1", "07:00", "UTC", Date.now());
    const slack = new FakeTransport();
    const a = scheduler(db(), slack, { instanceId: "a" });
    const b = scheduler(db(), slack, { instanceId: "b" });
    vi.setSystemTime(at("2026-01-10T07:00:00Z"));
    await Promise.all([a.runDue(), b.runDue(), a.runDue(), b.runDue()]);
    expect(slack.posts).toHaveLength(1);
  });

  it("hands over, each tick, the alerts waiting for this instance's platforms", async () => {
    // Another instance recorded an alert for a platform only this one posts to.
    const waiting: DeliveryOutcome = {
      id: "alert:1:abc",
      kind: "alert",
      platform: "slack",
      channel: "C9",
      status: "sent",
      attempt: 1,
    };
    const sendAlerts = vi.fn(async () => [waiting]);
    const s = scheduler(db(), new FakeTransport(), { sendAlerts });
    expect(await s.runDue()).toEqual([waiting]);
    expect(sendAlerts).toHaveBeenCalledOnce();
  });
});

describe("delivery failures", () => {
  it("retries a rate-limited channel after retryAfterMs while the other channel posts at once", async () => {
    const state = db();
    const limited = subscribe(state, "C1", "07:00", "UTC", Date.now());
    subscribe(state, "C2", "07:00", "UTC", Date.now());
    const slack = new FakeTransport();
    slack.failNext("C1", "rate_limited", 30_000);
    const s = scheduler(state, slack);
    vi.setSystemTime(at("2026-01-10T07:00:00Z"));
    const outcomes = await s.runDue();
    expect(slack.posts.map((p) => p.channel)).toEqual(["C2"]);
    expect(outcomes.find((o) => o.channel === "C1")).toMatchObject({
      status: "failed",
      retryAt: at("2026-01-10T07:00:30Z"),
    });

    await vi.advanceTimersByTimeAsync(29_999);
    expect(slack.postsTo("C1")).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await s.idle();
    expect(slack.postsTo("C1").map((p) => new Date(p.at).toISOString())).toEqual([
      "2026-01-10T07:00:30.000Z",
    ]);
    expect(
      getDelivery(state, { subscriptionId: limited.id, localDate: "2026-01-10" }),
    ).toMatchObject({
      status: "sent",
      attempts: 2,
    });
    expect(slack.postsTo("C2")).toHaveLength(1);
  });

  it("records lost access, stops retrying that channel and shows it in /sitrep schedule", async () => {
    const state = db();
    const lost = subscribe(state, "C1", "07:00", "UTC", Date.now());
    const slack = new FakeTransport();
    slack.failNext("C1", "no_access");
    const s = scheduler(state, slack);
    vi.setSystemTime(at("2026-01-10T07:00:00Z"));
    await s.runDue();
    await vi.advanceTimersByTimeAsync(HOUR);
    vi.setSystemTime(at("2026-01-11T07:00:00Z"));
    await s.runDue();
    expect(slack.attempts).toEqual(["C1"]);
    expect(getDelivery(state, { subscriptionId: lost.id, localDate: "2026-01-10" })?.status).toBe(
      "no_access",
    );
    expect(getSubscription(state, lost.id)?.noAccessAt).toBe(at("2026-01-10T07:00:00Z"));

    const subscriptions = createSubscriptionService({
      state: createSqliteState(state),
      now: Date.now,
    });
    const answer = await subscriptions.schedule(false, {
      platform: "slack",
      workspace: "T1",
      channel: "C1",
      user: "U2",
      isAdmin: false,
    });
    expect(String(answer.sections[0]?.facts[0]?.detail)).toMatch(
      /lost access to this channel on Sat 10 Jan 2026, 07:00 \(UTC\): not retrying/,
    );
  });

  it("gives up on a channel that does not answer in time, without holding up the others", async () => {
    const state = db();
    const hung = subscribe(state, "C1", "07:00", "UTC", Date.now());
    subscribe(state, "C2", "07:00", "UTC", Date.now());
    const slack = new FakeTransport();
    const transport: Transport = {
      platform: "slack",
      postMessage: (channel, answer) =>
        channel === "C1" ? new Promise<string>(() => {}) : slack.postMessage(channel, answer),
    };
    const s = createScheduler({
      state: createSqliteState(state),
      transports: { slack: transport },
      getStore: () => storeOf(briefWithEvents("syria", "UTC")),
      now: () => Date.now(),
      logger: silentLogger,
      catchUpHours: 6,
      core: sitrepCore({
        getStore: () => storeOf(briefWithEvents("syria", "UTC")),
        now: () => Date.now(),
        digest: nonEmptyDigest,
      }),
      postTimeoutMs: 30_000,
    });
    running.push(s);
    vi.setSystemTime(at("2026-01-10T07:00:00Z"));
    const tick = s.runDue();
    await vi.advanceTimersByTimeAsync(0);
    expect(slack.postsTo("C2")).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(30_000);
    const outcomes = await tick;
    expect(outcomes.find((o) => o.channel === "C1")?.retryAt).toBeUndefined();
    expect(getDelivery(state, { subscriptionId: hung.id, localDate: "2026-01-10" })).toMatchObject({
      status: "uncertain",
      error: expect.stringMatching(/within 30s; it may have been posted, and it cannot be checked/),
    });
  });

  it("retries a failed post a bounded number of times", async () => {
    const state = db();
    const sub = subscribe(state, "C1", "07:00", "UTC", Date.now());
    const slack = new FakeTransport();
    slack.failNext("C1", "failed", undefined, 10);
    const s = scheduler(state, slack, { maxAttempts: 3 });
    vi.setSystemTime(at("2026-01-10T07:00:00Z"));
    await s.runDue();
    for (let i = 0; i < 30; i++) {
      await vi.advanceTimersByTimeAsync(MINUTE);
      await s.runDue();
    }
    expect(slack.attempts).toHaveLength(3);
    expect(listDeliveries(state, sub.id)).toEqual([
      expect.objectContaining({
        status: "failed",
        attempts: 3,
        error: "failed in C1; gave up after 3 attempt(s)",
      }),
    ]);
    expect(listDeliveries(state, sub.id)[0]?.nextAttemptAt).toBeUndefined();
  });
});

describe("timers", () => {
  it("runs a tick from the node-cron job at the top of each minute", async () => {
    const state = db();
    subscribe(state, "C1", "07:00", "UTC", Date.now());
    const slack = new FakeTransport();
    vi.setSystemTime(at("2026-01-10T06:59:30Z"));
    const s = scheduler(state, slack);
    s.start();
    await s.idle();
    expect(slack.posts).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(31_000);
    await s.idle();
    expect(slack.posts).toHaveLength(1);
    expect(slack.posts[0]!.at).toBeGreaterThanOrEqual(at("2026-01-10T07:00:00Z"));
  });

  it("waits on stop for a post in flight to finish and be recorded", async () => {
    const state = db();
    const sub = subscribe(state, "C1", "07:00", "UTC", Date.now());
    let release = () => {};
    const slow: Transport = {
      platform: "slack",
      postMessage: () =>
        new Promise<string>((resolve) => {
          release = () => resolve("slow-1");
        }),
    };
    const s = scheduler(state, slow);
    vi.setSystemTime(at("2026-01-10T07:00:00Z"));
    void s.runDue();
    let stopped = false;
    const stopping = s.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(getDelivery(state, { subscriptionId: sub.id, localDate: "2026-01-10" })).toMatchObject({
      status: "sent",
      messageId: "slow-1",
    });
  });
});
