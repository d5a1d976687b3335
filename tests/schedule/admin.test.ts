import { describe, expect, it } from "vitest";
import { type Answer, plain } from "../../src/answer/model.ts";
import type { ChatOrigin, Services } from "../../src/core/types.ts";
import { createSubscriptionService } from "../../src/schedule/admin.ts";
import { openStateDb } from "../../src/state/sqlite/db.ts";
import { createSqliteState } from "../../src/state/sqlite/index.ts";
import { listSubscriptions, upsertSubscription } from "../../src/state/sqlite/subscriptions.ts";
import type { Store } from "../../src/store/types.ts";
import { storeOf } from "../fixtures/brief-builder.ts";
import { testCore } from "../fixtures/briefs.ts";
import { briefWithEvents } from "./helpers.ts";

const NOW = Date.parse("2024-11-30T10:00:00Z");
const admin: ChatOrigin = {
  platform: "slack",
  workspace: "T1",
  channel: "C1",
  user: "U1",
  isAdmin: true,
};
const member: ChatOrigin = { ...admin, user: "U2", isAdmin: false };

/** `/sitrep …` through the request core, with the subscription service on a fresh database. */
function setup(
  store: Store = storeOf(briefWithEvents("syria", "Asia/Damascus")),
  services: Services = {},
) {
  const db = openStateDb(":memory:");
  const subscriptions = createSubscriptionService({ state: createSqliteState(db), now: () => NOW });
  const core = testCore(store, { now: NOW, services: { subscriptions, ...services } });
  const sitrep = async (text: string, origin: ChatOrigin): Promise<Answer> =>
    (await core.handle({ origin, command: "/sitrep", text })).answer;
  return { db, sitrep };
}

function text(answer: Answer): string {
  const parts = [answer.title, answer.verdict === undefined ? "" : plain(answer.verdict)];
  for (const section of answer.sections) {
    for (const fact of section.facts)
      parts.push(plain(fact.text), fact.detail === undefined ? "" : plain(fact.detail));
  }
  for (const note of answer.notes ?? []) parts.push(plain(note));
  return parts.join("\n");
}

describe("/sitrep subscribe", () => {
  it("refuses non-admins and stores nothing", async () => {
    const { db, sitrep } = setup();
    const answer = await sitrep("subscribe 07:30", member);
    expect(answer.title).toBe("Not allowed");
    expect(listSubscriptions(db)).toEqual([]);
  });

  it("defaults to 07:00 in the brief's time zone", async () => {
    const { db, sitrep } = setup();
    const answer = await sitrep("subscribe", admin);
    expect(answer.kind).toBe("answer");
    expect(listSubscriptions(db)).toEqual([
      expect.objectContaining({
        channel: "C1",
        brief: "syria",
        time: "07:00",
        timezone: "Asia/Damascus",
        createdBy: "U1",
        postWhenEmpty: false,
      }),
    ]);
    // 10:00Z is 13:00 in Damascus: today's 07:00 has passed, so the next post is tomorrow.
    expect(text(answer)).toContain("Next post: Sun 1 Dec 2024, 07:00 (Asia/Damascus)");
  });

  it("takes a time, a zone, the brief and empty:yes in any order", async () => {
    const { db, sitrep } = setup();
    await sitrep("subscribe empty:yes europe/berlin 7:30 brief:syria", admin);
    expect(listSubscriptions(db)[0]).toMatchObject({
      time: "07:30",
      timezone: "Europe/Berlin",
      postWhenEmpty: true,
    });
  });

  it("answers a bad time or zone with usage and stores nothing", async () => {
    const { db, sitrep } = setup();
    for (const bad of ["25:00", "Mars/Olympus", "empty:maybe"]) {
      const answer = await sitrep(`subscribe ${bad}`, admin);
      expect(answer.kind).toBe("usage");
      expect(text(answer)).toContain("Usage: /sitrep subscribe");
    }
    expect(listSubscriptions(db)).toEqual([]);
  });

  it("asks which brief when several are loaded", async () => {
    const { sitrep } = setup(storeOf(briefWithEvents("a", "UTC"), briefWithEvents("b", "UTC")));
    const answer = await sitrep("subscribe", admin);
    expect(answer.kind).toBe("usage");
    expect(text(answer)).toContain("brief:ID (a, b)");
  });
});

describe("/sitrep subscribe's arguments", () => {
  it("names the word it cannot read", async () => {
    const { sitrep } = setup();
    expect(text(await sitrep("subscribe 07:00 tomorrow", admin))).toMatch(
      /"tomorrow" is not a time/,
    );
  });
});

describe("/sitrep unsubscribe", () => {
  it("refuses non-admins and keeps the subscription", async () => {
    const { db, sitrep } = setup();
    await sitrep("subscribe", admin);
    const answer = await sitrep("unsubscribe", member);
    expect(answer.title).toBe("Not allowed");
    expect(listSubscriptions(db)).toHaveLength(1);
  });

  it("removes this channel's subscription for an admin", async () => {
    const { db, sitrep } = setup();
    await sitrep("subscribe", admin);
    const answer = await sitrep("unsubscribe", admin);
    expect(answer.title).toBe("Daily summary stopped");
    expect(listSubscriptions(db)).toEqual([]);
  });

  it("says so when the channel has no subscription", async () => {
    const { sitrep } = setup();
    expect((await sitrep("unsubscribe", admin)).kind).toBe("usage");
  });
});

describe("/sitrep schedule", () => {
  it("shows this channel's subscription with its next post and last result to anyone", async () => {
    const { sitrep } = setup();
    await sitrep("subscribe 08:00 UTC", admin);
    const answer = await sitrep("schedule", member);
    expect(text(answer)).toContain("C1: syria daily at 08:00 UTC");
    expect(text(answer)).toContain("Next: Sun 1 Dec 2024, 08:00 (UTC). Last: none yet");
  });

  it("shows every channel of the workspace with `all`, to admins only", async () => {
    const { db, sitrep } = setup();
    const base = {
      platform: "slack" as const,
      brief: "syria",
      time: "07:00",
      timezone: "UTC",
      postWhenEmpty: false,
      createdBy: "U1",
    };
    upsertSubscription(db, { ...base, workspace: "T1", channel: "C1" }, NOW);
    upsertSubscription(db, { ...base, workspace: "T1", channel: "C2" }, NOW);
    upsertSubscription(db, { ...base, workspace: "T9", channel: "C3" }, NOW);
    expect((await sitrep("schedule all", member)).title).toBe("Not allowed");
    const answer = await sitrep("schedule all", admin);
    expect(answer.sections[0]?.facts.map((f) => plain(f.text).split(":")[0])).toEqual(["C1", "C2"]);
  });
});

describe("/sitrep status", () => {
  it("is refused to members, unavailable without a live store, and the live status with one", async () => {
    const { sitrep } = setup();
    expect((await sitrep("status", member)).title).toBe("Not allowed");
    expect(text(await sitrep("status", admin))).toContain("Status is not available in this mode.");
    const store = storeOf(briefWithEvents("syria", "UTC"));
    const live = setup(store, {
      liveStatus: () => ({
        store,
        problems: [],
        removed: [],
        checkedAt: NOW,
        reloads: 1,
        held: [],
      }),
    });
    expect(text(await live.sitrep("status", admin))).toContain("syria (Brief syria)");
  });
});
