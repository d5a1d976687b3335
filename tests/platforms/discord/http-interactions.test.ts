import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commands } from "../../../commands/index.ts";
import type { Answer } from "../../../src/answer/model.ts";
import { createRequestCore } from "../../../src/core/request.ts";
import type { Services } from "../../../src/core/types.ts";
import { silentLogger } from "../../../src/log.ts";
import {
  type DiscordInteractionsOptions,
  discordInteractionsRoute,
} from "../../../src/platforms/discord/http-interactions.ts";
import { type RunningServer, startHttpServer } from "../../../src/platforms/http.ts";
import { chatStore } from "../../fixtures/briefs.ts";
import { recordingSubscriptions } from "../../fixtures/services.ts";
import { type FakeDiscord, messageProblems, startFakeDiscord } from "./fake-discord.ts";

const NOW = Date.UTC(2024, 11, 1, 12, 0, 0);
const APP = "4242";

function keyPair(): { publicHex: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const der = publicKey.export({ format: "der", type: "spki" });
  return { publicHex: der.subarray(der.length - 32).toString("hex"), privateKey };
}

const signer = keyPair();
let server: RunningServer;
let fake: FakeDiscord;

async function start(
  extra: Partial<Omit<DiscordInteractionsOptions, "core">> & { services?: Services } = {},
): Promise<void> {
  const { services = {}, ...rest } = extra;
  const getStore = () => chatStore();
  const route = discordInteractionsRoute({
    publicKey: signer.publicHex,
    applicationId: APP,
    core: createRequestCore({ commands, getStore, now: () => NOW, logger: silentLogger, services }),
    getStore,
    now: () => NOW,
    logger: silentLogger,
    apiUrl: fake.apiUrl,
    ...rest,
  });
  server = await startHttpServer([route], 0, "127.0.0.1");
}

beforeEach(async () => {
  fake = await startFakeDiscord();
});

afterEach(async () => {
  await server?.close();
  await fake.close();
});

interface Post {
  body: string;
  timestamp?: string;
  key?: KeyObject;
  signBody?: string;
  headers?: boolean;
}

async function post({ body, timestamp, key, signBody, headers = true }: Post): Promise<Response> {
  const ts = timestamp ?? String(Math.floor(NOW / 1000));
  const signature = sign(null, Buffer.from(ts + (signBody ?? body)), key ?? signer.privateKey);
  return fetch(`http://127.0.0.1:${server.port}/discord/interactions`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(headers
        ? { "x-signature-ed25519": signature.toString("hex"), "x-signature-timestamp": ts }
        : {}),
    },
    body,
  });
}

function commandPayload(name: string, options: object[], extra: object = {}) {
  return JSON.stringify({
    id: "9001",
    application_id: APP,
    type: 2,
    token: "interaction-token",
    version: 1,
    guild_id: "777",
    channel_id: "888",
    channel: { id: "888", type: 0 },
    member: {
      user: {
        id: "555",
        username: "alice",
        discriminator: "0",
        global_name: "Alice",
        avatar: null,
      },
      roles: [],
      permissions: "32",
      joined_at: "2024-01-01T00:00:00.000Z",
      deaf: false,
      mute: false,
      flags: 0,
    },
    data: { id: "6001", name, type: 1, options },
    ...extra,
  });
}

const ping = JSON.stringify({ id: "1", application_id: APP, type: 1, token: "t", version: 1 });

describe("discordInteractionsRoute: signatures", () => {
  beforeEach(() => start());

  it("answers a signed PING with a PONG", async () => {
    const res = await post({ body: ping });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 1 });
  });

  it("refuses a body that is not the one that was signed", async () => {
    const res = await post({ body: ping, signBody: ping.replace('"t"', '"u"') });
    expect(res.status).toBe(401);
  });

  it("refuses a request signed with another key", async () => {
    const res = await post({ body: ping, key: keyPair().privateKey });
    expect(res.status).toBe(401);
  });

  it("refuses a request without the signature headers", async () => {
    const res = await post({ body: ping, headers: false });
    expect(res.status).toBe(401);
  });

  it("refuses a replayed request whose timestamp is more than five minutes old", async () => {
    const old = String(Math.floor(NOW / 1000) - 6 * 60);
    const res = await post({ body: ping, timestamp: old });
    expect(res.status).toBe(401);
  });
});

describe("discordInteractionsRoute: commands and autocomplete", () => {
  it("answers a slash command ephemerally with a valid embed message", async () => {
    await start();
    const res = await post({
      body: commandPayload("who-controls", [{ name: "place", type: 3, value: "saraqib" }]),
    });
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { type: number; data: { flags?: number } };
    expect(reply.type).toBe(4);
    expect(reply.data.flags).toBe(64);
    expect(messageProblems(reply.data, "callback")).toEqual([]);
  });

  it("posts for the whole channel when share is true", async () => {
    await start();
    const res = await post({
      body: commandPayload("toll", [{ name: "share", type: 5, value: true }]),
    });
    const reply = (await res.json()) as { type: number; data: { flags?: number } };
    expect(reply.type).toBe(4);
    expect(reply.data.flags).toBeUndefined();
    expect(messageProblems(reply.data, "callback")).toEqual([]);
  });

  it("offers Saraqib, by id, when the user types the alias Saraqeb", async () => {
    await start();
    const res = await post({
      body: commandPayload(
        "who-controls",
        [{ name: "place", type: 3, value: "Saraqeb", focused: true }],
        { type: 4 },
      ),
    });
    const reply = (await res.json()) as {
      type: number;
      data: { choices: { name: string; value: string }[] };
    };
    expect(reply.type).toBe(8);
    expect(reply.data.choices[0]).toEqual({ name: "Saraqib (Saraqeb) · town", value: "saraqib" });
    expect(reply.data.choices.length).toBeLessThanOrEqual(25);
  });

  it("completes sources from their aliases", async () => {
    await start();
    const res = await post({
      body: commandPayload("sources", [{ name: "name", type: 3, value: "OSDH", focused: true }], {
        type: 4,
      }),
    });
    const reply = (await res.json()) as { data: { choices: { value: string }[] } };
    expect(reply.data.choices.map((c) => c.value)).toContain("sohr");
  });

  it("completes IANA time zones for /sitrep subscribe", async () => {
    await start();
    const res = await post({
      body: commandPayload(
        "sitrep",
        [
          {
            name: "subscribe",
            type: 1,
            options: [{ name: "timezone", type: 3, value: "berl", focused: true }],
          },
        ],
        { type: 4 },
      ),
    });
    const reply = (await res.json()) as { data: { choices: { value: string }[] } };
    expect(reply.data.choices.map((c) => c.value)).toContain("Europe/Berlin");
  });

  it("refuses servers outside DISCORD_ALLOWED_GUILDS", async () => {
    await start({ allowedGuilds: ["1"] });
    const res = await post({
      body: commandPayload("who-controls", [{ name: "place", type: 3, value: "saraqib" }]),
    });
    const reply = (await res.json()) as { data: { flags?: number; embeds: unknown[] } };
    expect(reply.data.flags).toBe(64);
    expect(JSON.stringify(reply.data.embeds)).toContain("does not answer in this server");
  });
});

describe("discordInteractionsRoute: /sitrep subcommands", () => {
  const done: Answer = { kind: "answer", title: "Reloaded", sections: [] };
  const subscribe = [
    {
      name: "subscribe",
      type: 1,
      options: [
        { name: "time", type: 3, value: "07:30" },
        { name: "timezone", type: 3, value: "Europe/Berlin" },
      ],
    },
  ];

  it("hands the subcommand and its typed options to the core, with Manage Server as admin", async () => {
    const subscriptions = recordingSubscriptions();
    await start({ services: { subscriptions: subscriptions.service } });
    const res = await post({ body: commandPayload("sitrep", subscribe) });
    const reply = (await res.json()) as { type: number; data: object };
    expect(reply.type).toBe(4);
    expect(messageProblems(reply.data, "callback")).toEqual([]);
    expect(subscriptions.calls).toEqual([
      {
        subcommand: "subscribe",
        args: { brief: "test-brief", time: "07:30", timezone: "Europe/Berlin" },
        origin: {
          platform: "discord",
          workspace: "777",
          channel: "888",
          user: "555",
          isAdmin: true,
        },
      },
    ]);
  });

  it("acknowledges a slow answer first and edits the reply when it is ready", async () => {
    let finish: (answer: Answer) => void = () => {};
    const slow = new Promise<Answer>((resolve) => {
      finish = resolve;
    });
    await start({ services: { reload: () => slow }, deferAfterMs: 0 });
    const res = await post({ body: commandPayload("sitrep", [{ name: "reload", type: 1 }]) });
    expect(await res.json()).toEqual({ type: 5, data: { flags: 64 } });
    finish(done);
    const edit = await fake.waitFor((r) => r.method === "PATCH");
    expect(edit.path).toBe(`/webhooks/${APP}/interaction-token/messages/@original`);
    expect(messageProblems(edit.body, "webhook")).toEqual([]);
  });
});
