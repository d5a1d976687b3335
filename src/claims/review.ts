// The review card of a submitted claim as a neutral Answer: what it says, who says so (as every
// answer shows it), who submitted it and where it stands. Platforms render it like any answer
// (escaping all of it: every word came from chat) and add their own Approve / Edit / Reject
// buttons.
import { attributionOf, describeClaim, describeDetail } from "../answer/describe.ts";
import type { Answer, Fact } from "../answer/model.ts";
import { Claim } from "../store/schema.ts";
import { toInstant } from "../store/time.ts";
import type { Brief, Store, StoredClaim } from "../store/types.ts";
import type { Submission } from "./submitted.ts";

/** The submission's claim as the store would hold it, or undefined when it no longer parses. */
export function storedClaimOf(submission: Submission, brief: Brief): StoredClaim | undefined {
  const parsed = Claim.safeParse(submission.claim);
  if (!parsed.success) return undefined;
  const instant = toInstant(parsed.data.reported, brief.meta.timezone);
  return {
    ...parsed.data,
    file: "(pending)",
    index: 0,
    at: instant.at,
    dateOnly: instant.dateOnly,
  };
}

/** "alice (slack U123)": names come from chat, ids say who for certain. */
export function personLabel(platform: string, user: string, name?: string): string {
  return name === undefined || name.trim() === ""
    ? `${platform} user ${user}`
    : `${name} (${platform} ${user})`;
}

function stateLine(submission: Submission): string {
  const by = submission.decidedBy ?? "an editor";
  switch (submission.state) {
    case "pending":
      return "Pending: an editor approves it into the brief or rejects it. It is in no answer until approved.";
    case "approved":
      return `Approved by ${by} into ${submission.file ?? "the brief"}.`;
    case "rejected":
      return `Rejected by ${by}: ${submission.reason ?? "no reason given"}`;
  }
}

function claimFact(submission: Submission, brief: Brief | undefined, now: number): Fact {
  const stored = brief === undefined ? undefined : storedClaimOf(submission, brief);
  if (brief === undefined || stored === undefined) {
    return { text: JSON.stringify(submission.claim) };
  }
  const url = typeof submission.claim.url === "string" ? submission.claim.url : undefined;
  const detail = describeDetail(brief, stored, now, [url]);
  return {
    text: describeClaim(brief, stored),
    attribution: [attributionOf(brief, stored, { at: now, now })],
    ...(detail === undefined ? {} : { detail }),
  };
}

export function reviewAnswer(submission: Submission, store: Store, now: number): Answer {
  const brief = store.briefs.get(submission.brief);
  const type = String(submission.claim.type ?? "claim");
  const notes = [
    `Submitted by ${personLabel(submission.platform, submission.submitter, submission.submitterName)} for brief ${submission.brief}.`,
    stateLine(submission),
  ];
  if (submission.state === "pending" && submission.lastError !== undefined) {
    notes.push(`The last approval failed, so it is still pending: ${submission.lastError}`);
  }
  return {
    kind: "answer",
    title: `Claim #${submission.id} from chat (${type}): ${submission.state}`,
    sections: [{ facts: [claimFact(submission, brief, now)] }],
    notes,
    ...(brief === undefined ? {} : { footer: `${brief.meta.title} (brief ${brief.id})` }),
  };
}

/** A short answer for the person who acted (submitted, approved, rejected, or was refused). */
export function noticeAnswer(title: string, message: string): Answer {
  return { kind: "answer", title, sections: [], notes: [message] };
}
