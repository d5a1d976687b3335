// Claims submitted from chat, kept in the state store: pending, then approved (written into the
// brief) or rejected (kept with the reason). The SubmittedClaims interface is what the claims
// desk sees; src/state/sqlite/claims.ts and src/state/postgres/claims.ts keep them.
import type { PlatformName } from "../core/types.ts";

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
  add(input: NewSubmission, now: number): Promise<Submission>;
  get(id: number): Promise<Submission | undefined>;
  /** Oldest first; every state when `state` is not given. */
  list(filter?: {
    readonly state?: SubmissionState;
    readonly brief?: string;
  }): Promise<Submission[]>;
  /** Replaces the draft of a pending claim (an editor's edit); false when it is not pending. */
  edit(id: number, claim: Record<string, unknown>, now: number): Promise<boolean>;
  setReviewMessage(id: number, channel: string, message: string, now: number): Promise<void>;
  recordFailure(id: number, error: string, now: number): Promise<void>;
  /**
   * Runs `write` and marks the claim approved in one transaction that holds the claim's row (the
   * SQLite write lock, a PostgreSQL row lock), so two processes (two bots, the bot and `sitrep
   * approve`) never approve one claim twice: only the winner calls `write`. Returns false without
   * calling `write` when the claim is not pending. A throw leaves it pending.
   */
  approve(
    id: number,
    decidedBy: string,
    now: number,
    write: (s: Submission) => string,
  ): Promise<boolean>;
  /** False when the claim is not pending. */
  reject(id: number, decidedBy: string, reason: string, now: number): Promise<boolean>;
}
