// ACLED exports: one event claim per row, and a killed toll where `fatalities` > 0. ACLED is the
// source, stamped with its attribution and the access date (its terms forbid redistributing the
// raw data: see the README before committing an imported brief anywhere public).
import type { Source } from "../store/schema.ts";
import { columnIndex } from "./csv-rows.ts";
import { cleanText, readDate, readDegrees, readWhole } from "./fields.ts";
import {
  type ClaimFields,
  type FormatContext,
  type ImportFormat,
  type RowResult,
  requireColumns,
} from "./format.ts";

const REQUIRED = ["event_id_cnty", "event_date", "location"];
const COLUMNS = [
  "event_id_cnty",
  "event_date",
  "event_type",
  "sub_event_type",
  "actor1",
  "actor2",
  "admin1",
  "admin2",
  "admin3",
  "location",
  "latitude",
  "longitude",
  "source",
  "notes",
  "fatalities",
  "timestamp",
] as const;

export const ACLED_TOLL_NOTE =
  "ACLED's fatality figures are conservative estimates from the reports it codes; the real toll may be higher.";

/** An earlier stamp, to replace rather than repeat. */
const STAMP =
  /Armed Conflict Location & Event Data \(ACLED\), acleddata\.com; accessed \d{4}-\d{2}-\d{2}\. ACLED's terms forbid redistributing its raw data\./;

export function acledStamp(today: string): string {
  return `Armed Conflict Location & Event Data (ACLED), acleddata.com; accessed ${today}. ACLED's terms forbid redistributing its raw data.`;
}

function acledSource(id: string, today: string): Source {
  return {
    id,
    name: "Armed Conflict Location & Event Data (ACLED)",
    aliases: ["ACLED"],
    kind: "monitor",
    reliability: "F",
    url: "https://acleddata.com",
    note: acledStamp(today),
  };
}

export function acledFormat(context: FormatContext): ImportFormat {
  const { changes } = context;
  const source = changes.source(context.source ?? "acled", (id) => acledSource(id, context.today));
  changes.stampSource(source, acledStamp(context.today), STAMP);
  let columns = new Map<string, number>();
  // Column positions, looked up once: a Map lookup per cell and row adds up over 100,000 rows.
  let at: Record<(typeof COLUMNS)[number], number | undefined> | undefined;
  const cell = (cells: readonly string[], name: (typeof COLUMNS)[number]) => {
    const index = at![name];
    return index === undefined ? "" : (cells[index] ?? "").trim();
  };

  return {
    header(cells) {
      columns = columnIndex(cells);
      requireColumns("an ACLED export", columns, REQUIRED);
      at = Object.fromEntries(COLUMNS.map((name) => [name, columns.get(name)])) as typeof at;
      return true;
    },
    row(cells): RowResult {
      const externalId = cell(cells, "event_id_cnty");
      if (externalId === "") return { skip: "no event_id_cnty" };
      const dateText = cell(cells, "event_date");
      const date = readDate(dateText);
      if (date === undefined)
        return { skip: `event_date \`${dateText}\` is not a date`, externalId };
      const fatalitiesText = cell(cells, "fatalities") || "0";
      const fatalities = readWhole(fatalitiesText);
      if (fatalities === undefined) {
        return { skip: `fatalities \`${fatalitiesText}\` is not a whole number`, externalId };
      }
      const place = changes.place({
        name: cell(cells, "location") || undefined,
        admins: (["admin1", "admin2", "admin3"] as const).map((n) => ({
          name: cell(cells, n) || undefined,
        })),
        ...coordinates(cell(cells, "latitude"), cell(cells, "longitude")),
      });
      if (place === undefined) return { skip: "no location or admin1..admin3", externalId };
      const actors = [cell(cells, "actor1"), cell(cells, "actor2")]
        .filter((name) => name !== "")
        .map((name) => changes.actor(name));
      const eventType = cleanText(cell(cells, "event_type"));
      const subType = cleanText(cell(cells, "sub_event_type"));
      const kinds = [eventType, subType].filter((t) => t !== undefined).join(" / ");
      const reportedBy = cleanText(cell(cells, "source"));
      const note = [
        kinds === "" ? undefined : `ACLED: ${kinds}.`,
        reportedBy && `Sources: ${reportedBy}.`,
      ]
        .filter((t) => t !== undefined)
        .join(" ");
      const common = { source, reported: date };
      const tail = { external_id: externalId, added_by: context.addedBy };
      const claims: ClaimFields[] = [
        {
          type: "event",
          ...common,
          summary: cleanText(cell(cells, "notes")) ?? (kinds || "An event coded by ACLED."),
          place,
          ...(actors.length === 0 ? {} : { actors: [...new Set(actors)] }),
          ...(note === "" ? {} : { note }),
          ...tail,
        },
      ];
      if (fatalities > 0) {
        claims.push({
          type: "toll",
          ...common,
          metric: "killed",
          count: fatalities,
          place,
          since: date,
          until: date,
          note: ACLED_TOLL_NOTE,
          ...tail,
        });
      }
      const changedAt = timeOfStamp(cell(cells, "timestamp"));
      return { externalId, claims, ...(changedAt === undefined ? {} : { changedAt }) };
    },
  };
}

/** ACLED's `timestamp` (seconds since 1970: when the row last changed) as a UTC date-time. */
function timeOfStamp(text: string): string | undefined {
  const seconds = readWhole(text);
  // Before 2000 or unreadable: not a time of change.
  if (seconds === undefined || seconds < 946_684_800 || seconds > 8_640_000_000_000)
    return undefined;
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function coordinates(lat: string, lon: string): { lat?: number; lon?: number } {
  const latitude = readDegrees(lat, 90);
  const longitude = readDegrees(lon, 180);
  if (latitude === undefined || longitude === undefined) return {};
  return { lat: latitude, lon: longitude };
}
