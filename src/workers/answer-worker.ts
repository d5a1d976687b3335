// A worker thread of the answer pool: it holds its own live store (loaded from the snapshot cache,
// watching the briefs folder like the main thread's) and answers questions about the brief with a
// request core of its own (the same code as the main thread's, without the bot's state), so a slow
// question never holds up the main thread's event loop, where acks are sent.
import { BroadcastChannel, isMainThread, workerData } from "node:worker_threads";
import { commands } from "../../commands/index.ts";
import { createRequestCore, type Reply } from "../core/request.ts";
import { createLogger } from "../log.ts";
import { openLiveStore } from "../store/live.ts";
import { snapshotCacheFor } from "../store/snapshot.ts";
import {
  type AnswerTask,
  type AnswerWorkerData,
  RELOAD_CHANNEL,
  type ReloadedMessage,
  type ReloadMessage,
} from "./protocol.ts";

const data = workerData as AnswerWorkerData;
const cache = snapshotCacheFor(data.cacheDir);
const logger = createLogger(data.logLevel).child({ thread: "answers" });
const live = openLiveStore({
  root: data.root,
  logger,
  ...(cache === undefined ? {} : { cache }),
  ...(data.watch ? {} : { watch: false as const }),
});

// Kept referenced for the worker's life (piscina terminates the thread when the pool closes).
const channel = isMainThread ? undefined : new BroadcastChannel(RELOAD_CHANNEL);
if (channel !== undefined) {
  channel.onmessage = (event) => {
    const { reload, accept } = (event as { data: ReloadMessage }).data;
    if (typeof reload !== "number") return;
    void live
      .then(async (store) => {
        if (accept) await store.accept();
        else await store.reload();
      })
      .finally(() => channel.postMessage({ reloaded: reload } satisfies ReloadedMessage));
  };
}

/** A thrown value as something that crosses to the main thread (functions and such do not). */
function cloneable(cause: unknown): Error {
  if (cause instanceof Error) {
    const copy = new Error(cause.message);
    copy.name = cause.name;
    if (cause.stack !== undefined) copy.stack = cause.stack;
    return copy;
  }
  return new Error(String(cause));
}

export default async function answer(task: AnswerTask): Promise<Reply | number> {
  const store = await live;
  if (task.kind === "ready") return store.status().store.loadedAt;
  // A failure is logged here, once, under the id the reply carries.
  const core = createRequestCore({
    commands,
    getStore: () => store.current(),
    now: () => task.now,
    logger,
  });
  const reply = await core.handle(task.request);
  if (reply.failure === undefined) return reply;
  return { ...reply, failure: { id: reply.failure.id, cause: cloneable(reply.failure.cause) } };
}
