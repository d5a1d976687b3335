// Subscriptions a bot cannot deliver: refused when asked for (nothing stored), and shown as
// undeliverable, with the reason, by /sitrep schedule.
import { describe, expect, it } from "vitest";
import { type Answer, plain } from "../../src/answer/model.ts";
import type { ChatOrigin } from "../../src/core/types.ts";
import { createSubscriptionService } from "../../src/schedule/admin.ts";
import { openStateDb } from "../../src/state/sqlite/db.ts";
import { createSqliteState } from "../../src/state/sqlite/index.ts";
import { listSubscriptions, upsertSubscription } from "../../src/state/sqlite/subscriptions.ts";
import { storeOf } from "../fixtures/brief-builder.ts";
import { testCore } from "../fixtures/briefs.ts";
import { briefWithEvents } from "./helpers.ts";

const NOW = Date.parse("2024-11-30T10:00:00Z");
const NO_TOKEN =
  "this bot has no Discord bot token (DISCORD_TOKEN), so it cannot post to Discord channels";
const discordAdmin: ChatOrigin = {
  platform: "discord",
  workspace: "G1",
  channel: "123",
  user: "U1",
  isAdmin: true,
};

/** `/sitrep …` through the request core, with a service that cannot post to Discord. */
function setup() {
  const db = openStateDb(":memory:");
  const subscriptions = createSubscriptionService({
    state: createSqliteState(db),
    now: () => NOW,
    cannotPost: (platform) => (platform === "discord" ? NO_TOKEN : undefined),
  });
  const core = testCore(storeOf(briefWithEvents("syria", "UTC")), {
    now: NOW,
    services: { subscriptions },
  });
  const sitrep = async (text: string, origin: ChatOrigin): Promise<Answer> =>
    (await core.handle({ origin, command: "/sitrep", text })).answer;
  return { db, sitrep };
}

function text(answer: Answer): string {
  return [
    answer.title,
    answer.verdict === undefined ? "" : plain(answer.verdict),
    ...answer.sections.flatMap((s) =>
      s.facts.flatMap((f) => [plain(f.text), f.detail === undefined ? "" : plain(f.detail)]),
    ),
    ...(answer.notes ?? []).map(plain),
  ].join("\n");
}

describe("subscriptions that cannot be delivered", () => {
  it("refuses to subscribe a Discord channel when the bot cannot post there, storing nothing", async () => {
    const { db, sitrep } = setup();
    const answer = await sitrep("subscribe 07:30", discordAdmin);
    expect(answer.title).toBe("Not allowed");
    expect(text(answer)).toContain(NO_TOKEN);
    expect(text(answer)).not.toContain("scheduled");
    expect(listSubscriptions(db)).toEqual([]);
  });

  it("subscribes a Slack channel of the same bot as usual", async () => {
    const { db, sitrep } = setup();
    await sitrep("subscribe 07:30", { ...discordAdmin, platform: "slack" });
    expect(listSubscriptions(db)).toHaveLength(1);
  });

  it("shows an existing subscription that cannot be delivered, and why, in /sitrep schedule", async () => {
    const { db, sitrep } = setup();
    upsertSubscription(
      db,
      {
        platform: "discord",
        workspace: "G1",
        channel: "123",
        brief: "syria",
        time: "07:00",
        timezone: "UTC",
        postWhenEmpty: false,
        createdBy: "U1",
      },
      NOW - 86_400_000,
    );
    const answer = await sitrep("schedule", discordAdmin);
    expect(text(answer)).toContain(`Cannot be delivered: ${NO_TOKEN}`);
    expect(text(answer)).not.toContain("Next:");
  });
});
