// Claims submitted from chat, kept in the state database: pending, then approved (written into the
// brief) or rejected (kept with the reason). All of this feature's SQL is here, behind the small
// SubmittedClaims interface, so the state can move to another database without touching callers.
import type { PlatformName } from "../core/types.ts";
import type { StateDb } from "../schedule/db.ts";

export type SubmissionState = "pending" | "approved" | "rejected";

export interface Submission {
  readonly id: number;
  readonly platform: PlatformName;
  /** Slack team id or Discord guild id ("console" from the terminal). */
  readonly workspace: string;
  /** Where it was submitted, when known. */
  readonly channel?: string;
  /** The submitter's platform user id. */
  readonly submitter: string;
  /** Their display name when the platform gave one (untrusted text). */
  readonly submitterName?: string;
  readonly brief: string;
  /** The claim as it will be written into the brief (no `added_by` yet). */
  readonly claim: Record<string, unknown>;
  readonly state: SubmissionState;
  /** Why it was rejected. */
  readonly reason?: string;
  /** Who approved or rejected it. */
  readonly decidedBy?: string;
  readonly decidedAt?: number;
  /** The claims file it was written to, relative to the brief folder. */
  readonly file?: string;
  /** Why the last approval failed (the claim stays pending). */
  readonly lastError?: string;
  /** The review message, to update it once decided. */
  readonly reviewChannel?: string;
  readonly reviewMessage?: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type NewSubmission = Pick<
  Submission,
  "platform" | "workspace" | "channel" | "submitter" | "submitterName" | "brief" | "claim"
>;

export interface SubmittedClaims {
  add(input: NewSubmission, now: number): Submission;
  get(id: number): Submission | undefined;
  /** Oldest first; every state when `state` is not given. */
  list(filter?: { readonly state?: SubmissionState; readonly brief?: string }): Submission[];
  /** Replaces the draft of a pending claim (an editor's edit); false when it is not pending. */
  edit(id: number, claim: Record<string, unknown>, now: number): boolean;
  setReviewMessage(id: number, channel: string, message: string, now: number): void;
  recordFailure(id: number, error: string, now: number): void;
  /**
   * Runs `write` and marks the claim approved in one database transaction that holds the write
   * lock, so two processes (the bot and `sitrep approve`) never approve one claim twice. Returns
   * false without calling `write` when the claim is not pending. A throw leaves it pending.
   */
  approve(id: number, decidedBy: string, now: number, write: (s: Submission) => string): boolean;
  /** False when the claim is not pending. */
  reject(id: number, decidedBy: string, reason: string, now: number): boolean;
}

interface Row {
  id: number;
  platform: PlatformName;
  workspace: string;
  channel: string | null;
  submitter: string;
  submitter_name: string | null;
  brief: string;
  claim: string;
  state: SubmissionState;
  reason: string | null;
  decided_by: string | null;
  decided_at: number | null;
  file: string | null;
  last_error: string | null;
  review_channel: string | null;
  review_message: string | null;
  created_at: number;
  updated_at: number;
}

function optional<K extends string, V>(key: K, value: V | null): { [P in K]?: V } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: V };
}

function fromRow(row: Row): Submission {
  return {
    id: row.id,
    platform: row.platform,
    workspace: row.workspace,
    ...optional("channel", row.channel),
    submitter: row.submitter,
    ...optional("submitterName", row.submitter_name),
    brief: row.brief,
    claim: JSON.parse(row.claim) as Record<string, unknown>,
    state: row.state,
    ...optional("reason", row.reason),
    ...optional("decidedBy", row.decided_by),
    ...optional("decidedAt", row.decided_at),
    ...optional("file", row.file),
    ...optional("lastError", row.last_error),
    ...optional("reviewChannel", row.review_channel),
    ...optional("reviewMessage", row.review_message),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function createSubmittedClaims(db: StateDb): SubmittedClaims {
  const get = (id: number) =>
    db.prepare<[number], Row>("SELECT * FROM submitted_claims WHERE id = ?").get(id);
  return {
    add(input, now) {
      const row = db
        .prepare<unknown[], Row>(
          `INSERT INTO submitted_claims (platform, workspace, channel, submitter, submitter_name,
             brief, claim, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        )
        .get(
          input.platform,
          input.workspace,
          input.channel ?? null,
          input.submitter,
          input.submitterName ?? null,
          input.brief,
          JSON.stringify(input.claim),
          now,
          now,
        )!;
      return fromRow(row);
    },
    get(id) {
      const row = get(id);
      return row === undefined ? undefined : fromRow(row);
    },
    list(filter = {}) {
      const rows = db
        .prepare<unknown[], Row>(
          `SELECT * FROM submitted_claims
           WHERE (? IS NULL OR state = ?) AND (? IS NULL OR brief = ?) ORDER BY id`,
        )
        .all(
          filter.state ?? null,
          filter.state ?? null,
          filter.brief ?? null,
          filter.brief ?? null,
        );
      return rows.map(fromRow);
    },
    edit(id, claim, now) {
      const result = db
        .prepare(
          `UPDATE submitted_claims SET claim = ?, last_error = NULL, updated_at = ?
           WHERE id = ? AND state = 'pending'`,
        )
        .run(JSON.stringify(claim), now, id);
      return result.changes === 1;
    },
    setReviewMessage(id, channel, message, now) {
      db.prepare(
        `UPDATE submitted_claims SET review_channel = ?, review_message = ?, updated_at = ?
         WHERE id = ?`,
      ).run(channel, message, now, id);
    },
    recordFailure(id, error, now) {
      db.prepare("UPDATE submitted_claims SET last_error = ?, updated_at = ? WHERE id = ?").run(
        error,
        now,
        id,
      );
    },
    approve(id, decidedBy, now, write) {
      return db
        .transaction(() => {
          const row = get(id);
          if (row === undefined || row.state !== "pending") return false;
          const file = write(fromRow(row));
          db.prepare(
            `UPDATE submitted_claims SET state = 'approved', decided_by = ?, decided_at = ?,
               file = ?, last_error = NULL, updated_at = ? WHERE id = ?`,
          ).run(decidedBy, now, file, now, id);
          return true;
        })
        .immediate();
    },
    reject(id, decidedBy, reason, now) {
      const result = db
        .prepare(
          `UPDATE submitted_claims SET state = 'rejected', reason = ?, decided_by = ?,
             decided_at = ?, updated_at = ? WHERE id = ? AND state = 'pending'`,
        )
        .run(reason, decidedBy, now, now, id);
      return result.changes === 1;
    },
  };
}
