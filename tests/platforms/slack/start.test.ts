import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { commands } from "../../../commands/index.ts";
import toll from "../../../commands/toll.ts";
import type { Answer } from "../../../src/answer/model.ts";
import { createRequestCore } from "../../../src/core/request.ts";
import type { Logger } from "../../../src/log.ts";
import { type SlackRuntime, startSlack } from "../../../src/platforms/slack/start.ts";
import { DeliveryError } from "../../../src/platforms/transport.ts";
import { chatStore } from "../../fixtures/briefs.ts";
import { recordingSubscriptions } from "../../fixtures/services.ts";
import { type FakeSlack, startFakeSlack } from "./fake-slack.ts";
import { postSigned, slashBody } from "./slack-request.ts";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const NOW = Date.parse("2024-11-30T12:00:00Z");
const NOW_SECONDS = Math.floor(NOW / 1000);

type Block = { type: string; text?: { text: string }; elements?: unknown[] };

function captureLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: "debug" }, stream), lines };
}

/** Slack's Block Kit limits for a message. */
function expectWithinBlockKitLimits(blocks: readonly Block[]): void {
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const block of blocks) {
    if (block.type === "header") expect(block.text!.text.length).toBeLessThanOrEqual(150);
    if (block.type === "section" && block.text) {
      expect(block.text.text.length).toBeLessThanOrEqual(3000);
    }
    if (block.type === "context") expect(block.elements!.length).toBeLessThanOrEqual(10);
  }
}

describe("the Slack app over HTTP", () => {
  let fake: FakeSlack;
  let slack: SlackRuntime;
  let events: string;
  let base: string;
  const subscriptions = recordingSubscriptions();
  const admin = subscriptions;
  const logs = captureLogger();

  beforeAll(async () => {
    fake = await startFakeSlack();
    fake.users.set("UOWNER", { is_owner: true });
    fake.users.set("UMEMBER", { is_admin: false, is_owner: false });
    const store = chatStore();
    slack = await startSlack({
      botToken: "xoxb-test",
      signingSecret: SECRET,
      apiUrl: fake.apiUrl,
      allowedTeams: ["T1"],
      adminUsers: ["UADMIN"],
      port: 0,
      host: "127.0.0.1",
      getStore: () => store,
      core: createRequestCore({
        commands,
        getStore: () => store,
        now: () => NOW,
        logger: logs.logger,
        services: { subscriptions: subscriptions.service },
      }),
      now: () => NOW,
      logger: logs.logger,
      extraRoutes: [
        {
          method: "GET",
          path: "/extra",
          handler: (_req, res) => {
            res.writeHead(200, { "content-type": "text/plain" });
            res.end("extra");
          },
        },
      ],
    });
    base = `http://127.0.0.1:${slack.port}`;
    events = `${base}/slack/events`;
  });

  afterAll(async () => {
    await slack?.stop();
    await fake?.close();
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  async function ask(command: string, text: string, fields: { team?: string; user?: string } = {}) {
    const responseUrl = fake.responseUrl();
    const body = slashBody({ command, text, responseUrl, ...fields });
    const reply = await postSigned(events, body, { secret: SECRET, timestamp: NOW_SECONDS });
    expect(reply.status).toBe(200);
    return fake.responseTo(responseUrl);
  }

  it("binds a real port when asked for port 0", () => {
    expect(slack.port).toBeGreaterThan(0);
  });

  it.each([
    ["/toll", "Saraqib killed"],
    ["/who-controls", "Saraqeb"],
    ["/sources", ""],
    ["/sitrep", "3d"],
  ])("answers %s %s on the response_url with blocks, only to the asker", async (command, text) => {
    const response = await ask(command, text);
    expect(response.response_type).toBe("ephemeral");
    expect(typeof response.text).toBe("string");
    expect(response.text).not.toBe("");
    const blocks = response.blocks as Block[];
    expect(blocks.some((b) => b.type === "header")).toBe(true);
    expectWithinBlockKitLimits(blocks);
  });

  it("acknowledges with an empty 200 before answering", async () => {
    const responseUrl = fake.responseUrl();
    const body = slashBody({ command: "/sources", responseUrl });
    const reply = await postSigned(events, body, { secret: SECRET, timestamp: NOW_SECONDS });
    expect(reply).toEqual({ status: 200, text: "" });
    await fake.responseTo(responseUrl);
  });

  it("posts the answer for the whole channel when the user types share", async () => {
    const response = await ask("/who-controls", "Saraqib share");
    expect(response.response_type).toBe("in_channel");
  });

  it("answers bad input with the command's usage line, not an error", async () => {
    const handle = vi.spyOn(toll, "handle");
    const response = await ask("/toll", "Saraqib at:not-a-time");
    expect(JSON.stringify(response)).toContain("Usage: /toll");
    expect(response.response_type).toBe("ephemeral");
    expect(handle).not.toHaveBeenCalled();
  });

  it("answers a failing handler with one line and an error id, and logs the details", async () => {
    vi.spyOn(toll, "handle").mockImplementation(() => {
      throw new Error("secret internals at /srv/sitrep/handler.ts:12");
    });
    const response = await ask("/toll", "Saraqib");
    const shown = JSON.stringify(response);
    const logged = logs.lines.find((l) => l.msg === "command failed");
    expect(logged).toBeDefined();
    const errorId = String(logged!.errorId);
    expect(errorId).toMatch(/^[0-9a-f]{8}$/);
    expect(shown).toContain(errorId);
    expect(shown).not.toContain("secret internals");
    expect(shown).not.toContain("handler.ts");
    expect(JSON.stringify(logged!.err)).toContain("secret internals");
  });

  it("refuses a workspace that is not allowed, without running anything", async () => {
    const handles = commands.map((c) => vi.spyOn(c, "handle"));
    const response = await ask("/toll", "Saraqib", { team: "T-OTHER" });
    expect(JSON.stringify(response)).toContain("not enabled for this workspace");
    for (const handle of handles) expect(handle).not.toHaveBeenCalled();
  });

  describe("refuses requests that are not signed right, with 401 and nothing run", () => {
    const body = () =>
      slashBody({ command: "/toll", text: "Saraqib", responseUrl: fake.responseUrl() });
    it.each([
      ["a forged signature", { signature: `v0=${"0".repeat(64)}` }],
      ["a signature made with another secret", { secret: "not-the-secret" }],
      ["a missing signature", { signature: null }],
      ["a timestamp more than 5 minutes old", { timestamp: NOW_SECONDS - 301 }],
      ["a timestamp more than 5 minutes ahead", { timestamp: NOW_SECONDS + 301 }],
    ])("%s", async (_name, change) => {
      const handles = commands.map((c) => vi.spyOn(c, "handle"));
      const received = fake.responses.length;
      const reply = await postSigned(events, body(), {
        secret: SECRET,
        timestamp: NOW_SECONDS,
        ...change,
      });
      expect(reply.status).toBe(401);
      // The 401 is written before Bolt sees the request, so nothing can still be on its way.
      for (const handle of handles) expect(handle).not.toHaveBeenCalled();
      expect(fake.responses.length).toBe(received);
    });

    it("a body changed after signing", async () => {
      const signedBody = body();
      const { signSlackRequest } = await import("../../../src/platforms/slack/verify.ts");
      const signature = signSlackRequest(SECRET, NOW_SECONDS, signedBody);
      const tampered = signedBody.replace("Saraqib", "Idlib");
      const reply = await postSigned(events, tampered, {
        secret: SECRET,
        timestamp: NOW_SECONDS,
        signature,
      });
      expect(reply.status).toBe(401);
    });
  });

  describe("the /sitrep admin subcommands", () => {
    it("pass SLACK_ADMIN_USERS members on as admins without asking Slack", async () => {
      const before = fake.calls.filter((c) => c.method === "users.info").length;
      const response = await ask("/sitrep", "subscribe 07:30 Europe/Berlin", { user: "UADMIN" });
      expect(JSON.stringify(response)).toContain("Admin subscribe");
      const call = admin.calls.at(-1)!;
      expect(call).toMatchObject({
        subcommand: "subscribe",
        args: { time: "07:30", timezone: "Europe/Berlin" },
        origin: {
          platform: "slack",
          workspace: "T1",
          channel: "C1",
          user: "UADMIN",
          isAdmin: true,
        },
      });
      expect(fake.calls.filter((c) => c.method === "users.info").length).toBe(before);
    });

    it("treat a workspace owner per users.info as an admin", async () => {
      await ask("/sitrep", "unsubscribe", { user: "UOWNER" });
      expect(admin.calls.at(-1)!.origin.isAdmin).toBe(true);
      expect(fake.calls.at(-1)).toMatchObject({ method: "users.info", body: { user: "UOWNER" } });
    });

    it("treat a plain member as not an admin", async () => {
      await ask("/sitrep", "schedule", { user: "UMEMBER" });
      expect(admin.calls.at(-1)!.origin.isAdmin).toBe(false);
    });

    it("treat a user as not an admin when users.info fails", async () => {
      // UOWNER would be an admin if Slack answered.
      fake.script("users.info", { body: { ok: false, error: "fatal_error" } });
      const calls = admin.calls.length;
      const response = await ask("/sitrep", "unsubscribe", { user: "UOWNER" });
      expect(JSON.stringify(response)).toContain("Only workspace admins can stop");
      expect(admin.calls.length).toBe(calls);
    });
  });

  describe("other routes on the same port", () => {
    it("serve GET /healthz", async () => {
      const response = await fetch(`${base}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true });
    });

    it("serve the extra routes", async () => {
      const response = await fetch(`${base}/extra`);
      expect(await response.text()).toBe("extra");
    });

    it("answer 404 elsewhere", async () => {
      const response = await fetch(`${base}/nope`);
      expect(response.status).toBe(404);
    });
  });

  describe("the transport", () => {
    const answer: Answer = {
      kind: "answer",
      title: "Daily sitrep: Test offensive",
      sections: [{ title: "Control", facts: [{ text: "HTS entered Saraqib" }] }],
      footer: "test-brief, as of 30 Nov",
    };

    it("posts with chat.postMessage, blocks and a text fallback, and no unfurls", async () => {
      const ts = await slack.transport.postMessage("C-DAILY", answer);
      expect(ts).toBe("1732968000.000100");
      const call = fake.calls.filter((c) => c.method === "chat.postMessage").at(-1)!;
      expect(call.body).toMatchObject({
        channel: "C-DAILY",
        unfurl_links: "false",
        unfurl_media: "false",
      });
      expect(String(call.body.text)).not.toBe("");
      expectWithinBlockKitLimits(call.body.blocks as Block[]);
      expect((call.body.blocks as Block[]).some((b) => b.type === "header")).toBe(true);
    });

    it("keeps a very long answer within Block Kit limits", async () => {
      const long: Answer = {
        kind: "answer",
        title: `Daily sitrep ${"x".repeat(300)}`,
        sections: Array.from({ length: 40 }, (_, i) => ({
          title: `Section ${i}`,
          facts: Array.from({ length: 20 }, (_, j) => ({ text: `Fact ${j} ${"y".repeat(400)}` })),
        })),
        notes: Array.from({ length: 30 }, (_, i) => `Note ${i}`),
      };
      await slack.transport.postMessage("C-DAILY", long);
      const call = fake.calls.filter((c) => c.method === "chat.postMessage").at(-1)!;
      expectWithinBlockKitLimits(call.body.blocks as Block[]);
    });

    it("turns a 429 into DeliveryError rate_limited with Retry-After in ms", async () => {
      fake.script("chat.postMessage", { status: 429, headers: { "retry-after": "7" }, body: {} });
      const error = await slack.transport.postMessage("C-DAILY", answer).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeliveryError);
      expect(error).toMatchObject({ code: "rate_limited", retryAfterMs: 7000 });
    });

    it.each([
      "channel_not_found",
      "not_in_channel",
      "is_archived",
      "missing_scope",
      "account_inactive",
    ])("turns %s into DeliveryError no_access", async (slackError) => {
      fake.script("chat.postMessage", { body: { ok: false, error: slackError } });
      const error = await slack.transport.postMessage("C-GONE", answer).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeliveryError);
      expect(error).toMatchObject({ code: "no_access" });
    });

    it("turns other Slack errors into DeliveryError failed", async () => {
      fake.script("chat.postMessage", { body: { ok: false, error: "msg_too_long" } });
      const error = await slack.transport.postMessage("C-DAILY", answer).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "failed" });
    });
  });
});

describe("the Slack app without a scheduler", () => {
  let fake: FakeSlack;
  let slack: SlackRuntime;

  beforeAll(async () => {
    fake = await startFakeSlack();
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
      core: createRequestCore({
        commands,
        getStore: () => store,
        now: () => NOW,
        logger: pino({ level: "silent" }),
      }),
      now: () => NOW,
      logger: pino({ level: "silent" }),
    });
  });

  afterAll(async () => {
    await slack?.stop();
    await fake?.close();
  });

  it("says daily summaries are not set up for /sitrep subscribe", async () => {
    const responseUrl = fake.responseUrl();
    const body = slashBody({
      command: "/sitrep",
      text: "subscribe 07:30",
      responseUrl,
      user: "UADMIN",
    });
    const reply = await postSigned(`http://127.0.0.1:${slack.port}/slack/events`, body, {
      secret: SECRET,
      timestamp: NOW_SECONDS,
    });
    expect(reply.status).toBe(200);
    expect(JSON.stringify(await fake.responseTo(responseUrl))).toContain(
      "Daily summaries are not set up",
    );
  });

  it("answers any workspace when no allow-list is set", async () => {
    const responseUrl = fake.responseUrl();
    const body = slashBody({ command: "/sources", team: "T-ANY", responseUrl });
    await postSigned(`http://127.0.0.1:${slack.port}/slack/events`, body, {
      secret: SECRET,
      timestamp: NOW_SECONDS,
    });
    const response = await fake.responseTo(responseUrl);
    expect((response.blocks as Block[]).some((b) => b.type === "header")).toBe(true);
  });
});
