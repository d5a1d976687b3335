// The columns of an export: every claim with its brief, source (and its grade), credibility,
// place (id, name, kind, P-code, coordinates), dates and its own fields. The HXL hashtags are
// the ones `sitrep import hxl` reads back, so an export imports into the same claims.
import type { Place, Source } from "../store/schema.ts";
import type { Brief, StoredClaim } from "../store/types.ts";

export interface ExportedClaim {
  readonly brief: Brief;
  readonly claim: StoredClaim;
  /** The claim's external id, or the key the export gives it (`sitrep:<brief>:<id or key>`). */
  readonly externalId: string;
  readonly source: Source | undefined;
  readonly place: Place | undefined;
  /** Include the withdrawal (it happened by the export's time). */
  readonly withdrawn: boolean;
}

export interface ExportColumn {
  readonly header: string;
  readonly hashtag: string;
  readonly value: (row: ExportedClaim) => string | number | undefined;
}

const METRIC_COLUMNS = ["killed", "injured", "displaced", "detained", "missing"] as const;

function countText(claim: StoredClaim): string | number | undefined {
  if (claim.type !== "toll") return undefined;
  return typeof claim.count === "number" ? claim.count : `${claim.count.low}-${claim.count.high}`;
}

function actorsOf(claim: StoredClaim): string | undefined {
  if (claim.type === "toll" || claim.type === "control") return claim.actor;
  if (claim.type === "event") return claim.actors?.join(", ");
  return undefined;
}

export const COLUMNS: readonly ExportColumn[] = [
  { header: "Brief", hashtag: "#meta+brief", value: (r) => r.brief.id },
  { header: "External id", hashtag: "#meta+id", value: (r) => r.externalId },
  { header: "Claim id", hashtag: "#meta+claim+id", value: (r) => r.claim.id },
  { header: "Claim type", hashtag: "#meta+claim+type", value: (r) => r.claim.type },
  { header: "Reported", hashtag: "#date+reported", value: (r) => r.claim.reported },
  { header: "Source", hashtag: "#meta+source", value: (r) => r.claim.source },
  { header: "Source name", hashtag: "#org+name", value: (r) => r.source?.name },
  { header: "Source grade", hashtag: "#meta+source+grade", value: (r) => r.source?.reliability },
  { header: "Via", hashtag: "#meta+source+via", value: (r) => r.claim.via },
  { header: "Credibility", hashtag: "#meta+credibility", value: (r) => r.claim.credibility },
  { header: "Place", hashtag: "#loc+id", value: (r) => r.place?.id },
  { header: "Place name", hashtag: "#loc+name", value: (r) => r.place?.name },
  { header: "Place kind", hashtag: "#loc+type", value: (r) => r.place?.kind },
  { header: "P-code", hashtag: "#loc+code", value: (r) => r.place?.pcode },
  { header: "Latitude", hashtag: "#geo+lat", value: (r) => r.place?.lat },
  { header: "Longitude", hashtag: "#geo+lon", value: (r) => r.place?.lon },
  ...METRIC_COLUMNS.map(
    (metric): ExportColumn => ({
      header: metric.charAt(0).toUpperCase() + metric.slice(1),
      hashtag: `#affected+${metric}`,
      value: (r) =>
        r.claim.type === "toll" && r.claim.metric === metric ? countText(r.claim) : undefined,
    }),
  ),
  {
    header: "Qualifier",
    hashtag: "#meta+qualifier",
    value: (r) => (r.claim.type === "toll" ? r.claim.qualifier : undefined),
  },
  {
    header: "Who",
    hashtag: "#meta+who",
    value: (r) => (r.claim.type === "toll" ? r.claim.who : undefined),
  },
  { header: "Actor", hashtag: "#meta+actor", value: (r) => actorsOf(r.claim) },
  {
    header: "Since",
    hashtag: "#date+start",
    value: (r) => (r.claim.type === "toll" ? r.claim.since : undefined),
  },
  {
    header: "Until",
    hashtag: "#date+end",
    value: (r) => (r.claim.type === "toll" ? r.claim.until : undefined),
  },
  {
    header: "Breakdown",
    hashtag: "#meta+breakdown",
    value: (r) =>
      r.claim.type === "toll" && r.claim.breakdown !== undefined
        ? JSON.stringify(r.claim.breakdown)
        : undefined,
  },
  {
    header: "Status",
    hashtag: "#meta+status",
    value: (r) => (r.claim.type === "control" ? r.claim.status : undefined),
  },
  {
    header: "Extent",
    hashtag: "#meta+extent",
    value: (r) => (r.claim.type === "control" ? r.claim.extent : undefined),
  },
  {
    header: "Detail",
    hashtag: "#meta+detail",
    value: (r) => (r.claim.type === "control" ? r.claim.detail : undefined),
  },
  {
    header: "Summary",
    hashtag: "#description",
    value: (r) =>
      r.claim.type === "statement" || r.claim.type === "event" ? r.claim.summary : undefined,
  },
  {
    header: "About",
    hashtag: "#meta+about",
    value: (r) => (r.claim.type === "statement" ? r.claim.about?.join(", ") : undefined),
  },
  { header: "Quote", hashtag: "#meta+quote", value: (r) => r.claim.quote },
  { header: "URL", hashtag: "#meta+url", value: (r) => r.claim.url },
  { header: "Note", hashtag: "#meta+note", value: (r) => r.claim.note },
  { header: "Supersedes", hashtag: "#meta+supersedes", value: (r) => r.claim.supersedes },
  {
    header: "Withdrawn",
    hashtag: "#date+withdrawn",
    value: (r) => (r.withdrawn ? r.claim.withdrawn?.reported : undefined),
  },
  {
    header: "Withdrawal note",
    hashtag: "#meta+withdrawn+note",
    value: (r) => (r.withdrawn ? r.claim.withdrawn?.note : undefined),
  },
  { header: "Added by", hashtag: "#meta+added_by", value: (r) => r.claim.added_by },
];

/** The place a claim is about: its `place`, else (a statement) the first place it is about. */
export function placeOf(brief: Brief, claim: StoredClaim): Place | undefined {
  if (claim.type === "statement") {
    const id = claim.about?.find((ref) => brief.places.has(ref));
    return id === undefined ? undefined : brief.places.get(id);
  }
  return claim.place === undefined ? undefined : brief.places.get(claim.place);
}
