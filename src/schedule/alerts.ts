// Watches at work: every time a new version of a brief is taken into service, the alerter
// compares it with the one before (as of now) and, in one transaction, records each watch's new
// (watch, change) pairs together with one alert per watch in an outbox. The alerts are then
// handed to the delivery machinery that daily posts use (one ledger row per alert: exactly once
// across restarts and instances, rate limits honoured, one channel's trouble holding up no other).
// Alerts that share a thread are handed over one after the other, so the first opens the thread.
import type { Logger } from "../log.ts";
import type { PlatformName } from "../platforms/transport.ts";
import type { OutboxAlert, StateStore } from "../state/types.ts";
import type { Brief, Store } from "../store/types.ts";
import { type BriefChanges, claimSignature, diffBriefs, hasChanges } from "../watch/diff.ts";
import { alertAnswer, type RaisedAlert, raiseAlerts } from "../watch/raise.ts";
import { briefFromBaseline } from "../watch/since.ts";
import type { Deliverer, DeliveryOutcome } from "./deliver.ts";
import type { NewDelivery } from "./ledger.ts";

const HOUR_MS = 3_600_000;

export interface AlerterOptions {
  readonly state: StateStore;
  /** The delivery machinery (shared with the daily posts). */
  readonly deliverer: Deliverer;
  readonly now: () => number;
  readonly logger: Logger;
  /** An alert not sent within this many hours (the bot down, a channel limited) is dropped. */
  readonly catchUpHours?: number;
  /**
   * The platforms this instance posts to (default: all). An alert for another platform is still
   * recorded (its changes claimed once for every instance) but waits in the outbox for an
   * instance that posts there, instead of failing here for want of a connection.
   */
  readonly platforms?: readonly PlatformName[];
}

export interface Alerter {
  /**
   * The live store's reload hook: compare and record, then send what is waiting (in the
   * background).
   */
  onSwap(previous: Store | undefined, next: Store): void;
  /**
   * At start-up, with the version taken into service before the alerter existed: compares it
   * with the baseline in the state database (so what changed while the bot was down is alerted
   * once), then hands over every alert recorded and not yet handed over (in the background).
   */
  start(current: Store): void;
  /** Compares two versions and records the alerts they raise; returns their ids. */
  record(previous: Store | undefined, next: Store): Promise<string[]>;
  /**
   * Hands every recorded alert not yet handed over, for a platform this instance posts to, to
   * the delivery machinery. Calls made while one runs wait for it, so a thread's first alert
   * always opens the thread before the next.
   */
  send(): Promise<DeliveryOutcome[]>;
  /** Resolves once nothing is being recorded or sent. */
  idle(): Promise<void>;
}

export function createAlerter(options: AlerterOptions): Alerter {
  const { deliverer, now, logger } = options;
  const watches = options.state.watches;
  const catchUpMs = (options.catchUpHours ?? 6) * HOUR_MS;
  const inflight = new Set<Promise<unknown>>();
  const postsTo = (platform: PlatformName) =>
    options.platforms === undefined || options.platforms.includes(platform);
  /** The send running now, which the next one waits for. */
  let sending: Promise<unknown> = Promise.resolve();

  function track<T>(promise: Promise<T>): Promise<T> {
    inflight.add(promise);
    const remove = () => inflight.delete(promise);
    promise.then(remove, remove);
    return promise;
  }

  function deliveryOf(
    alert: RaisedAlert,
    changes: RaisedAlert["changes"],
    at: number,
  ): NewDelivery {
    const { watch } = alert;
    const thread =
      alert.threadKey === undefined
        ? undefined
        : { key: alert.threadKey, name: alert.threadName ?? "Alerts", workspace: watch.workspace };
    const post = {
      workspace: watch.workspace,
      ...(watch.mention === undefined ? {} : { mention: watch.mention }),
      ...(thread === undefined ? {} : { thread }),
    };
    return {
      id: alert.id,
      kind: "alert",
      platform: watch.platform,
      channel: watch.channel,
      message: alertAnswer(alert, changes, at),
      dueAt: at,
      deadlineAt: at + catchUpMs,
      post,
    };
  }

  /** Claims the alert's changes not claimed before, and stores one alert for them. */
  function store(alert: RaisedAlert, at: number): Promise<boolean> {
    const keys = alert.changes.map((c) => c.key);
    return watches.raise(
      alert.watch.id,
      keys,
      alert.id,
      (fresh) =>
        deliveryOf(
          alert,
          alert.changes.filter((c) => fresh.has(c.key)),
          at,
        ),
      at,
    );
  }

  /**
   * The version of a watched brief to compare the new one with: the one in service before, or,
   * when this process has none (it just started), what the baseline in the state database last
   * saw. Neither: nothing to compare, since history never alerts. `baseline`: how to keep it
   * (moved on by the reload's delta, written whole, or already current).
   */
  async function previousOf(
    id: string,
    previous: Store | undefined,
    next: Store,
  ): Promise<{ before: Brief | undefined; baseline: "delta" | "whole" | "current" }> {
    const seen = await watches.hasBaseline(id);
    const before = previous?.briefs.get(id);
    if (before !== undefined) return { before, baseline: seen ? "delta" : "whole" };
    if (!seen) return { before: undefined, baseline: "whole" };
    const brief = next.briefs.get(id)!;
    const rebuilt = briefFromBaseline(brief, await watches.baselineSignatures(id));
    return { before: rebuilt, baseline: rebuilt === brief ? "current" : "whole" };
  }

  async function recordNow(previous: Store | undefined, next: Store): Promise<string[]> {
    const active = (await watches.list()).filter((w) => next.briefs.has(w.brief));
    const watched = new Set(active.map((w) => w.brief));
    // A brief nobody watches keeps no baseline: a later watch starts from what is then in it.
    for (const id of await watches.baselineBriefs()) {
      if (!watched.has(id)) await watches.dropBaseline(id);
    }
    if (watched.size === 0) return [];
    const at = now();
    const diffs: BriefChanges[] = [];
    for (const id of watched) {
      const brief = next.briefs.get(id)!;
      const { before, baseline } = await previousOf(id, previous, next);
      const changes = before === brief ? undefined : diffBriefs(before, brief, at);
      if (changes !== undefined && hasChanges(changes)) diffs.push(changes);
      if (baseline === "whole") {
        await watches.writeBaseline(id, brief.claims.map(claimSignature), at);
      } else if (baseline === "delta" && changes !== undefined) {
        const { removed, added } = changes.delta;
        await watches.updateBaseline(
          id,
          removed.map(claimSignature),
          added.map(claimSignature),
          at,
        );
      }
    }
    if (diffs.length === 0) return [];
    const recorded: string[] = [];
    for (const alert of raiseAlerts(diffs, active, at)) {
      if (await store(alert, at)) recorded.push(alert.id);
    }
    if (recorded.length > 0) logger.info({ alerts: recorded }, "alerts raised");
    return recorded;
  }

  /** Hands one alert over; the ledger refuses an id it already has, so twice is harmless. */
  async function handOver(alert: OutboxAlert): Promise<DeliveryOutcome | undefined> {
    const outcome = await deliverer.send(alert.delivery);
    await watches.markHanded(alert.id, now());
    return outcome;
  }

  async function sendNow(): Promise<DeliveryOutcome[]> {
    // One queue per channel and thread: the first alert of a thread must open it before the next.
    const queues = new Map<string, OutboxAlert[]>();
    for (const alert of await watches.listOutbox()) {
      const { platform, channel, post } = alert.delivery;
      if (!postsTo(platform)) continue;
      const key = `${platform}|${channel}|${post?.thread?.key ?? alert.id}`;
      queues.set(key, [...(queues.get(key) ?? []), alert]);
    }
    const results = await Promise.all(
      [...queues.values()].map(async (queue) => {
        const done: DeliveryOutcome[] = [];
        for (const alert of queue) {
          const outcome = await handOver(alert);
          if (outcome !== undefined) done.push(outcome);
        }
        return done;
      }),
    );
    return results.flat();
  }

  function send(): Promise<DeliveryOutcome[]> {
    const next = sending.then(sendNow, sendNow);
    sending = next.catch(() => undefined);
    return track(next);
  }

  function logSendFailure(error: unknown): void {
    logger.error({ err: error }, "sending alerts failed");
  }

  /** Compares and records; nothing when the comparison failed (logged). */
  function recordLogged(previous: Store | undefined, next: Store): Promise<string[]> {
    return record(previous, next).catch((error: unknown) => {
      logger.error({ err: error }, "comparing the new version of the briefs for alerts failed");
      return [];
    });
  }

  /** One comparison at a time, in the order the versions went into service. */
  let recording: Promise<unknown> = Promise.resolve();
  function record(previous: Store | undefined, next: Store): Promise<string[]> {
    const run = recording.then(() => recordNow(previous, next));
    recording = run.catch(() => {});
    return track(run);
  }

  return {
    onSwap(previous, next) {
      // Tracked as one piece, so idle() sees no gap between recording and sending; sends also
      // what another instance recorded for a platform only this one posts to.
      void track(
        recordLogged(previous, next)
          .then(() => send())
          .catch(logSendFailure),
      );
    },
    start(current) {
      void track(
        recordLogged(undefined, current)
          .then(() => send())
          .catch(logSendFailure),
      );
    },
    record,
    send,
    async idle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
      await deliverer.idle();
    },
  };
}
