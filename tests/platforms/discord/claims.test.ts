// Claims from chat on Discord, end to end: a real discord.js client fed raw INTERACTION_CREATE
// packets as the gateway delivers them (the raw event, then discord.js's own handling), its REST
// pointed at the fake Discord; a temp brief with the real live store; a real SQLite state file.
// And HTTP interactions mode with real Ed25519 signatures.
import { generateKeyPairSync, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { type Client, Events } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClaimDesk } from "../../../src/claims/desk.ts";
import { silentLogger } from "../../../src/log.ts";
import {
  attachDiscordHandlers,
  createDiscordClient,
} from "../../../src/platforms/discord/gateway.ts";
import { discordInteractionsRoute } from "../../../src/platforms/discord/http-interactions.ts";
import { type RunningServer, startHttpServer } from "../../../src/platforms/http.ts";
import type { StateDb } from "../../../src/state/sqlite/db.ts";
import type { LiveStore } from "../../../src/store/live.ts";
import type { BriefFolder } from "../../fixtures/brief-builder.ts";
import { testCore } from "../../fixtures/briefs.ts";
import { openClaimDeskFixture } from "../../fixtures/claim-desk.ts";
import { type FakeDiscord, type RecordedRequest, startFakeDiscord } from "./fake-discord.ts";

const NOW = Date.parse("2024-12-02T12:00:00Z");
const APP = "4242";
const MESSAGE = "SANA says the army holds Saraqib. Fighting went on. https://sana.example/a1";

let fake: FakeDiscord;
let client: Client;
let live: LiveStore;
let db: StateDb;
let desk: ClaimDesk;
let brief: BriefFolder;
let serial = 0;

beforeAll(async () => {
  fake = await startFakeDiscord();
  fake.respond = (r) => {
    if (r.method === "POST" && r.path === "/users/@me/channels")
      return { body: { id: "DM-CHANNEL", type: 1 } };
    if (r.method === "POST" && r.path === "/channels/REVIEW/messages")
      return { body: { id: "REVIEW-MSG" } };
    return undefined;
  };
  ({ brief, live, db, desk } = await openClaimDeskFixture(NOW));
  client = createDiscordClient({ apiUrl: fake.apiUrl });
  client.rest.setToken("bot-token");
  attachDiscordHandlers(client, {
    core: testCore(() => live.current(), { now: NOW, services: { claims: desk } }),
    getStore: () => live.current(),
    now: () => NOW,
    logger: silentLogger,
    claims: { desk, reviewChannel: "REVIEW", editorUsers: [], editorRoles: ["EDITOR-ROLE"] },
  });
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
  await live?.close();
  db?.close();
});

const author = {
  id: "900",
  username: "reporter",
  discriminator: "0",
  global_name: "Reporter",
  avatar: null,
};

function member(id: string, roles: string[] = []) {
  return {
    user: {
      id,
      username: `user${id}`,
      discriminator: "0",
      global_name: `User ${id}`,
      avatar: null,
    },
    roles,
    permissions: "0",
    joined_at: "2024-01-01T00:00:00.000Z",
    deaf: false,
    mute: false,
    flags: 0,
  };
}

function message(id: string, content: string, components: unknown[] = []) {
  return {
    id,
    channel_id: "888",
    author,
    content,
    timestamp: "2024-12-02T11:00:00.000Z",
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
    components,
  };
}

/** Delivers a raw interaction as the gateway does: the raw packet, then discord.js's handling. */
function receive(
  type: number,
  data: object,
  { user = "555", roles = [] as string[], extra = {} } = {},
) {
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
    member: member(user, roles),
    app_permissions: "0",
    locale: "en-US",
    entitlements: [],
    authorizing_integration_owners: { "0": "777" },
    context: 0,
    data,
    ...extra,
  };
  client.emit(Events.Raw, { op: 0, s: serial, t: "INTERACTION_CREATE", d: raw }, 0);
  (
    client as unknown as { actions: { InteractionCreate: { handle(d: unknown): void } } }
  ).actions.InteractionCreate.handle(raw);
  return token;
}

async function callback(token: string) {
  const request = await fake.waitFor(
    (r) => r.method === "POST" && r.path.endsWith(`/${token}/callback`),
  );
  return request.body as { type: number; data: Record<string, unknown> };
}

function textInputs(modal: { data: Record<string, unknown> }): Record<string, string | undefined> {
  const rows = modal.data.components as { components: { custom_id: string; value?: string }[] }[];
  return Object.fromEntries(rows.map((r) => [r.components[0]!.custom_id, r.components[0]!.value]));
}

function modalSubmit(
  customId: string,
  values: Record<string, string>,
  options: Parameters<typeof receive>[2] = {},
) {
  const components = Object.entries(values).map(([custom_id, value]) => ({
    type: 1,
    components: [{ type: 4, custom_id, value }],
  }));
  return receive(5, { custom_id: customId, components }, options);
}

function press(customId: string, options: { user?: string; roles?: string[] } = {}) {
  return receive(
    3,
    { custom_id: customId, component_type: 2 },
    { ...options, extra: { message: message("REVIEW-MSG", "") } },
  );
}

const REPORT = (extra: object[] = []) => [
  { name: "type", type: 3, value: "control" },
  { name: "source", type: 3, value: "sana" },
  { name: "place", type: 3, value: "saraqib" },
  { name: "actor", type: 3, value: "government" },
  { name: "status", type: 3, value: "controls" },
  ...extra,
];

async function askWhoControls(): Promise<string> {
  const token = receive(2, {
    id: "6001",
    name: "who-controls",
    type: 1,
    options: [{ name: "place", type: 3, value: "saraqib" }],
  });
  return JSON.stringify((await callback(token)).data);
}

describe("Add to brief on Discord (gateway)", () => {
  let formId = "";

  it("takes a message's first sentence and link, then /report opens the modal with them", async () => {
    const picked = await callback(
      receive(2, {
        id: "6100",
        name: "Add to brief",
        type: 3,
        target_id: "M1",
        resolved: { messages: { M1: message("M1", MESSAGE) } },
      }),
    );
    expect(picked).toMatchObject({ type: 4, data: { flags: 64 } });

    const modal = await callback(
      receive(2, { id: "6200", name: "report", type: 1, options: REPORT() }),
    );
    expect(modal.type).toBe(9);
    formId = String(modal.data.custom_id);
    expect(formId).toMatch(/^sitrep_claim_form:/);
    expect(textInputs(modal)).toEqual({
      detail: undefined,
      reported: "2024-12-02 15:00",
      quote: "SANA says the army holds Saraqib.",
      url: "https://sana.example/a1",
      note: undefined,
    });
  });

  it("autocompletes sources, places and actors of /report from names and aliases", async () => {
    const token = receive(4, {
      id: "6200",
      name: "report",
      type: 1,
      options: [{ name: "source", type: 3, value: "osdh", focused: true }],
    });
    expect(await callback(token)).toEqual({
      type: 8,
      data: { choices: [{ name: "Syrian Observatory for Human Rights (OSDH)", value: "sohr" }] },
    });
  });

  it("answers a modal with problems with the errors and a button that reopens it as typed; nothing is stored", async () => {
    const reply = await callback(
      modalSubmit(formId, { reported: "2024-12-02 09:30", quote: "One. Two.", url: "nope" }),
    );
    expect(reply.type).toBe(4);
    const text = JSON.stringify(reply.data.embeds);
    expect(text).toContain("one sentence at most");
    expect(text).toContain("must be a link");
    expect(await desk.list()).toEqual([]);
    const fix = (reply.data.components as { components: { custom_id: string }[] }[])[0]!
      .components[0]!;
    const reopened = await callback(press(fix.custom_id));
    expect(reopened.type).toBe(9);
    expect(textInputs(reopened)).toMatchObject({ quote: "One. Two.", url: "nope" });
  });

  it("keeps a valid claim pending, posts it for review, and only an editor's approval writes it", async () => {
    const reply = await callback(
      modalSubmit(formId, {
        reported: "2024-12-02 09:30",
        quote: "SANA says the army holds Saraqib.",
        url: "https://sana.example/a1",
      }),
    );
    expect(reply).toMatchObject({ type: 4, data: { flags: 64 } });
    const [pending] = await desk.pending();
    expect(pending).toMatchObject({ state: "pending", submitter: "555", platform: "discord" });
    const review = await fake.waitFor(
      (r) => r.method === "POST" && r.path === "/channels/REVIEW/messages",
    );
    const buttons = (review.body as { components: { components: { custom_id: string }[] }[] })
      .components[0]!.components;
    expect(buttons.map((b) => b.custom_id)).toEqual([
      `sitrep_claim:approve:${pending!.id}`,
      `sitrep_claim:edit:${pending!.id}`,
      `sitrep_claim:reject:${pending!.id}`,
    ]);
    expect(await askWhoControls()).not.toMatch(/Held by Syrian government forces/);

    const refused = await callback(press(buttons[0]!.custom_id, { user: "556" }));
    expect(refused.type).toBe(4);
    expect(JSON.stringify(refused.data)).toMatch(/Only editors/);
    expect((await desk.get(pending!.id))?.state).toBe("pending");

    const token = press(buttons[0]!.custom_id, { user: "557", roles: ["EDITOR-ROLE"] });
    expect((await callback(token)).type).toBe(6);
    const edited = await fake.waitFor(
      (r) => r.method === "PATCH" && r.path === `/webhooks/${APP}/${token}/messages/@original`,
    );
    expect(JSON.stringify(edited.body)).toMatch(/approved/);
    expect((edited.body as { components: unknown[] }).components).toEqual([]);
    await fake.waitFor(
      (r: RecordedRequest) => r.method === "POST" && r.path === `/webhooks/${APP}/${token}`,
    );
    expect(readFileSync(brief.file("claims/2024-12-02.yaml"), "utf8")).toContain(
      "added_by: User 555 (discord 555)",
    );
    expect(await askWhoControls()).toMatch(/Held by Syrian government forces/);
    await fake.waitFor((r) => r.method === "POST" && r.path === "/channels/DM-CHANNEL/messages");
  });

  it("rejects with the reason typed in a modal, keeps the claim and tells the submitter", async () => {
    const modal = await callback(
      receive(2, {
        id: "6200",
        name: "report",
        type: 1,
        options: REPORT([{ name: "actor", type: 3, value: "hts" }]),
      }),
    );
    await callback(
      modalSubmit(String(modal.data.custom_id), { reported: "2024-12-02 10:00" }, { user: "558" }),
    );
    const pending = (await desk.pending()).at(-1)!;
    const form = await callback(
      press(`sitrep_claim:reject:${pending.id}`, { user: "557", roles: ["EDITOR-ROLE"] }),
    );
    expect(form).toMatchObject({
      type: 9,
      data: { custom_id: `sitrep_claim_reason:${pending.id}` },
    });
    const dms = fake.requests.filter((r) => r.path === "/users/@me/channels").length;
    const update = await callback(
      modalSubmit(
        `sitrep_claim_reason:${pending.id}`,
        { reason: "@everyone not in the dispatch" },
        {
          user: "557",
          roles: ["EDITOR-ROLE"],
          extra: { message: message("REVIEW-MSG", "") },
        },
      ),
    );
    expect(update.type).toBe(7);
    expect(await desk.get(pending.id)).toMatchObject({
      state: "rejected",
      reason: "@everyone not in the dispatch",
    });
    expect(update.data.allowed_mentions).toEqual({ parse: [] });
    // The reason is shown as typed, never as a mention.
    expect(JSON.stringify(update.data.embeds)).toContain("@\u200beveryone");
    await fake.waitFor(
      (r) =>
        r.path === "/users/@me/channels" &&
        fake.requests.filter((x) => x.path === r.path).length > dms,
    );
  });
});

describe("Add to brief on Discord (HTTP interactions)", () => {
  it("checks the signature of modal submissions and buttons like commands, and answers /report with the modal", async () => {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const der = publicKey.export({ format: "der", type: "spki" });
    const server: RunningServer = await startHttpServer(
      [
        discordInteractionsRoute({
          publicKey: der.subarray(der.length - 32).toString("hex"),
          applicationId: APP,
          core: testCore(() => live.current(), { now: NOW, services: { claims: desk } }),
          getStore: () => live.current(),
          now: () => NOW,
          logger: silentLogger,
          apiUrl: fake.apiUrl,
          claims: { desk, editorUsers: [], editorRoles: [] },
        }),
      ],
      0,
      "127.0.0.1",
    );
    try {
      const post = (payload: object, signed = true) => {
        const body = JSON.stringify(payload);
        const ts = String(Math.floor(NOW / 1000));
        const signature = sign(null, Buffer.from(ts + body), privateKey).toString("hex");
        return fetch(`http://127.0.0.1:${server.port}/discord/interactions`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-signature-timestamp": ts,
            "x-signature-ed25519": signed ? signature : "00".repeat(64),
          },
          body,
        });
      };
      const base = {
        id: "1",
        application_id: APP,
        token: "t",
        version: 1,
        guild_id: "777",
        channel_id: "888",
        member: member("555"),
      };
      const before = (await desk.list()).length;
      const forged = await post(
        { ...base, type: 5, data: { custom_id: "sitrep_claim_form:x", components: [] } },
        false,
      );
      expect(forged.status).toBe(401);
      const button = await post(
        { ...base, type: 3, data: { custom_id: "sitrep_claim:approve:1", component_type: 2 } },
        false,
      );
      expect(button.status).toBe(401);
      const report = await post({
        ...base,
        type: 2,
        data: { id: "6200", name: "report", type: 1, options: REPORT() },
      });
      expect(report.status).toBe(200);
      expect(((await report.json()) as { type: number }).type).toBe(9);
      const nonEditor = await post({
        ...base,
        type: 3,
        data: { custom_id: "sitrep_claim:approve:1", component_type: 2 },
      });
      expect(JSON.stringify(await nonEditor.json())).toMatch(/Only editors/);
      expect((await desk.list()).length).toBe(before);
    } finally {
      await server.close();
    }
  });
});
