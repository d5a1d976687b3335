// Loads a briefs folder into the read-only Store, or refuses it with every problem at once.
// Fast path: files are read concurrently, parsed with js-yaml (CORE_SCHEMA keeps dates as text),
// checked with zod and with Maps for references; unchanged files come from the snapshot cache,
// and with PARSE_THREADS many changed claims files are parsed in worker threads (parse-pool.ts).
// Only files that have a problem are parsed again with the slower `yaml` package, to put lines
// and columns on the problems.
import type { Dirent } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { claimOrder, createBrief, isOrder, storeClaim, storeClaims } from "./brief.ts";
import { decodeClaimTable, encodeClaimTable, storeClaimTable } from "./claim-table.ts";
import { CLAIMS_DIR, type FileKind, TOP_FILES } from "./files.ts";
import { internClaim, internClaims, type StringPool } from "./intern.ts";
import { describeIssues } from "./issues.ts";
import { isJsonlFile, takeJsonl } from "./jsonl.ts";
import { parseFileText } from "./parse-file.ts";
import { openParsePool, type ParsePool, type ParsePoolOptions } from "./parse-pool.ts";
import type { FallbackMark } from "./positions.ts";
import { compareProblems, fileProblem, type PendingProblem, type Problem } from "./problems.ts";
import { checkReferences, type IdKind, type RawList } from "./references.ts";
import {
  type Actor,
  type BriefMeta,
  type Claim,
  compiledClaim,
  type Place,
  Slug,
  type Source,
} from "./schema.ts";
import { briefKey, fileKey, looksValid, type SnapshotCache } from "./snapshot.ts";
import { didYouMean } from "./suggest.ts";
import type { Brief, Store, StoredClaim } from "./types.ts";
import { validateFile } from "./validate-file.ts";

export { formatProblem, type Problem } from "./problems.ts";

/** The briefs that did load, when others did not (a live store keeps serving those). */
export interface PartialStore {
  readonly briefs: ReadonlyMap<string, Brief>;
  /** Ids of every brief folder found, loaded or not. */
  readonly present: ReadonlySet<string>;
}

export type LoadResult =
  | { readonly ok: true; readonly store: Store }
  | { readonly ok: false; readonly problems: Problem[]; readonly partial?: PartialStore };

export type BriefResult =
  | { readonly ok: true; readonly brief: Brief }
  | { readonly ok: false; readonly problems: Problem[] };

export interface LoadOptions {
  /** The clock for `Store.loadedAt` (epoch ms). */
  readonly now?: () => number;
  /** Validated snapshots of unchanged files (see snapshot.ts); none when unset. */
  readonly cache?: SnapshotCache;
  /**
   * The parse workers for claims files, started when a load parses many (parse-pool.ts); none
   * unless `threads` is set.
   */
  readonly workers?: ParsePoolOptions;
}

/** The parse workers of one load, shared by its briefs, started only if it parses enough. */
function parsePoolFor(options: LoadOptions): ParsePool {
  return openParsePool(options.workers);
}

/**
 * Loads every brief under `root` (one folder per brief). Problems name files by `root` as given,
 * so a relative root gives paths relative to the working directory.
 */
export async function loadStore(root: string, options: LoadOptions = {}): Promise<LoadResult> {
  const now = options.now ?? Date.now;
  const kind = await stat(root).then(
    (s) => (s.isDirectory() ? "folder" : "file"),
    () => "missing",
  );
  if (kind !== "folder") {
    const message =
      kind === "missing"
        ? `the briefs folder \`${root}\` does not exist`
        : `\`${root}\` is a file; expected a folder of briefs`;
    return { ok: false, problems: [fileProblem(root, message)] };
  }
  const folders = (await readdir(root, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => entry.name)
    .sort();
  if (folders.length === 0) {
    return {
      ok: false,
      problems: [
        fileProblem(
          root,
          `no briefs in \`${root}\`: each brief is a folder holding brief.yaml, sources.yaml, actors.yaml, places.yaml and claims/`,
        ),
      ],
    };
  }
  const workers = parsePoolFor(options);
  const results = await Promise.all(
    folders.map((name) => loadBriefWith(join(root, name), options, workers)),
  ).finally(() => workers.close());
  const briefs = new Map<string, Brief>();
  const problems: Problem[] = [];
  for (const result of results) {
    if (result.ok) briefs.set(result.brief.id, result.brief);
    else append(problems, result.problems);
  }
  void options.cache?.prune();
  if (problems.length > 0) {
    problems.sort(compareProblems);
    return { ok: false, problems, partial: { briefs, present: new Set(folders) } };
  }
  return { ok: true, store: { briefs, root: resolve(root), loadedAt: now() } };
}

interface BriefFile {
  readonly file: string;
  readonly kind: FileKind;
  /** The file's text; dropped once the file is valid (it is re-read if a problem points there). */
  readonly text?: string;
  /** The parsed document (the validated one for a valid file); unset when it could not parse. */
  readonly raw?: unknown;
  /** The file passed its schema: `raw` is the validated data. */
  readonly valid?: boolean;
  /** What the schema check found. */
  readonly issues?: readonly PendingProblem[];
  readonly syntax?: FallbackMark;
  /** Why the file could not be read at all. */
  readonly unreadable?: string;
  /** The snapshot key of the file's bytes (when a cache is in use). */
  readonly key?: string;
  /** `raw` holds claims in their stored form (storeClaims). */
  readonly stored?: boolean;
}

/** What checking one file needs besides its path. */
interface FileContext {
  readonly cache?: SnapshotCache;
  /** The brief's time zone, when brief.yaml is valid: claims files are stored with it. */
  readonly zone?: string;
  /** One copy of each repeated string of the brief's claims. */
  readonly pool: StringPool;
  readonly workers?: ParsePool;
  /** Lets one file at a time be parsed and checked. */
  readonly parsing: OneAtATime;
}

/** Runs tasks one after another, in the order they asked. */
class OneAtATime {
  private last: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.last.then(task);
    this.last = result.catch(() => undefined);
    return result;
  }
}

const REQUIRED = Object.values(TOP_FILES);
const LAYOUT = "a brief holds brief.yaml, sources.yaml, actors.yaml, places.yaml and claims/*.yaml";

/** Loads one brief folder; its name is the brief id. */
export async function loadBrief(dir: string, options: LoadOptions = {}): Promise<BriefResult> {
  const workers = parsePoolFor(options);
  return loadBriefWith(dir, options, workers).finally(() => workers.close());
}

async function loadBriefWith(
  dir: string,
  options: LoadOptions,
  workers: ParsePool,
): Promise<BriefResult> {
  const id = basename(resolve(dir));
  const problems: Problem[] = [];
  if (!Slug.safeParse(id).success) {
    const message = `the brief folder name \`${id}\` must be a lowercase slug (it is the brief id)`;
    problems.push(fileProblem(dir, message));
  }
  const layout = await listBrief(dir);
  if (layout === undefined) {
    return {
      ok: false,
      problems: [...problems, fileProblem(dir, "cannot read this brief folder")],
    };
  }
  problems.push(...layout.problems);
  const { cache } = options;
  const pool: StringPool = new Map();
  const parsing = new OneAtATime();
  // brief.yaml first: claims are stored in its time zone as each file is checked.
  const [head, ...rest] = layout.files;
  const first =
    head?.kind === "brief"
      ? await checkBriefFile(head.file, "brief", { cache, pool, parsing })
      : undefined;
  const zone = first?.valid ? (first.raw as BriefMeta).timezone : undefined;
  const atOnce = FILES_AT_ONCE + workers.threads;
  const others = await mapInBatches(first === undefined ? layout.files : rest, atOnce, (f) =>
    checkBriefFile(f.file, f.kind, { cache, zone, pool, workers, parsing }),
  );
  const files = first === undefined ? others : [first, ...others];

  const pending: PendingProblem[] = [];
  const data = new Map<string, unknown>();
  for (const file of files) {
    if (file.unreadable !== undefined) problems.push(fileProblem(file.file, file.unreadable));
    if (file.valid) data.set(file.file, file.raw);
    if (file.issues !== undefined) append(pending, file.issues);
  }
  const syntax = files.filter((file) => file.syntax !== undefined);
  const allValid = problems.length === 0 && pending.length === 0 && syntax.length === 0;
  // A brief whose every file is unchanged since its references last checked needs no new check.
  const keys = files.map((file) => file.key);
  const entryKey =
    cache !== undefined && allValid && keys.every((k) => k !== undefined)
      ? briefKey(keys as string[])
      : undefined;
  const saved =
    entryKey === undefined ? undefined : await readBriefEntry(cache!, entryKey, claimCount(files));
  if (saved === undefined) append(pending, checkReferences(rawBrief(files, layout.present)));
  if (allValid && pending.length === 0) {
    const { brief, order } = buildBrief(id, dir, files, data, saved?.order);
    // A new order (no entry, or a damaged one) is saved for the next start.
    if (entryKey !== undefined && order !== undefined) {
      await cache!.write(entryKey, { order: Array.from(order) });
    }
    return { ok: true, brief };
  }
  // The `yaml` package is loaded only now: a brief without problems never needs it.
  const { PositionFinder } = await import("./positions.ts");
  const finder = new PositionFinder(await textsFor(files, pending));
  for (const file of syntax) problems.push(...finder.syntaxProblems(file.file, file.syntax!));
  for (const problem of pending) problems.push(finder.locate(problem));
  problems.sort(compareProblems);
  return { ok: false, problems };
}

interface BriefLayout {
  /** The files to read, in load order (claims files sorted by name). */
  readonly files: readonly { readonly file: string; readonly kind: FileKind }[];
  /** Names at the top of the folder. */
  readonly present: ReadonlySet<string>;
  /** Missing required files, stray YAML files. */
  readonly problems: readonly Problem[];
}

/** What a brief folder holds; undefined when it cannot be listed. */
async function listBrief(dir: string): Promise<BriefLayout | undefined> {
  const top = await listFolder(dir);
  if (top === undefined) return undefined;
  const problems: Problem[] = [];
  for (const entry of top) {
    if (!entry.isFile() || !/\.ya?ml$/i.test(entry.name)) continue;
    if (REQUIRED.includes(entry.name as (typeof REQUIRED)[number])) continue;
    const hint = didYouMean(entry.name, REQUIRED);
    problems.push(
      fileProblem(join(dir, entry.name), `unknown file \`${entry.name}\`${hint}: ${LAYOUT}`),
    );
  }
  const present = new Set(top.map((entry) => entry.name));
  const files: { file: string; kind: FileKind }[] = [];
  for (const [kind, name] of Object.entries(TOP_FILES) as [FileKind, string][]) {
    if (present.has(name)) files.push({ file: join(dir, name), kind });
    else problems.push(fileProblem(join(dir, name), `missing ${name}: ${LAYOUT}`));
  }
  const claimsDir = join(dir, CLAIMS_DIR);
  const claims = top.some((entry) => entry.name === CLAIMS_DIR && entry.isDirectory())
    ? await listFolder(claimsDir)
    : undefined;
  if (claims === undefined)
    problems.push(fileProblem(claimsDir, `missing folder claims/: ${LAYOUT}`));
  const names: string[] = [];
  for (const entry of claims ?? []) {
    if (!entry.isFile()) continue;
    if (entry.name.endsWith(".yaml") || isJsonlFile(entry.name)) names.push(entry.name);
    else if (/\.(yml|yaml)$/i.test(entry.name)) {
      const message = "claims files must end in `.yaml` to be read";
      problems.push(fileProblem(join(claimsDir, entry.name), message));
    }
  }
  for (const name of names.sort()) files.push({ file: join(claimsDir, name), kind: "claims" });
  return { files, present, problems };
}

/** push(...items) overflows the stack for very many problems (a broken 100k-claim file). */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/** The entries not starting with "." (editor temp files); undefined when it cannot be read. */
async function listFolder(dir: string): Promise<Dirent[] | undefined> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((entry) => !entry.name.startsWith("."));
  } catch {
    return undefined;
  }
}

/**
 * Files read and looked up in the snapshot cache at once, plus one per parse worker. Parsing
 * itself goes one file at a time (FileContext.parsing), so more files in flight keep only their
 * bytes alive; four keep a warm load's reads and snapshot reads overlapped with decoding (with
 * two, a tenth of a warm load was spent waiting for the disk).
 */
const FILES_AT_ONCE = 4;

async function mapInBatches<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const work = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, work));
  return results;
}

/**
 * Reads, parses and checks one file; a valid one keeps only its validated data (claims in their
 * stored form when the time zone is known). With a cache, an unchanged file's data comes from its
 * snapshot and a newly valid file's data is saved as one.
 */
async function checkBriefFile(
  file: string,
  kind: FileKind,
  context: FileContext,
): Promise<BriefFile> {
  const { cache, zone } = context;
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    // Deleted or locked between listing and reading (an editor saving): report, never throw.
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    return { file, kind, text: "", unreadable: `cannot read this file (${reason})` };
  }
  const storable = kind !== "claims" || zone !== undefined;
  const key =
    cache !== undefined && storable ? fileKey(kind, basename(file), zone ?? "", bytes) : undefined;
  if (key !== undefined) {
    const data = await cache!.read(key);
    const raw =
      kind === "claims" && data !== undefined
        ? decodeClaimTable(data, `${CLAIMS_DIR}/${basename(file)}`, context.pool)
        : data;
    if (raw !== undefined && looksValid(kind, raw)) {
      return { file, kind, raw, valid: true, key, stored: kind === "claims" };
    }
  }
  if (kind === "claims" && zone !== undefined && context.workers !== undefined) {
    const name = `${CLAIMS_DIR}/${basename(file)}`;
    const done = await context.workers.parse({ file, name, zone, bytes });
    if (done !== undefined && "body" in done) {
      if (key !== undefined) await cache!.writeJson(key, done.body);
      const claims = decodeClaimTable(JSON.parse(done.body), name, context.pool)!;
      return { file, kind, raw: claims, valid: true, stored: true, ...(key ? { key } : {}) };
    }
    // A problem: the file is checked again below, to report it exactly as always.
  }
  // One file at a time from here: its text, parse tree, zod's output and table are alive until
  // its snapshot is written, and a second file parsed meanwhile (while the write is awaited) kept
  // two sets alive. Reads and snapshot hits above still overlap.
  return context.parsing.run(() => parseAndCheck(file, kind, bytes, key, context));
}

/** A file that is not in the snapshot cache: parsed, validated, stored and saved as a snapshot. */
async function parseAndCheck(
  file: string,
  kind: FileKind,
  bytes: Buffer,
  key: string | undefined,
  context: FileContext,
): Promise<BriefFile> {
  const { cache, zone } = context;
  const text = bytes.toString("utf8");
  const jsonl = kind === "claims" && isJsonlFile(file);
  if (jsonl && zone !== undefined) {
    // Valid JSON Lines claims are stored line by line, and the snapshot's table is made from the
    // stored claims. A line that fails sends the file to the full check below.
    const name = `${CLAIMS_DIR}/${basename(file)}`;
    const claims = validJsonlClaims(text, storedJsonlClaim(name, zone, context.pool));
    if (claims !== undefined) {
      if (key === undefined) return { file, kind, raw: claims, valid: true, stored: true };
      await cache!.writeJson(key, JSON.stringify(encodeClaimTable(name, claims)));
      return { file, kind, raw: claims, valid: true, stored: true, key };
    }
  }
  const read = parseBriefFile(file, kind, text);
  if (read.syntax !== undefined) return read;
  const check = validateFile(kind, read.raw);
  if (!check.ok)
    return { ...read, issues: describeIssues(check.issues, { file, kind, raw: read.raw }) };
  if (kind !== "claims" || zone === undefined) {
    if (key !== undefined) await cache!.write(key, check.data);
    return { file, kind, raw: check.data, valid: true, ...(key === undefined ? {} : { key }) };
  }
  const name = `${CLAIMS_DIR}/${basename(file)}`;
  const valid = (check.data as Claim[] | null) ?? [];
  let claims: StoredClaim[];
  if (key !== undefined) {
    // The snapshot parsed back: the claims exactly as the next (warm) start will have them, in
    // compact objects whose strings are their own, not slices keeping the file's text alive,
    // and repeated strings shared through the pool.
    const body = JSON.stringify(storeClaimTable(name, valid, zone));
    await cache!.writeJson(key, body);
    claims = decodeClaimTable(JSON.parse(body), name, context.pool)!;
  } else {
    claims = storeClaims(name, valid, zone);
    internClaims(claims, context.pool);
  }
  return {
    file,
    kind,
    raw: claims,
    valid: true,
    stored: true,
    ...(key === undefined ? {} : { key }),
  };
}

/** A brief entry: the claims' order by time, saved when its references last checked. */
async function readBriefEntry(
  cache: SnapshotCache,
  key: string,
  claims: number,
): Promise<{ order: number[] } | undefined> {
  const data = (await cache.read(key)) as { order?: unknown } | undefined;
  const order = data?.order;
  return Array.isArray(order) && isOrder(order, claims) ? { order } : undefined;
}

function claimCount(files: readonly BriefFile[]): number {
  let total = 0;
  for (const file of files) if (file.kind === "claims") total += (file.raw as unknown[]).length;
  return total;
}

/** The texts of the files the problems point into, re-reading those dropped as valid. */
async function textsFor(
  files: readonly BriefFile[],
  pending: readonly PendingProblem[],
): Promise<Map<string, string>> {
  const wanted = new Set<string>();
  for (const file of files) if (file.syntax !== undefined) wanted.add(file.file);
  for (const problem of pending) {
    wanted.add(problem.file);
    if (problem.related !== undefined) wanted.add(problem.related.file);
  }
  const texts = new Map<string, string>();
  for (const file of files) {
    if (!wanted.has(file.file)) continue;
    texts.set(file.file, file.text ?? (await readFile(file.file, "utf8").catch(() => "")));
  }
  return texts;
}

/**
 * A JSON Lines claims file's claims, each line validated as soon as it is parsed and handed to
 * `keep` (with its position), so the parsed line is garbage young instead of every line surviving
 * until the whole file is checked (at 140,000 claims that was most of the load's time, in the
 * garbage collector). Undefined at the first line that is not JSON or not a valid claim: the
 * file is then checked the usual way, which reports every problem.
 */
function validJsonlClaims<C>(
  text: string,
  keep: (claim: Claim, index: number) => C,
): C[] | undefined {
  const claims: C[] = [];
  const taken = takeJsonl(text, (item) => {
    const result = compiledClaim().safeParse(item);
    if (result.success) claims.push(keep(result.data, claims.length));
    return result.success;
  });
  return taken ? claims : undefined;
}

/** A claim in its stored form with its strings interned: all that survives its line. */
function storedJsonlClaim(name: string, zone: string, pool: StringPool) {
  return (claim: Claim, index: number): StoredClaim => {
    const stored = storeClaim(claim, name, index, zone);
    internClaim(stored, pool);
    return stored;
  };
}

function parseBriefFile(file: string, kind: FileKind, text: string): BriefFile {
  const parsed = parseFileText(file, text);
  return parsed.syntax === undefined
    ? { file, kind, text, raw: parsed.raw }
    : { file, kind, text, syntax: parsed.syntax };
}

const ID_KINDS: Partial<Record<FileKind, IdKind>> = {
  sources: "source",
  actors: "actor",
  places: "place",
  claims: "claim",
};

/** The parsed files as the cross-file checks read them; unreadable kinds are marked incomplete. */
function rawBrief(files: readonly BriefFile[], present: ReadonlySet<string>) {
  const incomplete = new Set<IdKind>();
  for (const [kind, name] of Object.entries(TOP_FILES) as [FileKind, string][]) {
    const idKind = ID_KINDS[kind];
    if (idKind !== undefined && !present.has(name)) incomplete.add(idKind);
  }
  const lists: Partial<Record<FileKind, RawList>> = {};
  const claimFiles: RawList[] = [];
  let meta: { file: string; data: unknown } | undefined;
  for (const file of files) {
    if (file.kind === "brief") {
      if (file.raw !== undefined) meta = { file: file.file, data: file.raw };
      continue;
    }
    const items = file.raw === null && file.kind === "claims" ? [] : file.raw;
    if (file.syntax !== undefined || file.unreadable !== undefined || !Array.isArray(items)) {
      incomplete.add(ID_KINDS[file.kind]!);
      continue;
    }
    const list = { file: file.file, items };
    if (file.kind === "claims") claimFiles.push(list);
    else lists[file.kind] = list;
  }
  return { meta, ...lists, claimFiles, incomplete };
}

/** The brief from its valid files (claims stored), in the saved order when that is whole. */
function buildBrief(
  id: string,
  dir: string,
  files: readonly BriefFile[],
  data: ReadonlyMap<string, unknown>,
  saved: ArrayLike<number> | undefined,
): { brief: Brief; order: Uint32Array | undefined } {
  const of = <T>(kind: FileKind): T => {
    const file = files.find((f) => f.kind === kind)!;
    return data.get(file.file) as T;
  };
  const claimFiles = files
    .filter((file) => file.kind === "claims")
    .map((file) => ({
      file: `${CLAIMS_DIR}/${basename(file.file)}`,
      claims: data.get(file.file) as StoredClaim[],
    }));
  const order = saved === undefined ? claimOrder(claimFiles) : undefined;
  const brief = createBrief({
    id,
    dir: resolve(dir),
    meta: of<BriefMeta>("brief"),
    sources: of<Source[]>("sources"),
    actors: of<Actor[]>("actors"),
    places: of<Place[]>("places"),
    claimFiles,
    stored: true,
    order: order ?? saved!,
  });
  return { brief, order };
}
