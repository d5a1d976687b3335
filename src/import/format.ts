// What every dataset format gives the importer: a header reader and a row reader that turns one
// row into the claims it makes (all with the row's external id), or a reason to skip it.
import type { Claim } from "../store/schema.ts";
import type { BriefChanges } from "./brief-changes.ts";

export const FORMATS = ["hxl", "acled", "ucdp"] as const;
export type FormatName = (typeof FORMATS)[number];

/** A claim as written to the JSONL file: the brief format's fields, in a fixed order. */
export type ClaimFields = Record<string, unknown> & { readonly type: Claim["type"] };

export type RowResult =
  | {
      readonly externalId: string;
      readonly claims: readonly ClaimFields[];
      /** One claim of several with this external id: rows in a run with the same id make one group (an export of an ACLED event and its toll). */
      readonly grouped?: boolean;
      /**
       * Why the row makes no claims (`claims` empty: a UCDP row without deaths). A row seen
       * before has its old claims withdrawn; a new one is reported as skipped with this reason.
       */
      readonly empty?: string;
      /** When the dataset says the row last changed (ACLED's `timestamp`), as a brief time. */
      readonly changedAt?: string;
    }
  | { readonly skip: string; readonly externalId?: string };

export interface FormatContext {
  readonly changes: BriefChanges;
  /** `--source`: the source id every claim is made by, when given. */
  readonly source?: string;
  /** `added_by` on every claim: "sitrep import acled". */
  readonly addedBy: string;
  /** Today (YYYY-MM-DD, UTC): the access date stamped on a dataset's source. */
  readonly today: string;
}

export interface ImportFormat {
  /**
   * Reads a header row. False asks for the next row (HXL looks for its hashtag row); throws
   * ImportError when the file is not of this format.
   */
  header(cells: readonly string[], line: number): boolean;
  row(cells: readonly string[], line: number): RowResult;
}

/** The file cannot be imported at all (not this format, unreadable): one line for the user. */
export class ImportError extends Error {
  override readonly name = "ImportError";
}

/** Cell `name` of a row by a header index; "" when the column or cell is missing. */
export function cellOf(
  columns: ReadonlyMap<string, number>,
  cells: readonly string[],
  name: string,
): string {
  const at = columns.get(name);
  return at === undefined ? "" : (cells[at] ?? "").trim();
}

/** Throws when a fixed-header format's required columns are missing; `format`: "an ACLED export". */
export function requireColumns(
  format: string,
  columns: ReadonlyMap<string, number>,
  required: readonly string[],
): void {
  const missing = required.filter((name) => !columns.has(name));
  if (missing.length > 0) {
    throw new ImportError(
      `not ${format}: its first row lacks the column${missing.length === 1 ? "" : "s"} ${missing.join(", ")}`,
    );
  }
}
