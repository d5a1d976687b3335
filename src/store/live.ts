// The store in service while the bot runs: watches the briefs folder, reloads in the background
// after a burst of changes settles, and swaps the new store in with one assignment, so every
// question is answered wholly from the old store or wholly from the new one. A change that does
// not validate keeps the last good version of that brief in service and is reported. So does a
// change that cannot be trusted yet: a file still being written (chokidar waits until its size
// stops changing; a file that does not end with a newline is taken as cut short), and a version
// that drops claims the last good one had (published claims are withdrawn, never deleted): that
// one is HELD until an admin accepts it on purpose (`/sitrep reload accept`, or SIGHUP).
import { readFile } from "node:fs/promises";
import { watch as watchFolder } from "chokidar";
import type { Logger } from "../log.ts";
import type { Metrics } from "../metrics.ts";
import { formatProblem, type LoadResult, loadStore, type Problem } from "./load.ts";
import { prepareBriefInSlices, warmBriefInSlices } from "./prepare.ts";
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
  /** How to load; default: loadStore (with `cache`). A custom load reads no file of its own. */
  readonly load?: (root: string) => Promise<LoadResult>;
  /** Validated snapshots for the default load, so a reload parses only changed files. */
  readonly cache?: SnapshotCache;
  /** Worker threads parsing claims files when a load parses many (PARSE_THREADS); default 0. */
  readonly parseThreads?: number;
  /**
   * Called after each reload with the store that was in service and the one now in service (the
   * first load has no previous store). Watches compare the two here; what it throws is logged.
   */
  readonly onSwap?: (previous: Store | undefined, next: Store) => void;
  /** Counts each reload and the problems it found. */
  readonly metrics?: Metrics;
  /**
   * Work out, after each new version of a brief is served, what questions about its past days
   * would otherwise work out on their first ask (warmBriefInSlices); default true. Off where
   * another thread answers the questions.
   */
  readonly warm?: boolean;
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
  /** Files whose newest version drops claims: held back until an admin accepts. */
  readonly held: readonly HeldFile[];
}

/** A claims file whose newest version lost claims the version in service has. */
export interface HeldFile {
  readonly brief: string;
  /** Relative to the brief's folder (`claims/2024-11-29.yaml`). */
  readonly file: string;
  /** How many of the claims in service the new version no longer has. */
  readonly lost: number;
  /** How many claims the file has in service. */
  readonly had: number;
}

/** One line for the log and for status: which file lost how many claims, and what to do. */
export function describeHeld(held: HeldFile): string {
  return `${held.brief}/${held.file}: the new version drops ${held.lost} of its ${held.had} claim(s); published claims are withdrawn, never deleted, so the last good version stays in service until an admin accepts (/sitrep reload accept, or SIGHUP)`;
}

export interface LiveStore {
  /** The store to answer from; take it once per question. */
  current(): Store;
  status(): LiveStatus;
  /** Reloads now; resolves when done. Changes during a reload cause one more. */
  reload(): Promise<void>;
  /**
   * Reloads and takes the newest version even where it drops claims (an admin's decision:
   * `/sitrep reload accept`, SIGHUP); resolves with the status after it.
   */
  accept(): Promise<LiveStatus>;
  /** Resolves after the next reload completes (for tests and tools). */
  nextReload(): Promise<LiveStatus>;
  close(): Promise<void>;
}

export const DEFAULT_DEBOUNCE_MS = 300;
/** A changed file is reported once its size has not changed for this long. */
export const WRITE_SETTLE_MS = 500;

const watchWithChokidar: Watch = (root, onChange) => {
  const watcher = watchFolder(root, {
    ignoreInitial: true,
    // A file being written slowly is not read until it has stopped growing.
    awaitWriteFinish: { stabilityThreshold: WRITE_SETTLE_MS, pollInterval: 100 },
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

const DATA_FILE = /\.(ya?ml|jsonl)$/i;

/**
 * Changed data files that do not end with a newline (cut short, or still being written), as
 * problems at their last character.
 */
async function unfinishedFiles(paths: Iterable<string>): Promise<Problem[]> {
  const unfinished: Problem[] = [];
  for (const path of paths) {
    if (!DATA_FILE.test(path)) continue;
    const text = await readFile(path, "utf8").catch(() => undefined);
    if (text === undefined || text.length === 0 || text.endsWith("\n")) continue;
    const lines = text.split("\n");
    unfinished.push({
      file: path,
      line: lines.length,
      column: (lines[lines.length - 1] ?? "").length + 1,
      message:
        "the file does not end with a newline: it is cut short or still being written, so the version in service stays until it is complete",
    });
  }
  return unfinished;
}

/** Per file: the ids of its claims that have one, and how many have none. */
function claimsByFile(brief: Brief): Map<string, { ids: string[]; anonymous: number }> {
  const byFile = new Map<string, { ids: string[]; anonymous: number }>();
  for (const claim of brief.claims) {
    const entry = byFile.get(claim.file) ?? { ids: [], anonymous: 0 };
    if (claim.id === undefined) entry.anonymous += 1;
    else entry.ids.push(claim.id);
    byFile.set(claim.file, entry);
  }
  return byFile;
}

/**
 * The files of `previous` whose claims `next` no longer has: a claim with an id is lost when no
 * file has that id any more (moving it is fine); claims without one, when the file has fewer.
 * Editing a claim loses nothing.
 */
function lostClaims(previous: Brief, next: Brief): HeldFile[] {
  const after = claimsByFile(next);
  const ids = new Set(next.claims.flatMap((c) => (c.id === undefined ? [] : [c.id])));
  const held: HeldFile[] = [];
  for (const [file, before] of claimsByFile(previous)) {
    const anonymousNow = after.get(file)?.anonymous ?? 0;
    const lost =
      before.ids.filter((id) => !ids.has(id)).length + Math.max(0, before.anonymous - anonymousNow);
    const had = before.ids.length + before.anonymous;
    if (lost > 0) held.push({ brief: previous.id, file, lost, had });
  }
  return held;
}

/**
 * Keeps the version in service of every brief whose new version cannot be trusted: one with an
 * unfinished file, and (unless accepted) one that lost claims.
 */
function guardStore(
  previous: Store,
  next: Store,
  untrusted: ReadonlySet<string>,
  accept: boolean,
): { store: Store; held: HeldFile[] } {
  const briefs = new Map(next.briefs);
  const held: HeldFile[] = [];
  for (const [id, brief] of next.briefs) {
    const old = previous.briefs.get(id);
    if (old === undefined || old === brief) continue;
    if (untrusted.has(id)) {
      briefs.set(id, old);
      continue;
    }
    const lost = accept ? [] : lostClaims(old, brief);
    if (lost.length > 0) {
      briefs.set(id, old);
      held.push(...lost);
    }
  }
  if (held.length === 0 && untrusted.size === 0) return { store: next, held };
  return { store: { ...next, briefs }, held };
}

export async function openLiveStore(options: LiveStoreOptions): Promise<LiveStore> {
  const now = options.now ?? Date.now;
  const cache = options.cache;
  const threads = options.parseThreads ?? 0;
  const load =
    options.load ??
    ((root: string) =>
      loadStore(root, { ...(cache === undefined ? {} : { cache }), workers: { threads } }));
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const log = options.logger;

  const empty: Store = { root: options.root, loadedAt: now(), briefs: new Map() };
  let status: LiveStatus = {
    store: empty,
    problems: [],
    checkedAt: now(),
    reloads: 0,
    removed: [],
    held: [],
  };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let accepting = false;
  let waiters: ((s: LiveStatus) => void)[] = [];
  /** Files changed since the last reload began. */
  let changed = new Set<string>();
  /** Files found unfinished: checked again on every reload until they are complete. */
  let suspect = new Set<string>();
  let closed = false;
  /** Briefs being warmed: each stops once the brief is replaced or the store closes. */
  const warming = new Set<Promise<void>>();

  function startWarming(brief: Brief): void {
    const started = performance.now();
    const served = () => !closed && status.store.briefs.get(brief.id) === brief;
    const work = warmBriefInSlices(brief, served).then(
      (finished) => {
        if (finished) {
          const ms = Math.round(performance.now() - started);
          log.debug({ brief: brief.id, ms }, "brief warmed for questions about its past");
        }
      },
      (error: unknown) => log.error({ err: error, brief: brief.id }, "warming a brief failed"),
    );
    warming.add(work);
    void work.finally(() => warming.delete(work));
  }

  async function loadOnce(accept: boolean): Promise<void> {
    const paths = new Set([...changed, ...suspect]);
    changed = new Set();
    const unfinished = options.load === undefined ? await unfinishedFiles(paths) : [];
    suspect = new Set(unfinished.map((p) => p.file));
    const result = await load(options.root);
    const previous = status.store;
    const untrusted = new Set(unfinished.map((p) => briefIdOf(p.file, options.root)));
    const guarded = guardStore(
      previous,
      mergeStores(previous, result, options.root, now()),
      untrusted,
      accept,
    );
    const store = guarded.store;
    // Indexes are built before the swap, so no question waits for them, in slices, so no ack
    // waits for them either.
    for (const brief of store.briefs.values()) {
      if (previous.briefs.get(brief.id) !== brief) await prepareBriefInSlices(brief);
    }
    const problems = [...unfinished, ...problemsOf(result)];
    const removed = [...previous.briefs.keys()].filter((id) => !store.briefs.has(id));
    status = {
      store,
      problems,
      checkedAt: now(),
      reloads: status.reloads + 1,
      removed: [...new Set([...status.removed.filter((id) => !store.briefs.has(id)), ...removed])],
      held: guarded.held,
    };
    options.metrics?.countReload(problems.length);
    for (const problem of problems) log.warn({ problem: formatProblem(problem) }, "brief problem");
    for (const held of guarded.held) {
      log.warn({ ...held }, `claims lost: ${describeHeld(held)}`);
    }
    if (accept) log.warn({}, "reload accepted by an admin: the newest version is in service");
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
    if (options.warm ?? true) {
      for (const brief of store.briefs.values()) {
        if (previous.briefs.get(brief.id) !== brief) startWarming(brief);
      }
    }
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
          const accept = accepting;
          accepting = false;
          await loadOnce(accept);
        } while (again);
      } catch (error) {
        // A reload that could not even finish counts as one with a problem.
        options.metrics?.countReload(1);
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

  function schedule(path: string): void {
    changed.add(path);
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
    async accept() {
      // A reload already running may have read the files before the admin's decision: one more.
      await running;
      accepting = true;
      await reload();
      return status;
    },
    nextReload: () => new Promise((resolve) => waiters.push(resolve)),
    async close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      await watcher?.close();
      await running;
      await Promise.all([...warming]);
    },
  };
}
