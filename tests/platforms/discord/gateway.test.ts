import { Writable } from "node:stream";
import type { Client } from "discord.js";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commands } from "../../../commands/index.ts";
import type { Answer } from "../../../src/answer/model.ts";
import { createRequestCore } from "../../../src/core/request.ts";
import type { Services } from "../../../src/core/types.ts";
import { type Logger, silentLogger } from "../../../src/log.ts";
import {
  attachDiscordHandlers,
  createDiscordClient,
} from "../../../src/platforms/discord/gateway.ts";
import type { Store } from "../../../src/store/types.ts";
import { chatStore } from "../../fixtures/briefs.ts";
import { recordingSubscriptions } from "../../fixtures/services.ts";
import {
  type FakeDiscord,
  messageProblems,
  type RecordedRequest,
  startFakeDiscord,
} from "./fake-discord.ts";

const NOW = Date.UTC(2024, 11, 1, 12, 0, 0);
const APP = "4242";

let fake: FakeDiscord;
let client: Client;
let serial = 0;

beforeEach(async () => {
  fake = await startFakeDiscord();
  client = createDiscordClient({ apiUrl: fake.apiUrl });
  client.rest.setToken("bot-token");
});

afterEach(async () => {
  await client.destroy();
  await fake.close();
});

interface AttachOptions {
  readonly getStore?: () => Store;
  readonly logger?: Logger;
  readonly services?: Services;
  readonly deferAfterMs?: number;
}

/** The handlers over the request core, as the bot wires them. */
function attach(extra: AttachOptions = {}): void {
  const getStore = extra.getStore ?? (() => chatStore());
  const logger = extra.logger ?? silentLogger;
  const services = extra.services ?? {};
  attachDiscordHandlers(client, {
    core: createRequestCore({ commands, getStore, now: () => NOW, logger, services }),
    getStore,
    now: () => NOW,
    logger,
    ...(extra.deferAfterMs === undefined ? {} : { deferAfterMs: extra.deferAfterMs }),
  });
}

/** Feeds a raw INTERACTION_CREATE payload, shaped as Discord sends it, to the client. */
function receive(
  name: string,
  options: object[],
  { type = 2, permissions = "0" } = {},
): { token: string } {
  serial += 1;
  const token = `token-${serial}`;
  const raw = {
    id: String(9000 + serial),
    application_id: APP,
    type,
    token,
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
      permissions,
      joined_at: "2024-01-01T00:00:00.000Z",
      deaf: false,
      mute: false,
      flags: 0,
    },
    app_permissions: "0",
    locale: "en-US",
    entitlements: [],
    authorizing_integration_owners: { "0": "777" },
    context: 0,
    data: { id: "6001", name, type: 1, options },
  };
  (
    client as unknown as { actions: { InteractionCreate: { handle(d: unknown): void } } }
  ).actions.InteractionCreate.handle(raw);
  return { token };
}

function callbackOf(token: string): Promise<RecordedRequest> {
  return fake.waitFor((r) => r.method === "POST" && r.path.endsWith(`/${token}/callback`));
}

describe("Discord gateway mode", () => {
  it("replies to a slash command with an ephemeral embed message through the callback", async () => {
    attach();
    const { token } = receive("who-controls", [{ name: "place", type: 3, value: "saraqib" }]);
    const callback = await callbackOf(token);
    const body = callback.body as { type: number; data: { flags?: number } };
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(64);
    expect(messageProblems(body.data, "callback")).toEqual([]);
  });

  it("replies for the whole channel when share is true", async () => {
    attach();
    const { token } = receive("toll", [
      { name: "metric", type: 3, value: "killed" },
      { name: "share", type: 5, value: true },
    ]);
    const body = (await callbackOf(token)).body as { type: number; data: { flags?: number } };
    expect(body.type).toBe(4);
    expect(body.data.flags ?? 0).toBe(0);
    expect(messageProblems(body.data, "callback")).toEqual([]);
  });

  it("answers autocomplete for a place with alias matches, values being ids", async () => {
    attach();
    const { token } = receive(
      "toll",
      [{ name: "place", type: 3, value: "Saraqeb", focused: true }],
      { type: 4 },
    );
    const body = (await callbackOf(token)).body as {
      type: number;
      data: { choices: { name: string; value: string }[] };
    };
    expect(body.type).toBe(8);
    expect(body.data.choices[0]?.value).toBe("saraqib");
    expect(body.data.choices.every((c) => c.name.length <= 100)).toBe(true);
  });

  it("answers a failure with one short line and an error id that is in the log", async () => {
    const lines: { errorId?: string; msg?: string }[] = [];
    const logger = pino(
      { level: "error" },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(JSON.parse(String(chunk)));
          done();
        },
      }),
    );
    attach({
      logger,
      getStore: () => {
        throw new Error("store exploded");
      },
    });
    const { token } = receive("who-controls", [{ name: "place", type: 3, value: "saraqib" }]);
    const body = (await callbackOf(token)).body as { data: object };
    expect(messageProblems(body.data, "callback")).toEqual([]);
    const text = JSON.stringify(body.data);
    const id = /Error id ([0-9a-f]+)/.exec(text)?.[1];
    expect(id).toBeDefined();
    expect(text).not.toContain("store exploded");
    expect(lines.some((l) => l.errorId === id)).toBe(true);
  });

  it("defers a slow answer, then edits the reply through the interaction webhook", async () => {
    const done: Answer = { kind: "answer", title: "Reloaded", sections: [] };
    attach({
      deferAfterMs: 0,
      services: { reload: () => new Promise((resolve) => setTimeout(() => resolve(done), 50)) },
    });
    const { token } = receive("sitrep", [{ name: "reload", type: 1, options: [] }], {
      permissions: "32",
    });
    const deferred = (await callbackOf(token)).body as { type: number; data: { flags?: number } };
    expect(deferred).toMatchObject({ type: 5, data: { flags: 64 } });
    const edit = await fake.waitFor((r) => r.method === "PATCH");
    expect(edit.path).toBe(`/webhooks/${APP}/${token}/messages/@original`);
    expect(messageProblems(edit.body, "webhook")).toEqual([]);
    expect(JSON.stringify(edit.body)).toContain("Reloaded");
  });

  it("hands a subcommand's typed options to the core, with Manage Server as admin", async () => {
    const subscriptions = recordingSubscriptions();
    attach({ services: { subscriptions: subscriptions.service } });
    const { token } = receive(
      "sitrep",
      [
        {
          name: "subscribe",
          type: 1,
          options: [
            { name: "time", type: 3, value: "7:30" },
            { name: "timezone", type: 3, value: "europe/berlin" },
            { name: "empty", type: 5, value: true },
          ],
        },
      ],
      { permissions: "32" },
    );
    await callbackOf(token);
    expect(subscriptions.calls[0]).toMatchObject({
      subcommand: "subscribe",
      args: { time: "07:30", timezone: "Europe/Berlin", postWhenEmpty: true },
      origin: { platform: "discord", workspace: "777", channel: "888", isAdmin: true },
    });
  });

  it("refuses admin subcommands to members without Manage Server", async () => {
    const subscriptions = recordingSubscriptions();
    attach({ services: { subscriptions: subscriptions.service } });
    const { token } = receive("sitrep", [{ name: "unsubscribe", type: 1, options: [] }], {
      permissions: "0",
    });
    const body = (await callbackOf(token)).body as { type: number; data: object };
    expect(body.type).toBe(4);
    expect(JSON.stringify(body.data)).toContain("Only workspace admins can stop");
    expect(subscriptions.calls).toEqual([]);
  });
});
