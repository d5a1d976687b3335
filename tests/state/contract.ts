// The state contract: what every StateStore does, run against SQLite (sqlite.test.ts) and a real
// PostgreSQL server (postgres.test.ts). `open` gives a fresh empty store; `openTwin` a second
// store on the same database (another connection, as another instance has), for the races: two
// instances wanting one daily slot, one alert, one approval, one request id, exactly one wins.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/model.ts";
import type { Lease, NewDelivery } from "../../src/schedule/ledger.ts";
import type { StateStore, SubscriptionInput } from "../../src/state/types.ts";
import type { WatchInput } from "../../src/watch/watch.ts";
import { describeInstallationContract } from "./installations-contract.ts";

export interface StateFactory {
  /** A new store on a new, empty database. */
  open(): Promise<StateStore>;
  /** Another store (own connections) on the database of the last `open`. */
  openTwin(): Promise<StateStore>;
}

const T0 = Date.parse("2024-12-02T04:00:00Z");
const MESSAGE: Answer = { kind: "answer", title: "Daily summary", sections: [] };

const SUB: SubscriptionInput = {
  platform: "slack",
  workspace: "T1",
  channel: "C1",
  brief: "syria",
  time: "07:00",
  timezone: "Asia/Damascus",
  postWhenEmpty: false,
  createdBy: "U1",
};

const WATCH: WatchInput = {
  platform: "discord",
  workspace: "G1",
  channel: "222",
  brief: "syria",
  target: { kind: "place", id: "saraqib" },
  on: "control",
  createdBy: "42",
};

function daily(subscriptionId: number, localDate: string, extra: Partial<NewDelivery> = {}) {
  return {
    id: `daily:${subscriptionId}:${localDate}`,
    kind: "daily",
    platform: "slack",
    channel: "C1",
    message: MESSAGE,
    dueAt: T0,
    deadlineAt: T0 + 6 * 3_600_000,
    subscriptionId,
    localDate,
    ...extra,
  } satisfies NewDelivery;
}

const lease = (owner: string, now = T0, leaseMs = 60_000): Lease => ({ owner, now, leaseMs });

/** Runs every behaviour of the contract against one implementation. */
export function describeStateContract(name: string, factory: StateFactory): void {
  describe(`the state store on ${name}`, () => {
    let state: StateStore;
    const opened: StateStore[] = [];
    const twin = async () => {
      const other = await factory.openTwin();
      opened.push(other);
      return other;
    };

    beforeEach(async () => {
      state = await factory.open();
      opened.push(state);
    });
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });

    describe("subscriptions", () => {
      it("adds one per channel and brief, updates it on a second subscribe, and lists in order", async () => {
        const first = await state.subscriptions.upsert(SUB, T0);
        expect(first.created).toBe(true);
        expect(first.subscription).toMatchObject({
          ...SUB,
          pictures: false,
          createdAt: T0,
          updatedAt: T0,
        });
        const again = await state.subscriptions.upsert(
          { ...SUB, time: "08:30", postWhenEmpty: true, pictures: true },
          T0 + 1,
        );
        expect(again).toMatchObject({
          created: false,
          subscription: {
            id: first.subscription.id,
            time: "08:30",
            postWhenEmpty: true,
            pictures: true,
            createdAt: T0,
            updatedAt: T0 + 1,
          },
        });
        await state.subscriptions.upsert({ ...SUB, channel: "B2" }, T0);
        await state.subscriptions.upsert({ ...SUB, platform: "discord", workspace: "G1" }, T0);
        const all = await state.subscriptions.list();
        expect(all.map((s) => `${s.platform}/${s.channel}`)).toEqual([
          "discord/C1",
          "slack/B2",
          "slack/C1",
        ]);
        expect(await state.subscriptions.list({ platform: "slack", channel: "B2" })).toHaveLength(
          1,
        );
        expect(await state.subscriptions.list({ platforms: ["discord"] })).toHaveLength(1);
        expect(await state.subscriptions.list({ platforms: [] })).toEqual([]);
        expect(await state.subscriptions.find(SUB)).toMatchObject({ id: first.subscription.id });
        expect(await state.subscriptions.get(first.subscription.id)).toMatchObject({
          time: "08:30",
        });
        expect(await state.subscriptions.get(9999)).toBeUndefined();
      });

      it("records errors and lost access, and a new subscribe clears them", async () => {
        const { subscription } = await state.subscriptions.upsert(SUB, T0);
        await state.subscriptions.recordError(subscription.id, "rate limited", T0 + 5, false);
        expect(await state.subscriptions.get(subscription.id)).toMatchObject({
          lastError: "rate limited",
          lastErrorAt: T0 + 5,
        });
        expect(await state.subscriptions.get(subscription.id)).not.toHaveProperty("noAccessAt");
        await state.subscriptions.clearError(subscription.id);
        expect(await state.subscriptions.get(subscription.id)).not.toHaveProperty("lastError");
        await state.subscriptions.recordError(subscription.id, "channel_not_found", T0 + 9, true);
        expect(await state.subscriptions.get(subscription.id)).toMatchObject({
          noAccessAt: T0 + 9,
        });
        expect(await state.subscriptions.list({ activeOnly: true })).toEqual([]);
        await state.subscriptions.upsert(SUB, T0 + 10);
        const back = await state.subscriptions.get(subscription.id);
        expect(back).not.toHaveProperty("noAccessAt");
        expect(back).not.toHaveProperty("lastError");
        expect(await state.subscriptions.remove(subscription.id)).toBe(true);
        expect(await state.subscriptions.remove(subscription.id)).toBe(false);
        expect(await state.subscriptions.list()).toEqual([]);
      });
    });

    describe("the delivery ledger", () => {
      it("claims a delivery id once, and only its owner moves it on", async () => {
        const delivery = daily(1, "2024-12-02");
        expect(await state.deliveries.claim(delivery, lease("a"))).toBe(true);
        expect(await state.deliveries.claim(delivery, lease("b"))).toBe(false);
        expect(await state.deliveries.recordUnsent(delivery, "skipped", "empty", T0)).toBe(false);
        expect(await state.deliveries.markSending(delivery.id, lease("b"))).toBe(false);
        expect(await state.deliveries.markSending(delivery.id, lease("a", T0 + 1))).toBe(true);
        expect(await state.deliveries.get(delivery.id)).toMatchObject({
          status: "sending",
          mayBePosted: true,
          owner: "a",
          attempts: 1,
          sendingAt: T0 + 1,
          message: MESSAGE,
        });
        const sent = { status: "sent" as const, messageId: "m1" };
        expect(await state.deliveries.finish(delivery.id, "b", sent, T0 + 2)).toBe(false);
        expect(await state.deliveries.finish(delivery.id, "a", sent, T0 + 2)).toBe(true);
        expect(await state.deliveries.finish(delivery.id, "a", sent, T0 + 3)).toBe(false);
        expect(await state.deliveries.get(delivery.id)).toMatchObject({
          status: "sent",
          messageId: "m1",
          updatedAt: T0 + 2,
        });
        expect(await state.deliveries.get(delivery.id)).not.toHaveProperty("leaseUntil");
        expect(await state.deliveries.get("daily:1:1999-01-01")).toBeUndefined();
      });

      it("keeps one row per subscription and local day, and the daily views of them", async () => {
        await state.deliveries.recordUnsent(daily(7, "2024-12-01"), "missed", "down", T0);
        expect(
          await state.deliveries.recordUnsent(daily(7, "2024-12-01"), "skipped", "again", T0),
        ).toBe(false);
        // Another id for the same subscription and day is refused too.
        expect(
          await state.deliveries.claim(
            { ...daily(7, "2024-12-01"), id: "daily:other" },
            lease("a"),
          ),
        ).toBe(false);
        const d2 = daily(7, "2024-12-02", { sinceAt: T0 - 86_400_000, untilAt: T0 });
        await state.deliveries.claim(d2, lease("a"));
        await state.deliveries.finish(d2.id, "a", { status: "sent", messageId: "m" }, T0 + 1);
        const d3 = daily(7, "2024-12-03", { sinceAt: T0, untilAt: T0 + 86_400_000 });
        await state.deliveries.claim(d3, lease("a"));
        await state.deliveries.finish(d3.id, "a", { status: "uncertain", error: "?" }, T0 + 2);

        expect((await state.deliveries.listDaily(7)).map((d) => d.localDate)).toEqual([
          "2024-12-01",
          "2024-12-02",
          "2024-12-03",
        ]);
        expect(await state.deliveries.latestDaily(7)).toMatchObject({
          localDate: "2024-12-03",
          status: "uncertain",
        });
        // Only a post known to be sent counts for where the next one starts.
        expect(await state.deliveries.lastSentUntil(7)).toBe(T0);
        expect(await state.deliveries.lastSentUntil(8)).toBeUndefined();
        expect(
          await state.deliveries.getDaily({ subscriptionId: 7, localDate: "2024-12-01" }),
        ).toMatchObject({ status: "missed", error: "down", attempts: 0 });
        expect(await state.deliveries.latestDaily(8)).toBeUndefined();
      });

      it("hands what is due to one taker: failed rows whose time came, and dead holders' claims", async () => {
        const failed = daily(1, "2024-12-02", { platform: "slack" });
        await state.deliveries.claim(failed, lease("a"));
        await state.deliveries.finish(
          failed.id,
          "a",
          { status: "failed", error: "429", nextAttemptAt: T0 + 1_000 },
          T0,
        );
        const dead = daily(2, "2024-12-02", { id: "daily:2:x", platform: "slack" });
        await state.deliveries.claim(dead, lease("dead", T0, 500));
        await state.deliveries.markSending(dead.id, lease("dead", T0, 500));
        const other = daily(3, "2024-12-02", { id: "daily:3:x", platform: "discord" });
        await state.deliveries.claim(other, lease("dead", T0, 500));

        expect(await state.deliveries.takeDue(["slack"], lease("b", T0 + 10), 5)).toEqual([]);
        const taken = await state.deliveries.takeDue(["slack"], lease("b", T0 + 2_000), 5);
        expect(taken.map((d) => [d.id, d.status, d.mayBePosted]).sort()).toEqual([
          ["daily:1:2024-12-02", "failed", false],
          ["daily:2:x", "sending", true],
        ]);
        expect(await state.deliveries.get(dead.id)).toMatchObject({
          status: "claimed",
          owner: "b",
          attempts: 2,
          mayBePosted: true,
          leaseUntil: T0 + 2_000 + 60_000,
        });
        expect(await state.deliveries.get(other.id)).toMatchObject({ status: "claimed" });
        expect(await state.deliveries.takeDue(["slack"], lease("c", T0 + 2_000), 5)).toEqual([]);
      });

      it("gives up on a row that used its attempts, as uncertain when it may have been posted", async () => {
        const d = daily(1, "2024-12-02");
        await state.deliveries.claim(d, lease("a", T0, 10));
        await state.deliveries.markSending(d.id, lease("a", T0, 10));
        expect(await state.deliveries.takeDue(["slack"], lease("b", T0 + 100), 1)).toEqual([]);
        const row = await state.deliveries.get(d.id);
        expect(row).toMatchObject({ status: "uncertain", mayBePosted: true });
        expect(row?.error).toMatch(/gave up after 1 attempt\(s\)$/);
        expect(row).not.toHaveProperty("nextAttemptAt");
      });

      it("keeps how an alert is posted, and the first thread recorded for a place", async () => {
        const alert: NewDelivery = {
          id: "alert:1:x",
          kind: "alert",
          platform: "discord",
          channel: "222",
          message: MESSAGE,
          dueAt: T0,
          deadlineAt: T0 + 1,
          post: {
            mention: { kind: "role", id: "R1" },
            thread: { key: "saraqib:2024-12-02", name: "Saraqib", workspace: "G1" },
          },
        };
        await state.deliveries.claim(alert, lease("a"));
        expect(await state.deliveries.get(alert.id)).toMatchObject({ post: alert.post });
        const place = {
          platform: "discord" as const,
          workspace: "G1",
          channel: "222",
          threadKey: "saraqib:2024-12-02",
        };
        expect(await state.threads.find(place)).toBeUndefined();
        await state.threads.save(place, "T-1", T0);
        await state.threads.save(place, "T-2", T0 + 1);
        expect(await state.threads.find(place)).toBe("T-1");
        expect(await state.threads.find({ ...place, channel: "333" })).toBeUndefined();
      });
    });

    describe("watches and alerts", () => {
      it("adds a watch once per channel and target, updates its options, lists and removes", async () => {
        const first = await state.watches.add(WATCH, T0);
        expect(first).toMatchObject({ created: true, watch: { ...WATCH, createdAt: T0 } });
        expect(first.watch).not.toHaveProperty("mention");
        const again = await state.watches.add(
          { ...WATCH, mention: { kind: "role", id: "R1" }, pictures: true },
          T0 + 1,
        );
        expect(again).toMatchObject({
          created: false,
          watch: { id: first.watch.id, mention: { kind: "role", id: "R1" }, pictures: true },
        });
        const toll = await state.watches.add({ ...WATCH, brief: "yemen", on: "toll", min: 50 }, T0);
        expect(toll.watch.min).toBe(50);
        expect((await state.watches.list()).map((w) => w.id)).toEqual([
          first.watch.id,
          toll.watch.id,
        ]);
        expect(await state.watches.list({ brief: "yemen" })).toHaveLength(1);
        expect(await state.watches.list({ platform: "slack" })).toEqual([]);
        expect(await state.watches.get(first.watch.id)).toMatchObject({ pictures: true });
        expect(await state.watches.remove(first.watch.id)).toBe(true);
        expect(await state.watches.remove(first.watch.id)).toBe(false);
        expect(await state.watches.get(first.watch.id)).toBeUndefined();
      });

      it("raises an alert only for changes not claimed before, and keeps it in the outbox until handed over", async () => {
        const { watch } = await state.watches.add(WATCH, T0);
        const build = (id: string) => (fresh: ReadonlySet<string>) =>
          ({
            id,
            kind: "alert",
            platform: "discord",
            channel: "222",
            message: { ...MESSAGE, title: [...fresh].sort().join(",") },
            dueAt: T0,
            deadlineAt: T0 + 1,
          }) satisfies NewDelivery;
        expect(
          await state.watches.raise(watch.id, ["k1", "k2"], "alert:a", build("alert:a"), T0),
        ).toBe(true);
        expect(
          await state.watches.raise(watch.id, ["k2", "k3"], "alert:b", build("alert:b"), T0 + 1),
        ).toBe(true);
        expect(
          await state.watches.raise(watch.id, ["k1", "k3"], "alert:c", build("alert:c"), T0 + 2),
        ).toBe(false);
        const outbox = await state.watches.listOutbox();
        expect(outbox.map((a) => [a.id, a.delivery.message.title])).toEqual([
          ["alert:a", "k1,k2"],
          ["alert:b", "k3"],
        ]);
        expect(outbox[0]).toMatchObject({ watchId: watch.id, createdAt: T0 });
        await state.watches.markHanded("alert:a", T0 + 5);
        expect((await state.watches.listOutbox()).map((a) => a.id)).toEqual(["alert:b"]);
        expect((await state.watches.listRaised()).map((a) => a.id)).toEqual(["alert:a", "alert:b"]);
        expect(await state.watches.listRaised(watch.id + 1)).toEqual([]);
      });

      it("keeps each watched brief's baseline: written whole, moved by a delta, dropped", async () => {
        expect(await state.watches.hasBaseline("syria")).toBe(false);
        await state.watches.writeBaseline("syria", ["a", "b", "c"], T0);
        expect(await state.watches.hasBaseline("syria")).toBe(true);
        expect(await state.watches.baselineSignatures("syria")).toEqual(new Set(["a", "b", "c"]));
        await state.watches.updateBaseline("syria", ["a"], ["d", "b"], T0 + 1);
        expect(await state.watches.baselineSignatures("syria")).toEqual(new Set(["b", "c", "d"]));
        await state.watches.writeBaseline("syria", ["z"], T0 + 2);
        expect(await state.watches.baselineSignatures("syria")).toEqual(new Set(["z"]));
        await state.watches.writeBaseline("yemen", [], T0);
        expect((await state.watches.baselineBriefs()).sort()).toEqual(["syria", "yemen"]);
        await state.watches.dropBaseline("syria");
        expect(await state.watches.hasBaseline("syria")).toBe(false);
        expect(await state.watches.baselineSignatures("syria")).toEqual(new Set());
        expect(await state.watches.baselineBriefs()).toEqual(["yemen"]);
      });
    });

    describe("claims submitted from chat", () => {
      const CLAIM = {
        platform: "slack" as const,
        workspace: "T1",
        channel: "C1",
        submitter: "U9",
        submitterName: "Sam",
        brief: "syria",
        claim: { type: "event", summary: "Quiet day." },
      };

      it("keeps a claim pending until it is approved or rejected, once", async () => {
        const added = await state.claims.add(CLAIM, T0);
        expect(added).toMatchObject({ ...CLAIM, state: "pending", createdAt: T0 });
        const other = await state.claims.add({ ...CLAIM, brief: "yemen", channel: undefined }, T0);
        expect(other).not.toHaveProperty("channel");
        expect(other.id).toBeGreaterThan(added.id);
        expect(
          await state.claims.edit(added.id, { type: "event", summary: "Edited." }, T0 + 1),
        ).toBe(true);
        await state.claims.recordFailure(added.id, "disk full", T0 + 2);
        await state.claims.setReviewMessage(added.id, "CREV", "ts1", T0 + 3);
        expect(await state.claims.get(added.id)).toMatchObject({
          claim: { summary: "Edited." },
          lastError: "disk full",
          reviewChannel: "CREV",
          reviewMessage: "ts1",
          updatedAt: T0 + 3,
        });
        expect((await state.claims.list({ brief: "yemen" })).map((c) => c.id)).toEqual([other.id]);

        const written: number[] = [];
        const write = (s: { id: number }) => {
          written.push(s.id);
          return "claims/2024-12-02.yaml";
        };
        expect(await state.claims.approve(added.id, "Ed", T0 + 4, write)).toBe(true);
        expect(await state.claims.approve(added.id, "Ed", T0 + 5, write)).toBe(false);
        expect(written).toEqual([added.id]);
        expect(await state.claims.get(added.id)).toMatchObject({
          state: "approved",
          decidedBy: "Ed",
          decidedAt: T0 + 4,
          file: "claims/2024-12-02.yaml",
        });
        expect(await state.claims.get(added.id)).not.toHaveProperty("lastError");
        expect(await state.claims.edit(added.id, {}, T0 + 6)).toBe(false);
        expect(await state.claims.reject(added.id, "Ed", "late", T0 + 6)).toBe(false);

        expect(await state.claims.reject(other.id, "Ed", "duplicate", T0 + 7)).toBe(true);
        expect(await state.claims.reject(other.id, "Ed", "again", T0 + 8)).toBe(false);
        expect(await state.claims.get(other.id)).toMatchObject({
          state: "rejected",
          reason: "duplicate",
        });
        expect((await state.claims.list({ state: "pending" })).map((c) => c.id)).toEqual([]);
        expect((await state.claims.list()).map((c) => c.id)).toEqual([added.id, other.id]);
        expect(await state.claims.get(9999)).toBeUndefined();
      });

      it("leaves a claim pending when writing it fails", async () => {
        const added = await state.claims.add(CLAIM, T0);
        await expect(
          state.claims.approve(added.id, "Ed", T0 + 1, () => {
            throw new Error("EISDIR");
          }),
        ).rejects.toThrow("EISDIR");
        expect(await state.claims.get(added.id)).toMatchObject({ state: "pending" });
      });
    });

    describe("replayed requests", () => {
      it("lets a request id through once within its window, and again after it", async () => {
        expect(await state.replays.firstSeen("trigger-1", T0)).toBe(true);
        expect(await state.replays.firstSeen("trigger-1", T0 + 60_000)).toBe(false);
        expect(await state.replays.firstSeen("trigger-2", T0)).toBe(true);
        expect(await state.replays.firstSeen("trigger-1", T0 + 12 * 60_000)).toBe(true);
      });
    });

    describe("Slack installations", () => {
      describeInstallationContract(
        () => state.installations,
        async () => (await twin()).installations,
      );
    });

    describe("pictures behind links", () => {
      const png = (n: number) => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0xff, n]);

      it("serves a picture's exact bytes until it expires, and nothing for another token", async () => {
        await state.pictures.put("tok-a", png(1), T0 + 1000);
        expect(await state.pictures.get("tok-a", T0)).toEqual(png(1));
        expect(await state.pictures.get("tok-a", T0 + 999)).toEqual(png(1));
        expect(await state.pictures.get("tok-a", T0 + 1000)).toBeUndefined();
        expect(await state.pictures.get("tok-b", T0)).toBeUndefined();
      });

      it("sweeps the expired ones and keeps at most the given number, dropping the ones expiring first", async () => {
        for (let i = 0; i < 5; i++)
          await state.pictures.put(`tok-${i}`, png(i), T0 + 100 * (i + 1));
        await state.pictures.sweep(T0 + 100, 3);
        const left = [];
        for (let i = 0; i < 5; i++) left.push(await state.pictures.get(`tok-${i}`, T0));
        expect(left.map((p) => p?.[6])).toEqual([undefined, undefined, 2, 3, 4]);
        await state.pictures.sweep(T0 + 10_000, 3);
        expect(await state.pictures.get("tok-4", T0)).toBeUndefined();
      });
    });

    it("answers a ping", async () => {
      await expect(state.ping()).resolves.toBeUndefined();
    });

    describe("two instances on one database", () => {
      it("one of them claims a daily slot, however many times both try at once", async () => {
        const other = await twin();
        const delivery = daily(1, "2024-12-02");
        const tries = Array.from({ length: 10 }, (_, i) =>
          (i % 2 === 0 ? state : other).deliveries.claim(delivery, lease(`i${i % 2}`)),
        );
        const won = (await Promise.all(tries)).filter(Boolean);
        expect(won).toHaveLength(1);
        expect(await other.deliveries.listDaily(1)).toHaveLength(1);
      });

      it("one of them raises the alert for a change both computed", async () => {
        const other = await twin();
        const { watch } = await state.watches.add(WATCH, T0);
        const build = (id: string) => () =>
          ({
            id,
            kind: "alert",
            platform: "discord",
            channel: "222",
            message: MESSAGE,
            dueAt: T0,
            deadlineAt: T0 + 1,
          }) satisfies NewDelivery;
        const keys = ["saraqib:control:a", "saraqib:control:b"];
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            (i % 2 === 0 ? state : other).watches.raise(
              watch.id,
              i % 4 < 2 ? keys : [...keys].reverse(),
              `alert:${i}`,
              build(`alert:${i}`),
              T0,
            ),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await other.watches.listOutbox()).toHaveLength(1);
      });

      it("one approval of a claim wins and only the winner writes it", async () => {
        const other = await twin();
        const added = await state.claims.add(
          {
            platform: "discord",
            workspace: "G1",
            submitter: "9",
            brief: "syria",
            claim: { type: "event" },
          },
          T0,
        );
        const written: string[] = [];
        const approve = (store: StateStore, who: string) =>
          store.claims.approve(added.id, who, T0, () => {
            written.push(who);
            return "claims/x.yaml";
          });
        const results = await Promise.all([
          approve(state, "A"),
          approve(other, "B"),
          approve(state, "C"),
          approve(other, "D"),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(written).toHaveLength(1);
        expect(await other.claims.get(added.id)).toMatchObject({
          state: "approved",
          decidedBy: written[0],
        });
      });

      it("one of them takes each delivery due for another attempt", async () => {
        const other = await twin();
        for (let i = 0; i < 6; i++) {
          const d = daily(i, "2024-12-02");
          await state.deliveries.claim(d, lease("dead", T0, 10));
        }
        const [a, b] = await Promise.all([
          state.deliveries.takeDue(["slack"], lease("a", T0 + 100), 5),
          other.deliveries.takeDue(["slack"], lease("b", T0 + 100), 5),
        ]);
        const ids = [...a!, ...b!].map((d) => d.id).sort();
        expect(ids).toEqual(Array.from({ length: 6 }, (_, i) => `daily:${i}:2024-12-02`).sort());
      });

      it("one of them runs a request both were handed", async () => {
        const other = await twin();
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            (i % 2 === 0 ? state : other).replays.firstSeen("interaction-1", T0),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it("both write one brief's baseline at once, in any order, and agree", async () => {
        const other = await twin();
        const signatures = Array.from({ length: 300 }, (_, i) => `claim-${i}`);
        await Promise.all([
          state.watches.writeBaseline("syria", signatures, T0),
          other.watches.writeBaseline("syria", [...signatures].reverse(), T0),
        ]);
        expect(await other.watches.baselineSignatures("syria")).toEqual(new Set(signatures));
      });

      it("serves through one a picture published through the other, until it expires", async () => {
        const other = await twin();
        const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256));
        await state.pictures.put("shared-token", bytes, T0 + 60_000);
        expect(await other.pictures.get("shared-token", T0)).toEqual(bytes);
        expect(await other.pictures.get("shared-token", T0 + 60_000)).toBeUndefined();
        await other.pictures.sweep(T0 + 60_000, 100);
        expect(await state.pictures.get("shared-token", T0)).toBeUndefined();
      });

      it("sees the other's subscriptions and watches at once", async () => {
        const other = await twin();
        const { subscription } = await state.subscriptions.upsert(SUB, T0);
        expect(await other.subscriptions.get(subscription.id)).toMatchObject({ brief: "syria" });
        const { watch } = await other.watches.add(WATCH, T0);
        expect(await state.watches.get(watch.id)).toMatchObject({ channel: "222" });
      });
    });
  });
}
