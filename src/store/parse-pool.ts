// Parse workers for a cold load: claims files parsed (js-yaml, JSON Lines) and validated (zod) in
// worker threads (piscina), several at once, while the loader's own thread builds the claims of
// the files already done. Each file comes back as its snapshot table's JSON (parse-worker.ts),
// the same text the snapshot cache keeps, so a claim is built the same way on a cold and a warm
// load. Started only when a load parses many files (a reload of one changed file never pays for
// starting threads) and closed at the end of the load, so no thread outlives it.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { ParseResult, ParseTask } from "./parse-worker.ts";

/**
 * Workers start once a load has parsed this many claims files and this many bytes of them on its
 * own thread: a small brief, or a reload of a changed file or two, never starts a thread.
 */
export const FILES_BEFORE_WORKERS = 2;
export const BYTES_BEFORE_WORKERS = 2 * 1024 * 1024;

export interface ParsePoolOptions {
  /** Worker threads; default 0 (none): see PARSE_THREADS in the README for when they pay. */
  readonly threads?: number;
  /** Files parsed on the loader's thread before workers start (FILES_BEFORE_WORKERS). */
  readonly filesBefore?: number;
  /** Bytes parsed on the loader's thread before workers start (BYTES_BEFORE_WORKERS). */
  readonly bytesBefore?: number;
  /** Wait for the workers to start instead of parsing on the loader's thread meanwhile (tests). */
  readonly wait?: boolean;
  /** Told of each file a worker parsed (tests). */
  readonly parsed?: (file: string) => void;
}

export interface ParsePool {
  /**
   * The file's table as JSON, `problem` when it has one, or undefined when this file is to be
   * parsed on the caller's thread (too little parsed so far, workers still starting, none at
   * all, a worker failed).
   */
  parse(task: ParseTask): Promise<ParseResult | undefined>;
  close(): Promise<void>;
  /** The worker threads it may start (0: it parses nothing). */
  readonly threads: number;
}

/** The worker's module: the sources through tsx, or the compiled file beside the bundle. */
function workerFile(): string | undefined {
  const here = import.meta.url;
  if (here.endsWith(".ts")) return new URL("./parse-worker-dev.mjs", here).href;
  // Bundled: this code is in dist/ itself or in dist/chunks/.
  for (const path of ["./workers/parse-worker.js", "../workers/parse-worker.js"]) {
    const url = new URL(path, here);
    if (existsSync(fileURLToPath(url))) return url.href;
  }
  return undefined;
}

/** More threads than cores only compete with the loader's own thread. */
function usableThreads(wanted: number): number {
  return Math.max(0, Math.min(wanted, availableParallelism()));
}

export function openParsePool(options: ParsePoolOptions = {}): ParsePool {
  const threads = usableThreads(options.threads ?? 0);
  const filesBefore = options.filesBefore ?? FILES_BEFORE_WORKERS;
  const bytesBefore = options.bytesBefore ?? BYTES_BEFORE_WORKERS;
  const filename = threads > 0 ? workerFile() : undefined;
  let files = 0;
  let bytes = 0;
  let pool: Piscina<ParseTask | null, ParseResult | null> | undefined;
  let ready = false;
  let failed = false;
  let started: Promise<unknown> | undefined;
  const start = (file: string): void => {
    pool = new Piscina<ParseTask | null, ParseResult | null>({
      filename: file,
      minThreads: threads,
      maxThreads: threads,
      // The dev worker registers tsx itself; nothing else of the parent's flags is needed.
      execArgv: [],
    });
    // Files go to the workers once one has started; until then the loader's thread goes on.
    started = pool.run(null).then(
      () => {
        ready = true;
      },
      () => {
        failed = true;
      },
    );
  };
  return {
    threads: filename === undefined ? 0 : threads,
    async parse(task) {
      if (filename === undefined || failed) return undefined;
      files++;
      bytes += task.bytes.byteLength;
      if (pool === undefined && files > filesBefore && bytes > bytesBefore) start(filename);
      if (options.wait && started !== undefined) await started;
      if (pool === undefined || !ready) return undefined;
      try {
        const result = (await pool.run(task)) ?? undefined;
        options.parsed?.(task.file);
        return result;
      } catch {
        // A worker that crashed: the loader's thread does the rest.
        failed = true;
        return undefined;
      }
    },
    async close() {
      const running = pool;
      pool = undefined;
      await running?.destroy();
    },
  };
}
