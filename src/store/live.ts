// The store in service while the bot runs: watches the briefs folder, reloads in the background
// after a burst of changes settles, and swaps the new store in with one assignment, so every
// question is answered wholly from the old store or wholly from the new one. A change that does
// not validate keeps the last good version of that brief in service and is reported.
import { watch as watchFolder } from "chokidar";
import type { Logger } from "../log.ts";
import { formatProblem, type LoadResult, loadStore, type Problem } from "./load.ts";
import { prepareBrief } from "./prepare.ts";
import type { SnapshotCache } from "./snapshot.ts";
import type { Brief, Store } from "./types.ts";

/** Starts watching `root` and calls `onChange` for every change. */
export type Watch = (
  root: string,
  onChange: (path: string) => void,
) => { readonly ready: Promise<void>; close(): Promise<void> };

export interface LiveStoreOptions {
  readonly root: string;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Quiet time after the last change before reloading. */
  readonly debounceMs?: number;
  /** How to watch; `false` to not watch (reload only on demand). Default: chokidar. */
  readonly watch?: Watch | false;
  /** How to load; default: loadStore (with `cache`). */
  readonly load?: (root: string) => Promise<LoadResult>;
  /** Validated snapshots for the default load, so a reload parses only changed files. */
  readonly cache?: SnapshotCache;
  /**
   * Called after each reload with the store that was in service and the one now in service (the
   * first load has no previous store). Watches compare the two here; what it throws is logged.
   */
  readonly onSwap?: (previous: Store | undefined, next: Store) => void;
}

export interface LiveStatus {
  /** The store in service. */
  readonly store: Store;
  /** Problems that keep the newest version of the briefs out of service (empty when none). */
  readonly problems: readonly Problem[];
  /** When the briefs were last read (epoch ms). */
  readonly checkedAt: number;
  /** How many reloads have run. */
  readonly reloads: number;
  /** Briefs that were served before and whose folder is gone. */
  readonly removed: readonly string[];
}

export interface LiveStore {
  /** The store to answer from; take it once per question. */
  current(): Store;
  status(): LiveStatus;
  /** Reloads now (SIGHUP); resolves when done. Changes during a reload cause one more. */
  reload(): Promise<void>;
  /** Resolves after the next reload completes (for tests and tools). */
  nextReload(): Promise<LiveStatus>;
  close(): Promise<void>;
}

export const DEFAULT_DEBOUNCE_MS = 300;

const watchWithChokidar: Watch = (root, onChange) => {
  const watcher = watchFolder(root, {
    ignoreInitial: true,
    // Editors write temp files (`.foo.yaml.swp`, `~`): they are not part of a brief.
    ignored: (path) => /(^|[/\\])\.[^/\\]+$|~$/.test(path),
  });
  for (const event of ["add", "change", "unlink", "addDir", "unlinkDir"] as const) {
    watcher.on(event, (path: string) => onChange(path));
  }
  const ready = new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  return { ready, close: () => watcher.close() };
};

function problemsOf(result: LoadResult): readonly Problem[] {
  return result.ok ? [] : result.problems;
}

/**
 * Keeps the last good version of each brief: briefs that loaded are taken from the new store;
 * a brief with problems keeps its previous version; a brief whose folder is gone is dropped.
 */
function mergeStores(previous: Store, result: LoadResult, root: string, now: number): Store {
  if (result.ok) return result.store;
  const briefs = new Map<string, Brief>();
  const broken = new Set(result.problems.map((p) => briefIdOf(p.file, root)));
  const partial = result.partial;
  for (const [id, brief] of previous.briefs) {
    if (partial !== undefined && !partial.present.has(id)) continue;
    if (broken.has(id) || partial === undefined) briefs.set(id, brief);
  }
  if (partial !== undefined) {
    for (const [id, brief] of partial.briefs) if (!broken.has(id)) briefs.set(id, brief);
  }
  return {
    root: previous.root,
    loadedAt: now,
    briefs: new Map([...briefs].sort(([a], [b]) => a.localeCompare(b))),
  };
}

/** The brief folder a problem's file is in (the first path segment below the root). */
function briefIdOf(file: string, root: string): string {
  const normalizedRoot = root.replace(/[/\\]+$/, "");
  const rest = file.startsWith(normalizedRoot) ? file.slice(normalizedRoot.length) : file;
  return rest.replace(/^[/\\]+/, "").split(/[/\\]/)[0] ?? "";
}

export async function openLiveStore(options: LiveStoreOptions): Promise<LiveStore> {
  const now = options.now ?? Date.now;
  const cache = options.cache;
  const load =
    options.load ?? ((root: string) => loadStore(root, cache === undefined ? {} : { cache }));
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const log = options.logger;

  const empty: Store = { root: options.root, loadedAt: now(), briefs: new Map() };
  let status: LiveStatus = {
    store: empty,
    problems: [],
    checkedAt: now(),
    reloads: 0,
    removed: [],
  };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let waiters: ((s: LiveStatus) => void)[] = [];

  async function loadOnce(): Promise<void> {
    const result = await load(options.root);
    const previous = status.store;
    const store = mergeStores(previous, result, options.root, now());
    // Indexes are built before the swap, so no question waits for them.
    for (const brief of store.briefs.values()) {
      if (previous.briefs.get(brief.id) !== brief) prepareBrief(brief);
    }
    const problems = problemsOf(result);
    const removed = [...previous.briefs.keys()].filter((id) => !store.briefs.has(id));
    status = {
      store,
      problems,
      checkedAt: now(),
      reloads: status.reloads + 1,
      removed: [...new Set([...status.removed.filter((id) => !store.briefs.has(id)), ...removed])],
    };
    for (const problem of problems) log.warn({ problem: formatProblem(problem) }, "brief problem");
    if (problems.length > 0) {
      log.warn(
        { problems: problems.length },
        "briefs have problems: the last good version stays in service",
      );
    }
    for (const id of removed) log.warn({ brief: id }, "brief removed");
    try {
      options.onSwap?.(status.reloads === 1 ? undefined : previous, store);
    } catch (error) {
      log.error({ err: error }, "a reload listener failed");
    }
    log.info({ briefs: [...store.briefs.keys()], reloads: status.reloads }, "briefs loaded");
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve(status);
  }

  function reload(): Promise<void> {
    if (running !== undefined) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await loadOnce();
        } while (again);
      } catch (error) {
        log.error(
          { err: error },
          "reloading the briefs failed; the last good store stays in service",
        );
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  function schedule(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void reload();
    }, debounceMs);
  }

  await reload();
  const watcher =
    options.watch === false
      ? undefined
      : (options.watch ?? watchWithChokidar)(options.root, schedule);
  await watcher?.ready;

  return {
    current: () => status.store,
    status: () => status,
    reload,
    nextReload: () => new Promise((resolve) => waiters.push(resolve)),
    async close() {
      if (timer !== undefined) clearTimeout(timer);
      await watcher?.close();
      await running;
    },
  };
}
