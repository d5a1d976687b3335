// The watch service /watch and /unwatch use: a watch that no alert could reach is refused, saying
// why, and nothing is stored.
import { describe, expect, it } from "vitest";
import { plain } from "../../src/answer/model.ts";
import type { ChatOrigin } from "../../src/core/types.ts";
import { createWatchService } from "../../src/schedule/watch-chat.ts";
import { openStateDb } from "../../src/state/sqlite/db.ts";
import { createSqliteState } from "../../src/state/sqlite/index.ts";
import { listWatches } from "../../src/state/sqlite/watches.ts";
import { chatStore } from "../fixtures/briefs.ts";

const NOW = Date.parse("2024-11-30T12:00:00Z");
const origin: ChatOrigin = {
  platform: "discord",
  workspace: "G1",
  channel: "222",
  user: "42",
  isAdmin: true,
};

describe("the watch service", () => {
  it("refuses a watch on a platform the bot cannot post to, and stores nothing", async () => {
    const db = openStateDb(":memory:");
    const store = chatStore();
    const service = createWatchService({
      watches: createSqliteState(db).watches,
      getStore: () => store,
      now: () => NOW,
      cannotPost: (platform) =>
        platform === "discord" ? "this bot has no Discord bot token" : undefined,
    });
    const refused = await service.watch({ target: "Saraqib" }, origin);
    expect(refused.kind).toBe("usage");
    expect(plain(refused.notes?.[0] ?? "")).toContain(
      "Not watching: this bot has no Discord bot token",
    );
    expect(listWatches(db)).toEqual([]);
    const added = await service.watch({ target: "Saraqib" }, { ...origin, platform: "slack" });
    expect(added.title).toBe("Watch added");
    expect(listWatches(db)).toHaveLength(1);
    db.close();
  });
});
