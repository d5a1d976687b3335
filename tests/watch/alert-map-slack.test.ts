// An alert's control map reaches the fake Slack API with files.uploadV2's three steps (in a
// file of its own: with the Slack client loaded, undici's multipart bodies for Discord fail);
// a watch without pictures uploads nothing.
import { webApi } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderPicture } from "../../src/answer/pictures/index.ts";
import { createSlackTransport } from "../../src/platforms/slack/transport.ts";
import { decodePng } from "../answer/pictures/picture-brief.ts";
import { type FakeSlack, startFakeSlack } from "../platforms/slack/fake-slack.ts";
import { alertOf, watch } from "./alert-fixture.ts";

let fake: FakeSlack;
let client: InstanceType<typeof webApi.WebClient>;

beforeAll(async () => {
  fake = await startFakeSlack();
  client = new webApi.WebClient("xoxb-test", {
    slackApiUrl: fake.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    logLevel: webApi.LogLevel.ERROR,
  });
});

afterAll(async () => {
  await fake?.close();
});

describe("an alert's map on Slack", () => {
  it("is uploaded to the channel with files.uploadV2", async () => {
    const alert = alertOf(watch({ target: { kind: "place", id: "saraqib" } }));
    await createSlackTransport(client).postMessage("CALERT", alert);
    const png = (await renderPicture(alert.pictures![0]!)).png;
    expect(decodePng(png).width).toBeGreaterThan(0);
    const start = await fake.callTo("files.getUploadURLExternal");
    expect(start).toMatchObject({ filename: "map-saraqib.png", length: String(png.length) });
    const done = await fake.callTo(
      "files.completeUploadExternal",
      (b) => b.channel_id === "CALERT",
    );
    const upload = fake.uploads.find((u) => JSON.stringify(done.files).includes(u.fileId));
    expect(upload?.data.includes(png)).toBe(true);
  });

  it("a watch without pictures uploads nothing", async () => {
    const plain = alertOf(watch({ target: { kind: "place", id: "saraqib" }, pictures: false }));
    await createSlackTransport(client).postMessage("CPLAIN", plain);
    await fake.callTo("chat.postMessage", (b) => b.channel === "CPLAIN");
    const uploads = fake.calls.filter((c) => c.method === "files.getUploadURLExternal");
    expect(uploads).toHaveLength(1);
  });
});
