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
import type { Answer } from "./model.ts";

const FACT_LAYOUT: FactLayout = { bullet: "  • ", attributionLead: " — ", detailLead: "\n      " };

/** The answer line by line (a fact with a detail is one item), for callers that stop early. */
export function* textLines(answer: Answer): Generator<string> {
  yield titleOf(answer);
  if (answer.verdict !== undefined && !isEmpty(answer.verdict)) {
    yield formatRich(answer.verdict, plainMarkup);
  }
  for (const section of answer.sections) {
    const title = section.title === undefined ? "" : formatRich(section.title, plainMarkup).trim();
    const more = section.more ?? 0;
    if (title === "" && section.facts.length === 0 && more === 0) continue;
    yield "";
    if (title !== "") yield title;
    for (const fact of section.facts) yield formatFact(fact, plainMarkup, FACT_LAYOUT);
    if (more > 0) yield `  ${moreFactsText(more)}`;
  }
  // Notes are read one at a time, not filtered first: a caller that stops early (Slack's
  // fallback text) never walks a region's tens of thousands.
  let noteSeen = false;
  for (const note of answer.notes ?? []) {
    if (isEmpty(note)) continue;
    if (!noteSeen) yield "";
    noteSeen = true;
    yield `Note: ${formatRich(note, plainMarkup)}`;
  }
  const moreNotes = answer.moreNotes ?? 0;
  if (moreNotes > 0) {
    if (!noteSeen) yield "";
    yield `Note: ${moreNotesText(moreNotes)}`;
  }
  if (answer.footer !== undefined && !isEmpty(answer.footer)) {
    yield "";
    yield formatRich(answer.footer, plainMarkup);
  }
}

export function renderText(answer: Answer): string {
  return [...textLines(answer)].join("\n");
}
