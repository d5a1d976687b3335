// Reads a CSV file row by row with csv-parse, streaming: only the current row is in memory, so a
// dataset of any size imports in constant memory. Each row comes with the line it starts on, for
// reports ("line 12: no date"), also when a quoted cell holds line breaks.
import { createReadStream } from "node:fs";
import { parse } from "csv-parse";

export interface CsvRow {
  /** 1-based line where the row starts. */
  readonly line: number;
  readonly cells: readonly string[];
}

export async function* readCsvRows(file: string): AsyncGenerator<CsvRow> {
  // Lines are counted here rather than with csv-parse's `info` option, which costs a fifth of the
  // parse: a row starts on the line after the last one ended, and it ends as many lines later as
  // its quoted cells hold line breaks. Blank lines come through as rows of one empty cell.
  const parser = createReadStream(file).pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: false }),
  );
  let line = 1;
  for await (const cells of parser as AsyncIterable<string[]>) {
    const start = line;
    line++;
    for (const cell of cells) {
      for (let at = cell.indexOf("\n"); at !== -1; at = cell.indexOf("\n", at + 1)) line++;
    }
    if (cells.length === 1 && cells[0] === "") continue;
    yield { line: start, cells };
  }
}

/** The cells of a row by lower-cased header name, for formats with a fixed header row. */
export function columnIndex(header: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((name, at) => {
    const key = name.trim().toLowerCase();
    if (key !== "" && !index.has(key)) index.set(key, at);
  });
  return index;
}
