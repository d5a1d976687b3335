// The kinds of file in a brief: their names, their zod schemas, and what their items are called.
import type { z } from "zod";
import {
  Actor,
  ActorsFile,
  BriefMeta,
  ClaimsFile,
  compiledClaim,
  compiledOnFirstUse,
  Place,
  PlacesFile,
  Source,
  SourcesFile,
} from "./schema.ts";

export const FILE_KINDS = ["brief", "sources", "actors", "places", "claims"] as const;
export type FileKind = (typeof FILE_KINDS)[number];
export type ListKind = Exclude<FileKind, "brief">;

/** The required files at the top of a brief's folder (claims live in `claims/`). */
export const TOP_FILES = {
  brief: "brief.yaml",
  sources: "sources.yaml",
  actors: "actors.yaml",
  places: "places.yaml",
} as const;

export const CLAIMS_DIR = "claims";

export const FILE_SCHEMAS: Record<FileKind, z.ZodType> = {
  brief: BriefMeta,
  sources: SourcesFile,
  actors: ActorsFile,
  places: PlacesFile,
  claims: ClaimsFile,
};

/** Each list's item schema, compiled on first use: a load checks its items one by one. */
export const ITEM_SCHEMAS: Record<ListKind, () => z.ZodType> = {
  sources: compiledOnFirstUse(Source),
  actors: compiledOnFirstUse(Actor),
  places: compiledOnFirstUse(Place),
  claims: compiledClaim,
};

export const ITEM_NOUNS: Record<ListKind, string> = {
  sources: "source",
  actors: "actor",
  places: "place",
  claims: "claim",
};
