// Checks the claims an import writes against the brief they go into, one claim at a time, so a
// file of any size is checked while it is written instead of loaded whole: the brief format's
// schema, and every reference (source, via, place, actors, about, supersedes) against the brief
// with this import's new sources, actors and places. Ids must be unique; periods and withdrawals
// must run forwards, as the loader requires.
import { compiledClaim } from "../store/schema.ts";
import { toInstant } from "../store/time.ts";
import type { Brief } from "../store/types.ts";
import type { BriefChanges } from "./brief-changes.ts";

type Fields = Record<string, unknown>;

function missing(field: string, value: unknown, exists: boolean): string | undefined {
  return exists ? undefined : `\`${field}\` \`${String(value)}\` is not in the brief`;
}

function isDay(value: unknown): value is string {
  return typeof value === "string" && value.length === 10;
}

export class ClaimChecker {
  /** Ids of the claims this import's file holds so far, with their source. */
  private readonly fileIds = new Map<string, string>();

  constructor(
    private readonly brief: Brief,
    private readonly changes: BriefChanges,
  ) {}

  /** Why the claim breaks the brief format, or undefined; its id counts as taken once it passes. */
  check(claim: unknown): string | undefined {
    const parsed = compiledClaim().safeParse(claim);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join(".");
      return `${field === "" ? "" : `\`${field}\` `}${issue.message}`;
    }
    return this.checkReferences(claim as Fields);
  }

  /** The cross-file checks alone, for a claim whose schema is known to hold. */
  checkReferences(claim: Fields): string | undefined {
    const { changes } = this;
    const problem =
      missing("source", claim.source, changes.hasSource(claim.source as string)) ??
      (claim.via === undefined
        ? undefined
        : missing("via", claim.via, changes.hasSource(claim.via as string))) ??
      (claim.place === undefined
        ? undefined
        : missing("place", claim.place, changes.hasPlace(claim.place as string))) ??
      (claim.actor === undefined
        ? undefined
        : missing("actor", claim.actor, changes.hasActor(claim.actor as string))) ??
      this.checkLists(claim) ??
      this.checkTimes(claim) ??
      this.checkIds(claim);
    return problem;
  }

  private checkLists(claim: Fields): string | undefined {
    const { changes } = this;
    for (const id of (claim.actors as string[] | undefined) ?? []) {
      if (!changes.hasActor(id)) return missing("actors", id, false);
    }
    for (const id of (claim.about as string[] | undefined) ?? []) {
      if (!changes.hasActor(id) && !changes.hasPlace(id)) return missing("about", id, false);
    }
    return undefined;
  }

  private checkTimes(claim: Fields): string | undefined {
    const zone = this.brief.meta.timezone;
    const at = (value: unknown) =>
      typeof value === "string" ? toInstant(value, zone).at : undefined;
    // Two plain dates (most imported periods) compare as text.
    if (isDay(claim.since) && isDay(claim.until) && claim.withdrawn === undefined) {
      if (claim.since <= claim.until) return undefined;
    }
    const since = at(claim.since);
    const until = at(claim.until);
    if (since !== undefined && until !== undefined && since > until) {
      return `\`since\` (${claim.since}) is after \`until\` (${claim.until}): the period runs backwards`;
    }
    const withdrawn = at((claim.withdrawn as Fields | undefined)?.reported);
    if (withdrawn !== undefined && withdrawn < at(claim.reported)!) {
      return "`withdrawn.reported` is before the claim was `reported`";
    }
    return undefined;
  }

  private checkIds(claim: Fields): string | undefined {
    const { brief } = this;
    const source = claim.source as string;
    const supersedes = claim.supersedes;
    if (typeof supersedes === "string") {
      const old = brief.claimsById.get(supersedes)?.source ?? this.fileIds.get(supersedes);
      if (old === undefined) return `\`supersedes\` \`${supersedes}\` names no earlier claim`;
      if (old !== source)
        return `\`supersedes\` \`${supersedes}\` is a claim by another source (${old})`;
    }
    const id = claim.id;
    if (typeof id === "string") {
      const taken =
        this.fileIds.has(id) ||
        brief.claimsById.has(id) ||
        brief.sources.has(id) ||
        brief.actors.has(id) ||
        this.changes.hasPlace(id);
      if (taken) return `the id \`${id}\` is already used in the brief`;
      this.fileIds.set(id, source);
    }
    return undefined;
  }
}
