// The daily-summary scheduler. A node-cron job wakes it every minute; each tick asks the ledger
// which subscriptions are due and not yet in the ledger for their local day, asks the request
// core for `/sitrep` over what was reported since the channel's previous successful post (so
// brief choice, error ids and logging are the core's, as for a person asking), and hands it to the
// delivery machinery (deliver.ts), which claims, sends, checks and retries. Because the ledger,
// not the timer, decides, one design covers DST, catch-up after downtime, restarts, subscription
// changes from another process (read fresh every tick) and several instances on one database.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import cron, { type ScheduledTask } from "node-cron";
import type { Answer } from "../answer/model.ts";
import { controlMapPicture } from "../answer/pictures/control-map-spec.ts";
import type { RequestCore } from "../core/request.ts";
import type { Logger } from "../log.ts";
import type { PlatformName, Transport } from "../platforms/transport.ts";
import type { StateStore, Subscription } from "../state/types.ts";
import { groupInWindow } from "../store/queries.ts";
import type { Brief, Store } from "../store/types.ts";
import { createDeliverer, type Deliverer, type DeliveryOutcome } from "./deliver.ts";
import { passedDays } from "./due.ts";
import { dailyDeliveryId } from "./ledger.ts";

export type { DeliveryOutcome } from "./deliver.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** A channel silent for weeks gets the last week, not a month in one post. */
const MAX_PERIOD_MS = 7 * DAY_MS;

export interface SchedulerOptions {
  readonly state: StateStore;
  /** Only subscriptions of these platforms are served by this instance. */
  readonly transports: Partial<Record<PlatformName, Transport>>;
  readonly getStore: () => Store;
  readonly now: () => number;
  readonly logger: Logger;
  /** A post missed while the bot was down goes out when less than this late. */
  readonly catchUpHours: number;
  /** The delivery machinery to send through; by default one of its own on `state`. */
  readonly deliverer?: Deliverer;
  /** How long a claim stays ours before it is presumed dead; longer than any post takes. */
  readonly leaseMs?: number;
  /** Attempts per day and channel, rate-limit retries and checks included. */
  readonly maxAttempts?: number;
  /** Per-channel limit on one post, so one slow channel never holds up the next tick. */
  readonly postTimeoutMs?: number;
  /** Wait before retrying a refused post, times the attempt number. */
  readonly retryDelayMs?: number;
  /** Wait before checking a post whose outcome is unknown. */
  readonly checkDelayMs?: number;
  readonly instanceId?: string;
  /** The one way in: each post is `/sitrep` over its period, asked with origin `scheduler`. */
  readonly core: RequestCore;
  /**
   * Hands over, each tick, the alerts waiting in the outbox for this instance's platforms (ones
   * another instance recorded for a platform it does not post to).
   */
  readonly sendAlerts?: () => Promise<DeliveryOutcome[]>;
}

export interface Scheduler {
  /** Starts the per-minute cron job and runs one tick at once (the start-up catch-up). */
  start(): void;
  /** Stops the job and retry timers; resolves once posts in flight are recorded. */
  stop(): Promise<void>;
  /** One tick: claims and posts whatever is due now, and retries or checks what needs it. */
  runDue(): Promise<DeliveryOutcome[]>;
  /** Resolves once no tick, post or retry is running (retry timers may still be waiting). */
  idle(): Promise<void>;
}

/** A digest with no facts in it: nothing was reported in the period. */
function isEmptyDigest(answer: Answer): boolean {
  return answer.sections.every((s) => s.facts.length === 0);
}

/** The name this process goes by in the ledger. */
export function newInstanceId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

/** The summary with the region's control map, on a day some source reported control claims. */
function withControlMap(brief: Brief, summary: Answer, since: number, until: number): Answer {
  const region = brief.meta.region === undefined ? undefined : brief.places.get(brief.meta.region);
  if (region === undefined) return summary;
  if (groupInWindow(brief, "control", since, until, 1).total === 0) return summary;
  const picture = controlMapPicture(brief, region, { at: until - 1, now: until });
  return { ...summary, pictures: [picture] };
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { state, transports, getStore, now, logger } = options;
  const catchUpMs = options.catchUpHours * HOUR_MS;
  const ledger = state.deliveries;
  const deliverer =
    options.deliverer ??
    createDeliverer({
      ledger,
      transports,
      now,
      logger,
      owner: options.instanceId ?? newInstanceId(),
      ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
      ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
      ...(options.postTimeoutMs === undefined ? {} : { postTimeoutMs: options.postTimeoutMs }),
      ...(options.retryDelayMs === undefined ? {} : { retryDelayMs: options.retryDelayMs }),
      ...(options.checkDelayMs === undefined ? {} : { checkDelayMs: options.checkDelayMs }),
    });
  const platforms = Object.keys(transports) as PlatformName[];
  const inflight = new Set<Promise<unknown>>();
  let task: ScheduledTask | undefined;

  // A channel's health follows its deliveries, retries included.
  deliverer.onOutcome("daily", async (outcome) => {
    const id = outcome.subscriptionId;
    if (id === undefined) return;
    if (outcome.status === "sent") await state.subscriptions.clearError(id);
    else if (outcome.status === "no_access") {
      await state.subscriptions.recordError(id, outcome.error ?? "no access", now(), true);
    } else if (outcome.status === "failed" || outcome.status === "uncertain") {
      await state.subscriptions.recordError(id, outcome.error ?? outcome.status, now(), false);
    }
  });

  function track<T>(promise: Promise<T>): Promise<T> {
    inflight.add(promise);
    const remove = () => inflight.delete(promise);
    promise.then(remove, remove);
    return promise;
  }

  /** `/sitrep since:… at:… brief:…` for the channel, asked of the core as the scheduler. */
  function askSummary(sub: Subscription, since: number, until: number) {
    return options.core.handle({
      origin: {
        platform: sub.platform,
        workspace: sub.workspace,
        channel: sub.channel,
        user: sub.createdBy,
        isAdmin: false,
        trigger: "scheduler",
      },
      command: "sitrep",
      // Exact instants: the period is [since, until), and `at` is its last instant.
      options: {
        since: new Date(since).toISOString(),
        at: new Date(until - 1).toISOString(),
        brief: sub.brief,
      },
    });
  }

  /** Renders and sends a subscription's post for a day; undefined when it is already handled. */
  async function post(
    sub: Subscription,
    day: { localDate: string; dueAt: number },
  ): Promise<DeliveryOutcome | undefined> {
    const key = { subscriptionId: sub.id, localDate: day.localDate };
    const id = dailyDeliveryId(key);
    if ((await ledger.get(id)) !== undefined) return undefined;
    const base = {
      id,
      kind: "daily",
      platform: sub.platform,
      channel: sub.channel,
      dueAt: day.dueAt,
      deadlineAt: day.dueAt + catchUpMs,
      ...key,
      // Whose token posts it, when each workspace has its own installation.
      post: { workspace: sub.workspace },
    };
    const until = now();
    const previous = await ledger.lastSentUntil(sub.id);
    const since = Math.max(previous ?? until - DAY_MS, until - MAX_PERIOD_MS);
    const reply = await askSummary(sub, since, until);
    if (reply.outcome === "error") {
      // Already logged by the core under its id; the channel gets that one line, and the
      // period stays unposted (no `untilAt`) so the next post covers it: nothing is lost.
      const outcome = await deliverer.send({ ...base, message: reply.answer });
      const why = `the summary failed (error id ${reply.failure?.id ?? "unknown"})`;
      await state.subscriptions.recordError(sub.id, why, now(), false);
      return outcome;
    }
    const brief = getStore().briefs.get(sub.brief);
    if (reply.outcome !== "answer" || brief === undefined) {
      // Not claimed (the brief is not loaded, say): the next tick tries again, until the
      // catch-up window closes.
      const why = (reply.answer.notes ?? []).join(" ") || `the brief ${sub.brief} is not loaded`;
      logger.warn({ subscription: sub.id, brief: sub.brief, why }, "not posting yet");
      await state.subscriptions.recordError(sub.id, why, now(), false);
      return undefined;
    }
    const summary = reply.answer;
    const answer = sub.pictures ? withControlMap(brief, summary, since, until) : summary;
    if (isEmptyDigest(answer) && !sub.postWhenEmpty) {
      const why = "nothing new to report";
      if (!(await ledger.recordUnsent(base, "skipped", why, until))) return undefined;
      logger.info({ subscription: sub.id, localDate: day.localDate }, "nothing new: not posting");
      return { ...base, status: "skipped", attempt: 0, error: why };
    }
    return deliverer.send({ ...base, message: answer, sinceAt: since, untilAt: until });
  }

  async function runDueNow(): Promise<DeliveryOutcome[]> {
    const at = now();
    const subs = await state.subscriptions.list({ platforms, activeOnly: true });
    const outcomes: DeliveryOutcome[] = [];
    const jobs: Promise<DeliveryOutcome | undefined>[] = [];
    for (const sub of subs) {
      const days = passedDays(sub, at, catchUpMs, sub.updatedAt);
      for (const [i, day] of days.entries()) {
        // Only the newest passed day can still go out; older ones were superseded by it.
        if (i === days.length - 1 && at - day.dueAt <= catchUpMs) {
          jobs.push(post(sub, day));
          continue;
        }
        const late = Math.round((at - day.dueAt) / MINUTE_MS);
        const why = `not posted: the bot was down at the posting time (${late} min late, catch-up window ${options.catchUpHours} h)`;
        const key = { subscriptionId: sub.id, localDate: day.localDate };
        const missed = {
          id: dailyDeliveryId(key),
          kind: "daily",
          platform: sub.platform,
          channel: sub.channel,
          dueAt: day.dueAt,
          deadlineAt: day.dueAt + catchUpMs,
          ...key,
        };
        if (await ledger.recordUnsent(missed, "missed", why, at)) {
          logger.warn({ subscription: sub.id, localDate: day.localDate }, why);
          outcomes.push({ ...missed, status: "missed", attempt: 0, error: why });
        }
      }
    }
    jobs.push(...(await deliverer.resume()).map((o) => Promise.resolve(o)));
    if (options.sendAlerts !== undefined) {
      jobs.push(...(await options.sendAlerts()).map((o) => Promise.resolve(o)));
    }
    for (const outcome of await Promise.all(jobs))
      if (outcome !== undefined) outcomes.push(outcome);
    return outcomes;
  }

  function runDue(): Promise<DeliveryOutcome[]> {
    return track(runDueNow());
  }

  async function idle(): Promise<void> {
    while (inflight.size > 0) await Promise.allSettled([...inflight]);
    await deliverer.idle();
  }

  function tick(): Promise<void> {
    return runDue().then(
      // What this instance did: with several instances on one database, the ticks' outcomes
      // together show each post sent once (the others find it claimed and send nothing).
      (outcomes) =>
        logger.debug(
          { outcomes: outcomes.map((o) => ({ id: o.id, status: o.status })) },
          "scheduler tick done",
        ),
      (error: unknown) => logger.error({ err: error }, "scheduler tick failed"),
    );
  }

  return {
    start() {
      if (task !== undefined) return;
      task = cron.schedule("* * * * *", tick, {
        name: `sitrep-daily-${randomBytes(4).toString("hex")}`,
        timezone: "UTC",
      });
      void tick();
    },
    async stop() {
      if (task !== undefined) {
        await task.destroy();
        task = undefined;
      }
      await idle();
      if (options.deliverer === undefined) await deliverer.stop();
    },
    runDue,
    idle,
  };
}
