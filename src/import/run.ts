// `sitrep import`: streams a dataset file row by row into claims of a brief. Claims go to
// claims/<format>-<name>.jsonl, keyed by external id: a re-import leaves an unchanged row as it
// is, replaces the claims of an updated row in place and appends new rows. New places, actors and
// sources are appended to the brief's YAML files. Nothing is written unless the brief with every
// change loads without a problem.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, rename, stat } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { createInterface } from "node:readline";
import { CsvError } from "csv-parse";
import { CLAIMS_DIR, TOP_FILES } from "../store/files.ts";
import { jsonlPosition } from "../store/jsonl.ts";
import { resolveName, sourceNames } from "../store/names.ts";
import type { Problem } from "../store/problems.ts";
import { didYouMean } from "../store/suggest.ts";
import { type Brief, claimKey, type StoredClaim } from "../store/types.ts";
import { acledFormat } from "./acled.ts";
import { BriefChanges, type PlaceMeans } from "./brief-changes.ts";
import { ClaimChecker } from "./check-claims.ts";
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
import { formatHint } from "./guess-format.ts";
import { hxlFormat, noHashtagRow } from "./hxl.ts";
import { type ImportLock, lockBrief } from "./lock.ts";
import { type MergeCounts, mergeRow, type RowUpdate, type Withdrawal } from "./merge-row.ts";
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
  /** Claims by what happened to them (withdrawn: the updated row no longer makes them). */
  readonly claims: {
    readonly added: number;
    readonly updated: number;
    readonly unchanged: number;
    readonly withdrawn: number;
  };
  /**
   * Claims of rows imported before that this file does not have, kept as they are: a file may be
   * a part of the dataset, so a row's absence is not taken as its withdrawal.
   */
  readonly notInFile: { readonly rows: number; readonly claims: number };
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
export function exportKey(briefId: string, claim: StoredClaim): string {
  return `sitrep:${briefId}:${claimKey(claim)}`;
}

export async function importDataset(options: ImportOptions): Promise<ImportResult> {
  const claimsFile = claimsFileFor(options.format, options.file);
  let lock: ImportLock | undefined;
  let stage: Stage | undefined;
  const missing = await unreadable(options.file);
  if (missing !== undefined) return { ok: false, error: missing };
  try {
    // Taken before anything is read, so two imports into one brief never work from one state.
    // A dry run writes nothing, so it needs none.
    if (!options.dryRun) {
      lock = await lockBrief(options.briefDir, basename(options.briefDir), options.now ?? Date.now);
    }
    stage = await Stage.open(options.briefDir, claimsFile);
    // The brief as it stands, but for the file this import rewrites: that one is streamed.
    const loaded = await stage.load();
    if (!loaded.ok) return { ok: false, problems: loaded.problems };
    const badSource = unknownSource(loaded.brief, options.source);
    if (badSource !== undefined) return { ok: false, error: badSource };
    const changes = new BriefChanges(loaded.brief, options.gazetteer ?? (await loadGazetteer()));
    const format = FORMATS[options.format]({
      changes,
      ...(options.source === undefined ? {} : { source: options.source }),
      addedBy: `sitrep import ${options.format}`,
      today: new Date((options.now ?? Date.now)()).toISOString().slice(0, 10),
    });
    return await runImport(options, loaded.brief, claimsFile, changes, format, stage);
  } catch (error) {
    if (error instanceof ImportError) return { ok: false, error: error.message };
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      const where = `${options.file}${line === undefined ? "" : `:${line}`}`;
      return { ok: false, error: `${where}: CSV: ${error.message}` };
    }
    throw error;
  } finally {
    await stage?.discard();
    await lock?.release();
  }
}

interface Group {
  readonly externalId: string;
  readonly line: number;
  readonly claims: ClaimFields[];
  readonly changedAt?: string;
}

interface Counts extends MergeCounts {
  rows: number;
}

async function runImport(
  options: ImportOptions,
  brief: Brief,
  claimsFile: string,
  changes: BriefChanges,
  format: ImportFormat,
  stage: Stage,
): Promise<ImportResult> {
  const target = join(options.briefDir, claimsFile);
  await stage.remember(claimsFile);
  const existing = await digestExisting(target);
  const elsewhere = claimsElsewhere(brief);
  const checker = new ClaimChecker(brief, changes);
  /** The new claims of the external ids whose rows changed (only those are held in memory). */
  const replacements = new Map<string, RowUpdate>();
  const firstLine = new Map<string, number>();
  /** External ids of rows skipped: in the file, though not imported this time. */
  const skippedIds = new Set<string>();
  const counts: Counts = { rows: 0, added: 0, updated: 0, unchanged: 0, withdrawn: 0 };
  const skipped: SkippedRow[] = [];
  let skippedCount = 0;
  const skip = (line: number, reason: string) => {
    skippedCount++;
    if (skipped.length < MAX_SKIPPED_LISTED) skipped.push({ line, reason });
  };
  const fresh = new LineWriter(stage.scratch("fresh.jsonl"));

  /** Files one row's claims (or a run of grouped rows'): new, unchanged or updated. */
  const take = async ({ externalId, line, claims, changedAt }: Group): Promise<void> => {
    const first = firstLine.get(externalId);
    if (first !== undefined) {
      skip(line, `external id \`${externalId}\` repeats the row on line ${first}`);
      return;
    }
    firstLine.set(externalId, line);
    const text = claims.map((claim) => JSON.stringify(claim)).join("\n");
    const before = existing.get(externalId);
    if (before === undefined) {
      await fresh.write(text);
      counts.added += claims.length;
    } else if (before.digest === digestOf(text)) counts.unchanged += claims.length;
    // Counted claim by claim when the file is composed (mergeRow).
    else
      replacements.set(externalId, { claims, ...(changedAt === undefined ? {} : { changedAt }) });
  };

  let header = false;
  let rowsBeforeHeader = 0;
  let group: Group | undefined;
  for await (const { line, cells } of readCsvRows(options.file)) {
    if (!header) {
      rowsBeforeHeader++;
      try {
        header = format.header(cells, line);
      } catch (error) {
        if (error instanceof ImportError) throw await notThisFormat(options, error.message);
        throw error;
      }
      continue;
    }
    if (cells.every((cell) => cell.trim() === "")) continue;
    counts.rows++;
    const result = format.row(cells, line);
    const where = "skip" in result ? undefined : elsewhere.get(result.externalId);
    const invalid =
      "skip" in result
        ? result.skip
        : where !== undefined
          ? `already in the brief, in ${where} (not imported twice)`
          : result.claims.length === 0 && !existing.has(result.externalId)
            ? result.empty
            : invalidClaim(result.claims, checker);
    if (invalid !== undefined || "skip" in result) {
      if (result.externalId !== undefined) skippedIds.add(result.externalId);
      skip(line, invalid ?? "no claims");
      continue;
    }
    if (result.grouped && group?.externalId === result.externalId) {
      group.claims.push(...result.claims);
      continue;
    }
    if (group !== undefined) await take(group);
    group = {
      externalId: result.externalId,
      line,
      claims: [...result.claims],
      ...(result.changedAt === undefined ? {} : { changedAt: result.changedAt }),
    };
  }
  if (group !== undefined) await take(group);
  await fresh.close();
  if (!header) {
    if (rowsBeforeHeader === 0) throw new ImportError(`${options.file}: the file is empty`);
    throw await notThisFormat(options, noHashtagRow(rowsBeforeHeader));
  }

  const notInFile = { rows: 0, claims: 0 };
  for (const [id, { lines }] of existing) {
    if (firstLine.has(id) || skippedIds.has(id)) continue;
    notInFile.rows++;
    notInFile.claims += lines;
  }
  const report = (files: readonly string[]): ImportResult => ({
    ok: true,
    report: {
      format: options.format,
      brief: brief.id,
      claimsFile,
      rows: counts.rows,
      claims: {
        added: counts.added,
        updated: counts.updated,
        unchanged: counts.unchanged,
        withdrawn: counts.withdrawn,
      },
      notInFile,
      places: changes.placeCounts,
      actors: { matched: changes.actorsMatched, created: changes.newActors.length },
      sources: { created: changes.newSources.length, updated: changes.sourceUpdates.size },
      skipped,
      skippedCount,
      files: [...files].sort(),
      dryRun: options.dryRun ?? false,
    },
  });
  if (counts.added + replacements.size === 0 && !changes.changed) return report([]);

  await stageYaml(options.briefDir, stage, changes);
  const staged = await stage.load();
  if (!staged.ok) return { ok: false, problems: staged.problems };
  if (counts.added + replacements.size > 0) {
    const composed = stage.scratch("claims.jsonl");
    const { problems, changed } = await composeClaims(target, composed, {
      file: target,
      replacements,
      fresh: fresh.file,
      checker,
      imported: firstLine,
      counts,
      withdrawal: {
        format: options.format,
        now: new Date((options.now ?? Date.now)()).toISOString().replace(/\.\d{3}Z$/, "Z"),
        zone: brief.meta.timezone,
      },
    });
    if (problems.length > 0) return { ok: false, problems };
    if (changed) await rename(composed, await stage.path(claimsFile));
  }
  if (stage.files.length === 0) return report([]);
  if (!options.dryRun) await stage.commit(commitOrder);
  return report(stage.files);
}

/** The file is not of the format asked for: why, and what it looks like instead. */
async function notThisFormat(options: ImportOptions, why: string): Promise<ImportError> {
  return new ImportError(
    `${options.file}: ${why}.${await formatHint(options.file, options.format)}`,
  );
}

/** Why the file cannot be read at all (missing, a folder), or undefined. */
async function unreadable(file: string): Promise<string | undefined> {
  const found = await stat(file).catch(() => undefined);
  if (found === undefined) return `${file}: no such file`;
  return found.isFile() ? undefined : `${file} is a folder, not a file`;
}

/** Why `--source` names no source of the brief, or undefined (an id, a name or an alias). */
function unknownSource(brief: Brief, source: string | undefined): string | undefined {
  if (source === undefined || brief.sources.has(source)) return undefined;
  if (resolveName(sourceNames(brief), source).matches.length > 0) return undefined;
  return `--source \`${source}\` is not a source of brief ${brief.id}${didYouMean(source, brief.sources.keys())}: give a source id, name or alias from its sources.yaml, or add the source there first`;
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
    await stage.remember(file);
    const text = await readFile(join(briefDir, file), "utf8");
    await stage.write(file, edit(text));
  }
}

function digestOf(text: string): string {
  return createHash("sha1").update(text).digest("base64");
}

const EXTERNAL_ID = /"external_id":("(?:[^"\\]|\\.)*")/;

/** The external id of a JSON line, or undefined (not JSON, or none); a regular expression first, as the importer writes it, since parsing every line of a large file costs seconds. */
function externalIdOf(line: string): string | undefined {
  try {
    const match = EXTERNAL_ID.exec(line);
    if (match !== null) return JSON.parse(match[1]!) as string;
    const id = (JSON.parse(line) as { external_id?: unknown } | null)?.external_id;
    return typeof id === "string" ? id : undefined;
  } catch {
    return undefined;
  }
}

async function* fileLines(file: string): AsyncGenerator<string> {
  if (
    !(await stat(file).then(
      (s) => s.isFile(),
      () => false,
    ))
  )
    return;
  yield* createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
}

/**
 * A digest of each external id's lines in the claims file as it is (none when it is new), and how
 * many: enough to tell an unchanged row from an updated one without holding the file in memory.
 */
async function digestExisting(
  file: string,
): Promise<Map<string, { digest: string; lines: number }>> {
  const digests = new Map<string, { digest: string; lines: number }>();
  let current: { id: string; lines: string[] } | undefined;
  const flush = () => {
    if (current === undefined) return;
    const lines = (digests.get(current.id)?.lines ?? 0) + current.lines.length;
    // An id whose lines are apart (edited by hand) never matches: it is merged when composed.
    const digest = digests.has(current.id) ? "" : digestOf(current.lines.join("\n"));
    digests.set(current.id, { digest, lines });
  };
  for await (const line of fileLines(file)) {
    const id = line.trim() === "" ? undefined : externalIdOf(line);
    if (id === undefined) continue;
    if (current?.id === id) current.lines.push(line);
    else {
      flush();
      current = { id, lines: [line] };
    }
  }
  flush();
  return digests;
}

interface Compose {
  readonly file: string;
  readonly replacements: ReadonlyMap<string, RowUpdate>;
  readonly fresh: string;
  readonly checker: ClaimChecker;
  /** External ids of this import's rows: their old lines, kept, are the rows just checked. */
  readonly imported: ReadonlySet<string> | ReadonlyMap<string, unknown>;
  /** Counts each updated row's claims as they are merged. */
  readonly counts: MergeCounts;
  readonly withdrawal: Withdrawal;
}

/**
 * Writes the new claims file: the old lines in their order, each updated row's claims merged
 * with its old ones where they were (mergeRow: nothing is lost), then the new rows. Old lines
 * kept as they are get the full check (someone may have edited them); the rows of this import
 * were checked as they were read. `changed`: the file differs from the old one.
 */
async function composeClaims(
  from: string,
  to: string,
  compose: Compose,
): Promise<{ problems: Problem[]; changed: boolean }> {
  const out = new LineWriter(to);
  const problems: Problem[] = [];
  const written = new Set<string>();
  let changed = false;
  /** The run of old lines of one updated row, merged when the run ends. */
  let run: { id: string; lines: string[] } | undefined;
  const flush = async () => {
    if (run === undefined) return;
    const { id, lines } = run;
    run = undefined;
    const merged = mergeRow(
      lines,
      id,
      written.has(id) ? undefined : compose.replacements.get(id),
      compose.withdrawal,
      compose.counts,
    );
    written.add(id);
    if (merged.join("\n") !== lines.join("\n")) changed = true;
    for (const text of merged) await out.write(text);
  };
  let line = 0;
  for await (const text of fileLines(from)) {
    line++;
    if (text.trim() === "") continue;
    const id = externalIdOf(text);
    if (run !== undefined && run.id !== id) await flush();
    if (id !== undefined && compose.replacements.has(id)) {
      run ??= { id, lines: [] };
      run.lines.push(text);
      continue;
    }
    const problem =
      id !== undefined && compose.imported.has(id) ? undefined : checkLine(text, compose.checker);
    if (problem !== undefined) {
      problems.push({
        file: compose.file,
        line,
        column: columnOf(text, problem),
        message: problem,
      });
    }
    await out.write(text);
  }
  await flush();
  if ((await stat(compose.fresh)).size > 0) changed = true;
  await out.append(compose.fresh);
  await out.close();
  return { problems, changed };
}

/** The column of the field a problem names first (`place`, `count.low`), else of the line. */
function columnOf(text: string, problem: string): number {
  const field =
    /^`([^`]+)`/.exec(problem)?.[1] ?? (problem.startsWith("the id ") ? "id" : undefined);
  const path = (field ?? "")
    .split(".")
    .filter((s) => s !== "")
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  return jsonlPosition(text, [0, ...path], "value").column;
}

function checkLine(text: string, checker: ClaimChecker): string | undefined {
  let claim: unknown;
  try {
    claim = JSON.parse(text);
  } catch {
    return "JSON syntax: each line must be one claim as a JSON object";
  }
  return checker.check(claim);
}

/** External ids of the brief's other claims (and the keys its export gives them). */
function claimsElsewhere(brief: Brief): Map<string, string> {
  const where = new Map<string, string>();
  for (const claim of brief.claims) {
    if (claim.external_id !== undefined) where.set(claim.external_id, claim.file);
    where.set(exportKey(brief.id, claim), claim.file);
  }
  return where;
}

/** Why a row's claims break the brief format or name what is not there, or undefined. */
function invalidClaim(claims: readonly ClaimFields[], checker: ClaimChecker): string | undefined {
  for (const claim of claims) {
    const problem = checker.check(claim);
    if (problem !== undefined) return `the ${claim.type} claim it makes is not valid: ${problem}`;
  }
  return undefined;
}
