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

interface ParsedRecord {
  readonly record: string[];
  readonly info: { readonly lines: number; readonly empty_lines: number };
}

export async function* readCsvRows(file: string): AsyncGenerator<CsvRow> {
  const parser = createReadStream(file).pipe(
    parse({
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: false,
    }),
  );
  let lastEnd = 0;
  let lastEmpty = 0;
  for await (const { record, info } of parser as AsyncIterable<ParsedRecord>) {
    // `info.lines` is where the record ends; it starts after the last one and any blank lines.
    const line = lastEnd + 1 + (info.empty_lines - lastEmpty);
    lastEnd = info.lines;
    lastEmpty = info.empty_lines;
    yield { line, cells: record };
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
