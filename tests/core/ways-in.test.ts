// One question, every way in: the console, Slack, Discord over HTTP (signed requests to the real
// route) and Discord over the gateway (a real discord.js client fed Discord's payload) all reach
// the same request core and give the same answer, the same usage line and the same error, each
// rendered for its platform. Chat text and Discord's typed options are two spellings of one
// question; the core reads both.
import { generateKeyPairSync, sign } from "node:crypto";
import { Writable } from "node:stream";
import type { webApi } from "@slack/bolt";
import type { Client } from "discord.js";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { commands } from "../../commands/index.ts";
import toll from "../../commands/toll.ts";
import type { Answer } from "../../src/answer/model.ts";
import { renderDiscord } from "../../src/answer/render-discord.ts";
import { renderSlack } from "../../src/answer/render-slack.ts";
import { createRequestCore, type RequestCore } from "../../src/core/request.ts";
import { askLine } from "../../src/platforms/console.ts";
import { attachDiscordHandlers, createDiscordClient } from "../../src/platforms/discord/gateway.ts";
import { discordInteractionsRoute } from "../../src/platforms/discord/http-interactions.ts";
import { type RunningServer, startHttpServer } from "../../src/platforms/http.ts";
import { answerSlashCommand } from "../../src/platforms/slack/slash-commands.ts";
import { chatStore } from "../fixtures/briefs.ts";
import { type FakeDiscord, startFakeDiscord } from "../platforms/discord/fake-discord.ts";

const NOW = Date.UTC(2024, 11, 1, 12, 0, 0);
const APP = "4242";

/** A question as chat text, and as Discord's typed options. */
interface Question {
  readonly name: string;
  readonly command: string;
  readonly text: string;
  readonly options: readonly { name: string; type: number; value: string | boolean }[];
}

const QUESTIONS: readonly Question[] = [
  {
    name: "a disputed place by its alias",
    command: "who-controls",
    text: "Saraqeb",
    options: [{ name: "place", type: 3, value: "Saraqeb" }],
  },
  {
    name: "a toll with a metric, shared",
    command: "toll",
    text: "Idlib killed share",
    options: [
      { name: "place", type: 3, value: "Idlib" },
      { name: "metric", type: 3, value: "killed" },
      { name: "share", type: 5, value: true },
    ],
  },
  {
    name: "an unknown place",
    command: "who-controls",
    text: "Atlantis",
    options: [{ name: "place", type: 3, value: "Atlantis" }],
  },
  {
    name: "a time it cannot read (a usage line)",
    command: "toll",
    text: "Saraqib at:not-a-time",
    options: [
      { name: "place", type: 3, value: "Saraqib" },
      { name: "at", type: 3, value: "not-a-time" },
    ],
  },
  {
    name: "a member asking for an admin subcommand (a refusal)",
    command: "sitrep",
    text: "status",
    options: [],
  },
];

/** What each way in sent, reduced to what the person sees. */
interface Seen {
  readonly console: Answer;
  readonly slack: { answer: Answer; shared: boolean };
  readonly http: { embeds: unknown; shared: boolean };
  readonly gateway: { embeds: unknown; shared: boolean };
}

const logged: Record<string, unknown>[] = [];
const logger = pino(
  { level: "error" },
  new Writable({
    write(chunk, _encoding, done) {
      logged.push(JSON.parse(String(chunk)));
      done();
    },
  }),
);
const store = chatStore();
const core: RequestCore = createRequestCore({
  commands,
  getStore: () => store,
  now: () => NOW,
  logger,
});
const { publicKey, privateKey } = generateKeyPairSync("ed25519");
const der = publicKey.export({ format: "der", type: "spki" });
const discordOptions = { core, getStore: () => store, now: () => NOW, logger };

let fake: FakeDiscord;
let client: Client;
let http: RunningServer;
let serial = 0;

beforeAll(async () => {
  fake = await startFakeDiscord();
  client = createDiscordClient({ apiUrl: fake.apiUrl });
  client.rest.setToken("bot-token");
  attachDiscordHandlers(client, discordOptions);
  const route = discordInteractionsRoute({
    ...discordOptions,
    publicKey: der.subarray(der.length - 32).toString("hex"),
    applicationId: APP,
    apiUrl: fake.apiUrl,
  });
  http = await startHttpServer([route], 0, "127.0.0.1");
});

afterAll(async () => {
  await client?.destroy();
  await http?.close();
  await fake?.close();
});

/** Discord's INTERACTION_CREATE payload for a question, from a member without Manage Server. */
function payload(q: Question, token: string) {
  const sub = q.command === "sitrep" && q.text === "status";
  return {
    id: String(9000 + serial),
    application_id: APP,
    type: 2,
    token,
    version: 1,
    guild_id: "777",
    channel_id: "888",
    channel: { id: "888", type: 0 },
    member: {
      user: { id: "555", username: "alice", discriminator: "0", global_name: null, avatar: null },
      roles: [],
      permissions: "0",
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
    data: {
      id: "6001",
      name: q.command,
      type: 1,
      options: sub ? [{ name: "status", type: 1, options: [] }] : q.options,
    },
  };
}

function discordSeen(body: unknown): { embeds: unknown; shared: boolean } {
  const { data } = body as { data: { embeds: unknown; flags?: number } };
  return { embeds: data.embeds, shared: (data.flags ?? 0) !== 64 };
}

async function askGateway(q: Question): Promise<{ embeds: unknown; shared: boolean }> {
  serial += 1;
  const token = `gateway-${serial}`;
  (
    client as unknown as { actions: { InteractionCreate: { handle(d: unknown): void } } }
  ).actions.InteractionCreate.handle(payload(q, token));
  const callback = await fake.waitFor(
    (r) => r.method === "POST" && r.path.endsWith(`/${token}/callback`),
  );
  return discordSeen(callback.body);
}

async function askHttp(q: Question): Promise<{ embeds: unknown; shared: boolean }> {
  serial += 1;
  const body = JSON.stringify(payload(q, `http-${serial}`));
  const ts = String(Math.floor(NOW / 1000));
  const signature = sign(null, Buffer.from(ts + body), privateKey).toString("hex");
  const res = await fetch(`http://127.0.0.1:${http.port}/discord/interactions`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-signature-ed25519": signature,
      "x-signature-timestamp": ts,
    },
    body,
  });
  return discordSeen(await res.json());
}

async function askEveryWay(q: Question): Promise<Seen> {
  const consoleReply = await askLine(core, `/${q.command} ${q.text}`);
  // The console's user is an admin; ask Slack as a member, as Discord's payload is.
  const slackReply = await answerSlashCommand(
    { command: `/${q.command}`, text: q.text, team: "T1", channel: "C1", user: "U1" },
    {
      core,
      logger,
      allowedTeams: [],
      adminUsers: [],
      client: {
        users: { info: async () => ({ ok: true, user: {} }) },
      } as unknown as webApi.WebClient,
    },
  );
  return {
    console: consoleReply.answer,
    slack: { answer: slackReply.answer, shared: slackReply.visibility === "channel" },
    http: await askHttp(q),
    gateway: await askGateway(q),
  };
}

describe("every way in gives the same answer to the same question", () => {
  it.each(QUESTIONS.filter((q) => q.command !== "sitrep"))("$name", async (q) => {
    const seen = await askEveryWay(q);
    expect(seen.slack.answer).toEqual(seen.console);
    // Slack's Block Kit and Discord's embeds are renderings of that one answer.
    expect(renderSlack(seen.slack.answer).blocks.length).toBeGreaterThan(0);
    const embeds = JSON.parse(JSON.stringify(renderDiscord(seen.console).embeds));
    expect(embeds.length).toBeGreaterThan(0);
    expect(seen.http.embeds).toEqual(embeds);
    expect(seen.gateway.embeds).toEqual(embeds);
    const shared = q.text.includes("share") && seen.console.kind === "answer";
    expect([seen.slack.shared, seen.http.shared, seen.gateway.shared]).toEqual([
      shared,
      shared,
      shared,
    ]);
  });

  it("refuses an admin subcommand to a member the same way on Slack and both Discord modes", async () => {
    const q = QUESTIONS.find((x) => x.command === "sitrep")!;
    const seen = await askEveryWay(q);
    expect(seen.slack.answer.title).toBe("Not allowed");
    const embeds = JSON.parse(JSON.stringify(renderDiscord(seen.slack.answer).embeds));
    expect(seen.http.embeds).toEqual(embeds);
    expect(seen.gateway.embeds).toEqual(embeds);
  });

  it("answers a failing handler with one line and an error id that the core logged, every way", async () => {
    vi.spyOn(toll, "handle").mockImplementation(() => {
      throw new Error("secret internals");
    });
    try {
      const before = logged.length;
      const seen = await askEveryWay(QUESTIONS[1]!);
      const shown = [
        JSON.stringify(seen.console),
        JSON.stringify(seen.slack.answer),
        JSON.stringify(seen.http.embeds),
        JSON.stringify(seen.gateway.embeds),
      ];
      const ids = shown.map((text) => /Error id ([0-9a-f]{8})/.exec(text)?.[1]);
      const failures = logged.slice(before).filter((l) => l.msg === "command failed");
      expect(failures.map((l) => l.errorId)).toEqual(ids);
      for (const text of shown) expect(text).not.toContain("secret internals");
      // The same answer apart from its id.
      const withoutId = (text: string) => text.replace(/[0-9a-f]{8}/, "ID");
      expect(withoutId(shown[1]!)).toBe(withoutId(shown[0]!));
      expect(withoutId(shown[3]!)).toBe(withoutId(shown[2]!));
      expect([seen.slack.shared, seen.http.shared, seen.gateway.shared]).toEqual([
        false,
        false,
        false,
      ]);
    } finally {
      vi.restoreAllMocks();
    }
  });
});
