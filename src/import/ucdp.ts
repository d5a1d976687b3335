// UCDP Georeferenced Event Dataset (GED): one killed toll per row, as the range {low, high} with
// UCDP's best estimate in the note. UCDP GED is CC BY 4.0: the source carries the citation.
import type { PlaceKind, Source } from "../store/schema.ts";
import { coordinates } from "./acled.ts";
import { columnIndex } from "./csv-rows.ts";
import { cleanText, readDate, readWhole } from "./fields.ts";
import {
  type ClaimFields,
  cellOf,
  type FormatContext,
  type ImportFormat,
  type RowResult,
  requireColumns,
} from "./format.ts";

const REQUIRED = ["id", "date_start", "date_end", "best", "low", "high"];

/** An earlier stamp, to replace rather than repeat. */
const STAMP =
  /Uppsala Conflict Data Program, Georeferenced Event Dataset \(UCDP GED\), ucdp\.uu\.se, CC BY 4\.0; accessed \d{4}-\d{2}-\d{2}\./;

export function ucdpStamp(today: string): string {
  return `Uppsala Conflict Data Program, Georeferenced Event Dataset (UCDP GED), ucdp.uu.se, CC BY 4.0; accessed ${today}.`;
}

function ucdpSource(id: string, today: string): Source {
  return {
    id,
    name: "Uppsala Conflict Data Program (UCDP GED)",
    aliases: ["UCDP", "UCDP GED"],
    kind: "monitor",
    reliability: "F",
    url: "https://ucdp.uu.se",
    note: ucdpStamp(today),
  };
}

/** "Saraqib town" → Saraqib, a town; "Idlib governorate" → Idlib. */
function placeName(text: string): { name?: string; kind?: PlaceKind } {
  const value = cleanText(text);
  if (value === undefined) return {};
  const match = /^(.*?)\s+(governorate|province|district|city|town|village|area|region)$/i.exec(
    value,
  );
  if (match === null) return { name: value };
  const word = match[2]!.toLowerCase();
  const kinds: Record<string, PlaceKind> = { city: "city", town: "town", village: "village" };
  return { name: match[1]!, ...(kinds[word] === undefined ? {} : { kind: kinds[word] }) };
}

export function ucdpFormat(context: FormatContext): ImportFormat {
  const { changes } = context;
  const source = changes.source(context.source ?? "ucdp", (id) => ucdpSource(id, context.today));
  changes.stampSource(source, ucdpStamp(context.today), STAMP);
  let columns = new Map<string, number>();
  const cell = (cells: readonly string[], name: string) => cellOf(columns, cells, name);

  return {
    header(cells) {
      columns = columnIndex(cells);
      requireColumns("a UCDP GED file", columns, REQUIRED);
      return true;
    },
    row(cells): RowResult {
      const externalId = cell(cells, "id");
      if (externalId === "") return { skip: "no id" };
      const start = readDate(cell(cells, "date_start"));
      const end = readDate(cell(cells, "date_end"));
      if (start === undefined)
        return { skip: `date_start \`${cell(cells, "date_start")}\` is not a date`, externalId };
      if (end === undefined)
        return { skip: `date_end \`${cell(cells, "date_end")}\` is not a date`, externalId };
      const [best, low, high] = (["best", "low", "high"] as const).map((n) =>
        readWhole(cell(cells, n)),
      );
      if (best === undefined || low === undefined || high === undefined) {
        return { skip: "best, low and high must be whole numbers", externalId };
      }
      if (low > high) return { skip: `low (${low}) is above high (${high})`, externalId };
      // Seen before, its toll is withdrawn: UCDP no longer counts deaths there.
      if (high === 0) return { externalId, claims: [], empty: "no deaths (high is 0)" };
      const where = placeName(cell(cells, "where_coordinates"));
      const place = changes.place({
        ...where,
        admins: [placeName(cell(cells, "adm_1")), placeName(cell(cells, "adm_2"))].map((a) => ({
          name: a.name,
        })),
        ...coordinates(cell(cells, "latitude"), cell(cells, "longitude")),
      });
      if (place === undefined) return { skip: "no where_coordinates, adm_1 or adm_2", externalId };
      const civilians = readWhole(cell(cells, "deaths_civilians"));
      const sides = [cell(cells, "side_a"), cell(cells, "side_b")].filter((s) => s !== "");
      const note = [
        `UCDP best estimate ${best}${civilians === undefined ? "" : `, of whom ${civilians} civilians`}.`,
        sides.length === 0 ? undefined : `${sides.join(" v ")}.`,
        cleanText(cell(cells, "source_article")) &&
          `Sources: ${clip(cleanText(cell(cells, "source_article"))!)}.`,
      ]
        .filter((t) => t !== undefined)
        .join(" ");
      const claim: ClaimFields = {
        type: "toll",
        source,
        reported: end,
        metric: "killed",
        count: { low, high },
        place,
        since: start,
        until: end,
        note,
        external_id: externalId,
        added_by: context.addedBy,
      };
      return { externalId, claims: [claim] };
    },
  };
}

function clip(text: string): string {
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
