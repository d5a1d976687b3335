// `/sitrep status` (admins only): each brief in service with its counts and load time, and the
// problems that keep the newest version of the briefs out of service.
import { formatAge } from "../answer/format.ts";
import type { Answer, Fact } from "../answer/model.ts";
import { refusalAnswer } from "../answer/simple.ts";
import { describeHeld, type LiveStatus } from "../store/live.ts";
import { formatProblem } from "../store/load.ts";
import type { ChatOrigin } from "./types.ts";

const MAX_PROBLEMS = 20;

/** The contract: never a bare UTC stamp; say how old it is. */
function formatTime(at: number, now: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace("T", " ")} UTC (${formatAge(at, now)})`;
}

/** Admins only: the problems name files and lines, which other users have no use for. */
export function buildStatusAnswer(
  status: LiveStatus,
  origin: Pick<ChatOrigin, "isAdmin">,
  now: number,
): Answer {
  if (!origin.isAdmin) return refusalAnswer("Only admins can see the bot's status.");
  const briefs: Fact[] = [...status.store.briefs.values()].map((b) => ({
    text: [
      { text: b.id, style: "bold" },
      {
        text: ` (${b.meta.title}): ${b.claims.length} claims, ${b.sources.size} sources, ${b.places.size} places`,
      },
    ],
  }));
  const problems: Fact[] = status.problems
    .slice(0, MAX_PROBLEMS)
    .map((p) => ({ text: [{ text: formatProblem(p), style: "code" }] }));
  const sections = [
    { title: "In service", facts: briefs.length > 0 ? briefs : [{ text: "No brief is loaded." }] },
  ];
  if (status.held.length > 0) {
    sections.push({
      title: "Held back: claims would be lost",
      facts: status.held.map((h) => ({ text: describeHeld(h) })),
    });
  }
  if (problems.length > 0) {
    sections.push({
      title: "Problems blocking the newest version",
      facts: problems,
      ...(status.problems.length > MAX_PROBLEMS
        ? { more: status.problems.length - MAX_PROBLEMS }
        : {}),
    });
  }
  const notes = [
    `Briefs last read ${formatTime(status.checkedAt, now)}; store in service since ${formatTime(status.store.loadedAt, now)}.`,
  ];
  if (status.problems.length > 0)
    notes.push(
      "The last good version of each broken brief stays in service until the problems are fixed.",
    );
  if (status.removed.length > 0) notes.push(`Removed while running: ${status.removed.join(", ")}.`);
  const verdicts = [
    ...(status.problems.length > 0 ? [`${status.problems.length} problem(s) in the briefs.`] : []),
    ...(status.held.length > 0
      ? [`${status.held.length} file(s) held back because they drop published claims.`]
      : []),
  ];
  return {
    kind: "answer",
    title: "sitrep status",
    verdict: verdicts.length === 0 ? "All briefs are valid and in service." : verdicts.join(" "),
    sections,
    notes,
  };
}
