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

type ClaimOfType<T extends StoredClaim["type"]> = Extract<StoredClaim, { type: T }>;

/** A column holding one field of the claims of one type, empty for the other types. */
function fieldOfType<T extends StoredClaim["type"]>(
  header: string,
  hashtag: string,
  type: T,
  read: (claim: ClaimOfType<T>) => string | number | undefined,
): ExportColumn {
  return {
    header,
    hashtag,
    value: (r) => (r.claim.type === type ? read(r.claim as ClaimOfType<T>) : undefined),
  };
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
  fieldOfType("Qualifier", "#meta+qualifier", "toll", (c) => c.qualifier),
  fieldOfType("Who", "#meta+who", "toll", (c) => c.who),
  { header: "Actor", hashtag: "#meta+actor", value: (r) => actorsOf(r.claim) },
  fieldOfType("Since", "#date+start", "toll", (c) => c.since),
  fieldOfType("Until", "#date+end", "toll", (c) => c.until),
  fieldOfType("Breakdown", "#meta+breakdown", "toll", (c) =>
    c.breakdown === undefined ? undefined : JSON.stringify(c.breakdown),
  ),
  fieldOfType("Status", "#meta+status", "control", (c) => c.status),
  fieldOfType("Extent", "#meta+extent", "control", (c) => c.extent),
  fieldOfType("Detail", "#meta+detail", "control", (c) => c.detail),
  {
    header: "Summary",
    hashtag: "#description",
    value: (r) =>
      r.claim.type === "statement" || r.claim.type === "event" ? r.claim.summary : undefined,
  },
  fieldOfType("About", "#meta+about", "statement", (c) => c.about?.join(", ")),
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
