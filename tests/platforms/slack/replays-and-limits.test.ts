// The Slack events endpoint under replays and oversized bodies: a signed request whose trigger_id
// was already handled runs nothing (the id is kept in the state store), a body over the limit is
// refused with 413 before it is read, and refusals are logged at warn with the reason only.
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type SlackRuntime, startSlack } from "../../../src/platforms/slack/start.ts";
import { openStateDb, type StateDb } from "../../../src/state/sqlite/db.ts";
import { createSqliteReplayGuard } from "../../../src/state/sqlite/replays.ts";
import { chatStore } from "../../fixtures/briefs.ts";
import { recordingSitrepCore } from "../../fixtures/services.ts";
import { type FakeSlack, startFakeSlack } from "./fake-slack.ts";
import { postSigned, slashBody } from "./slack-request.ts";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const NOW = Date.parse("2024-11-30T12:00:00Z");
const NOW_SECONDS = Math.floor(NOW / 1000);

let fake: FakeSlack;
let slack: SlackRuntime;
let db: StateDb;
let events: string;
const logs: Record<string, unknown>[] = [];
/** The /sitrep subcommands that reached the recording service, and a core that records them. */
const { ran, reset, core } = recordingSitrepCore(NOW);

beforeAll(async () => {
  fake = await startFakeSlack();
  db = openStateDb(":memory:");
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const store = chatStore();
  slack = await startSlack({
    botToken: "xoxb-test",
    signingSecret: SECRET,
    apiUrl: fake.apiUrl,
    allowedTeams: [],
    adminUsers: ["UADMIN"],
    port: 0,
    host: "127.0.0.1",
    getStore: () => store,
    now: () => NOW,
    logger: pino({ level: "warn" }, stream),
    core: core(),
    replays: createSqliteReplayGuard(db),
  });
  events = `http://127.0.0.1:${slack.port}/slack/events`;
});

afterAll(async () => {
  await slack.stop();
  await fake.close();
  db.close();
});

beforeEach(() => {
  reset();
  logs.length = 0;
});

function command(trigger: string, responseUrl: string): string {
  const form = new URLSearchParams(
    slashBody({ command: "/sitrep", text: "schedule", user: "UADMIN", responseUrl }),
  );
  form.set("trigger_id", trigger);
  return form.toString();
}

describe("Slack: replays", () => {
  it("runs a signed admin command once; sent again with its trigger_id it runs nothing", async () => {
    const url = fake.responseUrl();
    const body = command("111.222.aaa", url);
    expect(
      (await postSigned(events, body, { secret: SECRET, timestamp: NOW_SECONDS })).status,
    ).toBe(200);
    await fake.responseTo(url);
    for (let i = 0; i < 4; i++) {
      const again = await postSigned(events, body, { secret: SECRET, timestamp: NOW_SECONDS });
      expect(again.status).toBe(200);
    }
    // A fresh request after the replays: once it is answered, anything the replays started would
    // have had its turn.
    const later = fake.responseUrl();
    await postSigned(events, command("111.222.bbb", later), {
      secret: SECRET,
      timestamp: NOW_SECONDS,
    });
    await fake.responseTo(later);
    expect(ran()).toEqual(["schedule", "schedule"]);
    expect(fake.responses.filter((r) => r !== undefined)).toHaveLength(2);
    const refused = logs.filter((l) => l.level === 40 && l.reason === "replay");
    expect(refused).toHaveLength(4);
  });
});

describe("Slack: limits and refusals", () => {
  it("refuses a body over the limit with 413, logged at warn, without a stack trace", async () => {
    const body = `text=${"x".repeat(1_000_000)}`;
    const reply = await postSigned(events, body, { secret: SECRET, timestamp: NOW_SECONDS });
    expect(reply.status).toBe(413);
    expect(reply.text).not.toMatch(/\bat\b.*:\d+:\d+/);
    expect(logs).toEqual([
      expect.objectContaining({ level: 40, status: 413, reason: expect.stringMatching(/over/) }),
    ]);
  });

  it("logs a bad signature at warn with the reason and not the secret or signature", async () => {
    const body = command("111.222.ccc", fake.responseUrl());
    const reply = await postSigned(events, body, {
      secret: "not-the-secret",
      timestamp: NOW_SECONDS,
    });
    expect(reply.status).toBe(401);
    expect(logs).toEqual([
      expect.objectContaining({ level: 40, status: 401, reason: "signature mismatch" }),
    ]);
    expect(JSON.stringify(logs)).not.toContain(SECRET);
    expect(JSON.stringify(logs)).not.toMatch(/v0=[0-9a-f]{64}/);
  });
});
