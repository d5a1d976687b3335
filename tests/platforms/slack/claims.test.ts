// Claims from chat on Slack, end to end over loopback: the real Bolt app on 127.0.0.1:0 receiving
// signed shortcut, block_suggestion, view_submission and block_actions payloads, the fake Web API,
// a temp brief with the real live store, and a real SQLite state file.
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClaimDesk } from "../../../src/claims/desk.ts";
import { silentLogger } from "../../../src/log.ts";
import { type SlackRuntime, startSlack } from "../../../src/platforms/slack/start.ts";
import type { StateDb } from "../../../src/state/sqlite/db.ts";
import type { LiveStore } from "../../../src/store/live.ts";
import type { BriefFolder } from "../../fixtures/brief-builder.ts";
import { testCore } from "../../fixtures/briefs.ts";
import { openClaimDeskFixture } from "../../fixtures/claim-desk.ts";
import { type FakeSlack, startFakeSlack } from "./fake-slack.ts";
import { postSigned, slashBody } from "./slack-request.ts";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
/** 2 Dec 2024, 15:00 in Damascus. */
const NOW = Date.parse("2024-12-02T12:00:00Z");
const MESSAGE =
  "SANA says the army holds Saraqib. Fighting went on at night. https://sana.example/a1";

let fake: FakeSlack;
let slack: SlackRuntime;
let live: LiveStore;
let db: StateDb;
let desk: ClaimDesk;
let brief: BriefFolder;
let events: string;

beforeAll(async () => {
  fake = await startFakeSlack();
  fake.users.set("UMEMBER", { is_admin: false, is_owner: false });
  fake.users.set("UEDITOR", { is_admin: false, is_owner: false });
  ({ brief, live, db, desk } = await openClaimDeskFixture(NOW));
  slack = await startSlack({
    botToken: "xoxb-test",
    signingSecret: SECRET,
    apiUrl: fake.apiUrl,
    allowedTeams: ["T1"],
    adminUsers: [],
    port: 0,
    host: "127.0.0.1",
    core: testCore(() => live.current(), { now: NOW, services: { claims: desk } }),
    getStore: () => live.current(),
    now: () => NOW,
    logger: silentLogger,
    claims: { desk, reviewChannel: "CREVIEW", editorUsers: ["UEDITOR"] },
  });
  events = `http://127.0.0.1:${slack.port}/slack/events`;
});

afterAll(async () => {
  await slack?.stop();
  await fake?.close();
  await live?.close();
  db?.close();
});

async function interact(payload: object) {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return postSigned(events, body, { secret: SECRET, timestamp: Math.floor(NOW / 1000) });
}

const metadata = JSON.stringify({ brief: "test-brief", team: "T1", channel: "C1" });

function stateOf(form: Record<string, string>) {
  const values: Record<string, Record<string, object>> = {};
  for (const [field, value] of Object.entries(form)) {
    const select = ["type", "source", "place", "actor", "status", "extent", "metric"].includes(
      field,
    );
    values[field] = {
      [field]: select
        ? {
            type: "static_select",
            selected_option: { value, text: { type: "plain_text", text: value } },
          }
        : { type: "plain_text_input", value },
    };
  }
  return { values };
}

function submission(form: Record<string, string>, user = { id: "USUB", name: "sub" }) {
  return {
    type: "view_submission",
    team: { id: "T1", domain: "acme" },
    user: { ...user, team_id: "T1" },
    api_app_id: "A1",
    token: "legacy",
    trigger_id: "trigger-submit",
    view: {
      id: "V1",
      type: "modal",
      callback_id: "sitrep_claim_form",
      private_metadata: metadata,
      hash: "h1",
      state: stateOf(form),
    },
  };
}

function buttonPress(action: string, id: number, user: string) {
  return {
    type: "block_actions",
    team: { id: "T1", domain: "acme" },
    user: { id: user, name: user.toLowerCase(), team_id: "T1" },
    api_app_id: "A1",
    token: "legacy",
    trigger_id: `trigger-${action}-${user}`,
    container: { type: "message", channel_id: "CREVIEW", message_ts: "1732968000.000100" },
    channel: { id: "CREVIEW", name: "review" },
    message: { ts: "1732968000.000100", text: "review" },
    response_url: fake.responseUrl(),
    actions: [
      {
        type: "button",
        action_id: action,
        block_id: `sitrep_review_${id}`,
        value: String(id),
        action_ts: "1",
      },
    ],
  };
}

async function whoControls(place: string): Promise<string> {
  const responseUrl = fake.responseUrl();
  const body = slashBody({ command: "/who-controls", text: place, responseUrl });
  await postSigned(events, body, { secret: SECRET, timestamp: Math.floor(NOW / 1000) });
  return JSON.stringify(await fake.responseTo(responseUrl));
}

const VALID = {
  type: "control",
  source: "sana",
  place: "saraqib",
  actor: "government",
  status: "controls",
  reported: "2024-12-02 09:30",
  quote: "SANA says the army holds Saraqib.",
  url: "https://sana.example/a1",
};

describe("Add to brief on Slack", () => {
  it("opens the form from the message shortcut, quote and link prefilled, reported now in the brief's zone", async () => {
    const reply = await interact({
      type: "message_action",
      callback_id: "sitrep_add_to_brief",
      trigger_id: "trigger-shortcut",
      team: { id: "T1", domain: "acme" },
      channel: { id: "C1", name: "general" },
      user: { id: "USUB", name: "sub", team_id: "T1" },
      message: { type: "message", ts: "1732968000.000100", text: MESSAGE, user: "UX" },
      message_ts: "1732968000.000100",
      response_url: fake.responseUrl(),
      token: "legacy",
      action_ts: "1",
    });
    expect(reply.status).toBe(200);
    const open = await fake.callTo("views.open", (b) => b.trigger_id === "trigger-shortcut");
    const view = open.view as {
      callback_id: string;
      blocks: { block_id: string; element: Record<string, unknown> }[];
    };
    expect(view.callback_id).toBe("sitrep_claim_form");
    const initial = Object.fromEntries(
      view.blocks.map((b) => [b.block_id, b.element?.initial_value]),
    );
    expect(initial).toMatchObject({
      quote: "SANA says the army holds Saraqib.",
      url: "https://sana.example/a1",
      reported: "2024-12-02 15:00",
    });
    expect(view.blocks.find((b) => b.block_id === "source")?.element.type).toBe("external_select");
  });

  it("opens the same form from /report", async () => {
    const body = slashBody({ command: "/report", text: "", responseUrl: fake.responseUrl() });
    const reply = await postSigned(events, body, {
      secret: SECRET,
      timestamp: Math.floor(NOW / 1000),
    });
    expect(reply.status).toBe(200);
    const open = await fake.callTo("views.open", (b) => b.trigger_id === "1.2.3");
    expect((open.view as { callback_id: string }).callback_id).toBe("sitrep_claim_form");
  });

  it("redraws the form with the fields of the type picked, keeping what was typed", async () => {
    await interact({
      type: "block_actions",
      team: { id: "T1" },
      user: { id: "USUB", team_id: "T1" },
      api_app_id: "A1",
      token: "legacy",
      trigger_id: "trigger-type",
      container: { type: "view", view_id: "V9" },
      view: {
        id: "V9",
        hash: "h9",
        type: "modal",
        private_metadata: metadata,
        state: stateOf({ type: "toll", quote: "Kept." }),
      },
      actions: [
        {
          type: "static_select",
          action_id: "type",
          block_id: "type",
          selected_option: { value: "toll" },
          action_ts: "1",
        },
      ],
    });
    const update = await fake.callTo("views.update", (b) => b.view_id === "V9");
    expect(update.hash).toBe("h9");
    const blocks = (
      update.view as {
        blocks: { block_id: string; optional: boolean; element: { initial_value?: string } }[];
      }
    ).blocks;
    expect(blocks.map((b) => b.block_id)).toEqual([
      "type",
      "source",
      "metric",
      "count",
      "qualifier",
      "who",
      "place",
      "actor",
      "reported",
      "quote",
      "url",
      "credibility",
      "note",
    ]);
    expect(blocks.find((b) => b.block_id === "count")?.optional).toBe(false);
    expect(blocks.find((b) => b.block_id === "quote")?.element.initial_value).toBe("Kept.");
  });

  it("loads the brief's names and aliases into the external selects", async () => {
    const reply = await interact({
      type: "block_suggestion",
      action_id: "source",
      block_id: "source",
      value: "osdh",
      team: { id: "T1" },
      user: { id: "USUB", team_id: "T1" },
      api_app_id: "A1",
      token: "legacy",
      view: { id: "V1", type: "modal", private_metadata: metadata },
    });
    expect(JSON.parse(reply.text)).toEqual({
      options: [
        {
          text: { type: "plain_text", text: "Syrian Observatory for Human Rights (OSDH)" },
          value: "sohr",
        },
      ],
    });
  });

  it("shows a form with problems its errors, from the brief's schemas, and stores nothing", async () => {
    const reply = await interact(
      submission({
        type: "toll",
        source: "sohr",
        metric: "killed",
        count: "many",
        quote: "One. Two.",
      }),
    );
    expect(JSON.parse(reply.text)).toEqual({
      response_action: "errors",
      errors: {
        count: "must be a whole number (255) or a range (100-200)",
        place: "is required for this claim type",
        quote: "must be one sentence at most: keep the words that carry the claim",
      },
    });
    expect(await desk.list()).toEqual([]);
  });

  it("keeps a valid claim pending, posts it for review, and lets only an editor approve it into the brief", async () => {
    const reply = await interact(submission(VALID));
    expect(reply.status).toBe(200);
    expect(reply.text).toBe("");
    const [pending] = await desk.pending();
    expect(pending).toMatchObject({ state: "pending", submitter: "USUB", submitterName: "sub" });
    const review = await fake.callTo("chat.postMessage", (b) => b.channel === "CREVIEW");
    const actions = (review.blocks as { type: string; elements?: { action_id: string }[] }[]).at(
      -1,
    )!;
    expect(actions.elements?.map((e) => e.action_id)).toEqual([
      "sitrep_claim_approve",
      "sitrep_claim_edit",
      "sitrep_claim_reject",
    ]);
    await fake.callTo("chat.postEphemeral", (b) => b.user === "USUB");
    expect(await whoControls("Saraqib")).not.toMatch(/Syrian government forces in control/);

    const refused = buttonPress("sitrep_claim_approve", pending!.id, "UMEMBER");
    await interact(refused);
    expect(JSON.stringify(await fake.responseTo(refused.response_url))).toMatch(/Only editors/);
    expect((await desk.get(pending!.id))?.state).toBe("pending");

    const approved = buttonPress("sitrep_claim_approve", pending!.id, "UEDITOR");
    await interact(approved);
    expect(JSON.stringify(await fake.responseTo(approved.response_url))).toMatch(
      /answers include it now/,
    );
    expect(readFileSync(brief.file("claims/2024-12-02.yaml"), "utf8")).toContain(
      "added_by: sub (slack USUB)",
    );
    expect(await whoControls("Saraqib")).toMatch(/Syrian government forces in control of it/);
    const updated = await fake.callTo("chat.update", (b) =>
      JSON.stringify(b.blocks).includes("approved"),
    );
    expect(JSON.stringify(updated.blocks)).not.toMatch(/sitrep_claim_approve/);
  });

  it("rejects with a reason an editor types, keeps the claim and tells the submitter", async () => {
    await interact(
      submission({ ...VALID, actor: "hts", status: "entered" }, { id: "USUB2", name: "two" }),
    );
    const pending = (await desk.pending()).at(-1)!;
    await interact(buttonPress("sitrep_claim_reject", pending.id, "UEDITOR"));
    const open = await fake.callTo(
      "views.open",
      (b) => b.trigger_id === "trigger-sitrep_claim_reject-UEDITOR",
    );
    const view = open.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe("sitrep_claim_reject");
    const reply = await interact({
      type: "view_submission",
      team: { id: "T1" },
      user: { id: "UEDITOR", name: "ed", team_id: "T1" },
      api_app_id: "A1",
      token: "legacy",
      view: {
        id: "V2",
        type: "modal",
        callback_id: "sitrep_claim_reject",
        private_metadata: view.private_metadata,
        state: {
          values: {
            reason: { reason: { type: "plain_text_input", value: "<!channel> no source" } },
          },
        },
      },
    });
    expect(reply.status).toBe(200);
    expect(await desk.get(pending.id)).toMatchObject({
      state: "rejected",
      reason: "<!channel> no source",
    });
    const told = await fake.callTo("chat.postMessage", (b) => b.channel === "USUB2");
    // The reason came from chat: it is shown as typed, never as a mention.
    expect(JSON.stringify(told.blocks)).toContain("&lt;!channel&gt; no source");
  });

  it("lets an editor edit a pending claim, and loses nothing when the write fails", async () => {
    await interact(
      submission({ ...VALID, source: "sohr", status: "contested" }, { id: "USUB3", name: "three" }),
    );
    const pending = (await desk.pending()).at(-1)!;
    await interact(buttonPress("sitrep_claim_edit", pending.id, "UEDITOR"));
    const open = await fake.callTo(
      "views.open",
      (b) => b.trigger_id === "trigger-sitrep_claim_edit-UEDITOR",
    );
    const view = open.view as {
      private_metadata: string;
      blocks: {
        block_id: string;
        element: { initial_value?: string; initial_option?: { value: string } };
      }[];
    };
    const initial = Object.fromEntries(
      view.blocks.map((b) => [
        b.block_id,
        b.element.initial_value ?? b.element.initial_option?.value,
      ]),
    );
    expect(initial).toMatchObject({
      type: "control",
      source: "sohr",
      status: "contested",
      place: "saraqib",
    });
    const edit = submission(
      { ...VALID, source: "sohr", status: "contested", note: "Edited by the desk." },
      { id: "UEDITOR", name: "ed" },
    );
    const reply = await interact({
      ...edit,
      view: { ...edit.view, private_metadata: view.private_metadata },
    });
    expect(reply.text).toBe("");
    expect((await desk.get(pending.id))?.claim.note).toBe("Edited by the desk.");

    const file = brief.file("claims/2024-12-02.yaml");
    const before = readFileSync(file, "utf8");
    writeFileSync(file, `${before}- [unclosed\n`);
    try {
      const press = buttonPress("sitrep_claim_approve", pending.id, "UEDITOR");
      await interact(press);
      expect(JSON.stringify(await fake.responseTo(press.response_url))).toMatch(
        /stays pending: claims\/2024-12-02\.yaml does not parse as YAML/,
      );
      expect(await desk.get(pending.id)).toMatchObject({
        state: "pending",
        lastError: expect.stringMatching(/YAML/),
      });
      const update = await fake.callTo("chat.update", (b) =>
        JSON.stringify(b.blocks).includes("last approval failed"),
      );
      expect(JSON.stringify(update.blocks)).toMatch(/sitrep_claim_approve/);
    } finally {
      writeFileSync(file, before);
    }
  });
});
