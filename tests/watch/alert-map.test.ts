// Alerts of watches with pictures:on carry the control map when control changed: the watched
// place's, the places an actor's changes span, or the region for a source; drawn from the new
// brief. Watches without pictures and toll alerts carry none. The map reaches the fake Slack API
// (files.uploadV2's three steps, in alert-map-slack.test.ts: with the Slack client loaded here,
// undici's multipart bodies fail) and the fake Discord API (a multipart attachment) as a PNG.
import type { REST } from "discord.js";
import { afterAll, describe, expect, it } from "vitest";
import watchCommand from "../../commands/watch.ts";
import { plain } from "../../src/answer/model.ts";
import type { ControlMapSpec } from "../../src/answer/pictures/types.ts";
import { checkArgs } from "../../src/core/check.ts";
import { parseCommandText } from "../../src/core/parse.ts";
import { createDiscordRest } from "../../src/platforms/discord/rest.ts";
import { createDiscordTransport } from "../../src/platforms/discord/transport.ts";
import { createWatchService } from "../../src/schedule/watch-chat.ts";
import { openStateDb } from "../../src/state/sqlite/db.ts";
import { createSqliteState } from "../../src/state/sqlite/index.ts";
import { addWatch, listWatches } from "../../src/state/sqlite/watches.ts";
import type { Watch, WatchInput } from "../../src/watch/watch.ts";
import { AT, decodePng } from "../answer/pictures/picture-brief.ts";
import { startFakeDiscord } from "../platforms/discord/fake-discord.ts";
import { tempDbPath } from "../schedule/helpers.ts";
import { after, alertOf, watch } from "./alert-fixture.ts";

function mapTitle(w: Watch): string | undefined {
  const pictures = alertOf(w).pictures;
  if (pictures === undefined) return undefined;
  expect(pictures).toHaveLength(1);
  return (pictures[0]!.spec as ControlMapSpec).title;
}

describe("the map an alert carries", () => {
  it("is the watched place's, for control and disputed alerts, from the new brief", () => {
    const saraqib = { kind: "place", id: "saraqib" } as const;
    expect(mapTitle(watch({ target: saraqib }))).toBe("Who controls Saraqib");
    expect(mapTitle(watch({ target: saraqib, on: "disputed" }))).toBe("Who controls Saraqib");
    const spec = alertOf(watch({ target: saraqib })).pictures![0]!.spec as ControlMapSpec;
    expect(spec.places.find((p) => p.id === "saraqib")?.verdict.kind).toBe("disputed");
  });

  it("spans the places an actor's changes are in, and is the region for a source", () => {
    // HTS: Saraqib and Western Aleppo changed, both in North; the army: Saraqib only.
    expect(mapTitle(watch({ target: { kind: "actor", id: "hts" } }))).toBe("Who controls North");
    expect(mapTitle(watch({ target: { kind: "actor", id: "gov" } }))).toBe("Who controls Saraqib");
    expect(mapTitle(watch({ target: { kind: "source", id: "sana" } }))).toBe("Who controls North");
  });

  it("is not there without pictures:on, nor for a toll alert", () => {
    expect(
      alertOf(watch({ target: { kind: "place", id: "saraqib" }, pictures: false })).pictures,
    ).toBeUndefined();
    const toll = alertOf(watch({ target: { kind: "place", id: "north" }, on: "toll" }));
    expect(toll.sections.length).toBeGreaterThan(0);
    expect(toll.pictures).toBeUndefined();
  });
});

describe("pictures:on on a watch", () => {
  it("is read from /watch text, kept in the state database and shown in the watch's line", async () => {
    const read = (text: string) => {
      const parsed = parseCommandText(watchCommand.definition, text);
      if (!parsed.ok) throw new Error(parsed.error);
      return checkArgs(watchCommand.definition.options, parsed.values);
    };
    expect(read("Saraqib pictures:off")).toMatchObject({ args: { pictures: false } });
    expect(read("Saraqib pictures:maybe")).toEqual({
      ok: false,
      error: '"pictures" takes on or off',
    });
    const checked = read("Saraqib pictures:on");
    if (!checked.ok) throw new Error(checked.error);
    const temp = tempDbPath();
    const db = openStateDb(temp.path);
    try {
      const store = { briefs: new Map([[after.id, after]]), root: "/fixtures", loadedAt: AT };
      const service = createWatchService({
        watches: createSqliteState(db).watches,
        getStore: () => store,
        now: () => AT,
      });
      const origin = {
        platform: "slack",
        workspace: "T1",
        channel: "C1",
        user: "U1",
        isAdmin: true,
      } as const;
      const answer = await service.watch(
        checked.args as { target: string; pictures?: boolean },
        origin,
      );
      expect(plain(answer.verdict ?? "")).toContain(
        "Saraqib (place, on control), with the control map",
      );
      expect(listWatches(db)).toMatchObject([{ target: { id: "saraqib" }, pictures: true }]);
      const input: WatchInput = { ...listWatches(db)[0]!, pictures: false };
      expect(addWatch(db, input, AT).watch.pictures).toBeUndefined();
    } finally {
      db.close();
      temp.cleanup();
    }
  });
});

describe("an alert's map on the platforms", () => {
  const answer = () => alertOf(watch({ target: { kind: "place", id: "saraqib" } }));
  let rest: REST | undefined;
  afterAll(() => {
    rest?.clearHashSweeper();
    rest?.clearHandlerSweeper();
  });

  it("is attached to the Discord channel post as a PNG", async () => {
    const fake = await startFakeDiscord();
    try {
      rest = createDiscordRest("bot-token", { apiUrl: fake.apiUrl });
      await createDiscordTransport(rest).postMessage("123", answer());
      const [post] = fake.requests;
      expect(post).toMatchObject({ method: "POST", path: "/channels/123/messages" });
      expect(post!.headers["content-type"]).toMatch(/^multipart\/form-data/);
      expect(post!.files).toHaveLength(1);
      expect(post!.files![0]).toMatchObject({ contentType: "image/png" });
      expect(decodePng(post!.files![0]!.data).width).toBeGreaterThan(0);
    } finally {
      await fake.close();
    }
  });

  it("a watch without pictures sends no file", async () => {
    const plain = alertOf(watch({ target: { kind: "place", id: "saraqib" }, pictures: false }));
    const discord = await startFakeDiscord();
    try {
      rest = createDiscordRest("bot-token", { apiUrl: discord.apiUrl });
      await createDiscordTransport(rest).postMessage("123", plain);
      expect(discord.requests[0]!.headers["content-type"]).toMatch(/^application\/json/);
      expect(discord.requests[0]!.files ?? []).toHaveLength(0);
    } finally {
      await discord.close();
    }
  });
});
