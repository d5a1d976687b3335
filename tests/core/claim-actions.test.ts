// Claim actions are requests to the core like any command: the same review button pressed on
// Slack (a signed block_actions to the real Bolt app) and on Discord (a signed HTTP interaction)
// reaches the same core call, and a desk that fails answers with one short line carrying an
// error id, logged once by the core under that id.
import { generateKeyPairSync, sign } from "node:crypto";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLAIM_ACTION } from "../../src/claims/actions.ts";
import type { ClaimDesk } from "../../src/claims/desk.ts";
import type { Submission } from "../../src/claims/submitted.ts";
import type { Request, RequestCore } from "../../src/core/request.ts";
import { discordInteractionsRoute } from "../../src/platforms/discord/http-interactions.ts";
import { type RunningServer, startHttpServer } from "../../src/platforms/http.ts";
import { type SlackRuntime, startSlack } from "../../src/platforms/slack/start.ts";
import { chatStore, NOW, testCore } from "../fixtures/briefs.ts";
import { type FakeDiscord, startFakeDiscord } from "../platforms/discord/fake-discord.ts";
import { type FakeSlack, startFakeSlack } from "../platforms/slack/fake-slack.ts";
import { postSigned } from "../platforms/slack/slack-request.ts";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const APP = "4242";
const store = chatStore();

const pending: Submission = {
  id: 7,
  platform: "slack",
  workspace: "T1",
  submitter: "USUB",
  brief: [...store.briefs.keys()][0] ?? "",
  claim: { type: "control", source: "sana", place: "saraqib", status: "held" },
  state: "pending",
  createdAt: NOW,
  updatedAt: NOW,
};

/** A desk whose disk is full: approving throws. */
const failingDesk = {
  get: (id: number) => (id === pending.id ? pending : undefined),
  approve: async () => {
    throw new Error("ENOSPC: no space left on device");
  },
  setReviewMessage: () => {},
} as unknown as ClaimDesk;

const logLines: Record<string, unknown>[] = [];
const logger = pino(
  { level: "info" },
  { write: (line: string) => logLines.push(JSON.parse(line)) },
);
const calls: Request[] = [];
const inner = testCore(store, { now: NOW, logger, services: { claims: failingDesk } });
const core: RequestCore = {
  ...inner,
  handle(request) {
    calls.push(request);
    return inner.handle(request);
  },
};

let fakeSlack: FakeSlack;
let slack: SlackRuntime;
let fakeDiscord: FakeDiscord;
let discord: RunningServer;
const { publicKey, privateKey } = generateKeyPairSync("ed25519");

beforeAll(async () => {
  fakeSlack = await startFakeSlack();
  fakeDiscord = await startFakeDiscord();
  slack = await startSlack({
    botToken: "xoxb-test",
    signingSecret: SECRET,
    apiUrl: fakeSlack.apiUrl,
    allowedTeams: ["T1"],
    adminUsers: [],
    port: 0,
    host: "127.0.0.1",
    core,
    getStore: () => store,
    now: () => NOW,
    logger,
    claims: { desk: failingDesk, editorUsers: ["UEDITOR"] },
  });
  const der = publicKey.export({ format: "der", type: "spki" });
  discord = await startHttpServer(
    [
      discordInteractionsRoute({
        publicKey: der.subarray(der.length - 32).toString("hex"),
        applicationId: APP,
        core,
        getStore: () => store,
        now: () => NOW,
        logger,
        apiUrl: fakeDiscord.apiUrl,
        claims: { desk: failingDesk, editorUsers: ["555"], editorRoles: [] },
      }),
    ],
    0,
    "127.0.0.1",
  );
});

afterAll(async () => {
  await slack?.stop();
  await discord?.close();
  await fakeSlack?.close();
  await fakeDiscord?.close();
});

async function pressOnSlack(): Promise<string> {
  const responseUrl = fakeSlack.responseUrl();
  const payload = {
    type: "block_actions",
    team: { id: "T1", domain: "acme" },
    user: { id: "UEDITOR", name: "ueditor", team_id: "T1" },
    api_app_id: "A1",
    token: "legacy",
    trigger_id: "trigger-approve",
    container: { type: "message", channel_id: "CREVIEW", message_ts: "1732968000.000100" },
    channel: { id: "CREVIEW", name: "review" },
    message: { ts: "1732968000.000100", text: "review" },
    response_url: responseUrl,
    actions: [
      {
        type: "button",
        action_id: "sitrep_claim_approve",
        block_id: `sitrep_review_${pending.id}`,
        value: String(pending.id),
        action_ts: "1",
      },
    ],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  await postSigned(`http://127.0.0.1:${slack.port}/slack/events`, body, {
    secret: SECRET,
    timestamp: Math.floor(NOW / 1000),
  });
  return JSON.stringify(await fakeSlack.responseTo(responseUrl));
}

async function pressOnDiscord(): Promise<string> {
  const body = JSON.stringify({
    id: "1",
    application_id: APP,
    token: "tok",
    version: 1,
    type: 3,
    guild_id: "777",
    channel_id: "888",
    member: {
      user: { id: "555", username: "editor", discriminator: "0", global_name: "Ed", avatar: null },
      roles: [],
      permissions: "0",
      joined_at: "2024-01-01T00:00:00.000Z",
      deaf: false,
      mute: false,
      flags: 0,
    },
    data: { custom_id: `sitrep_claim:approve:${pending.id}`, component_type: 2 },
  });
  const ts = String(Math.floor(NOW / 1000));
  const response = await fetch(`http://127.0.0.1:${discord.port}/discord/interactions`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-signature-timestamp": ts,
      "x-signature-ed25519": sign(null, Buffer.from(ts + body), privateKey).toString("hex"),
    },
    body,
  });
  expect(response.status).toBe(200);
  const followUp = await fakeDiscord.waitFor(
    (r) => r.method === "POST" && r.path === `/webhooks/${APP}/tok`,
  );
  return JSON.stringify(followUp.body);
}

describe("claim actions through the request core", () => {
  it("reach the same core call from Slack and Discord, and a failing desk answers one line with an error id", async () => {
    const slackAnswer = await pressOnSlack();
    const discordAnswer = await pressOnDiscord();

    const approvals = calls.filter((c) => c.subcommand === "approve");
    expect(approvals).toHaveLength(2);
    const [fromSlack, fromDiscord] = approvals;
    expect(fromSlack?.origin.platform).toBe("slack");
    expect(fromDiscord?.origin.platform).toBe("discord");
    for (const call of approvals) {
      expect(call.command).toBe(CLAIM_ACTION);
      expect(call.options?.id).toBe(String(pending.id));
    }

    const failures = logLines.filter((l) => l.msg === "command failed");
    expect(failures).toHaveLength(2);
    const ids = failures.map((l) => String(l.errorId));
    expect(failures.map((l) => l.subcommand)).toEqual(["approve", "approve"]);
    expect(slackAnswer).toContain(`Error id ${ids[0]}`);
    expect(discordAnswer).toContain(`Error id ${ids[1]}`);
    for (const answer of [slackAnswer, discordAnswer]) {
      expect(answer).not.toMatch(/ENOSPC|at .*\.ts:\d+/);
      // One short line (the platform may show it twice: fallback text and blocks), one id.
      const shown = new Set(
        answer.match(/Error id [0-9a-f]{8}: the details are in the bot's log\./g),
      );
      expect(shown.size).toBe(1);
    }
  });
});
