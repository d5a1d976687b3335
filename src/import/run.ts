// `sitrep import`: streams a dataset file row by row into claims of a brief. Claims go to
// claims/<format>-<name>.jsonl, keyed by external id: a re-import leaves an unchanged row as it
// is, replaces the claims of an updated row in place and appends new rows. New places, actors and
// sources are appended to the brief's YAML files. Nothing is written unless the brief with every
// change loads without a problem.
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { createInterface } from "node:readline";
import { CsvError } from "csv-parse";
import { CLAIMS_DIR, TOP_FILES } from "../store/files.ts";
import { loadBrief } from "../store/load.ts";
import type { Problem } from "../store/problems.ts";
import { Claim } from "../store/schema.ts";
import type { Brief } from "../store/types.ts";
import { acledFormat } from "./acled.ts";
import { BriefChanges, type PlaceMeans } from "./brief-changes.ts";
import { readCsvRows } from "./csv-rows.ts";
import { slugOf } from "./fields.ts";
import {
  type ClaimFields,
  type FormatContext,
  type FormatName,
  ImportError,
  type ImportFormat,
} from "./format.ts";
import { type Gazetteer, loadGazetteer } from "./gazetteer.ts";
import { hxlFormat } from "./hxl.ts";
import { ucdpFormat } from "./ucdp.ts";
import { appendYamlItems, LineWriter, Stage, updateYamlItem } from "./writer.ts";

export interface ImportOptions {
  readonly format: FormatName;
  readonly file: string;
  /** The brief's folder. */
  readonly briefDir: string;
  /** `--source`: the source id of every claim. */
  readonly source?: string;
  readonly dryRun?: boolean;
  /** The clock, for the access date stamped on a dataset's source. */
  readonly now?: () => number;
  /** Default: the bundled gazetteer. */
  readonly gazetteer?: Gazetteer;
}

export interface SkippedRow {
  readonly line: number;
  readonly reason: string;
}

export interface ImportReport {
  readonly format: FormatName;
  readonly brief: string;
  /** The claims file, relative to the brief (`claims/acled-syria.jsonl`). */
  readonly claimsFile: string;
  /** Data rows read (headers and blank rows not counted). */
  readonly rows: number;
  /** Claims by what happened to them. */
  readonly claims: {
    readonly added: number;
    readonly updated: number;
    readonly unchanged: number;
  };
  /** Distinct places the rows named, by how each was found or that it was created. */
  readonly places: Readonly<Record<PlaceMeans, number>>;
  readonly actors: { readonly matched: number; readonly created: number };
  readonly sources: { readonly created: number; readonly updated: number };
  /** The first skipped rows (at most MAX_SKIPPED_LISTED), and how many in all. */
  readonly skipped: readonly SkippedRow[];
  readonly skippedCount: number;
  /** The brief's files written (or that a dry run would write), relative to it. */
  readonly files: readonly string[];
  readonly dryRun: boolean;
}

export type ImportResult =
  | { readonly ok: true; readonly report: ImportReport }
  | { readonly ok: false; readonly problems: readonly Problem[] }
  | { readonly ok: false; readonly error: string };

export const MAX_SKIPPED_LISTED = 200;

const FORMATS: Record<FormatName, (context: FormatContext) => ImportFormat> = {
  acled: acledFormat,
  ucdp: ucdpFormat,
  hxl: hxlFormat,
};

/** The claims file an import of `file` writes: `claims/acled-syria-2024.jsonl`. */
export function claimsFileFor(format: FormatName, file: string): string {
  const name = slugOf(basename(file, extname(file))) || "data";
  return `${CLAIMS_DIR}/${format}-${name}.jsonl`;
}

/** The key the export gives a claim that has no external id of its own. */
export function exportKey(briefId: string, claim: { id?: string; key: string }): string {
  return `sitrep:${briefId}:${claim.id ?? claim.key}`;
}

export async function importDataset(options: ImportOptions): Promise<ImportResult> {
  const loaded = await loadBrief(options.briefDir);
  if (!loaded.ok) return { ok: false, problems: loaded.problems };
  const brief = loaded.brief;
  const claimsFile = claimsFileFor(options.format, options.file);
  const changes = new BriefChanges(brief, options.gazetteer ?? (await loadGazetteer()));
  const today = new Date((options.now ?? Date.now)()).toISOString().slice(0, 10);
  let format: ImportFormat;
  try {
    format = FORMATS[options.format]({
      changes,
      ...(options.source === undefined ? {} : { source: options.source }),
      addedBy: `sitrep import ${options.format}`,
      today,
    });
  } catch (error) {
    if (error instanceof ImportError) return { ok: false, error: error.message };
    throw error;
  }
  const stage = await Stage.open(options.briefDir);
  try {
    return await runImport(options, brief, claimsFile, changes, format, stage);
  } catch (error) {
    if (error instanceof ImportError) return { ok: false, error: error.message };
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      return {
        ok: false,
        error: `${options.file}${line === undefined ? "" : `:${line}`}: CSV: ${error.message}`,
      };
    }
    if (
      (error as NodeJS.ErrnoException).code === "ENOENT" &&
      (error as NodeJS.ErrnoException).path === options.file
    ) {
      return { ok: false, error: `cannot read ${options.file}: no such file` };
    }
    throw error;
  } finally {
    await stage.discard();
  }
}

interface Group {
  readonly externalId: string;
  readonly line: number;
  readonly claims: ClaimFields[];
}

interface Existing {
  /** External ids in file order; lines without one keep a key of their own. */
  readonly order: string[];
  /** The lines of each external id, joined. */
  readonly text: Map<string, string>;
}

async function runImport(
  options: ImportOptions,
  brief: Brief,
  claimsFile: string,
  changes: BriefChanges,
  format: ImportFormat,
  stage: Stage,
): Promise<ImportResult> {
  const existing = await readExisting(join(options.briefDir, claimsFile));
  const elsewhere = claimsElsewhere(brief, claimsFile);
  const replacements = new Map<string, string>();
  const firstLine = new Map<string, number>();
  const counts = { rows: 0, added: 0, updated: 0, unchanged: 0 };
  const skipped: SkippedRow[] = [];
  let skippedCount = 0;
  const skip = (line: number, reason: string) => {
    skippedCount++;
    if (skipped.length < MAX_SKIPPED_LISTED) skipped.push({ line, reason });
  };
  const fresh = new LineWriter(stage.scratch("fresh.jsonl"));
  /** Files one row's claims (or a run of grouped rows'): new, unchanged or updated. */
  const take = async ({ externalId, line, claims }: Group): Promise<void> => {
    const first = firstLine.get(externalId);
    if (first !== undefined) {
      skip(line, `external id \`${externalId}\` repeats the row on line ${first}`);
      return;
    }
    firstLine.set(externalId, line);
    const where = elsewhere.get(externalId);
    if (where !== undefined) {
      skip(line, `already in the brief, in ${where} (not imported twice)`);
      return;
    }
    const text = claims.map((claim) => JSON.stringify(claim)).join("\n");
    const before = existing.text.get(externalId);
    if (before === undefined) {
      await fresh.write(text);
      counts.added += claims.length;
    } else if (before === text) counts.unchanged += claims.length;
    else {
      replacements.set(externalId, text);
      counts.updated += claims.length;
    }
  };
  let group: Group | undefined;
  let header = false;
  for await (const { line, cells } of readCsvRows(options.file)) {
    if (!header) {
      header = format.header(cells, line);
      continue;
    }
    if (cells.every((cell) => cell.trim() === "")) continue;
    counts.rows++;
    const result = format.row(cells, line);
    if ("skip" in result) {
      skip(line, result.skip);
      continue;
    }
    const invalid = invalidClaim(result.claims);
    if (invalid !== undefined) {
      skip(line, invalid);
      continue;
    }
    if (result.grouped && group?.externalId === result.externalId) {
      group.claims.push(...result.claims);
      continue;
    }
    if (group !== undefined) await take(group);
    group = { externalId: result.externalId, line, claims: [...result.claims] };
  }
  if (group !== undefined) await take(group);
  await fresh.close();
  if (!header) throw new ImportError(`${options.file} has no header row: is it empty?`);

  if (counts.added + counts.updated > 0) {
    const out = new LineWriter(await stage.path(claimsFile));
    for (const key of existing.order)
      await out.write(replacements.get(key) ?? existing.text.get(key)!);
    await out.append(fresh.file);
    await out.close();
  }
  await stageYaml(options.briefDir, stage, changes);
  if (stage.files.length > 0) {
    const problems = await stage.validate();
    if (problems.length > 0) return { ok: false, problems };
    if (!options.dryRun) await stage.commit(commitOrder);
  }
  return {
    ok: true,
    report: {
      format: options.format,
      brief: brief.id,
      claimsFile,
      rows: counts.rows,
      claims: { added: counts.added, updated: counts.updated, unchanged: counts.unchanged },
      places: { ...changes.placeCounts },
      actors: { matched: changes.actorsMatched, created: changes.newActors.length },
      sources: { created: changes.newSources.length, updated: changes.sourceUpdates.size },
      skipped,
      skippedCount,
      files: [...stage.files].sort(),
      dryRun: options.dryRun ?? false,
    },
  };
}

/** Sources, actors and places before the claims that name them, should a rename fail midway. */
function commitOrder(file: string): number {
  return [TOP_FILES.sources, TOP_FILES.actors, TOP_FILES.places].indexOf(file as never) + 1 || 9;
}

async function stageYaml(briefDir: string, stage: Stage, changes: BriefChanges): Promise<void> {
  const edits: [string, (text: string) => string][] = [];
  if (changes.newSources.length > 0 || changes.sourceUpdates.size > 0) {
    edits.push([
      TOP_FILES.sources,
      (text) => {
        let out = text;
        for (const [id, fields] of changes.sourceUpdates) out = updateYamlItem(out, id, fields);
        return appendYamlItems(out, changes.newSources);
      },
    ]);
  }
  if (changes.newActors.length > 0) {
    edits.push([TOP_FILES.actors, (text) => appendYamlItems(text, changes.newActors)]);
  }
  if (changes.newPlaces.length > 0) {
    edits.push([TOP_FILES.places, (text) => appendYamlItems(text, changes.newPlaces)]);
  }
  for (const [file, edit] of edits) {
    const text = await readFile(join(briefDir, file), "utf8");
    await stage.write(file, edit(text));
  }
}

/** The claims file as it is: each external id's lines, in order (none when it is new). */
async function readExisting(file: string): Promise<Existing> {
  const order: string[] = [];
  const text = new Map<string, string>();
  if (
    !(await stat(file).then(
      (s) => s.isFile(),
      () => false,
    ))
  )
    return { order, text };
  const input = createReadStream(file);
  let anonymous = 0;
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line.trim() === "") continue;
    let key: string;
    try {
      const id = (JSON.parse(line) as { external_id?: unknown }).external_id;
      key = typeof id === "string" ? id : `\0${anonymous++}`;
    } catch {
      key = `\0${anonymous++}`;
    }
    const before = text.get(key);
    if (before === undefined) {
      order.push(key);
      text.set(key, line);
    } else text.set(key, `${before}\n${line}`);
  }
  return { order, text };
}

/** External ids of the brief's claims in other files (and the keys its export gives them). */
function claimsElsewhere(brief: Brief, claimsFile: string): Map<string, string> {
  const where = new Map<string, string>();
  for (const claim of brief.claims) {
    if (claim.file === claimsFile) continue;
    if (claim.external_id !== undefined) where.set(claim.external_id, claim.file);
    where.set(exportKey(brief.id, claim), claim.file);
  }
  return where;
}

/** Why a row's claims break the brief format, or undefined. */
function invalidClaim(claims: readonly ClaimFields[]): string | undefined {
  for (const claim of claims) {
    const result = Claim.safeParse(claim);
    if (result.success) continue;
    const issue = result.error.issues[0]!;
    const field = issue.path.join(".");
    return `the ${claim.type} claim it makes is not valid: ${field === "" ? "" : `\`${field}\` `}${issue.message}`;
  }
  return undefined;
}
