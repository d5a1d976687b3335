// The daily-summary scheduler. A node-cron job wakes it every minute; each tick asks the ledger
// which subscriptions are due and not yet claimed for their local day, claims them, and posts the
// digest of what was reported since the channel's previous successful post. Because the ledger,
// not the timer, decides, one design covers DST, catch-up after downtime, restarts, subscription
// changes from another process (read fresh every tick) and several instances on one database.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import cron, { type ScheduledTask } from "node-cron";
import type { Answer } from "../answer/model.ts";
import { buildDigest } from "../digest/build.ts";
import type { Logger } from "../log.ts";
import { DeliveryError, type PlatformName, type Transport } from "../platforms/transport.ts";
import type { Brief, Store } from "../store/types.ts";
import type { StateDb } from "./db.ts";
import { type DueDay, passedDays } from "./due.ts";
import {
  claimDelivery,
  type DeliveryKey,
  type DeliveryResult,
  type DeliveryStatus,
  expireStaleClaims,
  finishDelivery,
  getDelivery,
  lastSentUntil,
  listDueRetries,
  reclaimForRetry,
  recordMissed,
} from "./ledger.ts";
import {
  clearSubscriptionError,
  getSubscription,
  listSubscriptions,
  recordSubscriptionError,
  type Subscription,
} from "./subscriptions.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** A channel silent for weeks gets the last week, not a month in one post. */
const MAX_PERIOD_MS = 7 * DAY_MS;

export type DigestBuilder = (
  brief: Brief,
  period: { since: number; until: number; now: number },
) => Answer;

export interface SchedulerOptions {
  readonly db: StateDb;
  /** Only subscriptions of these platforms are served by this instance. */
  readonly transports: Partial<Record<PlatformName, Transport>>;
  readonly getStore: () => Store;
  readonly now: () => number;
  readonly logger: Logger;
  /** A post missed while the bot was down goes out when less than this late. */
  readonly catchUpHours: number;
  /** How long a claim stays ours before it is presumed dead; longer than any post takes. */
  readonly leaseMs?: number;
  /** Attempts per day and channel, rate-limit retries included. */
  readonly maxAttempts?: number;
  /** Per-channel limit on one post, so one slow channel never holds up the next tick. */
  readonly postTimeoutMs?: number;
  /** Wait before retrying a `failed` post, times the attempt number. */
  readonly retryDelayMs?: number;
  readonly instanceId?: string;
  readonly buildDigest?: DigestBuilder;
}

export interface DeliveryOutcome extends DeliveryKey {
  readonly platform: PlatformName;
  readonly channel: string;
  readonly status: DeliveryStatus;
  readonly attempt: number;
  readonly messageId?: string;
  readonly error?: string;
  /** Set when another attempt is scheduled. */
  readonly retryAt?: number;
}

export interface Scheduler {
  /** Starts the per-minute cron job and runs one tick at once (the start-up catch-up). */
  start(): void;
  /** Stops the job and retry timers; resolves once posts in flight are recorded. */
  stop(): Promise<void>;
  /** One tick: claims and posts whatever is due now. */
  runDue(): Promise<DeliveryOutcome[]>;
  /** Resolves once no tick, post or retry is running (retry timers may still be waiting). */
  idle(): Promise<void>;
}

class PostTimeout extends Error {}

/** A digest with no facts in it: nothing was reported in the period. */
function isEmptyDigest(answer: Answer): boolean {
  return answer.sections.every((s) => s.facts.length === 0);
}

/** Global timers (not node:timers/promises) so fake clocks in tests drive the timeout too. */
async function postWithTimeout(
  transport: Transport,
  channel: string,
  answer: Answer,
  timeoutMs: number,
): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new PostTimeout(`no answer from the platform within ${timeoutMs / 1000}s`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([transport.postMessage(channel, answer), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { db, transports, getStore, now, logger } = options;
  const catchUpMs = options.catchUpHours * HOUR_MS;
  const leaseMs = options.leaseMs ?? 10 * MINUTE_MS;
  const maxAttempts = options.maxAttempts ?? 5;
  const postTimeoutMs = options.postTimeoutMs ?? 30_000;
  const retryDelayMs = options.retryDelayMs ?? MINUTE_MS;
  const digest = options.buildDigest ?? buildDigest;
  const owner =
    options.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
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

  /** Closes a claimed row; a false return means our lease ran out and someone else closed it. */
  function finish(
    sub: Subscription,
    day: DueDay,
    attempt: number,
    result: DeliveryResult,
  ): DeliveryOutcome {
    const key = { subscriptionId: sub.id, localDate: day.localDate };
    if (!finishDelivery(db, key, owner, result, now())) {
      logger.error(
        { subscription: sub.id, localDate: day.localDate, status: result.status },
        "could not record a delivery result: the claim was no longer ours",
      );
    }
    const outcome: DeliveryOutcome = {
      ...key,
      platform: sub.platform,
      channel: sub.channel,
      status: result.status,
      attempt,
      ...(result.messageId === undefined ? {} : { messageId: result.messageId }),
      ...(result.error === undefined ? {} : { error: result.error }),
      ...(result.nextAttemptAt === undefined ? {} : { retryAt: result.nextAttemptAt }),
    };
    if (result.nextAttemptAt !== undefined) {
      scheduleRetry(sub.id, day.localDate, result.nextAttemptAt - now());
    }
    return outcome;
  }

  /** A failure: retried while attempts remain (`retryInMs` undefined means never). */
  function fail(
    sub: Subscription,
    day: DueDay,
    attempt: number,
    error: string,
    retryInMs: number | undefined,
  ): DeliveryOutcome {
    const at = now();
    const retry = retryInMs !== undefined && attempt < maxAttempts;
    recordSubscriptionError(db, sub.id, error, at, false);
    logger.warn(
      {
        subscription: sub.id,
        channel: sub.channel,
        localDate: day.localDate,
        attempt,
        error,
        retry,
      },
      "daily summary not posted",
    );
    return finish(sub, day, attempt, {
      status: "failed",
      error,
      ...(retry ? { nextAttemptAt: at + retryInMs } : {}),
    });
  }

  async function deliver(
    sub: Subscription,
    day: DueDay,
    attempt: number,
  ): Promise<DeliveryOutcome> {
    // Once the platform took the post, nothing that fails afterwards may lead to a retry.
    let posted = false;
    try {
      const transport = transports[sub.platform];
      const brief = getStore().briefs.get(sub.brief);
      if (transport === undefined) {
        return fail(sub, day, attempt, `no ${sub.platform} connection`, undefined);
      }
      if (brief === undefined) {
        return fail(
          sub,
          day,
          attempt,
          `the brief ${sub.brief} is not loaded`,
          retryDelayMs * attempt,
        );
      }
      const until = now();
      const previous = lastSentUntil(db, sub.id);
      const since = Math.max(previous ?? until - DAY_MS, until - MAX_PERIOD_MS);
      const answer = digest(brief, { since, until, now: until });
      if (isEmptyDigest(answer) && !sub.postWhenEmpty) {
        logger.info({ subscription: sub.id, localDate: day.localDate }, "nothing new: not posting");
        return finish(sub, day, attempt, { status: "skipped", error: "nothing new to report" });
      }
      try {
        const messageId = await postWithTimeout(transport, sub.channel, answer, postTimeoutMs);
        posted = true;
        clearSubscriptionError(db, sub.id);
        logger.info(
          { subscription: sub.id, channel: sub.channel, localDate: day.localDate, messageId },
          "daily summary posted",
        );
        return finish(sub, day, attempt, {
          status: "sent",
          messageId,
          sinceAt: since,
          untilAt: until,
        });
      } catch (error) {
        if (error instanceof PostTimeout) {
          // The post may still land: retrying could post twice, and at most once is the rule.
          return fail(
            sub,
            day,
            attempt,
            `${error.message}; it may have been posted, so not retrying`,
            undefined,
          );
        }
        if (!(error instanceof DeliveryError)) throw error;
        if (error.code === "no_access") {
          const at = now();
          recordSubscriptionError(db, sub.id, error.message, at, true);
          logger.warn(
            { subscription: sub.id, channel: sub.channel, error: error.message },
            "lost access to the channel: not retrying until someone subscribes again",
          );
          return finish(sub, day, attempt, { status: "no_access", error: error.message });
        }
        if (error.code === "rate_limited") {
          const wait = error.retryAfterMs ?? retryDelayMs;
          return fail(sub, day, attempt, `rate limited: ${error.message}`, wait);
        }
        return fail(sub, day, attempt, error.message, retryDelayMs * attempt);
      }
    } catch (error) {
      logger.error({ subscription: sub.id, err: error, posted }, "daily summary failed");
      if (posted)
        return fail(sub, day, attempt, "posted, but the result was not recorded", undefined);
      return fail(
        sub,
        day,
        attempt,
        (error as Error).message ?? String(error),
        retryDelayMs * attempt,
      );
    }
  }

  /** Re-claims a failed row whose time has come; undefined when it is not (or no longer) ours. */
  function retry(sub: Subscription, localDate: string): Promise<DeliveryOutcome> | undefined {
    const key = { subscriptionId: sub.id, localDate };
    if (!reclaimForRetry(db, key, { owner, now: now(), leaseMs, maxAttempts })) return undefined;
    const row = getDelivery(db, key)!;
    return deliver(sub, { localDate, dueAt: row.dueAt }, row.attempts);
  }

  /** Retries THAT channel after the delay; the tick would also find it, the claim picks one. */
  function scheduleRetry(subscriptionId: number, localDate: string, delayMs: number): void {
    if (stopped) return;
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        if (stopped) return;
        const sub = getSubscription(db, subscriptionId);
        if (sub === undefined || sub.noAccessAt !== undefined) return;
        const job = retry(sub, localDate);
        if (job !== undefined) track(job);
      },
      Math.max(0, delayMs),
    );
    timers.add(timer);
  }

  async function runDueNow(): Promise<DeliveryOutcome[]> {
    const at = now();
    for (const row of expireStaleClaims(db, at)) {
      logger.warn(
        { subscription: row.subscriptionId, localDate: row.localDate, owner: row.owner },
        "a claimed post never recorded its result (crash?): marked failed, not re-posting",
      );
    }
    const subs = listSubscriptions(db, { platforms, activeOnly: true });
    const outcomes: DeliveryOutcome[] = [];
    const jobs: Promise<DeliveryOutcome>[] = [];
    for (const sub of subs) {
      const days = passedDays(sub, at, catchUpMs, sub.updatedAt);
      days.forEach((day, i) => {
        const key = { subscriptionId: sub.id, localDate: day.localDate };
        // Only the newest passed day can still go out; older ones were superseded by it.
        if (i === days.length - 1 && at - day.dueAt <= catchUpMs) {
          if (claimDelivery(db, { ...key, dueAt: day.dueAt, owner, now: at, leaseMs })) {
            jobs.push(deliver(sub, day, 1));
          }
          return;
        }
        const late = Math.round((at - day.dueAt) / MINUTE_MS);
        const why = `not posted: the bot was down at the posting time (${late} min late, catch-up window ${options.catchUpHours} h)`;
        if (recordMissed(db, { ...key, dueAt: day.dueAt }, why, at)) {
          logger.warn({ subscription: sub.id, localDate: day.localDate }, why);
          outcomes.push({
            ...key,
            platform: sub.platform,
            channel: sub.channel,
            status: "missed",
            attempt: 0,
            error: why,
          });
        }
      });
    }
    const byId = new Map(subs.map((s) => [s.id, s]));
    for (const key of listDueRetries(db, at)) {
      const sub = byId.get(key.subscriptionId);
      const job = sub === undefined ? undefined : retry(sub, key.localDate);
      if (job !== undefined) jobs.push(job);
    }
    outcomes.push(...(await Promise.all(jobs)));
    return outcomes;
  }

  function runDue(): Promise<DeliveryOutcome[]> {
    return track(runDueNow());
  }

  async function idle(): Promise<void> {
    while (inflight.size > 0) await Promise.allSettled([...inflight]);
  }

  function tick(): Promise<void> {
    return runDue().then(
      () => undefined,
      (error: unknown) => logger.error({ err: error }, "scheduler tick failed"),
    );
  }

  return {
    start() {
      if (task !== undefined) return;
      stopped = false;
      task = cron.schedule("* * * * *", tick, { name: `sitrep-daily-${owner}`, timezone: "UTC" });
      void tick();
    },
    async stop() {
      stopped = true;
      if (task !== undefined) {
        await task.destroy();
        task = undefined;
      }
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await idle();
    },
    runDue,
    idle,
  };
}
