// Re-importing an updated row into the claims it made before. A claims store never silently loses a
// claim: each old claim is matched to the new claim in the same place of the row (same type,
// metric and who, or the same claim id); a match is replaced in place, and an old claim the
// updated row no longer makes (ACLED's fatalities now 0, a UCDP row without deaths, an HXL figure
// emptied) is kept and marked withdrawn, saying why and when. A claim an editor withdrew by hand
// is never touched: the importer only lifts its own withdrawals (when the figure comes back).
import { toInstant } from "../store/time.ts";
import type { ClaimFields, FormatName } from "./format.ts";

/** The new claims of one updated row, and when the dataset says the row changed (if it does). */
export interface RowUpdate {
  readonly claims: readonly ClaimFields[];
  /** The row's own time of change (ACLED's `timestamp`), as a brief time. */
  readonly changedAt?: string;
}

export interface MergeCounts {
  added: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
}

export interface Withdrawal {
  readonly format: FormatName;
  /** The import's time, as an ISO date-time (UTC). */
  readonly now: string;
  /** The brief's time zone, to compare a date-only `reported` with `now`. */
  readonly zone: string;
}

const LABELS: Record<FormatName, string> = {
  acled: "ACLED's",
  ucdp: "UCDP GED's",
  hxl: "The HXL file's",
};

/** The tail of every note the importer writes on a withdrawal: how its own are told apart. */
const IMPORTER_WITHDRAWAL = /withdrawn by sitrep import (?:hxl|acled|ucdp) on \d{4}-\d{2}-\d{2}\.$/;

type Json = Record<string, unknown>;

interface OldClaim {
  readonly text: string;
  /** Undefined when the line is not a JSON object: kept as it is. */
  readonly claim: Json | undefined;
}

function withdrawalOf(claim: Json): { reported?: unknown; note?: unknown } | undefined {
  const withdrawn = claim.withdrawn;
  return typeof withdrawn === "object" && withdrawn !== null ? withdrawn : undefined;
}

/** Withdrawn by an editor (or by the dataset's own export), not by a re-import. */
function isWithdrawnByHand(claim: Json): boolean {
  const withdrawn = withdrawalOf(claim);
  if (withdrawn === undefined) return false;
  return !(typeof withdrawn.note === "string" && IMPORTER_WITHDRAWAL.test(withdrawn.note));
}

/** Where a claim sits in its row: its id, else type, metric and who. */
function slotOf(claim: Json): string {
  if (typeof claim.id === "string") return `id:${claim.id}`;
  return `${String(claim.type)}|${String(claim.metric ?? "")}|${String(claim.who ?? "")}`;
}

/** Slot keys with an occurrence number, so two claims of one slot in a row stay apart. */
function slotKeys(claims: readonly Json[]): string[] {
  const seen = new Map<string, number>();
  return claims.map((claim) => {
    const slot = slotOf(claim);
    const n = (seen.get(slot) ?? 0) + 1;
    seen.set(slot, n);
    return `${slot}#${n}`;
  });
}

function withoutWithdrawal(claim: Json): string {
  const { withdrawn: _, ...rest } = claim;
  return JSON.stringify(rest);
}

/** The old claim, withdrawn: the dataset's updated row no longer makes it. */
function withdraw(
  claim: Json,
  externalId: string,
  changedAt: string | undefined,
  how: Withdrawal,
): Json {
  const what = claim.type === "toll" ? "gives this figure" : "makes this claim";
  const when = changedAt === undefined ? "" : ` (changed ${changedAt})`;
  const note = `${LABELS[how.format]} updated row ${externalId}${when} no longer ${what}; withdrawn by sitrep import ${how.format} on ${how.now.slice(0, 10)}.`;
  let reported = changedAt ?? how.now;
  // A withdrawal never comes before the claim it withdraws.
  const claimed = typeof claim.reported === "string" ? claim.reported : undefined;
  if (claimed !== undefined && toInstant(reported, how.zone).at < toInstant(claimed, how.zone).at) {
    reported = claimed;
  }
  return { ...claim, withdrawn: { reported, note } };
}

/**
 * The lines that replace a row's old lines: new claims in the old ones' places, old claims the
 * row no longer makes withdrawn, claims withdrawn by hand as they were, new ones at the end.
 * `update` is undefined for a later run of the same row's old lines (the new ones are written).
 */
export function mergeRow(
  oldLines: readonly string[],
  externalId: string,
  update: RowUpdate | undefined,
  how: Withdrawal,
  counts: MergeCounts,
): string[] {
  const olds: OldClaim[] = oldLines.map((text) => {
    try {
      const claim: unknown = JSON.parse(text);
      return {
        text,
        claim: typeof claim === "object" && claim !== null ? (claim as Json) : undefined,
      };
    } catch {
      return { text, claim: undefined };
    }
  });
  const fresh = (update?.claims ?? []) as readonly Json[];
  const freshKeys = slotKeys(fresh);
  const freshByKey = new Map(freshKeys.map((key, at) => [key, at]));
  const matchable = olds.filter((o) => o.claim !== undefined && !isWithdrawnByHand(o.claim));
  const oldKeys = new Map(
    slotKeys(matchable.map((o) => o.claim!)).map((key, at) => [matchable[at]!, key]),
  );
  const used = new Set<number>();
  const out: string[] = [];
  for (const old of olds) {
    const key = oldKeys.get(old);
    if (key === undefined) {
      out.push(old.text); // not JSON, or withdrawn by hand: kept as it is
      counts.unchanged++;
      continue;
    }
    const at = freshByKey.get(key);
    if (at !== undefined) {
      used.add(at);
      const text = JSON.stringify(fresh[at]);
      out.push(text);
      if (text === old.text) counts.unchanged++;
      else counts.updated++;
    } else if (withdrawalOf(old.claim!) !== undefined) {
      out.push(old.text); // withdrawn by an earlier re-import
      counts.unchanged++;
    } else {
      out.push(JSON.stringify(withdraw(old.claim!, externalId, update?.changedAt, how)));
      counts.withdrawn++;
    }
  }
  if (update === undefined) return out;
  const byHand = new Set(
    olds.flatMap((o) =>
      o.claim !== undefined && isWithdrawnByHand(o.claim) ? [withoutWithdrawal(o.claim)] : [],
    ),
  );
  fresh.forEach((claim, at) => {
    if (used.has(at)) return;
    // The row still makes a claim an editor withdrew: the withdrawal stands.
    if (byHand.has(withoutWithdrawal(claim))) return;
    out.push(JSON.stringify(claim));
    counts.added++;
  });
  return out;
}
