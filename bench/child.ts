// The entry of the benchmark's child processes: one measurement per fresh process, so each load
// is cold, peak memory is that load's own, and no run pollutes the next. Results go back to the
// parent over the IPC channel as one message.
import "../src/runtime-flags.ts";
import { join } from "node:path";
import { loadStore } from "../src/store/load.ts";
import { prepareBrief } from "../src/store/prepare.ts";
import { openSnapshotCache } from "../src/store/snapshot.ts";
import type { Store } from "../src/store/types.ts";
import { runFakeSlack } from "./fake-slack.ts";
import { runImportTask } from "./import.ts";
import { measureLoad, measurePhases } from "./load.ts";
import { measureCommands, measureDigest, measureWarming } from "./queries.ts";
import { type RunningApp, serveAnswering, serveEmptyAck } from "./serve.ts";
import { buildQuestions } from "./workload.ts";

export type ChildTask =
  | { readonly task: "load"; readonly root: string; readonly cacheDir?: string }
  | { readonly task: "phases"; readonly root: string; readonly briefId: string }
  | { readonly task: "queries"; readonly root: string }
  | { readonly task: "import"; readonly file: string; readonly dir: string }
  /** Slack's side of the end-to-end run (bench/fake-slack.ts); answers its base URL. */
  | { readonly task: "fake-slack" }
  | {
      readonly task: "serve";
      readonly root: string;
      readonly app: "answering" | "empty-ack";
      /** Answer in the answer pool (ANSWER_THREADS=1) rather than on the main thread. */
      readonly pool?: boolean;
      readonly cacheDir?: string;
      readonly secret: string;
      readonly apiUrl: string;
    };

/** What `serve` answers to "usage": its main thread's busy time and its CPU (all threads). */
export interface ServeUsage {
  /** Event loop active time of the main thread, ms since start. */
  readonly mainMs: number;
  /** User and system CPU of the process, every thread, ms since start. */
  readonly cpuMs: number;
}

function serveUsage(): ServeUsage {
  const cpu = process.cpuUsage();
  return {
    mainMs: performance.eventLoopUtilization().active,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

/** What `serve` sends once its app listens: the port and the /toll questions to ask. */
export interface ServeReady {
  readonly port: number;
  readonly tollQuestions: readonly { readonly text: string; readonly kind: string }[];
}

async function loadOnly(root: string, cacheDir?: string): Promise<Store> {
  const cache = cacheDir === undefined ? undefined : openSnapshotCache(cacheDir);
  const result = await loadStore(root, cache === undefined ? {} : { cache });
  if (!result.ok)
    throw new Error(`the benchmark brief did not load (${result.problems.length} problems)`);
  // As the live store does before it serves a brief: no question waits for the indexes.
  for (const brief of result.store.briefs.values()) prepareBrief(brief);
  return result.store;
}

function briefOf(store: Store) {
  const brief = [...store.briefs.values()][0];
  if (brief === undefined) throw new Error("no brief loaded");
  return brief;
}

async function run(task: ChildTask): Promise<unknown> {
  switch (task.task) {
    case "load":
      return measureLoad(task.root, task.cacheDir);
    case "phases":
      return measurePhases(join(task.root, task.briefId));
    case "import":
      return runImportTask(task.file, task.dir);
    case "queries": {
      const store = await loadOnly(task.root);
      const brief = briefOf(store);
      // Right after a reload, then warmed: the commands are measured as a running bot has them.
      const warming = await measureWarming(store, brief);
      const commands = await measureCommands(store, brief);
      // The digest is a separate piece: when it fails, the command figures still count.
      try {
        return { commands, warming, digest: measureDigest(brief) };
      } catch (error) {
        const digestError = error instanceof Error ? error.message : String(error);
        return { commands, warming, digestError };
      }
    }
    case "fake-slack":
      return runFakeSlack((message) => process.send?.(message));
    case "serve": {
      const options = { secret: task.secret, apiUrl: task.apiUrl };
      const store = await loadOnly(task.root, task.cacheDir);
      const tollQuestions = buildQuestions(briefOf(store))
        .filter((q) => q.command === "toll")
        .map(({ text, kind }) => ({ text, kind }));
      const app: RunningApp =
        task.app === "answering"
          ? await serveAnswering(
              store,
              task.pool === true
                ? { ...options, root: task.root, cacheDir: task.cacheDir ?? "off" }
                : options,
            )
          : await serveEmptyAck(options);
      // "usage": the figures so far; anything else: stop.
      const onMessage = (message: unknown) => {
        if (message === "usage") {
          process.send?.({ usage: serveUsage() });
          return;
        }
        process.off("message", onMessage);
        void app.stop().then(() => process.exit(0));
      };
      process.on("message", onMessage);
      return { port: app.port, tollQuestions } satisfies ServeReady;
    }
  }
}

const task = JSON.parse(process.argv[2] ?? "{}") as ChildTask;
run(task).then(
  (result) => {
    process.send?.({ ok: true, result });
    if (task.task !== "serve" && task.task !== "fake-slack") process.disconnect?.();
  },
  (error: unknown) => {
    process.send?.({
      ok: false,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    process.disconnect?.();
    process.exitCode = 1;
  },
);
