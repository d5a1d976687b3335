// When a file is not of the format asked for, says what it looks like instead, so the error names
// the command to run: `sitrep import ucdp ged.csv` for a UCDP file given to `acled`. Reads only
// the first rows again (the header search), never the whole file.
import { basename } from "node:path";
import { columnIndex, readCsvRows } from "./csv-rows.ts";
import type { FormatName } from "./format.ts";
import { HASHTAG_ROW_WITHIN, hashtagColumns } from "./hxl.ts";

const NAMES: Record<FormatName, string> = {
  acled: "an ACLED export",
  ucdp: "a UCDP GED file",
  hxl: "an HXL sheet",
};

/** The format the first rows look like: a hashtag row (HXL), or ACLED's or UCDP's header. */
function guess(rows: readonly (readonly string[])[]): FormatName | undefined {
  const header = columnIndex(rows[0] ?? []);
  if (header.has("event_id_cnty")) return "acled";
  if (header.has("date_start") && header.has("best") && header.has("id")) return "ucdp";
  if (rows.some((row) => hashtagColumns(row) !== undefined)) return "hxl";
  return undefined;
}

/** " It looks like a UCDP GED file: try `sitrep import ucdp ged.csv`." (or what its columns are). */
export async function formatHint(file: string, asked: FormatName): Promise<string> {
  const rows: string[][] = [];
  for await (const { cells } of readCsvRows(file)) {
    rows.push([...cells]);
    if (rows.length >= HASHTAG_ROW_WITHIN) break;
  }
  const likely = guess(rows);
  if (likely === asked) return "";
  if (likely !== undefined) {
    return ` It looks like ${NAMES[likely]}: try \`sitrep import ${likely} ${basename(file)}\`.`;
  }
  const columns = (rows[0] ?? []).map((c) => c.trim()).filter((c) => c !== "");
  const shown = columns.slice(0, 8).join(", ") + (columns.length > 8 ? ", ..." : "");
  return ` It is none of the formats sitrep reads (an HXL sheet, an ACLED export, a UCDP GED file); its first row has ${shown === "" ? "no columns" : `the columns ${shown}`}.`;
}
