// A bot process killed (SIGKILL) in the middle of a scheduled post, then started again over the
// same state database: between claim and send, and between send and record. Each ends in exactly
// one message at the fake Slack API.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/log.ts";
import { postingClient } from "../../src/platforms/slack/start.ts";
import { createSlackTransport } from "../../src/platforms/slack/transport.ts";
import { createScheduler } from "../../src/schedule/scheduler.ts";
import { openStateDb, type StateDb } from "../../src/state/sqlite/db.ts";
import { getDelivery } from "../../src/state/sqlite/deliveries.ts";
import { createSqliteState } from "../../src/state/sqlite/index.ts";
import { upsertSubscription } from "../../src/state/sqlite/subscriptions.ts";
import { storeOf } from "../fixtures/brief-builder.ts";
import { type FakePostingApi, startFakeSlackApi } from "./fake-posting-apis.ts";
import { briefWithEvents, nonEmptyDigest, sitrepCore, tempDbPath } from "./helpers.ts";

const DUE = Date.parse("2026-01-10T07:00:00Z");
const DAY = { subscriptionId: 1, localDate: "2026-01-10" };

let temp: ReturnType<typeof tempDbPath>;
let db: StateDb;
let fake: FakePostingApi;

beforeEach(async () => {
  temp = tempDbPath();
  db = openStateDb(temp.path);
  upsertSubscription(
    db,
    {
      platform: "slack",
      workspace: "T1",
      channel: "C1",
      brief: "syria",
      time: "07:00",
      timezone: "UTC",
      postWhenEmpty: false,
      createdBy: "U1",
    },
    DUE - 3_600_000,
  );
  fake = await startFakeSlackApi();
});

afterEach(async () => {
  await fake.close();
  db.close();
  temp.cleanup();
});

function startChild(crash: "before-send" | "none") {
  return spawn(process.execPath, ["--import", "tsx", "tests/schedule/crash-child.ts"], {
    env: {
      ...process.env,
      STATE_DB: temp.path,
      SLACK_API_URL: fake.url,
      NOW: String(DUE + 1_000),
      CRASH: crash,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** The bot started again two minutes later, once the dead process's claim has run out. */
async function restart(): Promise<void> {
  const scheduler = createScheduler({
    state: createSqliteState(db),
    transports: { slack: createSlackTransport(postingClient("xoxb-test", fake.url)) },
    getStore: () => storeOf(briefWithEvents("syria", "UTC")),
    now: () => DUE + 2 * 60_000,
    logger: silentLogger,
    catchUpHours: 6,
    core: sitrepCore({
      getStore: () => storeOf(briefWithEvents("syria", "UTC")),
      now: () => DUE + 2 * 60_000,
      digest: nonEmptyDigest,
    }),
  });
  await scheduler.runDue();
  await scheduler.stop();
}

describe("a bot process killed while posting", () => {
  it("between claim and send: the restarted bot posts it, once", async () => {
    const child = startChild("before-send");
    const [, signal] = await once(child, "exit");
    expect(signal).toBe("SIGKILL");
    expect(fake.messages).toHaveLength(0);
    expect(getDelivery(db, DAY)?.status).toBe("claimed");

    await restart();
    expect(fake.messages).toHaveLength(1);
    expect(getDelivery(db, DAY)).toMatchObject({ status: "sent", attempts: 2 });
    await restart();
    expect(fake.messages).toHaveLength(1);
  });

  it("between send and record: the restarted bot finds the post and does not repeat it", async () => {
    fake.behaviours.push({ kind: "late", ms: 3_600_000 }); // takes the post, never answers
    const child = startChild("none");
    await fake.nextTaken();
    child.kill("SIGKILL");
    const [, signal] = await once(child, "exit");
    expect(signal).toBe("SIGKILL");
    expect(getDelivery(db, DAY)?.status).toBe("sending");

    await restart();
    expect(fake.messages).toHaveLength(1);
    expect(getDelivery(db, DAY)).toMatchObject({
      status: "sent",
      messageId: fake.messages[0]!.id,
    });
    expect(fake.requests).toContain("conversations.history");
    await restart();
    expect(fake.messages).toHaveLength(1);
  });
});
