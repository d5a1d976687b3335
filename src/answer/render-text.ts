// The plain-text renderer, for terminals and logs: title, verdict, sections with headings, one
// line per fact with who says so, detail lines indented, notes, footer. No markup and no limits;
// control characters in brief text are dropped so nothing can drive a terminal.
import { plainMarkup } from "./escape.ts";
import {
  type FactLayout,
  formatFact,
  formatRich,
  isEmpty,
  moreFactsText,
  moreNotesText,
  titleOf,
} from "./fit.ts";
import type { Answer, Section } from "./model.ts";

const FACT_LAYOUT: FactLayout = { bullet: "  • ", attributionLead: " — ", detailLead: "\n      " };

/**
 * The answer line by line (a fact with a detail is one item) to `emit`, until it returns false:
 * callers that stop early (Slack's fallback text) word no more lines than they keep. A callback,
 * not a generator: the lines a suspended generator had made outlived young collections.
 */
export function takeTextLines(answer: Answer, emit: (line: string) => boolean): void {
  if (!emit(titleOf(answer))) return;
  if (answer.verdict !== undefined && !isEmpty(answer.verdict)) {
    if (!emit(formatRich(answer.verdict, plainMarkup))) return;
  }
  for (const section of answer.sections) {
    if (!emitSection(section, emit)) return;
  }
  // Notes are read one at a time, not filtered first: a caller that stops early never walks a
  // long list of them.
  let noteSeen = false;
  for (const note of answer.notes ?? []) {
    if (isEmpty(note)) continue;
    if (!noteSeen && !emit("")) return;
    noteSeen = true;
    if (!emit(`Note: ${formatRich(note, plainMarkup)}`)) return;
  }
  const moreNotes = answer.moreNotes ?? 0;
  if (moreNotes > 0) {
    if (!noteSeen && !emit("")) return;
    if (!emit(`Note: ${moreNotesText(moreNotes)}`)) return;
  }
  if (answer.footer !== undefined && !isEmpty(answer.footer)) {
    if (emit("")) emit(formatRich(answer.footer, plainMarkup));
  }
}

/** A section's lines after a blank one: its title, its facts, the count of those left out. */
function emitSection(section: Section, emit: (line: string) => boolean): boolean {
  const title = section.title === undefined ? "" : formatRich(section.title, plainMarkup).trim();
  const more = section.more ?? 0;
  if (title === "" && section.facts.length === 0 && more === 0) return true;
  if (!emit("")) return false;
  if (title !== "" && !emit(title)) return false;
  for (const fact of section.facts) {
    if (!emit(formatFact(fact, plainMarkup, FACT_LAYOUT))) return false;
  }
  return more === 0 || emit(`  ${moreFactsText(more)}`);
}

export function renderText(answer: Answer): string {
  const lines: string[] = [];
  takeTextLines(answer, (line) => lines.push(line) > 0);
  return lines.join("\n");
}
