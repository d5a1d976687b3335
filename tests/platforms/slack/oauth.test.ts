// Slack in many workspaces, end to end on loopback: the whole bot (startApp) with the three OAuth
// settings, Bolt on 127.0.0.1:0 and the Web API pointed at the fake Slack. An install walks
// GET /slack/install (state cookie) and GET /slack/oauth_redirect (code + state, cookie sent
// back); the fake's oauth.v2.access hands out team T-A's bot token; after that, a signed command
// from T-A is answered with T-A's token, a daily post to a T-A channel goes out with it, a
// workspace with no installation is told so, and an uninstall or a revoked token removes it.
import { EventEmitter } from "node:events";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readConfig } from "../../../src/config.ts";
import { type App, startApp } from "../../../src/main.ts";
import { openStateDb } from "../../../src/state/sqlite/db.ts";
import { createSqliteInstallationRepo } from "../../../src/state/sqlite/installations.ts";
import { listSubscriptions, upsertSubscription } from "../../../src/state/sqlite/subscriptions.ts";
import { writeValidBrief } from "../../fixtures/briefs.ts";
import { type FakeSlack, startFakeSlack } from "./fake-slack.ts";
import { postSigned, slashBody } from "./slack-request.ts";

const SIGNING = "8f742231b10e8888abcd99yyyzzz85a5";
const TOKEN_A = "xoxb-team-a-0123456789";
const PUBLIC_URL = "https://sitrep.example.org";

/** What Slack's oauth.v2.access answers for a bot install in team T-A. */
const ACCESS_T_A = {
  ok: true,
  app_id: "A1",
  authed_user: { id: "U-INSTALLER" },
  scope: "commands,chat:write,chat:write.public,users:read",
  token_type: "bot",
  access_token: TOKEN_A,
  bot_user_id: "UBOT-A",
  team: { id: "T-A", name: "Desk A" },
  enterprise: null,
  is_enterprise_install: false,
};

interface Running {
  readonly app: App;
  readonly base: string;
  readonly state: string;
  readonly logs: string[];
  /** Resolves once a log line containing `text` is written (now or later). */
  logged(text: string): Promise<void>;
}

let fake: FakeSlack;
let running: Running | undefined;
let clock = Date.parse("2024-12-02T06:00:00Z");
let triggers = 0;

beforeEach(async () => {
  fake = await startFakeSlack();
  fake.users.set("UOWNER-A", { is_owner: true });
  clock = Date.parse("2024-12-02T06:00:00Z");
});

afterEach(async () => {
  await running?.app.stop();
  running = undefined;
  await fake.close();
});

async function startBot(): Promise<Running> {
  const logs: string[] = [];
  const written = new EventEmitter();
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      written.emit("line", String(chunk));
      done();
    },
  });
  const logged = (text: string) =>
    new Promise<void>((resolve) => {
      if (logs.some((line) => line.includes(text))) return resolve();
      const listener = (line: string) => {
        if (!line.includes(text)) return;
        written.off("line", listener);
        resolve();
      };
      written.on("line", listener);
    });
  const state = join(mkdtempSync(join(tmpdir(), "sitrep-oauth-")), "state.db");
  const config = readConfig({
    BRIEFS_DIR: writeValidBrief().root,
    STATE_DB: state,
    PORT: "0",
    PUBLIC_URL,
    SLACK_CLIENT_ID: "1111.2222",
    SLACK_CLIENT_SECRET: "client-secret-abc",
    SLACK_STATE_SECRET: "state-secret-xyz",
    SLACK_SIGNING_SECRET: SIGNING,
    SLACK_API_URL: fake.apiUrl,
  });
  const app = await startApp({
    config,
    logger: pino({ level: "debug" }, stream),
    now: () => clock,
    input: new PassThrough(),
    output: new PassThrough(),
    watch: false,
  });
  running = { app, base: `http://127.0.0.1:${app.port}`, state, logs, logged };
  return running;
}

/** The install flow as a browser walks it; resolves with the redirect's status and page. */
async function install(bot: Running, code = "code-for-T-A") {
  const page = await fetch(`${bot.base}/slack/install`);
  expect(page.status).toBe(200);
  const cookie = page.headers.get("set-cookie") ?? "";
  const state = /slack-app-oauth-state=([^;]+)/.exec(cookie)?.[1];
  expect(state).toBeDefined();
  const html = await page.text();
  // The "Add to Slack" link: our client id, the bot scopes, the state, the redirect URL.
  const link = new URL(
    /href="(https:\/\/slack\.com\/[^"]+)"/.exec(html)![1]!.replaceAll("&amp;", "&"),
  );
  expect(link.origin + link.pathname).toBe("https://slack.com/oauth/v2/authorize");
  expect(link.searchParams.get("client_id")).toBe("1111.2222");
  expect(link.searchParams.get("state")).toBe(state);
  expect(link.searchParams.get("scope")).toContain("chat:write");
  expect(link.searchParams.get("redirect_uri")).toBe(`${PUBLIC_URL}/slack/oauth_redirect`);

  fake.script("oauth.v2.access", { body: ACCESS_T_A });
  const back = await fetch(
    `${bot.base}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state!)}`,
    { headers: { cookie: `slack-app-oauth-state=${state}` } },
  );
  return { status: back.status, page: await back.text() };
}

async function installationOf(bot: Running, team: string) {
  const db = openStateDb(bot.state);
  try {
    return await createSqliteInstallationRepo(db).fetch({ teamId: team });
  } finally {
    db.close();
  }
}

/** A signed slash command from a workspace; resolves with what reached its response_url. */
async function ask(bot: Running, team: string, text: string, user = "UOWNER-A") {
  const responseUrl = fake.responseUrl();
  const body = slashBody({
    command: "/sitrep",
    text,
    team,
    user,
    channel: `C-${team}`,
    responseUrl,
    triggerId: `trigger-${++triggers}`,
  });
  const timestamp = Math.floor(clock / 1000);
  const reply = await postSigned(`${bot.base}/slack/events`, body, { secret: SIGNING, timestamp });
  expect(reply.status).toBe(200);
  return JSON.stringify(await fake.responseTo(responseUrl));
}

/** A signed Events API callback from team T-A. */
async function sendEvent(bot: Running, event: Record<string, unknown>) {
  const body = JSON.stringify({
    token: "legacy",
    team_id: "T-A",
    api_app_id: "A1",
    type: "event_callback",
    event_id: `Ev${++triggers}`,
    event_time: Math.floor(clock / 1000),
    event: { ...event, event_ts: "1733119200.000100" },
    authorizations: [{ enterprise_id: null, team_id: "T-A", user_id: "UBOT-A", is_bot: true }],
    is_ext_shared_channel: false,
  });
  const timestamp = Math.floor(clock / 1000);
  const reply = await postSigned(
    `${bot.base}/slack/events`,
    body,
    { secret: SIGNING, timestamp },
    "application/json",
  );
  expect(reply.status).toBe(200);
}

describe("Slack in many workspaces (the OAuth install flow)", () => {
  it("stores the installation, then answers and posts in T-A with T-A's own token", async () => {
    const bot = await startBot();
    expect(bot.app.mode).toEqual(["slack"]);

    const installed = await install(bot);
    expect(installed.status).toBe(200);
    const access = fake.calls.find((c) => c.method === "oauth.v2.access")!;
    expect(access.body).toMatchObject({ code: "code-for-T-A", client_id: "1111.2222" });
    expect(access.body.redirect_uri).toBe(`${PUBLIC_URL}/slack/oauth_redirect`);
    const stored = await installationOf(bot, "T-A");
    expect(stored).toMatchObject({
      team: { id: "T-A" },
      bot: { token: TOKEN_A, userId: "UBOT-A" },
      isEnterpriseInstall: false,
    });

    // A member who is a workspace owner in T-A subscribes the channel: the admin check
    // (users.info) and nothing else goes to Slack, with T-A's token.
    const answer = await ask(bot, "T-A", "subscribe 07:00 UTC empty:yes");
    expect(answer).toContain("Daily summary scheduled");
    const lookup = fake.calls.find((c) => c.method === "users.info")!;
    expect(lookup.body.user).toBe("UOWNER-A");
    expect(lookup.token).toBe(TOKEN_A);
    const db = openStateDb(bot.state);
    expect(listSubscriptions(db).map((s) => [s.workspace, s.channel])).toEqual([["T-A", "C-T-A"]]);
    db.close();

    // The morning's post goes to T-A's channel with T-A's token.
    clock = Date.parse("2024-12-02T07:01:00Z");
    const outcomes = await bot.app.scheduler.runDue();
    expect(outcomes.map((o) => [o.kind, o.channel, o.status])).toEqual([
      ["daily", "C-T-A", "sent"],
    ]);
    const posts = fake.calls.filter((c) => c.method === "chat.postMessage");
    expect(posts.map((c) => [c.body.channel, c.token])).toEqual([["C-T-A", TOKEN_A]]);

    // The token is a secret: no log line carries it.
    expect(bot.logs.join("\n")).not.toContain(TOKEN_A);
    expect(bot.logs.join("\n")).toContain("sitrep was installed in a Slack workspace");
  });

  it("tells a workspace with no installation so, and its posts are marked no_access", async () => {
    const bot = await startBot();
    const answer = await ask(bot, "T-B", "subscribe 07:00 UTC");
    expect(answer).toContain("sitrep is not installed in this workspace");
    expect(answer).toContain(`${PUBLIC_URL}/slack/install`);
    expect(bot.logs.join("\n")).toContain("not installed in");
    // Nothing ran for it: no subscription, no call to Slack on its behalf.
    const db = openStateDb(bot.state);
    expect(listSubscriptions(db)).toEqual([]);
    upsertSubscription(
      db,
      {
        platform: "slack",
        workspace: "T-B",
        channel: "C-B",
        brief: "test-brief",
        time: "07:00",
        timezone: "UTC",
        postWhenEmpty: true,
        createdBy: "U1",
      },
      clock,
    );
    db.close();
    expect(fake.calls.filter((c) => c.method !== "auth.test")).toEqual([]);

    // A post due in a workspace the bot is not installed in: no_access, said plainly.
    clock = Date.parse("2024-12-02T07:01:00Z");
    const outcomes = await bot.app.scheduler.runDue();
    expect(outcomes.map((o) => [o.channel, o.status, o.error])).toEqual([
      ["C-B", "no_access", "sitrep is not installed in the Slack workspace T-B"],
    ]);
    expect(fake.calls.filter((c) => c.method === "chat.postMessage")).toEqual([]);

    // The bot carries on: an install now, and T-A is answered.
    expect((await install(bot)).status).toBe(200);
    expect(await ask(bot, "T-A", "schedule")).toContain("Daily summaries in this channel");
  });

  it("a refused install (bad state) stores nothing", async () => {
    const bot = await startBot();
    const page = await fetch(`${bot.base}/slack/install`);
    expect(page.status).toBe(200);
    fake.script("oauth.v2.access", { body: ACCESS_T_A });
    const back = await fetch(`${bot.base}/slack/oauth_redirect?code=c&state=forged`, {
      headers: { cookie: "slack-app-oauth-state=forged" },
    });
    expect(back.status).toBe(400);
    expect(await installationOf(bot, "T-A")).toBeUndefined();
    expect(fake.calls.filter((c) => c.method === "oauth.v2.access")).toEqual([]);
  });

  it.each([
    ["app_uninstalled", {}],
    ["tokens_revoked", { tokens: { bot: ["UBOT-A"] } }],
  ])("%s removes the workspace's installation", async (type, fields) => {
    const bot = await startBot();
    expect((await install(bot)).status).toBe(200);
    expect(await installationOf(bot, "T-A")).toBeDefined();
    await sendEvent(bot, { type, ...fields });
    // Bolt acknowledges an event before its listener runs: wait for the listener's log line.
    await bot.logged("the installation is removed");
    expect(await installationOf(bot, "T-A")).toBeUndefined();
    expect(await ask(bot, "T-A", "schedule")).toContain("sitrep is not installed");
  });
});
