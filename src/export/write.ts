// Writes an export: HXL-tagged CSV that a spreadsheet opens (UTF-8 with a byte-order mark so
// Arabic names survive Excel, CRLF rows, a row of headers and a row of hashtags), or JSON Lines
// with each claim, its source and its place. Written to a temp file and renamed into place.
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { exportKey } from "../import/run.ts";
import type { Brief, StoredClaim } from "../store/types.ts";
import { COLUMNS, type ExportedClaim, placeOf } from "./columns.ts";

export type ExportFormat = "hxl" | "jsonl";

export interface ExportOptions {
  readonly format: ExportFormat;
  /** Claims reported at or before this instant (epoch ms); all when unset. */
  readonly at?: number;
}

/** The fields the store adds to a claim, left out of an export. */
const STORE_FIELDS = new Set([
  "key",
  "file",
  "index",
  "at",
  "dateOnly",
  "withdrawnAt",
  "supersededBy",
]);

function* exportedClaims(
  briefs: Iterable<Brief>,
  at: number | undefined,
): Generator<ExportedClaim> {
  for (const brief of briefs) {
    for (const claim of brief.claims) {
      if (at !== undefined && claim.at > at) continue;
      yield {
        brief,
        claim,
        externalId: claim.external_id ?? exportKey(brief.id, claim),
        source: brief.sources.get(claim.source),
        place: placeOf(brief, claim),
        withdrawn: claim.withdrawnAt !== undefined && (at === undefined || claim.withdrawnAt <= at),
      };
    }
  }
}

/** A CSV cell: quoted when needed; text a spreadsheet would run as a formula gets a leading '. */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The claim's own fields, as in the brief (withdrawal only when it happened by `at`). */
export function claimFields(row: ExportedClaim): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row.claim as StoredClaim)) {
    if (STORE_FIELDS.has(key) || (key === "withdrawn" && !row.withdrawn)) continue;
    fields[key] = value;
  }
  return fields;
}

function jsonLine(row: ExportedClaim): string {
  const { source, place } = row;
  return JSON.stringify({
    brief: row.brief.id,
    external_id: row.externalId,
    claim: claimFields(row),
    source:
      source === undefined
        ? null
        : { id: source.id, name: source.name, reliability: source.reliability },
    place:
      place === undefined
        ? null
        : {
            id: place.id,
            name: place.name,
            kind: place.kind,
            pcode: place.pcode ?? null,
            lat: place.lat ?? null,
            lon: place.lon ?? null,
          },
  });
}

/** Writes every claim of the briefs to `out`; returns how many. */
export async function exportClaims(
  briefs: Iterable<Brief>,
  out: string,
  options: ExportOptions,
): Promise<number> {
  const temp = `${out}.${process.pid}.tmp`;
  const stream = createWriteStream(temp);
  const write = async (text: string) => {
    if (!stream.write(text)) await once(stream, "drain");
  };
  let count = 0;
  try {
    if (options.format === "hxl") {
      await write(`\uFEFF${COLUMNS.map((c) => csvCell(c.header)).join(",")}\r\n`);
      await write(`${COLUMNS.map((c) => c.hashtag).join(",")}\r\n`);
    }
    for (const row of exportedClaims(briefs, options.at)) {
      count++;
      if (options.format === "hxl")
        await write(`${COLUMNS.map((c) => csvCell(c.value(row))).join(",")}\r\n`);
      else await write(`${jsonLine(row)}\n`);
    }
    stream.end();
    await once(stream, "finish");
    await rename(temp, out);
  } catch (error) {
    stream.destroy();
    await rm(temp, { force: true });
    throw error;
  }
  return count;
}
