// Pictures on Slack: a channel post and a shared answer upload the PNG with files.uploadV2
// (its three steps reach the fake Slack API); a private answer says plainly why it has none.

import { Writable } from "node:stream";
import { webApi } from "@slack/bolt";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import toll from "../../../commands/toll.ts";
import { renderPicture } from "../../../src/answer/pictures/index.ts";
import type { CommandContext } from "../../../src/core/types.ts";
import { silentLogger } from "../../../src/log.ts";
import { createPictureLinks } from "../../../src/platforms/picture-links.ts";
import { type SlackRuntime, startSlack } from "../../../src/platforms/slack/start.ts";
import { createSlackTransport } from "../../../src/platforms/slack/transport.ts";
import { openSqliteState, type SqliteStateStore } from "../../../src/state/sqlite/index.ts";
import { AT, pictureBrief } from "../../answer/pictures/picture-brief.ts";
import { testCore } from "../../fixtures/briefs.ts";
import { tempDbPath } from "../../schedule/helpers.ts";
import { type FakeSlack, startFakeSlack } from "./fake-slack.ts";
import { postSigned, slashBody } from "./slack-request.ts";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const brief = pictureBrief();
const store = { briefs: new Map([[brief.id, brief]]), root: "/fixtures", loadedAt: AT };

let fake: FakeSlack;
let slack: SlackRuntime;

/** The Slack app on loopback over the fake API, with `extra` settings on top. */
function startTestSlack(extra: Partial<Parameters<typeof startSlack>[0]> = {}) {
  return startSlack({
    botToken: "xoxb-test",
    signingSecret: SECRET,
    apiUrl: fake.apiUrl,
    allowedTeams: ["T1"],
    adminUsers: [],
    port: 0,
    host: "127.0.0.1",
    core: testCore(store, { now: AT }),
    getStore: () => store,
    now: () => AT,
    logger: silentLogger,
    ...extra,
  });
}

/** `/toll <text>` as Slack sends it, signed, from `channel`; the reply and the response_url body. */
async function askToll(runtime: SlackRuntime, text: string, channel: string) {
  const responseUrl = fake.responseUrl();
  const body = slashBody({ command: "/toll", text, responseUrl, channel });
  const reply = await postSigned(`http://127.0.0.1:${runtime.port}/slack/events`, body, {
    secret: SECRET,
    timestamp: Math.floor(AT / 1000),
  });
  return { reply, response: await fake.responseTo(responseUrl) };
}

beforeAll(async () => {
  fake = await startFakeSlack();
  slack = await startTestSlack();
});

afterAll(async () => {
  await slack?.stop();
  await fake?.close();
});

async function expectUploaded(channel: string, png: Buffer): Promise<void> {
  const start = await fake.callTo("files.getUploadURLExternal");
  expect(start).toMatchObject({ filename: "toll-north-killed.png", length: String(png.length) });
  const done = await fake.callTo("files.completeUploadExternal", (b) => b.channel_id === channel);
  expect(JSON.parse(String(done.files))).toEqual([
    { id: expect.any(String), title: "Chart of killed in North" },
  ]);
  const upload = fake.uploads.find((u) => JSON.stringify(done.files).includes(u.fileId));
  expect(upload?.data.includes(png)).toBe(true);
}

describe("pictures on Slack", () => {
  it("a channel post sends the answer, then uploads its picture to the channel", async () => {
    const client = new webApi.WebClient("xoxb-test", {
      slackApiUrl: fake.apiUrl,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      logLevel: webApi.LogLevel.ERROR,
    });
    const ctx = { store, brief, at: AT, now: AT } as unknown as CommandContext;
    const answer = toll.handle({ place: "North chart", metric: "killed" } as never, ctx);
    await createSlackTransport(client).postMessage("CPOST", answer);
    const post = await fake.callTo("chat.postMessage", (b) => b.channel === "CPOST");
    expect(JSON.stringify(post.blocks)).not.toContain("cannot attach");
    await expectUploaded("CPOST", (await renderPicture(answer.pictures![0]!)).png);
  });

  it("a shared answer is posted in the channel and its chart uploaded there", async () => {
    const { reply, response } = await askToll(slack, "North killed chart share", "CSHARE");
    expect(reply.status).toBe(200);
    expect(response.response_type).toBe("in_channel");
    const start = await fake.callTo(
      "files.completeUploadExternal",
      (b) => b.channel_id === "CSHARE",
    );
    expect(start).toBeDefined();
  });

  it("a private answer keeps its text and says why the chart is not with it", async () => {
    const { response } = await askToll(slack, "North killed chart", "CPRIV");
    expect(response.response_type).toBe("ephemeral");
    const text = JSON.stringify(response.blocks);
    expect(text).toContain("more than 255");
    expect(text).toContain("Slack cannot attach to an answer only you can see");
    expect(
      fake.calls.some(
        (c) => c.method === "files.completeUploadExternal" && c.body.channel_id === "CPRIV",
      ),
    ).toBe(false);
  });
});

describe("pictures on Slack with PUBLIC_URL", () => {
  let clock = AT;
  let linked: SlackRuntime;
  // A second instance on the same state database, as behind a load balancer.
  let other: SlackRuntime;
  const temp = tempDbPath();
  const states: SqliteStateStore[] = [];

  beforeAll(async () => {
    const start = (state: SqliteStateStore) => {
      states.push(state);
      const links = createPictureLinks("https://sitrep.example.org/", state.pictures, () => clock);
      return startTestSlack({ pictureLinks: links, extraRoutes: [links.route] });
    };
    linked = await start(openSqliteState(temp.path));
    other = await start(openSqliteState(temp.path));
  });

  afterAll(async () => {
    await linked?.stop();
    await other?.stop();
    for (const state of states) await state.close();
    temp.cleanup();
  });

  it("a private answer shows its chart from an unguessable link that expires, on any instance", async () => {
    const { response } = await askToll(linked, "North killed chart", "CLINK");
    expect(response.response_type).toBe("ephemeral");
    const blocks = response.blocks as { type: string; image_url?: string; alt_text?: string }[];
    const image = blocks.find((b) => b.type === "image");
    expect(image?.alt_text).toContain("Chart of killed in North");
    const url = new URL(image!.image_url!);
    expect(`${url.origin}${url.pathname}`).toBe("https://sitrep.example.org/pictures");
    expect(url.searchParams.get("t")).toMatch(/^[A-Za-z0-9_-]{32}$/);
    for (const runtime of [linked, other]) {
      const served = await fetch(`http://127.0.0.1:${runtime.port}/pictures${url.search}`);
      expect(served.status).toBe(200);
      expect(served.headers.get("content-type")).toBe("image/png");
      expect(
        Buffer.from(await served.arrayBuffer())
          .subarray(1, 4)
          .toString(),
      ).toBe("PNG");
    }
    expect((await fetch(`http://127.0.0.1:${linked.port}/pictures?t=guess`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${linked.port}/pictures`)).status).toBe(404);
    clock += 2 * 60 * 60 * 1000;
    expect((await fetch(`http://127.0.0.1:${other.port}/pictures${url.search}`)).status).toBe(404);
  });
});

describe("pictures on Slack when the state store cannot keep the link", () => {
  it("answers without the chart and logs which step failed", async () => {
    const logged: { msg?: string }[] = [];
    const logger = pino(
      { level: "error" },
      new Writable({
        write(chunk, _encoding, done) {
          logged.push(JSON.parse(String(chunk)));
          done();
        },
      }),
    );
    const failing = {
      put: async () => {
        throw new Error("state store unavailable");
      },
      get: async () => undefined,
      sweep: async () => {},
    };
    const links = createPictureLinks("https://sitrep.example.org/", failing, () => AT);
    const runtime = await startTestSlack({ pictureLinks: links, logger });
    try {
      const { response } = await askToll(runtime, "North killed chart", "CFAIL");
      expect(response.response_type).toBe("ephemeral");
      const blocks = response.blocks as { type: string }[];
      expect(blocks.some((b) => b.type === "image")).toBe(false);
      expect(JSON.stringify(blocks)).toContain("North");
      expect(logged.map((l) => l.msg)).toContain(
        "could not keep the picture's link in the state store",
      );
      expect(logged.map((l) => l.msg)).not.toContain("could not draw the picture");
    } finally {
      await runtime.stop();
    }
  });
});
