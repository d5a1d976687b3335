// The Slack renderer: an Answer as Block Kit blocks plus the plain `text` fallback Slack shows in
// notifications. A header with the title, the verdict in bold, one divider and section blocks per
// section (facts as bullet lines, who says so in italics on the same line), the notes and the
// footer as context. Every limit in SLACK_LIMITS holds for any answer; what does not fit is
// counted in "… and N more" lines. The block types are minimal and ours, so this folder stays
// platform-neutral data; they are shaped to be assignable to @slack/types' KnownBlock.
import {
  escapeSlackMrkdwn,
  escapeSlackPlainText,
  guardSlackLineStart,
  slackMarkup,
} from "./escape.ts";
import {
  type FactLayout,
  fitEscaped,
  fitList,
  fitSection,
  formatFact,
  formatRich,
  isEmpty,
  moreFactsText,
  moreNotesText,
  moreSectionsText,
  titleOf,
} from "./fit.ts";
import { SLACK_LIMITS } from "./limits.ts";
import type { Answer, Rich } from "./model.ts";
import { takeTextLines } from "./render-text.ts";

export interface SlackPlainText {
  readonly type: "plain_text";
  readonly text: string;
}

/** verbatim: Slack then leaves bare URLs, #channels and @names as typed. */
export interface SlackMrkdwn {
  readonly type: "mrkdwn";
  readonly text: string;
  readonly verbatim: true;
}

export interface SlackHeaderBlock {
  readonly type: "header";
  readonly text: SlackPlainText;
}

export interface SlackSectionBlock {
  readonly type: "section";
  readonly text: SlackMrkdwn;
}

export interface SlackContextBlock {
  readonly type: "context";
  readonly elements: SlackMrkdwn[];
}

export interface SlackDividerBlock {
  readonly type: "divider";
}

/** An image from a URL (a picture served by the bot's own HTTP server). */
export interface SlackImageBlock {
  readonly type: "image";
  readonly image_url: string;
  readonly alt_text: string;
}

export type SlackBlock =
  | SlackHeaderBlock
  | SlackSectionBlock
  | SlackContextBlock
  | SlackDividerBlock
  | SlackImageBlock;

/**
 * How an answer's picture reaches Slack. `upload`: the platform uploads it after the message
 * (files.uploadV2; only where the answer is posted in the channel). `url`: shown from that URL
 * in an image block. `unavailable`: the answer says plainly that the picture cannot come with it.
 */
export type SlackPictureMode =
  | { readonly kind: "upload" }
  | { readonly kind: "url"; readonly url: string }
  | { readonly kind: "unavailable" };

/** Slack's limit on an image block's alt text. */
const IMAGE_ALT_MAX = 2000;

export interface SlackMessage {
  /** Plain fallback for notifications and clients without blocks. */
  readonly text: string;
  readonly blocks: SlackBlock[];
}

// Our own shares of the message, so that sections always keep most of it.
const BUDGET = {
  verdict: 1000,
  note: 1000,
  notes: 3000,
  footer: 300,
  sectionTitle: 300,
} as const;

const FACT_LAYOUT: FactLayout = {
  bullet: "• ",
  attributionLead: " — ",
  detailLead: "\n        ↳ ",
};

function mrkdwn(text: string): SlackMrkdwn {
  return { type: "mrkdwn", text, verbatim: true };
}

function sectionBlock(text: string): SlackSectionBlock {
  return { type: "section", text: mrkdwn(text) };
}

/** Rich text as mrkdwn that may start a line, at most `max` long. */
function line(rich: Rich, max: number, defaultStyle?: "bold" | "italic"): string {
  return guardSlackLineStart(formatRich(rich, slackMarkup, max - 1, defaultStyle));
}

function italic(text: string): string {
  return formatRich(text, slackMarkup, Number.POSITIVE_INFINITY, "italic");
}

/** Characters over all text objects of the blocks: what msg_blocks_too_long counts. */
export function blocksTextLength(blocks: readonly SlackBlock[]): number {
  let total = 0;
  for (const block of blocks) {
    if (block.type === "header" || block.type === "section") total += block.text.text.length;
    else if (block.type === "context") {
      for (const element of block.elements) total += element.text.length;
    }
  }
  return total;
}

/**
 * Characters of the plain fallback we send, well under Slack's 40,000: a notification shows a
 * line or two, and the blocks carry the answer (13,000 characters at most). Rendering a region's
 * answer as text up to Slack's limit was a quarter of the memory each answer allocated.
 */
const FALLBACK_BUDGET = 4_000;

/**
 * The plain text rendering, escaped for mrkdwn and cut to the fallback budget: line by line, so
 * only the line the budget ends in is cut (cutting the whole text searched over all of it).
 */
function fallbackText(answer: Answer): string {
  const lines: string[] = [];
  let length = 0;
  takeTextLines(answer, (textLine) => {
    const room = FALLBACK_BUDGET - length - (lines.length > 0 ? 1 : 0);
    const escaped = escapeSlackMrkdwn(textLine);
    if (escaped.length > room) {
      const cut = fitEscaped(textLine, escapeSlackMrkdwn, room);
      if (cut !== "") lines.push(cut);
      return false;
    }
    length += (lines.length > 0 ? 1 : 0) + escaped.length;
    lines.push(escaped);
    return true;
  });
  return lines.join("\n");
}

/** The block that stands for the answer's picture, if any. */
function pictureBlock(answer: Answer, mode: SlackPictureMode): SlackBlock | undefined {
  const picture = answer.pictures?.[0];
  if (picture === undefined || mode.kind === "upload") return undefined;
  if (mode.kind === "url") {
    return {
      type: "image",
      image_url: mode.url,
      alt_text: fitEscaped(picture.alt, (t) => t, IMAGE_ALT_MAX),
    };
  }
  const what = picture.spec.kind === "toll-chart" ? "chart" : "map";
  return {
    type: "context",
    elements: [
      mrkdwn(
        italic(
          `This answer has a ${what}, which Slack cannot attach to an answer only you can see: add “share” to post the answer and its ${what} in the channel.`,
        ),
      ),
    ],
  };
}

export function renderSlack(
  answer: Answer,
  pictureMode: SlackPictureMode = { kind: "unavailable" },
): SlackMessage {
  const title = fitEscaped(titleOf(answer), escapeSlackPlainText, SLACK_LIMITS.headerText);
  const top: SlackBlock[] = [{ type: "header", text: { type: "plain_text", text: title } }];
  if (answer.verdict !== undefined && !isEmpty(answer.verdict)) {
    top.push(sectionBlock(line(answer.verdict, BUDGET.verdict, "bold")));
  }

  const end: SlackBlock[] = [];
  const notes = fitList(
    answer.notes ?? [],
    (note, max) => line(note, max),
    (n) => italic(moreNotesText(n)),
    {
      itemMax: Math.min(BUDGET.note, SLACK_LIMITS.contextElementText),
      items: SLACK_LIMITS.contextElements,
      chars: BUDGET.notes,
      // A note's line is empty only when the note is (its room is far more than one grapheme).
      shows: (note) => !isEmpty(note),
      ...(answer.moreNotes === undefined ? {} : { more: answer.moreNotes }),
    },
  );
  if (notes.length > 0) end.push({ type: "context", elements: notes.map(mrkdwn) });
  const picture = pictureBlock(answer, pictureMode);
  if (picture !== undefined) end.push(picture);
  if (answer.footer !== undefined && !isEmpty(answer.footer)) {
    end.push({ type: "context", elements: [mrkdwn(line(answer.footer, BUDGET.footer))] });
  }

  const totalFacts = answer.sections.reduce((n, s) => n + s.facts.length + (s.more ?? 0), 0);
  const overflowReserve = italic(moreSectionsText(totalFacts, answer.sections.length)).length;
  // One block stays free for the line counting sections left out.
  let blocksLeft = SLACK_LIMITS.blocksPerMessage - top.length - end.length - 1;
  let charsLeft =
    SLACK_LIMITS.messageBlocksText -
    blocksTextLength(top) -
    blocksTextLength(end) -
    overflowReserve;
  const body: SlackBlock[] = [];
  let droppedSections = 0;
  let droppedFacts = 0;
  for (const [i, section] of answer.sections.entries()) {
    const more = section.more ?? 0;
    const head =
      section.title === undefined || isEmpty(section.title)
        ? undefined
        : line(section.title, BUDGET.sectionTitle, "bold");
    if (head === undefined && section.facts.length === 0 && more === 0) continue;
    // A section needs its divider and at least one section block.
    const fitted =
      blocksLeft < 2
        ? undefined
        : fitSection({
            head,
            facts: section.facts,
            more,
            renderFact: (fact, max) => formatFact(fact, slackMarkup, FACT_LAYOUT, max),
            renderMore: (n) => italic(moreFactsText(n)),
            room: { chunkMax: SLACK_LIMITS.sectionText, chunks: blocksLeft - 1, chars: charsLeft },
          });
    if (fitted === undefined) {
      const rest = answer.sections.slice(i);
      droppedSections = rest.length;
      droppedFacts = rest.reduce((n, s) => n + s.facts.length + (s.more ?? 0), 0);
      break;
    }
    body.push({ type: "divider" }, ...fitted.chunks.map(sectionBlock));
    blocksLeft -= 1 + fitted.chunks.length;
    charsLeft -= fitted.used;
  }
  if (droppedSections > 0) {
    body.push({
      type: "context",
      elements: [mrkdwn(italic(moreSectionsText(droppedFacts, droppedSections)))],
    });
  }
  return { text: fallbackText(answer), blocks: [...top, ...body, ...end] };
}
