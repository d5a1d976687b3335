// Slack in many workspaces, end to end on loopback: the whole bot (startApp) with the three OAuth
// settings, Bolt on 127.0.0.1:0 and the Web API pointed at the fake Slack. An install walks
// GET /slack/install (state cookie) and GET /slack/oauth_redirect (code + state, cookie sent
// back); the fake's oauth.v2.access hands out team T-A's bot token; after that, a signed command
// from T-A is answered with T-A's token, a daily post and an alert to a T-A channel go out with it, a
// workspace with no installation is told so, and an uninstall or a revoked token removes it.
import { EventEmitter } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
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
import { botAccess, walkInstall } from "./oauth-flow.ts";
import { postSigned, slashBody } from "./slack-request.ts";

const SIGNING = "8f742231b10e8888abcd99yyyzzz85a5";
const TOKEN_A = "xoxb-team-a-0123456789";
const PUBLIC_URL = "https://sitrep.example.org";

const ACCESS_T_A = botAccess("T-A", TOKEN_A);

interface Running {
  readonly app: App;
  readonly base: string;
  readonly state: string;
  /** The brief folder's files, to edit. */
  file(path: string): string;
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
  const brief = writeValidBrief();
  const config = readConfig({
    BRIEFS_DIR: brief.root,
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
  running = {
    app,
    base: `http://127.0.0.1:${app.port}`,
    state,
    file: (path) => brief.file(path),
    logs,
    logged,
  };
  return running;
}

/** The install flow, checking the install page's Add to Slack link on the way. */
async function install(bot: Running) {
  const walked = await walkInstall(bot.base, fake, ACCESS_T_A, "code-for-T-A");
  expect(walked.state).toBeDefined();
  // The "Add to Slack" link: our client id, the bot scopes, the state, the redirect URL.
  const { link } = walked;
  expect(link.origin + link.pathname).toBe("https://slack.com/oauth/v2/authorize");
  expect(link.searchParams.get("client_id")).toBe("1111.2222");
  expect(link.searchParams.get("state")).toBe(walked.state);
  expect(link.searchParams.get("scope")).toContain("chat:write");
  expect(link.searchParams.get("redirect_uri")).toBe(`${PUBLIC_URL}/slack/oauth_redirect`);
  return walked;
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
async function ask(bot: Running, team: string, text: string, command = "/sitrep") {
  const responseUrl = fake.responseUrl();
  const body = slashBody({
    command,
    text,
    team,
    user: "UOWNER-A",
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
    authorizations: [{ enterprise_id: null, team_id: "T-A", user_id: "UBOT-T-A", is_bot: true }],
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
      bot: { token: TOKEN_A, userId: "UBOT-T-A" },
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

    // An alert on a place the channel watches goes out with T-A's token too.
    expect(await ask(bot, "T-A", "Saraqib", "/watch")).toContain("Watch added");
    writeFileSync(
      bot.file("claims/2024-12-01.yaml"),
      "- type: control\n  source: afp\n  reported: 2024-12-01T09:00:00Z\n  place: saraqib\n  actor: hts\n  status: controls\n",
    );
    await bot.app.live.reload();
    await fake.callTo("chat.postMessage", (body) => String(body.text).includes("Alert: Saraqib"));
    const alert = fake.calls.find(
      (c) => c.method === "chat.postMessage" && String(c.body.text).includes("Alert: Saraqib"),
    )!;
    expect([alert.body.channel, alert.token]).toEqual(["C-T-A", TOKEN_A]);

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
    ["tokens_revoked", { tokens: { bot: ["UBOT-T-A"] } }],
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
