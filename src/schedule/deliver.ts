// The delivery machinery: sends each delivery (an id, a target channel, a rendered message) at
// most once, and exactly once whenever the platform lets us find out what happened. Every send
// is claimed in the ledger first and marked `sending` just before it leaves; an attempt whose
// outcome is unknown (no answer in time, a dropped connection, a crash while sending) becomes
// `uncertain` and is CHECKED before anything is sent again: on Slack by finding the post by its
// delivery id in the channel, on Discord by re-sending with the same enforced nonce, which
// returns the first message instead of posting a second. Where no check is possible the post is
// left uncertain, not repeated. Transports never retry on their own; only this module does.
import type { Answer } from "../answer/model.ts";
import type { Logger } from "../log.ts";
import type { Metrics } from "../metrics.ts";
import { DeliveryError, type PlatformName, type Transport } from "../platforms/transport.ts";
import type {
  DeliveryLedger,
  DeliveryRecord,
  DeliveryResult,
  DeliveryStatus,
  NewDelivery,
} from "./ledger.ts";

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;

export interface DelivererOptions {
  readonly ledger: DeliveryLedger;
  /** Only deliveries to these platforms are sent (and taken over) by this instance. */
  readonly transports: Partial<Record<PlatformName, Transport>>;
  readonly now: () => number;
  readonly logger: Logger;
  /** This instance's name in the ledger. */
  readonly owner: string;
  /** Longest wait for the platform's answer to one post (or one check). */
  readonly postTimeoutMs?: number;
  /** How long a claim stays ours; longer than a check and a post together. */
  readonly leaseMs?: number;
  /** Attempts per delivery, checks and rate-limit retries included. */
  readonly maxAttempts?: number;
  /** Wait before retrying a refused post, times the attempt number. */
  readonly retryDelayMs?: number;
  /** Wait before checking a post whose outcome is unknown, so it has had time to appear. */
  readonly checkDelayMs?: number;
  /** Threads of deliveries that ask for one (alerts); without it they go to the channel. */
  readonly threads?: ThreadBook;
  /** Counts every recorded attempt by kind, platform and status. */
  readonly metrics?: Metrics;
}

/** Where a channel's threads are kept: deliveries with one thread key go in one thread. */
export interface ThreadBook {
  find(where: ThreadPlace): Promise<string | undefined>;
  /** Records the thread; the first one recorded for the place wins. */
  save(where: ThreadPlace, threadId: string, now: number): Promise<void>;
}

export interface ThreadPlace {
  readonly platform: PlatformName;
  readonly workspace: string;
  readonly channel: string;
  readonly threadKey: string;
}

export interface DeliveryOutcome {
  readonly id: string;
  readonly kind: string;
  readonly platform: PlatformName;
  readonly channel: string;
  readonly status: DeliveryStatus;
  readonly attempt: number;
  readonly messageId?: string;
  readonly error?: string;
  /** Set when another attempt (or check) is scheduled. */
  readonly retryAt?: number;
  readonly subscriptionId?: number;
  readonly localDate?: string;
}

export type OutcomeListener = (outcome: DeliveryOutcome) => void | Promise<void>;

export interface Deliverer {
  /** Claims and sends a new delivery; undefined when it is already in the ledger. */
  send(delivery: NewDelivery): Promise<DeliveryOutcome | undefined>;
  /** Retries, checks and takes over (from dead instances) whatever is due now. */
  resume(): Promise<DeliveryOutcome[]>;
  /** Calls `listener` with every outcome of deliveries of this kind (retries included). */
  onOutcome(kind: string, listener: OutcomeListener): void;
  /** Resolves once no send or check is running. */
  idle(): Promise<void>;
  /** Stops retry timers; resolves once sends in flight are recorded. */
  stop(): Promise<void>;
}

class Timeout extends Error {}

/** Global timers (not node:timers/promises) so fake clocks in tests drive the timeout too. */
async function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Timeout(`no answer to the ${what} within ${timeoutMs / SECOND_MS}s`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The work one attempt needs; `mayBePosted` decides whether it must check first. */
interface Attempt {
  readonly record: Omit<DeliveryRecord, "message" | "status" | "createdAt" | "updatedAt">;
  readonly message: Answer;
}

export function createDeliverer(options: DelivererOptions): Deliverer {
  const { ledger, transports, now, logger, owner } = options;
  const postTimeoutMs = options.postTimeoutMs ?? 20 * SECOND_MS;
  const leaseMs = options.leaseMs ?? 2 * postTimeoutMs + 10 * SECOND_MS;
  const maxAttempts = options.maxAttempts ?? 5;
  const retryDelayMs = options.retryDelayMs ?? MINUTE_MS;
  const checkDelayMs = options.checkDelayMs ?? 30 * SECOND_MS;
  const platforms = Object.keys(transports) as PlatformName[];
  const listeners = new Map<string, OutcomeListener[]>();
  const inflight = new Set<Promise<unknown>>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let stopped = false;

  function track<T>(promise: Promise<T>): Promise<T> {
    inflight.add(promise);
    const remove = () => inflight.delete(promise);
    promise.then(remove, remove);
    return promise;
  }

  const lease = () => ({ owner, now: now(), leaseMs });

  /** Records the attempt's result, tells the listeners, and schedules what comes next. */
  async function finish(work: Attempt, result: DeliveryResult): Promise<DeliveryOutcome> {
    const { record } = work;
    const last = record.attempts >= maxAttempts;
    const final: DeliveryResult =
      last && result.nextAttemptAt !== undefined
        ? {
            status: result.status,
            ...(result.messageId === undefined ? {} : { messageId: result.messageId }),
            error: `${result.error ?? "failed"}; gave up after ${record.attempts} attempt(s)`,
          }
        : result;
    if (!(await ledger.finish(record.id, owner, final, now()))) {
      logger.error(
        { delivery: record.id, status: final.status },
        "could not record a delivery result: the claim was no longer ours",
      );
    }
    const outcome: DeliveryOutcome = {
      id: record.id,
      kind: record.kind,
      platform: record.platform,
      channel: record.channel,
      status: final.status,
      attempt: record.attempts,
      ...(final.messageId === undefined ? {} : { messageId: final.messageId }),
      ...(final.error === undefined ? {} : { error: final.error }),
      ...(final.nextAttemptAt === undefined ? {} : { retryAt: final.nextAttemptAt }),
      ...(record.subscriptionId === undefined ? {} : { subscriptionId: record.subscriptionId }),
      ...(record.localDate === undefined ? {} : { localDate: record.localDate }),
    };
    options.metrics?.countDelivery(record.kind, record.platform, final.status);
    const level = final.status === "sent" ? "info" : "warn";
    logger[level]({ ...outcome }, `delivery ${final.status}`);
    if (final.nextAttemptAt !== undefined) scheduleResume(final.nextAttemptAt - now());
    for (const listener of listeners.get(record.kind) ?? []) {
      try {
        await listener(outcome);
      } catch (error) {
        logger.error({ err: error, delivery: record.id }, "a delivery listener failed");
      }
    }
    return outcome;
  }

  type Check = { found: string } | { absent: true } | { unknown: string } | { cannot: string };

  /** Whether an earlier attempt that may have reached the platform did. */
  async function check(transport: Transport, work: Attempt): Promise<Check> {
    const { record } = work;
    const since = (record.sendingAt ?? record.dueAt) - MINUTE_MS;
    if (transport.findPosted !== undefined) {
      try {
        const thread = await threadOf(record);
        const found = await withTimeout(
          transport.findPosted(record.channel, record.id, since, {
            ...(thread === undefined ? {} : { thread }),
            ...workspaceOf(record),
          }),
          postTimeoutMs,
          "check",
        );
        return found === undefined ? { absent: true } : { found };
      } catch (error) {
        return { unknown: `could not check whether it was posted: ${messageOf(error)}` };
      }
    }
    const resendMs = transport.idempotentResendMs;
    if (resendMs !== undefined && now() - (record.sendingAt ?? 0) < resendMs) {
      // Sending again IS the check: the platform returns the first message if there is one.
      return { absent: true };
    }
    return {
      cannot: `it may have been posted, and ${record.platform} offers no way to check that now, so it is not posted again`,
    };
  }

  /** The workspace the post goes to, so the platform posts with that workspace's token. */
  function workspaceOf(record: Attempt["record"]): { workspace?: string } {
    const workspace = record.post?.workspace ?? record.post?.thread?.workspace;
    return workspace === undefined ? {} : { workspace };
  }

  function threadPlace(record: Attempt["record"]): ThreadPlace | undefined {
    const thread = record.post?.thread;
    if (thread === undefined || options.threads === undefined) return undefined;
    const { platform, channel } = record;
    return { platform, workspace: thread.workspace, channel, threadKey: thread.key };
  }

  /** The thread the delivery goes in, once one was opened for its key. */
  async function threadOf(record: Attempt["record"]): Promise<string | undefined> {
    const where = threadPlace(record);
    return where === undefined ? undefined : options.threads!.find(where);
  }

  /** The first post of a thread key opens the thread; a failure leaves it for the next post. */
  async function openThread(
    transport: Transport,
    record: Attempt["record"],
    messageId: string,
  ): Promise<void> {
    const where = threadPlace(record);
    if (where === undefined || transport.openThread === undefined || messageId === "") return;
    try {
      const name = record.post?.thread?.name ?? "Alerts";
      const opened = await withTimeout(
        transport.openThread(record.channel, messageId, name),
        postTimeoutMs,
        "thread",
      );
      await options.threads!.save(where, opened, now());
    } catch (error) {
      logger.warn({ delivery: record.id, err: error }, "could not open a thread on the post");
    }
  }

  async function attempt(work: Attempt): Promise<DeliveryOutcome> {
    const { record } = work;
    const transport = transports[record.platform];
    if (transport === undefined) {
      return finish(work, { status: "failed", error: `no ${record.platform} connection` });
    }
    if (record.mayBePosted) {
      const checked = await check(transport, work);
      if ("found" in checked) return finish(work, { status: "sent", messageId: checked.found });
      if ("unknown" in checked) {
        return finish(work, {
          status: "uncertain",
          error: checked.unknown,
          nextAttemptAt: now() + checkDelayMs,
        });
      }
      if ("cannot" in checked) return finish(work, { status: "uncertain", error: checked.cannot });
    }
    if (now() > record.deadlineAt) {
      const late = "not posted: past its catch-up window";
      return finish(work, { status: record.mayBePosted ? "uncertain" : "failed", error: late });
    }
    if (!(await ledger.markSending(record.id, lease()))) {
      logger.error({ delivery: record.id }, "not sending: the claim was no longer ours");
      return finish(work, { status: "failed", error: "the claim was lost before sending" });
    }
    const sending: Attempt = {
      ...work,
      record: { ...record, mayBePosted: true, sendingAt: now() },
    };
    try {
      const thread = await threadOf(record);
      const mention = record.post?.mention;
      const messageId = await withTimeout(
        transport.postMessage(record.channel, work.message, {
          deliveryId: record.id,
          ...workspaceOf(record),
          ...(thread === undefined ? {} : { thread }),
          ...(mention === undefined ? {} : { mention }),
        }),
        postTimeoutMs,
        "post",
      );
      if (thread === undefined) await openThread(transport, record, messageId);
      return finish(sending, { status: "sent", messageId });
    } catch (error) {
      return finish(sending, afterFailedPost(transport, record, error));
    }
  }

  /** What a failed post means: surely not posted (retry), or maybe posted (check first). */
  function afterFailedPost(
    transport: Transport,
    record: Attempt["record"],
    error: unknown,
  ): DeliveryResult {
    const at = now();
    // A refusal proves this attempt did not post: only earlier attempts may have.
    const refused = { mayBePosted: record.mayBePosted };
    if (error instanceof DeliveryError && error.code === "rate_limited") {
      const wait = error.retryAfterMs ?? retryDelayMs;
      return {
        status: "failed",
        error: `rate limited: ${error.message}`,
        nextAttemptAt: at + wait,
        ...refused,
      };
    }
    if (error instanceof DeliveryError && error.code === "no_access") {
      return { status: "no_access", error: error.message, ...refused };
    }
    if (error instanceof DeliveryError && error.code === "failed") {
      const nextAttemptAt = at + retryDelayMs * record.attempts;
      return { status: "failed", error: error.message, nextAttemptAt, ...refused };
    }
    const checkable =
      transport.findPosted !== undefined || transport.idempotentResendMs !== undefined;
    const why = `${messageOf(error)}; it may have been posted`;
    return checkable
      ? {
          status: "uncertain",
          error: `${why}: checking before any retry`,
          nextAttemptAt: at + checkDelayMs,
        }
      : {
          status: "uncertain",
          error: `${why}, and it cannot be checked, so it is not posted again`,
        };
  }

  function scheduleResume(delayMs: number): void {
    if (stopped) return;
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        if (!stopped) void resume();
      },
      Math.max(0, delayMs),
    );
    timers.add(timer);
  }

  async function sendNew(delivery: NewDelivery): Promise<DeliveryOutcome | undefined> {
    if (!(await ledger.claim(delivery, lease()))) return undefined;
    const { message, ...rest } = delivery;
    return attempt({ record: { ...rest, mayBePosted: false, attempts: 1, owner }, message });
  }

  async function resumeNow(): Promise<DeliveryOutcome[]> {
    const taken = await ledger.takeDue(platforms, lease(), maxAttempts);
    const jobs = taken.map((row) => {
      if (row.status === "claimed" || row.status === "sending") {
        logger.warn(
          { delivery: row.id, owner: row.owner, status: row.status },
          row.status === "sending"
            ? "an instance died while sending: checking whether the post went out"
            : "an instance died before sending: posting now",
        );
      }
      const { message, ...rest } = row;
      const record = {
        ...rest,
        attempts: row.attempts + 1,
        mayBePosted: row.mayBePosted || row.status === "sending",
      };
      if (message === undefined) {
        return finish(
          { record, message: { kind: "error", title: "", sections: [] } },
          {
            status: "failed",
            error: "the ledger row has no message to send",
          },
        );
      }
      return attempt({ record, message });
    });
    return Promise.all(jobs);
  }

  function resume(): Promise<DeliveryOutcome[]> {
    return track(resumeNow());
  }

  async function idle(): Promise<void> {
    while (inflight.size > 0) await Promise.allSettled([...inflight]);
  }

  return {
    send: (delivery) => track(sendNew(delivery)),
    resume,
    onOutcome(kind, listener) {
      listeners.set(kind, [...(listeners.get(kind) ?? []), listener]);
    },
    idle,
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await idle();
    },
  };
}
