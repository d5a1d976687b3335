// The answer pool: worker threads (piscina) that each hold the store and compute answers, so the
// main thread only verifies requests, acknowledges them and posts answers. A question that takes
// a second at a million claims then delays its own answer, never another request's ack.
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { BroadcastChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import type { Reply, Request } from "../core/request.ts";
import type { ChatOrigin } from "../core/types.ts";
import {
  type AnswerTask,
  type AnswerWorkerData,
  type DoneMessage,
  type DrainMessage,
  RELOAD_CHANNEL,
  type ReloadMessage,
} from "./protocol.ts";

/** Longer than a response_url post may take (10 s), so close() only gives up on a lost thread. */
const DRAIN_CAP_MS = 15_000;

/** Nice 10 weighs about a tenth of nice 0, so an ack waits little behind an answer. */
const ANSWER_NICE_INCREMENT = 10;

export interface AnswerPoolOptions {
  readonly root: string;
  readonly cacheDir: string;
  readonly logLevel: string;
  /** Worker threads; each holds a copy of the store. */
  readonly threads: number;
  readonly watch?: boolean;
  /**
   * Tests only: another module for the threads to run (a file URL), given `data` on top of the
   * usual workerData; e.g. one whose answers wait until the test releases them.
   */
  readonly worker?: { readonly module: string; readonly data?: Readonly<Record<string, unknown>> };
}

export interface AnswerPool {
  /**
   * A request about the brief, answered by a worker's request core on the worker's store. With
   * `respondTo`, the worker also renders the reply for Slack and posts it there (the reply then
   * says `delivered`), so the main thread does neither.
   */
  answer(request: Request & { readonly origin: ChatOrigin }, now: number): Promise<Reply>;
  /** Resolves when every worker has loaded the briefs. */
  ready(): Promise<void>;
  /**
   * Reloads every worker's store now; `accept` takes a version held back because it drops
   * claims, as the main thread's store did (SIGHUP, `/sitrep reload accept`). Resolves when all
   * workers have.
   */
  reload(accept?: boolean): Promise<void>;
  /** Lets the answers being posted finish, then stops the threads. */
  close(): Promise<void>;
}

/** The worker's module: compiled JavaScript beside the bundle, or the sources through tsx. */
function workerFile(): string {
  const compiled = !import.meta.url.endsWith(".ts");
  return new URL(
    compiled ? "./workers/answer-worker.js" : "./answer-worker-dev.mjs",
    compiled ? mainUrl() : import.meta.url,
  ).href;
}

/** dist/main.js, whichever chunk of the bundle this code ended up in. */
function mainUrl(): string {
  const main = process.argv[1];
  if (main === undefined) throw new Error("cannot find the compiled bot to start answer workers");
  return pathToFileURL(main).href;
}

export function startAnswerPool(options: AnswerPoolOptions): AnswerPool {
  const threads = Math.max(1, Math.floor(options.threads));
  const workerData: AnswerWorkerData = {
    ...options.worker?.data,
    root: options.root,
    cacheDir: options.cacheDir,
    logLevel: options.logLevel,
    watch: options.watch ?? true,
  };
  const pool = new Piscina<AnswerTask, Reply | number>({
    filename: options.worker?.module ?? workerFile(),
    minThreads: threads,
    maxThreads: threads,
    // A worker holds the store: never let one go idle and be replaced by a new one that loads it.
    idleTimeout: Number.POSITIVE_INFINITY,
    // Idle workers wait in their event loop, not in Atomics.wait: they must hear reloads and
    // their file watcher while no question is asked.
    atomics: "disabled",
    // Answers run at a lower priority than the main thread (each worker thread renices itself,
    // through piscina's optional @napi-rs/nice): on a busy machine, acks get the CPU first.
    niceIncrement: ANSWER_NICE_INCREMENT,
    workerData,
  });
  const channel = new BroadcastChannel(RELOAD_CHANNEL);
  (channel as unknown as { unref(): void }).unref();
  let broadcasts = 0;
  const waiting = new Map<number, { left: number; done: () => void }>();
  channel.onmessage = (event) => {
    const { done } = (event as { data: DoneMessage }).data;
    const wait = waiting.get(done);
    if (wait !== undefined && --wait.left === 0) {
      waiting.delete(done);
      wait.done();
    }
  };
  /** Tells every worker; resolves when all of them said they are done. */
  function broadcast(message: (id: number) => ReloadMessage | DrainMessage): Promise<void> {
    const id = ++broadcasts;
    return new Promise<void>((done) => {
      waiting.set(id, { left: threads, done });
      channel.postMessage(message(id));
    });
  }
  return {
    async answer(request, now) {
      return (await pool.run({ kind: "ask", request, now })) as Reply;
    },
    async ready() {
      // Every worker starts loading at once; each answers its first task once its store is in.
      await Promise.all(Array.from({ length: threads }, () => pool.run({ kind: "ready" })));
    },
    reload(accept = false) {
      return broadcast((id) => ({ reload: id, accept }));
    },
    async close() {
      // Nothing is lost: answers already on their way to Slack's response_url get there first
      // (each post gives up after its own timeout; the cap is for a thread that never started).
      await Promise.race([
        broadcast((drain) => ({ drain })),
        sleep(DRAIN_CAP_MS, undefined, { ref: false }),
      ]);
      channel.close();
      await pool.destroy();
    },
  };
}
