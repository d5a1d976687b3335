// The validated snapshot cache: each brief file's validated data kept on disk as JSON, keyed by
// a hash of the file's bytes and of everything the data depends on (the schema, the snapshot
// format, for claims the file's name and the brief's time zone). A start or a reload reads
// unchanged files from here and parses (YAML) and validates (zod) only the changed ones. A whole
// brief's entry also keeps the order of its claims by time, saved once its references checked.
// A claims file's data is kept as a table (claim-table.ts), not as a list of objects.
// Entries are written to a temporary file and renamed, so a reader sees a whole entry or none;
// one that is damaged anyway (cut short, edited, from another version) is ignored and rewritten.
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FILE_KINDS, type FileKind } from "./files.ts";
import { fileJsonSchema } from "./json-schema.ts";

/**
 * Bump when what a snapshot holds changes without the JSON Schema changing: a refinement, a
 * default, or the store's own fields on claims (file, index, at, dateOnly, withdrawnAt).
 * 2: claims files as tables (claim-table.ts). 3: claims keep no key (claimKey works it out).
 */
export const SNAPSHOT_VERSION = 3;

/** Where the cache lives unless SITREP_CACHE_DIR says otherwise (git ignores node_modules). */
export const DEFAULT_CACHE_DIR = "node_modules/.cache/sitrep";

/** The cache a SITREP_CACHE_DIR value names: the default when unset or empty, none for `off`. */
export function snapshotCacheFor(setting: string | undefined): SnapshotCache | undefined {
  const dir = setting?.trim() || DEFAULT_CACHE_DIR;
  return dir === "off" ? undefined : openSnapshotCache(dir);
}

/** An entry unused for this long is removed by prune(). */
const KEEP_UNUSED_MS = 14 * 24 * 3_600_000;
/** Used entries get their time refreshed at most this often (one syscall per file otherwise). */
const TOUCH_AFTER_MS = 24 * 3_600_000;
const HEADER = "sitrep-snapshot";

let fingerprint: string | undefined;

/** A hash of the brief format as the schemas define it, with the snapshot version. */
export function schemaFingerprint(): string {
  if (fingerprint === undefined) {
    const hash = createHash("sha256").update(`${HEADER} ${SNAPSHOT_VERSION}\n`);
    for (const kind of FILE_KINDS) hash.update(JSON.stringify(fileJsonSchema(kind)));
    fingerprint = hash.digest("hex");
  }
  return fingerprint;
}

/** The key of one file's entry: its bytes and what its validated data depends on. */
export function fileKey(kind: FileKind, name: string, zone: string, bytes: Uint8Array): string {
  // Claims carry their file's name (in `key` and `file`) and instants in the brief's time zone.
  const context = kind === "claims" ? `${name}\n${zone}` : "";
  return createHash("sha256")
    .update(`${schemaFingerprint()}\n${kind}\n${context}\n`)
    .update(bytes)
    .digest("hex");
}

/** The key of a brief's entry: the keys of its files, in load order. */
export function briefKey(fileKeys: readonly string[]): string {
  return createHash("sha256")
    .update(`${schemaFingerprint()}\nbrief\n${fileKeys.join("\n")}`)
    .digest("hex");
}

export interface SnapshotCache {
  /** The entry's data, or undefined when there is none or it is damaged. */
  read(key: string): Promise<unknown>;
  /** Saves an entry; failures are swallowed (the cache only saves time). */
  write(key: string, data: unknown): Promise<void>;
  /** Saves an entry already as JSON text (`JSON.stringify` of its data). */
  writeJson(key: string, body: string): Promise<void>;
  /** Removes entries not used for two weeks. */
  prune(): Promise<void>;
}

/** A cache in a folder, created when first written. */
export function openSnapshotCache(dir: string): SnapshotCache {
  const pathOf = (key: string) => join(dir, `${key}.json`);
  let made: Promise<unknown> | undefined;
  let serial = 0;
  return {
    async read(key) {
      const path = pathOf(key);
      let text: string;
      try {
        text = await readFile(path, "utf8");
      } catch {
        return undefined;
      }
      const data = parseEntry(text, key);
      if (data !== undefined) void touch(path);
      return data;
    },
    write(key, data) {
      return this.writeJson(key, JSON.stringify(data));
    },
    async writeJson(key, body) {
      const path = pathOf(key);
      const temp = `${path}.${process.pid}.${serial++}.tmp`;
      try {
        made ??= mkdir(dir, { recursive: true });
        await made;
        const header = JSON.stringify({ [HEADER]: SNAPSHOT_VERSION, key, length: body.length });
        await writeFile(temp, `${header}\n${body}`);
        await rename(temp, path);
      } catch {
        made = undefined;
        await rm(temp, { force: true }).catch(() => undefined);
      }
    },
    async prune() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        return;
      }
      const now = Date.now();
      for (const name of names) {
        if (!name.endsWith(".json") && !name.endsWith(".tmp")) continue;
        const path = join(dir, name);
        const info = await stat(path).catch(() => undefined);
        if (info !== undefined && now - info.mtimeMs > KEEP_UNUSED_MS) {
          await rm(path, { force: true }).catch(() => undefined);
        }
      }
    },
  };
}

/** The data of an entry whose header names this key and whose body is whole; else undefined. */
function parseEntry(text: string, key: string): unknown {
  const newline = text.indexOf("\n");
  if (newline < 0) return undefined;
  try {
    const header = JSON.parse(text.slice(0, newline)) as Record<string, unknown> | null;
    if (header?.[HEADER] !== SNAPSHOT_VERSION || header.key !== key) return undefined;
    if (header.length !== text.length - newline - 1) return undefined;
    return JSON.parse(text.slice(newline + 1));
  } catch {
    return undefined;
  }
}

async function touch(path: string): Promise<void> {
  try {
    const info = await stat(path);
    if (Date.now() - info.mtimeMs < TOUCH_AFTER_MS) return;
    const now = new Date();
    await utimes(path, now, now);
  } catch {
    // Removed meanwhile: nothing to refresh.
  }
}

/** Whether a file entry's data has the shape its kind needs (a damaged entry is not trusted). */
export function looksValid(kind: FileKind, data: unknown): boolean {
  if (kind === "brief") {
    return (
      typeof data === "object" &&
      data !== null &&
      typeof (data as { timezone?: unknown }).timezone === "string"
    );
  }
  if (kind === "claims" && data === null) return true;
  if (!Array.isArray(data)) return false;
  if (kind !== "claims") {
    return data.every(
      (item) => typeof item === "object" && item !== null && typeof item.id === "string",
    );
  }
  for (const claim of data as Record<string, unknown>[]) {
    if (typeof claim !== "object" || claim === null) return false;
    if (typeof claim.type !== "string" || typeof claim.source !== "string") return false;
    if (typeof claim.file !== "string" || typeof claim.at !== "number") return false;
    if (typeof claim.reported !== "string" || typeof claim.index !== "number") return false;
  }
  return true;
}
