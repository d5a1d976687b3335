// A parse worker (see parse-pool.ts): parses and validates one claims file and hands back its
// snapshot table as JSON text, or says the file has a problem, which the loader then finds again
// on its own thread to report it exactly as it always does.
import { storeClaimTable } from "./claim-table.ts";
import { parseFileText } from "./parse-file.ts";
import type { Claim } from "./schema.ts";
import { validateFile } from "./validate-file.ts";

export interface ParseTask {
  /** The file's path (for js-yaml's messages and to tell JSON Lines from YAML). */
  readonly file: string;
  /** Its name as claims carry it (`claims/2024-11-29.yaml`). */
  readonly name: string;
  readonly zone: string;
  /** The file's bytes, as the loader read and hashed them. */
  readonly bytes: Uint8Array;
}

/** The table's JSON (claim-table.ts), or `problem` when the file does not parse or validate. */
export type ParseResult = { readonly body: string } | { readonly problem: true };

/** A null task only starts the worker (the pool waits for it before sending files). */
export function parseClaimsFile(task: ParseTask | null): ParseResult | null {
  if (task === null) return null;
  const text = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
  const parsed = parseFileText(task.file, text.toString("utf8"));
  if (parsed.syntax !== undefined) return { problem: true };
  const check = validateFile("claims", parsed.raw);
  if (!check.ok) return { problem: true };
  const claims = (check.data as Claim[] | null) ?? [];
  return { body: JSON.stringify(storeClaimTable(task.name, claims, task.zone)) };
}

export default parseClaimsFile;
