// Pictures on Discord: a channel post and a reply (over HTTP interactions, ephemeral) carry the
// PNG as a multipart file, and the embed's image points at it by name.

import { generateKeyPairSync, sign } from "node:crypto";
import type { REST } from "discord.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import toll from "../../../commands/toll.ts";
import type { CommandContext } from "../../../src/core/types.ts";
import { silentLogger } from "../../../src/log.ts";
import { discordInteractionsRoute } from "../../../src/platforms/discord/http-interactions.ts";
import { createDiscordRest } from "../../../src/platforms/discord/rest.ts";
import { createDiscordTransport } from "../../../src/platforms/discord/transport.ts";
import { type RunningServer, startHttpServer } from "../../../src/platforms/http.ts";
import { AT, decodePng, pictureBrief } from "../../answer/pictures/picture-brief.ts";
import { testCore } from "../../fixtures/briefs.ts";
import { type FakeDiscord, messageProblems, startFakeDiscord } from "./fake-discord.ts";

const brief = pictureBrief();
const store = { briefs: new Map([[brief.id, brief]]), root: "/fixtures", loadedAt: AT };

let fake: FakeDiscord;
let rest: REST | undefined;
let server: RunningServer | undefined;

beforeEach(async () => {
  fake = await startFakeDiscord();
});

afterEach(async () => {
  rest?.clearHashSweeper();
  rest?.clearHandlerSweeper();
  await server?.close();
  await fake.close();
});

function expectPictureMessage(
  request: (typeof fake.requests)[number],
  kind: "channel" | "webhook",
) {
  expect(request.headers["content-type"]).toMatch(/^multipart\/form-data/);
  const body = request.body as {
    embeds: { image?: { url: string } }[];
    attachments: { id: string; filename: string; description: string }[];
  };
  expect(messageProblems(body, kind)).toEqual([]);
  expect(body.embeds.at(-1)!.image).toEqual({ url: "attachment://toll-north-killed.png" });
  expect(body.attachments).toEqual([
    {
      id: "0",
      filename: "toll-north-killed.png",
      description: expect.stringContaining("Chart of killed in North"),
    },
  ]);
  expect(request.files).toHaveLength(1);
  const [file] = request.files!;
  expect(file).toMatchObject({
    field: "files[0]",
    name: "toll-north-killed.png",
    contentType: "image/png",
  });
  const image = decodePng(file!.data);
  expect(image.width).toBe(1200);
}

describe("pictures on Discord", () => {
  it("a channel post uploads the PNG with the message", async () => {
    rest = createDiscordRest("bot-token", { apiUrl: fake.apiUrl });
    const ctx = { store, brief, at: AT, now: AT } as unknown as CommandContext;
    const answer = toll.handle({ place: "North chart", metric: "killed" } as never, ctx);
    await createDiscordTransport(rest).postMessage("123", answer);
    const [post] = fake.requests;
    expect(post).toMatchObject({ method: "POST", path: "/channels/123/messages" });
    expectPictureMessage(post!, "channel");
  });

  it("an ephemeral reply is deferred, then edited with the PNG attached", async () => {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const der = publicKey.export({ format: "der", type: "spki" });
    const route = discordInteractionsRoute({
      publicKey: der.subarray(der.length - 32).toString("hex"),
      applicationId: "4242",
      core: testCore(store, { now: AT }),
      getStore: () => store,
      now: () => AT,
      logger: silentLogger,
      apiUrl: fake.apiUrl,
    });
    server = await startHttpServer([route], 0, "127.0.0.1");
    const body = JSON.stringify({
      id: "9001",
      application_id: "4242",
      type: 2,
      token: "interaction-token",
      version: 1,
      channel_id: "888",
      user: {
        id: "555",
        username: "alice",
        discriminator: "0",
        global_name: "Alice",
        avatar: null,
      },
      data: {
        id: "6001",
        name: "toll",
        type: 1,
        options: [
          { name: "place", type: 3, value: "North chart" },
          { name: "metric", type: 3, value: "killed" },
        ],
      },
    });
    const ts = String(Math.floor(AT / 1000));
    const signature = sign(null, Buffer.from(ts + body), privateKey).toString("hex");
    const res = await fetch(`http://127.0.0.1:${server.port}/discord/interactions`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-signature-ed25519": signature,
        "x-signature-timestamp": ts,
      },
      body,
    });
    expect(await res.json()).toEqual({ type: 5, data: { flags: 64 } });
    const edit = await fake.waitFor((r) => r.method === "PATCH");
    expect(edit.path).toBe("/webhooks/4242/interaction-token/messages/@original");
    expectPictureMessage(edit, "webhook");
  });
});
