// Watches at work: every time a new version of a brief is taken into service, the alerter
// compares it with the one before (as of now), records each watch's new (watch, change) pairs
// together with one alert message per watch, in one transaction, and sends the outbox. The
// ledger rows make each change alerted once across restarts and instances; the outbox makes an
// alert survive a crash before it was sent. Channels are sent to side by side, so a slow or
// failing channel holds up no other; alerts sharing a thread go one after the other.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "../log.ts";
import { DeliveryError, type PlatformName, type Transport } from "../platforms/transport.ts";
import type { Store } from "../store/types.ts";
import { alertAnswer, diffStores, type RaisedAlert, raiseAlerts } from "../watch/raise.ts";
import type { StateDb } from "./db.ts";
import {
  type AlertRecord,
  type AlertResult,
  claimAlert,
  claimChanges,
  expireAlertClaims,
  finishAlert,
  getThread,
  insertAlert,
  inTransaction,
  listDueAlerts,
  listWatches,
  saveThread,
} from "./watches.ts";

const MINUTE_MS = 60_000;

export interface AlerterOptions {
  readonly db: StateDb;
  /** Only alerts to these platforms are sent by this instance. */
  readonly transports: Partial<Record<PlatformName, Transport>>;
  readonly now: () => number;
  readonly logger: Logger;
  readonly instanceId?: string;
  readonly leaseMs?: number;
  readonly maxAttempts?: number;
  readonly postTimeoutMs?: number;
  readonly retryDelayMs?: number;
}

export interface AlertOutcome {
  readonly id: string;
  readonly channel: string;
  readonly status: AlertResult["status"];
  readonly messageId?: string;
  readonly error?: string;
}

export interface Alerter {
  /** The live store's reload hook: compare, record, then send (in the background). */
  onSwap(previous: Store | undefined, next: Store): void;
  /** Compares two versions and records the alerts they raise; returns the ones recorded. */
  record(previous: Store | undefined, next: Store): string[];
  /** Sends whatever alert is due (new, or a retry whose time has come). */
  sendDue(): Promise<AlertOutcome[]>;
  /** A per-minute sweep of the outbox (retries, alerts left by a stopped instance). */
  start(): void;
  idle(): Promise<void>;
  stop(): Promise<void>;
}

class PostTimeout extends Error {}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PostTimeout(`no answer within ${ms / 1000}s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createAlerter(options: AlerterOptions): Alerter {
  const { db, transports, now, logger } = options;
  const owner =
    options.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const leaseMs = options.leaseMs ?? 10 * MINUTE_MS;
  const maxAttempts = options.maxAttempts ?? 5;
  const postTimeoutMs = options.postTimeoutMs ?? 30_000;
  const retryDelayMs = options.retryDelayMs ?? MINUTE_MS;
  const platforms = Object.keys(transports) as PlatformName[];
  const inflight = new Set<Promise<unknown>>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let task: ScheduledTask | undefined;
  let stopped = false;

  function track<T>(promise: Promise<T>): Promise<T> {
    inflight.add(promise);
    const remove = () => inflight.delete(promise);
    promise.then(remove, remove);
    return promise;
  }

  /** Claims the alert's changes not claimed before and stores one message for them. */
  function store(alert: RaisedAlert, at: number): boolean {
    return inTransaction(db, () => {
      const keys = alert.changes.map((c) => c.key);
      const fresh = new Set(claimChanges(db, alert.watch.id, keys, alert.id, at));
      if (fresh.size === 0) return false;
      const changes = alert.changes.filter((c) => fresh.has(c.key));
      insertAlert(
        db,
        {
          id: alert.id,
          watch: alert.watch,
          answer: alertAnswer(alert, changes, at),
          ...(alert.threadKey === undefined ? {} : { threadKey: alert.threadKey }),
          ...(alert.threadName === undefined ? {} : { threadName: alert.threadName }),
        },
        at,
      );
      return true;
    });
  }

  function record(previous: Store | undefined, next: Store): string[] {
    const at = now();
    const diffs = diffStores(previous, next, at);
    if (diffs.length === 0) return [];
    const watches = listWatches(db).filter((w) => diffs.some((d) => d.brief.id === w.brief));
    const recorded: string[] = [];
    for (const alert of raiseAlerts(diffs, watches, at)) {
      if (store(alert, at)) recorded.push(alert.id);
    }
    if (recorded.length > 0) logger.info({ alerts: recorded }, "alerts raised");
    return recorded;
  }

  function retryIn(delayMs: number): void {
    if (stopped) return;
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        if (!stopped) void sendDue();
      },
      Math.max(0, delayMs),
    );
    timers.add(timer);
  }

  function finish(alert: AlertRecord, result: AlertResult): AlertOutcome {
    if (!finishAlert(db, alert.id, owner, result, now())) {
      logger.error({ alert: alert.id }, "could not record an alert's result: no longer ours");
    }
    if (result.nextAttemptAt !== undefined) retryIn(result.nextAttemptAt - now());
    const level = result.status === "sent" ? "info" : "warn";
    logger[level]({ alert: alert.id, channel: alert.channel, ...result }, `alert ${result.status}`);
    return {
      id: alert.id,
      channel: alert.channel,
      status: result.status,
      ...(result.messageId === undefined ? {} : { messageId: result.messageId }),
      ...(result.error === undefined ? {} : { error: result.error }),
    };
  }

  function failure(alert: AlertRecord, error: unknown): AlertResult {
    const attempt = alert.attempts + 1;
    const retry = (ms: number) => (attempt < maxAttempts ? { nextAttemptAt: now() + ms } : {});
    if (error instanceof PostTimeout) {
      // It may still land: retrying could send it twice.
      return { status: "failed", error: `${error.message}; it may have been sent, not retrying` };
    }
    if (error instanceof DeliveryError && error.code === "no_access") {
      return { status: "no_access", error: error.message };
    }
    if (error instanceof DeliveryError && error.code === "rate_limited") {
      return {
        status: "failed",
        error: `rate limited: ${error.message}`,
        ...retry(error.retryAfterMs ?? retryDelayMs),
      };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { status: "failed", error: message, ...retry(retryDelayMs * attempt) };
  }

  async function deliver(alert: AlertRecord): Promise<AlertOutcome | undefined> {
    if (!claimAlert(db, alert.id, { owner, now: now(), leaseMs, maxAttempts })) return undefined;
    const transport = transports[alert.platform];
    if (transport === undefined) {
      return finish(alert, { status: "failed", error: `no ${alert.platform} connection` });
    }
    const where = { platform: alert.platform, workspace: alert.workspace, channel: alert.channel };
    const thread =
      alert.threadKey === undefined
        ? undefined
        : getThread(db, { ...where, threadKey: alert.threadKey });
    let messageId: string;
    try {
      messageId = await withTimeout(
        transport.postMessage(alert.channel, alert.answer, {
          ...(thread === undefined ? {} : { thread }),
          ...(alert.mention === undefined ? {} : { mention: alert.mention }),
        }),
        postTimeoutMs,
      );
    } catch (error) {
      return finish(alert, failure(alert, error));
    }
    if (alert.threadKey !== undefined && thread === undefined && transport.openThread) {
      try {
        const opened = await withTimeout(
          transport.openThread(alert.channel, messageId, alert.threadName ?? "Alerts"),
          postTimeoutMs,
        );
        saveThread(db, { ...where, threadKey: alert.threadKey }, opened, now());
      } catch (error) {
        // The alert is out; the next one on this place starts the thread instead.
        logger.warn({ alert: alert.id, err: error }, "could not start a thread on an alert");
      }
    }
    return finish(alert, { status: "sent", messageId });
  }

  async function sendDueNow(): Promise<AlertOutcome[]> {
    for (const row of expireAlertClaims(db, now())) {
      logger.warn({ alert: row.id }, "an alert's claim ran out before its result was recorded");
    }
    // One queue per channel and thread: the first alert of a thread must open it before the next.
    const queues = new Map<string, AlertRecord[]>();
    for (const alert of listDueAlerts(db, now(), platforms)) {
      const key = `${alert.platform}|${alert.workspace}|${alert.channel}|${alert.threadKey ?? alert.id}`;
      queues.set(key, [...(queues.get(key) ?? []), alert]);
    }
    const results = await Promise.all(
      [...queues.values()].map(async (queue) => {
        const done: AlertOutcome[] = [];
        for (const alert of queue) {
          const outcome = await deliver(alert);
          if (outcome !== undefined) done.push(outcome);
        }
        return done;
      }),
    );
    return results.flat();
  }

  function sendDue(): Promise<AlertOutcome[]> {
    return track(sendDueNow());
  }

  return {
    onSwap(previous, next) {
      try {
        if (record(previous, next).length > 0) void sendDue();
      } catch (error) {
        logger.error({ err: error }, "comparing the new version of the briefs for alerts failed");
      }
    },
    record,
    sendDue,
    start() {
      if (task !== undefined) return;
      stopped = false;
      task = cron.schedule("* * * * *", () => void sendDue().catch(() => undefined), {
        name: `sitrep-alerts-${owner}`,
        timezone: "UTC",
      });
      void sendDue();
    },
    async idle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
    async stop() {
      stopped = true;
      if (task !== undefined) {
        await task.destroy();
        task = undefined;
      }
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
  };
}
