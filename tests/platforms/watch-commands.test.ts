// /watch and /unwatch from chat: on Slack through real Bolt with signed slash commands (the user
// group arrives escaped, as Slack sends it with should_escape), on Discord through the interaction
// handler with typed options and autocomplete, and the admin rule on both.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plain } from "../../src/answer/model.ts";
import { silentLogger } from "../../src/log.ts";
import {
  completeOption,
  type InteractionRequest,
  replyToCommand,
} from "../../src/platforms/discord/interactions.ts";
import { buildSlackManifest } from "../../src/platforms/slack/manifest.ts";
import { type SlackRuntime, startSlack } from "../../src/platforms/slack/start.ts";
import { createWatchService } from "../../src/schedule/watch-chat.ts";
import { openStateDb, type StateDb } from "../../src/state/sqlite/db.ts";
import { createSqliteState } from "../../src/state/sqlite/index.ts";
import { listWatches } from "../../src/state/sqlite/watches.ts";
import { chatStore, testCore } from "../fixtures/briefs.ts";
import { type FakeSlack, startFakeSlack } from "./slack/fake-slack.ts";
import { postSigned, slashBody } from "./slack/slack-request.ts";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const NOW = Date.parse("2024-11-30T12:00:00Z");
const NOW_SECONDS = Math.floor(NOW / 1000);
const ROLE = "123456789012345678";

let db: StateDb;
let fake: FakeSlack;
let slack: SlackRuntime;
const store = chatStore();
/** The request core with the watch service on this test's database. */
const core = () =>
  testCore(store, {
    now: NOW,
    services: {
      watches: createWatchService({
        watches: createSqliteState(db).watches,
        getStore: () => store,
        now: () => NOW,
      }),
    },
  });

beforeAll(async () => {
  db = openStateDb(":memory:");
  fake = await startFakeSlack();
  fake.users.set("UMEMBER", { is_admin: false, is_owner: false });
  slack = await startSlack({
    botToken: "xoxb-test",
    signingSecret: SECRET,
    apiUrl: fake.apiUrl,
    allowedTeams: [],
    adminUsers: ["UADMIN"],
    port: 0,
    host: "127.0.0.1",
    core: core(),
    getStore: () => store,
    now: () => NOW,
    logger: silentLogger,
  });
});

afterAll(async () => {
  await slack.stop();
  await fake.close();
  db.close();
});

async function slash(command: string, text: string, user = "UADMIN", channel = "C1") {
  const responseUrl = fake.responseUrl();
  const body = slashBody({ command, text, responseUrl, user, channel });
  const reply = await postSigned(`http://127.0.0.1:${slack.port}/slack/events`, body, {
    secret: SECRET,
    timestamp: NOW_SECONDS,
  });
  expect(reply.status).toBe(200);
  return (await fake.responseTo(responseUrl)) as { text: string; response_type: string };
}

function discordRequest(
  commandName: string,
  options: InteractionRequest["options"],
  canManageGuild = true,
): InteractionRequest {
  return {
    id: `i-${Math.random()}`,
    commandName,
    options,
    guildId: "G1",
    channelId: "222",
    userId: "42",
    canManageGuild,
  };
}

async function discordText(request: InteractionRequest): Promise<string> {
  const reply = replyToCommand(request, {
    core: core(),
    getStore: () => store,
    now: () => NOW,
    logger: silentLogger,
  });
  const message = await reply.message;
  return JSON.stringify(message.embeds);
}

describe("/watch and /unwatch on Slack", () => {
  it("lets an admin watch a place with a user group mention, list it and remove it", async () => {
    const added = await slash("/watch", "Saraqeb on:disputed mention:<!subteam^S0DESK|@desk>");
    expect(added.response_type).toBe("ephemeral");
    expect(added.text).toContain(
      "This channel now watches 1: Saraqib (place, on disputed), mentioning group S0DESK",
    );
    expect(listWatches(db, { platform: "slack" })).toMatchObject([
      {
        workspace: "T1",
        channel: "C1",
        target: { kind: "place", id: "saraqib" },
        on: "disputed",
        mention: { kind: "group", id: "S0DESK" },
        createdBy: "UADMIN",
      },
    ]);
    const listed = await slash("/watch", "list", "UMEMBER");
    expect(listed.text).toContain("1: Saraqib (place, on disputed)");
    // Another channel's list does not show it, and its /unwatch cannot remove it.
    expect((await slash("/watch", "list", "UADMIN", "C2")).text).toContain(
      "This channel watches nothing.",
    );
    expect((await slash("/unwatch", "1", "UADMIN", "C2")).text).toContain(
      "There is no watch 1 in this channel.",
    );
    expect((await slash("/unwatch", "1")).text).toContain("no longer watches");
    expect(listWatches(db, { platform: "slack" })).toEqual([]);
  });

  it("refuses members, and a mention that is not a group or user id", async () => {
    expect((await slash("/watch", "Saraqib", "UMEMBER")).text).toContain("Only workspace admins");
    expect((await slash("/watch", "Saraqib mention:<!channel>")).text).toContain(
      "is not something an alert can mention here",
    );
    expect((await slash("/watch", "Atlantis")).text).toContain(
      'No place, actor or source called "Atlantis"',
    );
    expect(listWatches(db, { platform: "slack" })).toEqual([]);
  });

  it("asks Slack to escape /watch's text, so a user group arrives as its id", () => {
    const manifest = buildSlackManifest({
      commands: core().commands,
      target: { url: "https://sitrep.example.org" },
    }) as {
      features: { slash_commands: { command: string; should_escape: boolean }[] };
    };
    const commands = manifest.features.slash_commands;
    expect(commands.find((c) => c.command === "/watch")?.should_escape).toBe(true);
    expect(commands.find((c) => c.command === "/toll")?.should_escape).toBe(false);
  });
});

describe("/watch and /unwatch on Discord", () => {
  it("takes typed options, the role mention as Discord writes it, and an actor's id", async () => {
    const text = await discordText(
      discordRequest("watch", [
        { name: "target", value: "hts" },
        { name: "on", value: "control" },
        { name: "mention", value: `<@&${ROLE}>` },
      ]),
    );
    expect(text).toContain("Watch added");
    // Embed text is markdown-escaped: "HTS \\(actor, on control\\)".
    expect(text).toContain("mentioning role 123456789012345678");
    expect(listWatches(db, { platform: "discord" })).toMatchObject([
      {
        workspace: "G1",
        channel: "222",
        target: { kind: "actor", id: "hts" },
        mention: { kind: "role", id: ROLE },
      },
    ]);
    const id = listWatches(db, { platform: "discord" })[0]!.id;
    expect(
      await discordText(discordRequest("unwatch", [{ name: "id", value: String(id) }], false)),
    ).toContain("Only workspace admins");
    expect(
      await discordText(discordRequest("unwatch", [{ name: "id", value: String(id) }])),
    ).toContain("no longer watches");
  });

  it("autocompletes the target from places, actors and sources", () => {
    const choices = completeOption(
      discordRequest("watch", [{ name: "target", value: "sa", focused: true }]),
      { core: core(), getStore: () => store, now: () => NOW, logger: silentLogger },
    );
    const values = choices.map((c) => c.value);
    expect(values).toEqual(expect.arrayContaining(["saraqib", "saa", "sana"]));
    expect(choices.find((c) => c.value === "saa")?.name).toContain("actor");
    expect(plain(choices.map((c) => c.name).join(" "))).not.toContain("undefined");
  });
});
