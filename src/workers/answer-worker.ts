// A worker thread of the answer pool: it holds its own live store (loaded from the snapshot cache,
// watching the briefs folder like the main thread's) and answers questions with dispatchCommand,
// so a slow question never holds up the main thread's event loop, where acks are sent.
import { BroadcastChannel, isMainThread, workerData } from "node:worker_threads";
import { type Dispatched, dispatchCommand } from "../core/dispatch.ts";
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
const live = openLiveStore({
  root: data.root,
  logger: createLogger(data.logLevel).child({ thread: "answers" }),
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

export default async function answer(task: AnswerTask): Promise<Dispatched | number> {
  const store = await live;
  if (task.kind === "ready") return store.status().store.loadedAt;
  const result = dispatchCommand(task.name, task.text, { store: store.current(), now: task.now });
  if (result.kind !== "answer" || result.failure === undefined) return result;
  return { ...result, failure: { id: result.failure.id, cause: cloneable(result.failure.cause) } };
}
