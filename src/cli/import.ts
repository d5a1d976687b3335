// `sitrep import <hxl|acled|ucdp> FILE --brief ID [--source ID] [--dry-run] [--briefs DIR]`:
// reads a dataset into a brief's claims and prints what it did. Exit 0 imported (skipped rows
// are reported, not fatal), 1 the brief or the file has problems (nothing written), 2 usage.
import { stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { FORMATS, type FormatName } from "../import/format.ts";
import { type ImportReport, importDataset } from "../import/run.ts";
import { formatProblem } from "../store/load.ts";
import { Slug } from "../store/schema.ts";
import { briefIdsIn, briefsDir, unknownBrief } from "./load-briefs.ts";
import { type Subcommand, UsageError } from "./subcommand.ts";

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** The report, one fact per line, as the CLI prints it. */
export function describeImport(report: ImportReport, file: string): string[] {
  const { claims, places, actors, sources } = report;
  const lines = [
    `${report.dryRun ? "Dry run: nothing written. " : ""}${file} into ${report.brief} (${report.claimsFile})`,
    `rows read: ${report.rows}`,
    `claims written: ${claims.added + claims.updated + claims.withdrawn} (${claims.added} new, ${claims.updated} updated, ${claims.withdrawn} withdrawn); ${claims.unchanged} unchanged`,
    `places: ${places.pcode} matched by P-code, ${places.name} by name or alias, ${places.id} by id, ${places.gazetteer} from the gazetteer, ${places.created} created`,
    `actors: ${actors.matched} matched, ${actors.created} created; sources: ${sources.created} created, ${sources.updated} updated`,
    `rows skipped: ${report.skippedCount}`,
  ];
  const gone = report.notInFile;
  if (gone.rows > 0) {
    // A file may be part of a dataset: a row missing from it is no sign the source withdrew it.
    lines.splice(
      3,
      0,
      `not in this file: ${plural(gone.claims, "claim")} of ${plural(gone.rows, "row")} imported before, kept unchanged`,
    );
  }
  for (const row of report.skipped) lines.push(`  ${file}:${row.line}: ${row.reason}`);
  if (report.skippedCount > report.skipped.length) {
    lines.push(`  ... and ${report.skippedCount - report.skipped.length} more`);
  }
  const verb = report.dryRun ? "would write" : "wrote";
  lines.push(
    report.files.length === 0 ? "nothing to change" : `${verb}: ${report.files.join(", ")}`,
  );
  return lines;
}

export default {
  usage: "<hxl|acled|ucdp> FILE --brief ID [--source ID] [--dry-run] [--briefs DIR]",
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        brief: { type: "string" },
        source: { type: "string" },
        "dry-run": { type: "boolean", default: false },
        briefs: { type: "string" },
      },
    });
    const [format, file, ...extra] = positionals;
    if (format === undefined || !(FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`give the format first: ${FORMATS.join(", ")}`);
    }
    if (file === undefined || extra.length > 0) throw new UsageError("give one FILE to import");
    if (values.brief === undefined) throw new UsageError("--brief is required");
    if (!Slug.safeParse(values.brief).success) throw new UsageError("--brief must be a brief id");
    // As typed where it can be (relative to where the command runs), so errors name it so.
    const path = isAbsolute(file) ? file : relative(process.cwd(), resolve(io.cwd, file));
    const found = await stat(path).catch(() => undefined);
    if (found === undefined) throw new UsageError(`no such file: ${file}`);
    if (!found.isFile()) throw new UsageError(`${file} is a folder, not a file to import`);
    const root = briefsDir(values.briefs, io);
    const ids = await briefIdsIn(root);
    if (ids === undefined || !ids.includes(values.brief)) {
      throw new UsageError(unknownBrief(values.brief, root, ids));
    }
    const briefDir = join(root, values.brief);
    const result = await importDataset({
      format: format as FormatName,
      file: path,
      briefDir,
      ...(values.source === undefined ? {} : { source: values.source }),
      dryRun: values["dry-run"],
      now: io.now,
    });
    if (!result.ok) {
      if ("error" in result) io.err(`sitrep import: ${result.error}`);
      else {
        for (const problem of result.problems) io.err(formatProblem(problem));
        io.err(`${plural(result.problems.length, "problem")}: nothing was written.`);
      }
      return 1;
    }
    for (const line of describeImport(result.report, file)) io.out(line);
    return 0;
  },
} satisfies Subcommand;
