// A worker thread of the answer pool: it holds its own live store (loaded from the snapshot cache,
// watching the briefs folder like the main thread's) and answers questions about the brief with a
// request core of its own (the same code as the main thread's, without the bot's state), so a slow
// question never holds up the main thread's event loop, where acks are sent. A Slack reply with a
// response_url is rendered and posted here too, so the main thread neither renders nor posts it.
import { BroadcastChannel, isMainThread, workerData } from "node:worker_threads";
import { commands } from "../../commands/index.ts";
import type { Answer } from "../answer/model.ts";
import { createRequestCore, type Reply, type ResponseTarget } from "../core/request.ts";
import { createLogger } from "../log.ts";
import { postSlackResponse, slackResponse } from "../platforms/slack/respond.ts";
import { openLiveStore } from "../store/live.ts";
import { snapshotCacheFor } from "../store/snapshot.ts";
import type {
  AnswerTask,
  AnswerWorkerData,
  DoneMessage,
  DrainMessage,
  ReloadMessage,
} from "./protocol.ts";
import { RELOAD_CHANNEL } from "./protocol.ts";

const data = workerData as AnswerWorkerData;
const cache = snapshotCacheFor(data.cacheDir);
const logger = createLogger(data.logLevel).child({ thread: "answers" });
const live = openLiveStore({
  root: data.root,
  logger,
  ...(cache === undefined ? {} : { cache }),
  ...(data.watch ? {} : { watch: false as const }),
});
/** Answers being posted: a task returns once its post has started, not when Slack took it. */
const posting = new Set<Promise<void>>();

// Kept referenced for the worker's life (piscina terminates the thread when the pool closes).
const channel = isMainThread ? undefined : new BroadcastChannel(RELOAD_CHANNEL);
if (channel !== undefined) {
  channel.onmessage = (event) => {
    const message = (event as { data: ReloadMessage | DrainMessage }).data;
    const id = "drain" in message ? message.drain : message.reload;
    if (typeof id !== "number") return;
    const work =
      "drain" in message
        ? Promise.allSettled([...posting])
        : live.then(async (store) => {
            if (message.accept) await store.accept();
            else await store.reload();
          });
    void work.finally(() => channel.postMessage({ done: id } satisfies DoneMessage));
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

/**
 * Renders the reply for Slack and starts posting it, unless only the main thread can deliver it:
 * a picture that goes with a shared answer (uploaded with the bot's token) or is linked from the
 * bot's own server. Says whether the reply is this thread's to deliver now.
 */
function postToSlack(reply: Reply, target: ResponseTarget, command: string): boolean {
  const hasPicture = (reply.answer.pictures?.length ?? 0) > 0;
  if (hasPicture && (reply.visibility === "channel" || target.linksPictures)) return false;
  const fields = { command, platform: "slack" };
  const response = slackResponse(reply, { kind: "unavailable" }, logger, fields);
  const post = postSlackResponse(target.url, response).catch((err: unknown) => {
    logger.error({ err, ...fields }, "could not send the answer");
  });
  posting.add(post);
  void post.finally(() => posting.delete(post));
  return true;
}

function headOf(answer: Answer): Answer {
  return { kind: answer.kind, title: answer.title, sections: [] };
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
  const handled = await core.handle(task.request);
  const target = task.request.respondTo;
  // Posted from here: only the answer's kind and title go back (an answer can be a hundred
  // kilobytes, which the main thread would otherwise copy in for nothing).
  const reply: Reply =
    target !== undefined && postToSlack(handled, target, task.request.command)
      ? { ...handled, answer: headOf(handled.answer), delivered: true }
      : handled;
  if (reply.failure === undefined) return reply;
  return { ...reply, failure: { id: reply.failure.id, cause: cloneable(reply.failure.cause) } };
}
