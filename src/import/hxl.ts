// HXL (Humanitarian Exchange Language): any CSV with a row of hashtags under (or instead of) its
// headers. Dates, places (P-codes, names, coordinates), figures (#affected+killed, ...) and the
// source become toll and event claims. Rows that sitrep exported (`#meta+claim+type` set) carry
// every field of a claim and become exactly that claim again, so export and import round-trip.
import { createHash } from "node:crypto";
import {
  type ControlStatus,
  METRICS,
  type Metric,
  PLACE_KINDS,
  type PlaceKind,
  type Reliability,
  type Source,
  type Who,
} from "../store/schema.ts";
import type { BriefChanges } from "./brief-changes.ts";
import { cleanText, readCount, readDate, readDegrees } from "./fields.ts";
import {
  type ClaimFields,
  type FormatContext,
  ImportError,
  type ImportFormat,
  type RowResult,
} from "./format.ts";

const NOTHING_TO_CLAIM = "no figures (#affected+killed, ...) and no #description";

/** How many rows may come before the hashtag row. */
export const HASHTAG_ROW_WITHIN = 25;
const HASHTAG = /^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$/;

interface Column {
  readonly at: number;
  readonly tag: string;
  readonly attrs: ReadonlySet<string>;
}

interface Figure {
  readonly at: number;
  readonly metric: Metric;
  readonly who?: Who;
}

const WHO_ATTRS: Record<string, Who> = {
  children: "children",
  women: "women",
  f: "women",
  civilians: "civilians",
  combatants: "combatants",
};
const METRIC_ATTRS: Record<string, Metric> = { idps: "displaced" };

/** "#Affected +killed" → "#affected+killed"; undefined when the cell is not a hashtag. */
export function parseHashtag(cell: string): { tag: string; attrs: Set<string> } | undefined {
  const text = cell.replace(/\s+/g, "").toLowerCase();
  if (!HASHTAG.test(text)) return undefined;
  const [tag, ...attrs] = text.slice(1).split("+");
  return { tag: tag!, attrs: new Set(attrs) };
}

/** The row of hashtags: every non-blank cell a hashtag, and at least one. */
export function hashtagColumns(cells: readonly string[]): Column[] | undefined {
  const columns: Column[] = [];
  for (let at = 0; at < cells.length; at++) {
    const cell = cells[at]!.trim();
    if (cell === "") continue;
    const parsed = parseHashtag(cell);
    if (parsed === undefined) return undefined;
    columns.push({ at, ...parsed });
  }
  return columns.length > 0 ? columns : undefined;
}

/** Undoes the quote the export puts before a cell a spreadsheet would run as a formula. */
function unguard(cell: string | undefined): string {
  const value = (cell ?? "").trim();
  return /^'[=+\-@]/.test(value) ? value.slice(1) : value;
}

class Columns {
  constructor(private readonly columns: readonly Column[]) {}

  /** The first column of `tag` with all of `include` and none of `exclude`. */
  find(
    tag: string,
    include: readonly string[] = [],
    exclude: readonly string[] = [],
  ): number | undefined {
    return this.columns.find(
      (c) =>
        c.tag === tag &&
        include.every((a) => c.attrs.has(a)) &&
        !exclude.some((a) => c.attrs.has(a)),
    )?.at;
  }

  figures(): Figure[] {
    const figures: Figure[] = [];
    for (const column of this.columns) {
      if (column.tag !== "affected") continue;
      let metric: Metric | undefined;
      let who: Who | undefined;
      for (const attr of column.attrs) {
        if ((METRICS as readonly string[]).includes(attr)) metric = attr as Metric;
        else if (METRIC_ATTRS[attr] !== undefined) metric = METRIC_ATTRS[attr];
        else if (WHO_ATTRS[attr] !== undefined) who = WHO_ATTRS[attr];
      }
      if (metric !== undefined)
        figures.push({ at: column.at, metric, ...(who === undefined ? {} : { who }) });
    }
    return figures;
  }
}

/** The columns the importer reads, found once from the hashtag row. */
function layoutOf(c: Columns) {
  const admins = [1, 2, 3].map((n) => ({
    name: c.find(`adm${n}`, ["name"]) ?? c.find(`adm${n}`, [], ["code"]),
    pcode: c.find(`adm${n}`, ["code"]),
  }));
  return {
    externalId: c.find("meta", ["id"], ["claim", "source", "brief"]) ?? c.find("event", ["id"]),
    type: c.find("meta", ["claim", "type"]),
    id: c.find("meta", ["claim", "id"]),
    reported: c.find("date", ["reported"]) ?? c.find("date", [], ["start", "end", "withdrawn"]),
    since: c.find("date", ["start"]),
    until: c.find("date", ["end"]),
    source: c.find("meta", ["source"], ["via", "grade", "name"]) ?? c.find("org", [], ["name"]),
    sourceName: c.find("org", ["name"]) ?? c.find("org"),
    sourceGrade: c.find("meta", ["source", "grade"]),
    via: c.find("meta", ["source", "via"]) ?? c.find("meta", ["via"]),
    placeId: c.find("loc", ["id"]),
    pcode: c.find("loc", ["code"]),
    placeName: c.find("loc", ["name"]) ?? c.find("loc", [], ["code", "id", "type"]),
    placeKind: c.find("loc", ["type"]),
    lat: c.find("geo", ["lat"]),
    lon: c.find("geo", ["lon"]),
    admins,
    figures: c.figures(),
    summary: c.find("description") ?? c.find("event", [], ["id", "type"]),
    qualifier: c.find("meta", ["qualifier"]),
    who: c.find("meta", ["who"]),
    actor: c.find("meta", ["actor"]),
    status: c.find("meta", ["status"]),
    extent: c.find("meta", ["extent"]),
    detail: c.find("meta", ["detail"]),
    about: c.find("meta", ["about"]),
    credibility: c.find("meta", ["credibility"]),
    quote: c.find("meta", ["quote"]),
    url: c.find("meta", ["url"]),
    note: c.find("meta", ["note"], ["withdrawn"]),
    supersedes: c.find("meta", ["supersedes"]),
    withdrawn: c.find("date", ["withdrawn"]),
    withdrawnNote: c.find("meta", ["withdrawn", "note"]),
    addedBy: c.find("meta", ["added_by"]),
    breakdown: c.find("meta", ["breakdown"]),
  };
}

type Layout = ReturnType<typeof layoutOf>;
type Read = (column: number | undefined) => string;

/** "a, b c" → ["a", "b", "c"]: lists of ids in one cell. */
function listOf(text: string): string[] {
  return text.split(/[\s,;]+/).filter((s) => s !== "");
}

function optional<K extends string, V>(key: K, value: V | undefined | ""): { [P in K]?: V } {
  return (value === undefined || value === "" ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The row's source (`#meta+source`, `#org`, else --source), created when the brief has none. */
function hxlSource(l: Layout, context: FormatContext, read: Read): string | undefined {
  const text = read(l.source) || context.source;
  if (text === undefined || text === "") return undefined;
  const name = read(l.sourceName) || text;
  const grade = read(l.sourceGrade).toUpperCase();
  return context.changes.source(
    text,
    (id): Source => ({
      id,
      name,
      kind: "other",
      reliability: (/^[A-F]$/.test(grade) ? grade : "F") as Reliability,
    }),
  );
}

function hxlPlace(l: Layout, changes: BriefChanges, read: Read): string | undefined {
  const kind = read(l.placeKind);
  return changes.place({
    ...optional("id", read(l.placeId)),
    ...optional("pcode", read(l.pcode)),
    ...optional("name", read(l.placeName)),
    ...((PLACE_KINDS as readonly string[]).includes(kind) ? { kind: kind as PlaceKind } : {}),
    ...optional("lat", readDegrees(read(l.lat), 90)),
    ...optional("lon", readDegrees(read(l.lon), 180)),
    admins: l.admins.map((a) => ({
      ...optional("name", read(a.name)),
      ...optional("pcode", read(a.pcode)),
    })),
  });
}

/** A row without an id of its own: a digest of what identifies it (date, place, source). */
function digestId(l: Layout, cells: readonly string[], seen: Map<string, number>): string {
  const parts = [
    l.reported,
    l.placeId,
    l.pcode,
    l.placeName,
    ...l.admins.flatMap((a) => [a.name, a.pcode]),
    l.source,
    l.summary,
  ];
  const digest = createHash("sha1")
    .update(JSON.stringify(parts.map((at) => (at === undefined ? "" : cells[at]))))
    .digest("hex")
    .slice(0, 12);
  const count = (seen.get(digest) ?? 0) + 1;
  seen.set(digest, count);
  return count === 1 ? `hxl-${digest}` : `hxl-${digest}-${count}`;
}

/** Why a file is not HXL: no hashtag row among its first `rows` rows. */
export function noHashtagRow(rows: number): string {
  return `no HXL hashtag row (#date, #loc+name, #affected+killed, ...) in its first ${rows === 1 ? "row" : `${rows} rows`}`;
}

export function hxlFormat(context: FormatContext): ImportFormat {
  const { changes } = context;
  let layout: Layout | undefined;
  let headerRows = 0;
  const generatedIds = new Map<string, number>();

  const sourceOf = (read: Read) => hxlSource(layout!, context, read);
  const placeOf = (read: Read) => hxlPlace(layout!, changes, read);
  const externalIdOf = (read: Read, cells: readonly string[]) =>
    read(layout!.externalId) || digestId(layout!, cells, generatedIds);

  return {
    header(cells) {
      const columns = hashtagColumns(cells);
      if (columns !== undefined) {
        layout = layoutOf(new Columns(columns));
        return true;
      }
      if (++headerRows >= HASHTAG_ROW_WITHIN) throw new ImportError(noHashtagRow(headerRows));
      return false;
    },
    row(cells): RowResult {
      const l = layout!;
      const read: Read = (at) => (at === undefined ? "" : unguard(cells[at]));
      const reportedText = read(l.reported);
      if (reportedText === "") return { skip: "no date (#date or #date+reported)" };
      const reported = readDate(reportedText);
      if (reported === undefined) return { skip: `the date \`${reportedText}\` is not a date` };
      const source = sourceOf(read);
      if (source === undefined)
        return { skip: "no source: give --source, or a #meta+source or #org column" };
      const externalId = externalIdOf(read, cells);
      const common = {
        source,
        reported,
        ...optional(
          "via",
          read(l.via) &&
            changes.source(read(l.via), (id) => ({
              id,
              name: read(l.via),
              kind: "other",
              reliability: "F",
            })),
        ),
      };
      const type = read(l.type);
      const claims =
        type === ""
          ? genericClaims(l, read, common, placeOf)
          : typedClaim(l, changes, type, read, common, placeOf);
      if ("skip" in claims) return { ...claims, externalId };
      if (claims.length === 0) {
        // Seen before, its figures are withdrawn: the sheet no longer gives them.
        return { externalId, claims: [], empty: NOTHING_TO_CLAIM };
      }
      const tail = { external_id: externalId, added_by: read(l.addedBy) || context.addedBy };
      return {
        externalId,
        claims: claims.map((claim) => ({ ...claim, ...tail })),
        ...(type === "" ? {} : { grouped: true }),
      };
    },
  };
}

function genericClaims(
  l: Layout,
  read: Read,
  common: Record<string, unknown>,
  placeOf: (read: Read) => string | undefined,
): ClaimFields[] | { skip: string } {
  const filled = l.figures.filter((f) => read(f.at) !== "");
  const summary = cleanText(read(l.summary));
  if (filled.length === 0 && summary === undefined) return [];
  const counts = filled.map((figure) => readCount(read(figure.at)));
  const bad = counts.indexOf(undefined);
  if (bad !== -1) {
    return { skip: `the figure \`${read(filled[bad]!.at)}\` is not a whole number or a range` };
  }
  const place = placeOf(read);
  const claims: ClaimFields[] = [];
  for (const [at, figure] of filled.entries()) {
    const count = counts[at]!;
    if (place === undefined) return { skip: "a figure with no place (#loc+name, #adm1+code, ...)" };
    claims.push({
      type: "toll",
      ...common,
      metric: figure.metric,
      count,
      ...optional("who", figure.who),
      place,
      ...optional("since", readDate(read(l.since))),
      ...optional("until", readDate(read(l.until))),
    });
  }
  if (summary !== undefined)
    claims.push({ type: "event", ...common, summary, ...optional("place", place) });
  return claims;
}

function typedClaim(
  l: Layout,
  changes: BriefChanges,
  type: string,
  read: Read,
  common: Record<string, unknown>,
  placeOf: (read: Read) => string | undefined,
): ClaimFields[] | { skip: string } {
  const credibility = read(l.credibility);
  const withdrawn = read(l.withdrawn);
  const fields = {
    ...optional("id", read(l.id)),
    ...common,
    ...optional("credibility", credibility === "" ? undefined : Number(credibility)),
    ...optional("quote", read(l.quote)),
    ...optional("url", read(l.url)),
    ...optional("note", read(l.note)),
    ...optional("supersedes", read(l.supersedes)),
    ...(withdrawn === ""
      ? {}
      : { withdrawn: { reported: withdrawn, ...optional("note", read(l.withdrawnNote)) } }),
  };
  const place = placeOf(read);
  const actors = listOf(read(l.actor)).map((name) => changes.actor(name));
  switch (type) {
    case "toll":
      return typedToll(l, read, fields, place, actors[0]);
    case "control":
      return [
        {
          type: "control",
          ...fields,
          place,
          actor: actors[0],
          status: read(l.status) as ControlStatus,
          ...optional("extent", read(l.extent)),
          ...optional("detail", read(l.detail)),
        },
      ];
    case "statement": {
      const about = listOf(read(l.about)).map((ref) =>
        changes.hasPlace(ref) ? ref : changes.actor(ref),
      );
      return [
        {
          type: "statement",
          ...fields,
          summary: read(l.summary),
          ...optional("about", about.length === 0 ? undefined : about),
        },
      ];
    }
    case "event":
      return [
        {
          type: "event",
          ...fields,
          summary: read(l.summary),
          ...optional("place", place),
          ...optional("actors", actors.length === 0 ? undefined : actors),
        },
      ];
    default:
      return { skip: `#meta+claim+type \`${type}\` is not toll, control, statement or event` };
  }
}

/** A toll row of sitrep's export: exactly one figure column filled, the rest of the toll's fields. */
function typedToll(
  l: Layout,
  read: Read,
  fields: Record<string, unknown>,
  place: string | undefined,
  actor: string | undefined,
): ClaimFields[] | { skip: string } {
  const filled = l.figures.filter((f) => read(f.at) !== "");
  const [figure] = filled;
  if (figure === undefined || filled.length > 1) {
    return { skip: "a toll row needs exactly one figure (#affected+killed, ...)" };
  }
  const count = readCount(read(figure.at));
  if (count === undefined) {
    return { skip: `the figure \`${read(figure.at)}\` is not a whole number or a range` };
  }
  const breakdown = read(l.breakdown);
  let parts: unknown;
  try {
    parts = breakdown === "" ? undefined : JSON.parse(breakdown);
  } catch {
    return { skip: "#meta+breakdown is not JSON" };
  }
  return [
    {
      type: "toll",
      ...fields,
      metric: figure.metric,
      count,
      ...optional("qualifier", read(l.qualifier)),
      ...optional("who", read(l.who) || figure.who),
      ...optional("actor", actor),
      place,
      ...optional("since", read(l.since)),
      ...optional("until", read(l.until)),
      ...optional("breakdown", parts),
    },
  ];
}
