// Writing an import into a brief safely. Every changed file is first written into a staging copy
// of the brief (unchanged files hard-linked, so staging a large brief is cheap), the staged brief
// is loaded and validated, and only then are the staged files renamed over the real ones: each
// rename is atomic, and nothing is written to the brief when anything is wrong. The claims file
// the import rewrites is left out of the staged copy: it is checked line by line as it is
// written (check-claims.ts), so its size does not weigh on memory.
// The staging folder sits in the briefs root (same file system, so rename works) and starts with
// a dot, which the loader and the live store's watcher skip.
import { once } from "node:events";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import {
  copyFile,
  link,
  mkdir,
  mkdtemp,
  readdir,
  rename,
  rm,
  stat,
  unlink,
  writeFile,
} from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { Document, isSeq, parseDocument } from "yaml";
import { type BriefResult, loadBrief } from "../store/load.ts";
import { ImportError } from "./format.ts";

/** Writes lines to a file with back-pressure, so a large import never piles up in memory. */
export class LineWriter {
  private readonly stream: WriteStream;
  lines = 0;

  constructor(readonly file: string) {
    this.stream = createWriteStream(file);
  }

  async write(text: string): Promise<void> {
    this.lines++;
    if (!this.stream.write(`${text}\n`)) await once(this.stream, "drain");
  }

  /** Copies another file's bytes after what has been written. */
  async append(file: string): Promise<void> {
    for await (const chunk of createReadStream(file)) {
      if (!this.stream.write(chunk)) await once(this.stream, "drain");
    }
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, "finish");
  }
}

export class Stage {
  /** The staged brief folder: `<root>/.sitrep-import-XXXX/<brief id>`. */
  readonly dir: string;
  private readonly changed = new Set<string>();
  /** The brief's files as they were when the import read them: checked again before commit. */
  private readonly seen = new Map<string, string>();

  private constructor(
    readonly root: string,
    readonly briefDir: string,
  ) {
    this.dir = join(root, basename(briefDir));
  }

  /** A staged copy of the brief (hard links), without the file the import rewrites. */
  static async open(briefDir: string, exclude: string): Promise<Stage> {
    const root = await mkdtemp(join(dirname(briefDir), ".sitrep-import-"));
    const stage = new Stage(root, briefDir);
    await copyTree(briefDir, stage.dir, join(briefDir, exclude));
    return stage;
  }

  /**
   * Notes how a file of the brief is now, before the import reads it: commit refuses to replace
   * a file that changed since (an editor saved it meanwhile), so no one's edit is lost.
   */
  async remember(file: string): Promise<void> {
    if (!this.seen.has(file)) this.seen.set(file, await fingerprint(join(this.briefDir, file)));
  }

  /** A scratch file outside the staged brief. */
  scratch(name: string): string {
    return join(this.root, name);
  }

  /** The staged path of a file of the brief (`claims/acled-x.jsonl`), marked as changed. */
  async path(file: string): Promise<string> {
    const staged = join(this.dir, file);
    // A hard link shares its bytes with the real file: unlink it before writing anew.
    await unlink(staged).catch(() => undefined);
    this.changed.add(file);
    return staged;
  }

  async write(file: string, text: string): Promise<void> {
    await writeFile(await this.path(file), text);
  }

  get files(): readonly string[] {
    return [...this.changed];
  }

  /** The staged brief, loaded and checked as the bot would; problems name the real files. */
  async load(): Promise<BriefResult> {
    const result = await loadBrief(this.dir);
    if (result.ok) return result;
    const real = (file: string) => join(this.briefDir, relative(this.dir, file));
    return { ok: false, problems: result.problems.map((p) => ({ ...p, file: real(p.file) })) };
  }

  /** Renames the changed files into the brief, in the given order of their paths. */
  async commit(order: (file: string) => number): Promise<void> {
    const files = [...this.changed].sort((a, b) => order(a) - order(b));
    for (const file of files) {
      const before = this.seen.get(file);
      if (before !== undefined && before !== (await fingerprint(join(this.briefDir, file)))) {
        throw new ImportError(
          `${join(this.briefDir, file)} changed while the import ran (saved by someone else?); nothing was written: run the import again`,
        );
      }
    }
    for (const file of files) {
      await mkdir(dirname(join(this.briefDir, file)), { recursive: true });
      await rename(join(this.dir, file), join(this.briefDir, file));
    }
  }

  async discard(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}

/** A file's identity, size and modification time, or "absent". */
async function fingerprint(path: string): Promise<string> {
  const s = await stat(path, { bigint: true }).catch(() => undefined);
  return s === undefined ? "absent" : `${s.ino}:${s.size}:${s.mtimeNs}`;
}

async function copyTree(from: string, to: string, exclude: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (source === exclude) continue;
    if (entry.isDirectory()) await copyTree(source, target, exclude);
    else if (entry.isFile()) await link(source, target).catch(() => copyFile(source, target));
  }
}

/**
 * A YAML list file with `items` added at the end, written by the `yaml` library. The text before
 * them is kept byte for byte (comments, layout); only a file whose list is not a block list
 * (`[]`, or nothing yet) is rewritten whole.
 */
export function appendYamlItems(text: string, items: readonly object[]): string {
  if (items.length === 0) return text;
  const doc = parseDocument(text);
  const contents = doc.contents;
  if (isSeq(contents) && !contents.flow && contents.items.length > 0) {
    const added = new Document(items).toString({ lineWidth: 0 });
    return `${text}${text.endsWith("\n") ? "" : "\n"}${added}`;
  }
  const current: unknown = doc.toJS();
  const rewritten = new Document([...(Array.isArray(current) ? current : []), ...items]);
  rewritten.commentBefore = doc.commentBefore ?? null;
  return rewritten.toString({ lineWidth: 0 });
}

/** A YAML list file with fields set on the item of that `id` (other items as they were). */
export function updateYamlItem(
  text: string,
  id: string,
  fields: Readonly<Record<string, unknown>>,
): string {
  const doc = parseDocument(text);
  const current: unknown = doc.toJS();
  if (!Array.isArray(current)) return text;
  const index = current.findIndex((item) => (item as { id?: unknown } | null)?.id === id);
  if (index === -1) return text;
  for (const [key, value] of Object.entries(fields)) doc.setIn([index, key], value);
  return doc.toString({ lineWidth: 0 });
}
