// The submitted claims on the SQLite state database.

import type { Submission, SubmissionState, SubmittedClaims } from "../../claims/submitted.ts";
import type { PlatformName } from "../../core/types.ts";
import type { StateDb } from "./db.ts";

export interface SubmissionRow {
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

export function submissionFromRow(row: SubmissionRow): Submission {
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

export function createSqliteSubmittedClaims(db: StateDb): SubmittedClaims {
  const get = (id: number) =>
    db.prepare<[number], SubmissionRow>("SELECT * FROM submitted_claims WHERE id = ?").get(id);
  return {
    async add(input, now) {
      const row = db
        .prepare<unknown[], SubmissionRow>(
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
      return submissionFromRow(row);
    },
    async get(id) {
      const row = get(id);
      return row === undefined ? undefined : submissionFromRow(row);
    },
    async list(filter = {}) {
      const rows = db
        .prepare<unknown[], SubmissionRow>(
          `SELECT * FROM submitted_claims
           WHERE (? IS NULL OR state = ?) AND (? IS NULL OR brief = ?) ORDER BY id`,
        )
        .all(
          filter.state ?? null,
          filter.state ?? null,
          filter.brief ?? null,
          filter.brief ?? null,
        );
      return rows.map(submissionFromRow);
    },
    async edit(id, claim, now) {
      const result = db
        .prepare(
          `UPDATE submitted_claims SET claim = ?, last_error = NULL, updated_at = ?
           WHERE id = ? AND state = 'pending'`,
        )
        .run(JSON.stringify(claim), now, id);
      return result.changes === 1;
    },
    async setReviewMessage(id, channel, message, now) {
      db.prepare(
        `UPDATE submitted_claims SET review_channel = ?, review_message = ?, updated_at = ?
         WHERE id = ?`,
      ).run(channel, message, now, id);
    },
    async recordFailure(id, error, now) {
      db.prepare("UPDATE submitted_claims SET last_error = ?, updated_at = ? WHERE id = ?").run(
        error,
        now,
        id,
      );
    },
    async approve(id, decidedBy, now, write) {
      return db
        .transaction(() => {
          const row = get(id);
          if (row === undefined || row.state !== "pending") return false;
          const file = write(submissionFromRow(row));
          db.prepare(
            `UPDATE submitted_claims SET state = 'approved', decided_by = ?, decided_at = ?,
               file = ?, last_error = NULL, updated_at = ? WHERE id = ?`,
          ).run(decidedBy, now, file, now, id);
          return true;
        })
        .immediate();
    },
    async reject(id, decidedBy, reason, now) {
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
