// Claims submitted from chat on the PostgreSQL state database. An approval holds the claim's row
// (SELECT … FOR UPDATE) while the file is written, so of two editors or instances approving one
// claim at once, one writes it and the other finds it approved.

import type pg from "pg";
import type { SubmittedClaims } from "../../claims/submitted.ts";
import { type SubmissionRow, submissionFromRow } from "../sqlite/claims.ts";
import { all, inTransaction, one, run } from "./pool.ts";

export function createPostgresSubmittedClaims(pool: pg.Pool): SubmittedClaims {
  const get = (id: number) =>
    one<SubmissionRow>(pool, "SELECT * FROM submitted_claims WHERE id = $1", [id]);
  return {
    async add(input, now) {
      const row = (await one<SubmissionRow>(
        pool,
        `INSERT INTO submitted_claims (platform, workspace, channel, submitter, submitter_name,
           brief, claim, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING *`,
        [
          input.platform,
          input.workspace,
          input.channel ?? null,
          input.submitter,
          input.submitterName ?? null,
          input.brief,
          JSON.stringify(input.claim),
          now,
        ],
      ))!;
      return submissionFromRow(row);
    },
    async get(id) {
      const row = await get(id);
      return row === undefined ? undefined : submissionFromRow(row);
    },
    async list(filter = {}) {
      const rows = await all<SubmissionRow>(
        pool,
        `SELECT * FROM submitted_claims
         WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR brief = $2) ORDER BY id`,
        [filter.state ?? null, filter.brief ?? null],
      );
      return rows.map(submissionFromRow);
    },
    async edit(id, claim, now) {
      const changed = await run(
        pool,
        `UPDATE submitted_claims SET claim = $1, last_error = NULL, updated_at = $2
         WHERE id = $3 AND state = 'pending'`,
        [JSON.stringify(claim), now, id],
      );
      return changed === 1;
    },
    async setReviewMessage(id, channel, message, now) {
      await run(
        pool,
        `UPDATE submitted_claims SET review_channel = $1, review_message = $2, updated_at = $3
         WHERE id = $4`,
        [channel, message, now, id],
      );
    },
    async recordFailure(id, error, now) {
      await run(
        pool,
        "UPDATE submitted_claims SET last_error = $1, updated_at = $2 WHERE id = $3",
        [error, now, id],
      );
    },
    approve(id, decidedBy, now, write) {
      return inTransaction(pool, async (client) => {
        const row = await one<SubmissionRow>(
          client,
          "SELECT * FROM submitted_claims WHERE id = $1 FOR UPDATE",
          [id],
        );
        if (row === undefined || row.state !== "pending") return false;
        const file = write(submissionFromRow(row));
        await run(
          client,
          `UPDATE submitted_claims SET state = 'approved', decided_by = $1, decided_at = $2,
             file = $3, last_error = NULL, updated_at = $2 WHERE id = $4 AND state = 'pending'`,
          [decidedBy, now, file, id],
        );
        return true;
      });
    },
    async reject(id, decidedBy, reason, now) {
      const changed = await run(
        pool,
        `UPDATE submitted_claims SET state = 'rejected', reason = $1, decided_by = $2,
           decided_at = $3, updated_at = $3 WHERE id = $4 AND state = 'pending'`,
        [reason, decidedBy, now, id],
      );
      return changed === 1;
    },
  };
}
